import type { IncidentReport } from '../../../../shared/incidents/reports.ts';
import { durationWords, verdict, verdictDetail } from './report-format.ts';
import { MEASURES, meetsOf, statsOf, targetOf } from './report-model.ts';

/** The period at a glance: each measure's mean against its target, in a large figure and in words. */
export function ReportSummary({ report }: { report: IncidentReport }) {
  const row = report.overall;
  return (
    <div className="rep-cards">
      {MEASURES.map((m) => {
        const s = statsOf(row, m.id);
        const target = targetOf(report, m.id);
        const meets = s.count > 0 ? meetsOf(row, m.id) : null;
        const v = verdict(meets);
        return (
          <section key={m.id} className={`panel rep-card ${target !== null ? `rep-card-${v.tone}` : ''}`} aria-label={m.title}>
            <h3>{m.title}</h3>
            <p className="rep-card-what small muted">{m.what}</p>
            <p className="rep-card-figure">
              <span className="rep-card-mean">{durationWords(s.meanMs)}</span> <span className="muted">mean</span>
            </p>
            {target !== null ? (
              <p className={`rep-card-verdict rep-verdict-${v.tone}`}>
                {v.shape} Target ≤ {durationWords(target)}: {verdictDetail(s, target, meets)}
              </p>
            ) : (
              <p className="rep-card-verdict muted">No target set for this measure</p>
            )}
            <dl className="rep-card-stats">
              <div>
                <dt>p50</dt>
                <dd>{durationWords(s.p50Ms)}</dd>
              </div>
              <div>
                <dt>p90</dt>
                <dd>{durationWords(s.p90Ms)}</dd>
              </div>
              <div>
                <dt>measured</dt>
                <dd>{s.count}</dd>
              </div>
            </dl>
          </section>
        );
      })}
    </div>
  );
}

/** Who is in the figures and who is not, with the rules said on screen. */
export function ReportCounts({ report }: { report: IncidentReport }) {
  const o = report.overall;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <ul className="rep-counts" aria-label="Incidents counted">
      <li>
        <b>{plural(o.incidents, 'incident', 'incidents')}</b> in the figures{o.open ? `, ${o.open} still open (not in MTTR until resolved)` : ''}.
      </li>
      <li className="rep-rule">
        <b>{plural(o.resolvedWithoutAck, 'incident', 'incidents')} resolved without acknowledgement</b> — excluded from MTTA: nobody acknowledged them. They still count in
        time to resolve.
      </li>
      <li>
        <b>{report.cancelled} cancelled</b> — counted apart, in no figure on this page.
      </li>
    </ul>
  );
}
