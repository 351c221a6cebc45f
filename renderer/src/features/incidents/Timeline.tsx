import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState, type FormEvent } from 'react';
import type { IncidentEvent } from '../../../../shared/incidents/events.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { NO_FILTER as NO_AUDIT_FILTER, useAudit } from '../audit/store.ts';
import { routeHash } from '../app/store.ts';
import { describeEvent, eventKind, pastUtcTime } from './incident-words.ts';
import { useIncidents } from './store.ts';

/** A minute's difference between when it happened and when it was entered is worth saying. */
const LATE_ENTRY_MS = 60_000;

/**
 * Every event of the incident, with its time and who; pinned ones first. The list is windowed
 * (@tanstack/react-virtual): a long incident has thousands of events (ticks, status updates,
 * breach flaps), and only the rows in view are in the page.
 */
export function Timeline({ view, policy, now, canWrite }: { view: IncidentView; policy: SeverityPolicy | null; now: number; canWrite: boolean }) {
  const [newestFirst, setNewestFirst] = useState(true);
  const byId = useMemo(() => new Map(view.events.map((e) => [e.id, e])), [view.events]);
  const rejected = useMemo(() => new Map(view.rejected.map((r) => [r.event.id, r.reason])), [view.rejected]);
  const pinned = useMemo(() => new Set(view.pinned), [view.pinned]);
  const events = useMemo(() => (newestFirst ? [...view.events].reverse() : view.events), [view.events, newestFirst]);
  const pinnedEvents = view.pinned.map((id) => byId.get(id)).filter((e): e is IncidentEvent => e !== undefined);
  // The clock moves every second; rows only need the day, so they re-render when it changes.
  const today = new Date(now).toISOString().slice(0, 10);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 46,
    overscan: 10,
    getItemKey: (i) => events[i]!.id,
    initialRect: { width: 640, height: 520 },
    useFlushSync: false,
  });

  return (
    <section className="panel timeline-panel" aria-label="Timeline">
      <div className="section-title-row">
        <h2>
          Timeline <span className="muted small">({view.events.length} events)</span>
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={() => setNewestFirst(!newestFirst)}>
          {newestFirst ? '↓ newest first' : '↑ oldest first'}
        </button>
      </div>
      {canWrite && <NoteComposer incidentId={view.id} />}
      {pinnedEvents.length > 0 && (
        <ul className="timeline-pinned" aria-label="Pinned events">
          {pinnedEvents.map((e) => (
            <li key={e.id}>
              <EventRow event={e} policy={policy} today={today} pinned canWrite={canWrite} rejected={rejected.get(e.id) ?? null} incidentId={view.id} />
            </li>
          ))}
        </ul>
      )}
      <div ref={scroller} className="timeline-scroll" role="list" aria-label="Events">
        <div style={{ height: rows.getTotalSize(), position: 'relative', width: '100%' }}>
          {rows.getVirtualItems().map((item) => {
            const e = events[item.index]!;
            return (
              <div
                key={item.key}
                role="listitem"
                data-index={item.index}
                ref={rows.measureElement}
                className="timeline-slot"
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
              >
                <EventRow event={e} policy={policy} today={today} pinned={pinned.has(e.id)} canWrite={canWrite} rejected={rejected.get(e.id) ?? null} incidentId={view.id} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  event: IncidentEvent;
  policy: SeverityPolicy | null;
  today: string;
  pinned: boolean;
  canWrite: boolean;
  rejected: string | null;
  incidentId: string;
}

const EventRow = memo(function EventRow({ event: e, policy, today, pinned, canWrite, rejected, incidentId }: RowProps) {
  const record = useIncidents((s) => s.record);
  const at = Date.parse(e.at);
  const late = Math.abs(Date.parse(e.enteredAt) - at) > LATE_ENTRY_MS;
  const kind = eventKind(e);
  return (
    <div className={`timeline-row timeline-${kind} ${pinned ? 'timeline-row-pinned' : ''} ${rejected ? 'timeline-row-rejected' : ''}`} data-type={e.type}>
      <span className="timeline-time mono" title={`${e.at}${late ? ` (entered ${e.enteredAt})` : ''}`}>
        {short(e.at, today)}
        {late && <span className="timeline-entered">entered {short(e.enteredAt, today)}</span>}
      </span>
      <span className="timeline-kind">{kind}</span>
      <span className="timeline-text">
        {describeEvent(e, policy)}
        {e.type === 'lever_executed' && (
          <>
            {' '}
            <AuditLink incidentId={incidentId} seq={e.auditSeq} />
          </>
        )}
        {rejected && <span className="timeline-rejected"> ✕ not applied: {rejected}</span>}
      </span>
      <span className="timeline-actor">{e.actor}</span>
      {canWrite && (
        <button
          type="button"
          className={`timeline-pin ${pinned ? 'timeline-pin-on' : ''}`}
          aria-pressed={pinned}
          aria-label={pinned ? 'Unpin' : 'Pin'}
          title={pinned ? 'Unpin this event' : 'Pin this event to the top'}
          onClick={() => void record(incidentId, { type: 'event_pinned', eventId: e.id, pinned: !pinned })}
        >
          {pinned ? '★' : '☆'}
        </button>
      )}
    </div>
  );
});

/** "03:14:05" today, "2026-03-10 03:14" another day (UTC). */
function short(iso: string, today: string): string {
  const t = new Date(Date.parse(iso)).toISOString();
  return t.slice(0, 10) === today ? t.slice(11, 19) : `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/**
 * The audit page has no address per record: the link opens it filtered to this incident, where
 * the record's number (#seq) is in the first column.
 */
export function AuditLink({ incidentId, seq }: { incidentId: string; seq: number | null }) {
  return (
    <a
      className="audit-link"
      href={routeHash({ page: 'audit' })}
      onClick={() => useAudit.getState().setFilter({ ...NO_AUDIT_FILTER, incidentId })}
      title={`Open the audit log filtered to ${incidentId}`}
    >
      {seq === null ? 'audit log →' : `audit #${seq} →`}
    </a>
  );
}

function NoteComposer({ incidentId }: { incidentId: string }) {
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const when = pastUtcTime(at, Date.now());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || when === 'invalid') return;
    if (await record(incidentId, { type: 'note_added', text: text.trim() }, when ?? undefined)) {
      setText('');
      setAt('');
    }
  };
  return (
    <form className="note-composer" onSubmit={(e) => void submit(e)}>
      <input className="text-input" aria-label="Note" placeholder="Add a note to the timeline…" value={text} onChange={(e) => setText(e.target.value)} />
      <input
        className={`text-input note-at ${when === 'invalid' ? 'input-invalid' : ''}`}
        aria-label="Happened at (UTC, HH:MM, optional)"
        title="When it happened, if earlier (UTC, HH:MM)"
        placeholder="at HH:MM UTC"
        value={at}
        onChange={(e) => setAt(e.target.value)}
      />
      <button type="submit" className="button button-secondary" disabled={busy || !text.trim() || when === 'invalid'}>
        Add note
      </button>
    </form>
  );
}
