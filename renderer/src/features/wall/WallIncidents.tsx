import { useWall } from './store.ts';
import { incidentWords, type IncidentWords, type WallIncidentRow } from './wall-incidents.ts';

/** The incidents as the wall tells them at `now`, from what the wall store last read. */
export function useWallIncidents(now: number): IncidentWords {
  const reading = useWall((s) => s.incidents);
  const policy = useWall((s) => s.policy);
  const startedAt = useWall((s) => s.startedAt);
  return incidentWords(reading, policy, startedAt, now);
}

/** A title longer than this is cut: the clocks, not the title, are what the room reads. */
const TITLE_MAX = 90;
const short = (t: string) => (t.length <= TITLE_MAX ? t : `${t.slice(0, TITLE_MAX - 1).trimEnd()}…`);

function IncidentRow({ row, stale }: { row: WallIncidentRow; stale: boolean }) {
  const level = stale ? 'stale' : row.level;
  return (
    <article className={`wall-incident wall-incident-${level}`} data-incident={row.id} data-level={level} aria-label={`${row.sev} ${row.id}`}>
      <div className="wall-incident-line">
        <span className={`wall-incident-sev wall-incident-sev-${row.severity.toLowerCase()}`}>{row.sev}</span>
        <span className="wall-incident-id">{row.id}</span>
        <span className="wall-incident-state wall-label">{row.state}</span>
        <span className="wall-incident-owner wall-label">· {row.owner}</span>
      </div>
      <div className="wall-incident-title wall-label" title={row.title}>
        {short(row.title)}
      </div>
      <div className="wall-incident-clocks">
        {row.clocks.map((c) => (
          <div key={c.id} className={`wall-iclock wall-iclock-${stale ? 'stale' : c.state}`} data-clock={c.kind} data-state={c.state} title={c.label}>
            <span className="wall-iclock-caption wall-label">{c.caption}</span>
            <span className="wall-figure wall-iclock-figure">{stale ? <del>{c.figure}</del> : c.figure}</span>
          </div>
        ))}
        {row.noClocks && <span className="wall-incident-noclock wall-label">{row.noClocks}</span>}
      </div>
    </article>
  );
}

/**
 * The incidents slide, in the rotation while incidents are open: each one (the most urgent first)
 * with its severity in the team's words, id, state, owner, title and every live clock at figure
 * size. From an old or failed read the rows stay, greyed, their clocks struck through as they
 * stood at that read; the strip above says why and since when.
 */
export function IncidentsSlide({ incidents }: { incidents: IncidentWords }) {
  return (
    <section className={`wall-incidents${incidents.stale ? ' wall-incidents-stale' : ''}`} data-testid="wall-incidents" aria-label="Open incidents">
      {incidents.rows.map((row) => (
        <IncidentRow key={row.id} row={row} stale={incidents.stale} />
      ))}
      {incidents.more && <span className="wall-incidents-more wall-label">{incidents.more}</span>}
    </section>
  );
}
