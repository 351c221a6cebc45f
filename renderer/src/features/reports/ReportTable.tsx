import type { IncidentReport, ReportRow } from '../../../../shared/incidents/reports.ts';
import { durationWords, incidentsWords, verdict } from './report-format.ts';
import { MEASURES, meetsOf, statsOf, targetOf } from './report-model.ts';

export function VerdictMark({ meets, hasData }: { meets: boolean | null; hasData: boolean }) {
  const v = verdict(hasData ? meets : null);
  return (
    <span className={`rep-verdict rep-verdict-${v.tone}`}>
      {v.shape} {v.word}
    </span>
  );
}

/**
 * Every figure of the rows, as given: per measure the mean, p50, p90 and how many incidents were
 * measured, and against a target whether the mean met it, in words.
 */
export function ReportTable({ label, keyHeading, rows, report, keyName }: { label: string; keyHeading: string; rows: ReportRow[]; report: IncidentReport; keyName(key: string): string }) {
  return (
    <div className="rep-table-wrap">
      <table className="rep-table" aria-label={label}>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              {keyHeading}
            </th>
            <th rowSpan={2} scope="col" className="rep-num">
              Incidents
            </th>
            {MEASURES.map((m) => (
              <th key={m.id} colSpan={targetOf(report, m.id) === null ? 4 : 5} scope="colgroup" className="rep-group">
                {m.short}
                {targetOf(report, m.id) !== null && <span className="rep-target-head"> (target ≤ {durationWords(targetOf(report, m.id))})</span>}
              </th>
            ))}
            <th rowSpan={2} scope="col" className="rep-num rep-without-ack" title="Resolved without acknowledgement: excluded from MTTA">
              Resolved without ack
            </th>
          </tr>
          <tr>
            {MEASURES.flatMap((m) => [
              <th key={`${m.id}-mean`} scope="col" className="rep-num rep-group-start">
                mean
              </th>,
              <th key={`${m.id}-p50`} scope="col" className="rep-num">
                p50
              </th>,
              <th key={`${m.id}-p90`} scope="col" className="rep-num">
                p90
              </th>,
              <th key={`${m.id}-n`} scope="col" className="rep-num" title="incidents measured">
                n
              </th>,
              ...(targetOf(report, m.id) === null
                ? []
                : [
                    <th key={`${m.id}-target`} scope="col">
                      target
                    </th>,
                  ]),
            ])}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.incidents === 0 ? 'rep-row-empty' : undefined}>
              <th scope="row">{keyName(r.key)}</th>
              <td className="rep-num">{incidentsWords(r)}</td>
              {MEASURES.flatMap((m) => {
                const s = statsOf(r, m.id);
                return [
                  <td key={`${m.id}-mean`} className="rep-num rep-group-start rep-mean">
                    {durationWords(s.meanMs)}
                  </td>,
                  <td key={`${m.id}-p50`} className="rep-num">
                    {durationWords(s.p50Ms)}
                  </td>,
                  <td key={`${m.id}-p90`} className="rep-num">
                    {durationWords(s.p90Ms)}
                  </td>,
                  <td key={`${m.id}-n`} className="rep-num">
                    {s.count}
                  </td>,
                  ...(targetOf(report, m.id) === null
                    ? []
                    : [
                        <td key={`${m.id}-target`}>
                          <VerdictMark meets={meetsOf(r, m.id)} hasData={s.count > 0} />
                        </td>,
                      ]),
                ];
              })}
              <td className="rep-num">{r.resolvedWithoutAck}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
