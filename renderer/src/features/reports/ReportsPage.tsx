import { useEffect, useMemo, useRef } from 'react';
import { displayName, type SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentReport, ReportRow } from '../../../../shared/incidents/reports.ts';
import { useElementWidth } from '../../ui/use-element-width.ts';
import { durationWords, PERIODS, periodWords } from './report-format.ts';
import { chartBars, MEASURES, targetOf } from './report-model.ts';
import { ReportCounts, ReportSummary } from './ReportSummary.tsx';
import { ReportTable } from './ReportTable.tsx';
import { ResponseChart } from './ResponseChart.tsx';
import { useReports, type ReportShown } from './store.ts';
import './reports.css';

const GAP = 14;

/** The three measures side by side for one grouping (weeks or severities), then every figure in a table. */
function Breakdown({
  title,
  note,
  keyHeading,
  rows,
  report,
  keyName,
}: {
  title: string;
  note: string;
  keyHeading: string;
  rows: ReportRow[];
  report: IncidentReport;
  keyName(key: string): string;
}) {
  const grid = useRef<HTMLDivElement>(null);
  const gridWidth = useElementWidth(grid, 1200);
  const chartWidth = Math.max(220, Math.floor((gridWidth - 2 * GAP) / 3) - 2);
  const named = useMemo(() => rows.map((r) => ({ ...r, key: keyName(r.key) })), [rows, keyName]);
  return (
    <section className="panel rep-section" aria-label={title}>
      <h2>{title}</h2>
      <p className="small muted rep-note">{note}</p>
      <div className="rep-charts" ref={grid}>
        {MEASURES.map((m) => (
          <ResponseChart key={m.id} title={`${m.title} by ${keyHeading.toLowerCase()}`} bars={chartBars(named, m.id, targetOf(report, m.id) !== null)} targetMs={targetOf(report, m.id)} width={chartWidth} />
        ))}
      </div>
      <p className="small muted rep-legend">
        <span className="rep-swatch rep-swatch-mean" /> mean: ✓ within target, ✕ over it <span className="rep-swatch rep-swatch-p90" /> p90{' '}
        <span className="rep-swatch rep-swatch-target" /> target
      </p>
      <ReportTable label={title} keyHeading={keyHeading} rows={rows} report={report} keyName={keyName} />
    </section>
  );
}

function Report({ shown, policy, stale }: { shown: ReportShown; policy: SeverityPolicy | null; stale: boolean }) {
  const { report, period } = shown;
  const periodLabel = PERIODS.find((p) => p.id === period)!.label.toLowerCase();
  const sevName = useMemo(() => (key: string) => (key === 'SEV1' || key === 'SEV2' || key === 'SEV3' || key === 'SEV4' ? displayName(policy, key) : key), [policy]);
  const weekName = useMemo(() => (key: string) => key, []);
  if (report.overall.incidents === 0) {
    return (
      <div className="empty-state rep-empty" role="status">
        <div>
          <p className="rep-empty-title">{period === 'all' ? 'No incidents on record yet' : `No incidents declared in the ${periodLabel}`}: nothing to measure.</p>
          {report.cancelled > 0 && <p className="muted">{report.cancelled} cancelled — counted apart: cancelled incidents are in no figure.</p>}
        </div>
      </div>
    );
  }
  return (
    <div className={`rep-body${stale ? ' rep-stale' : ''}`}>
      <ReportSummary report={report} />
      <ReportCounts report={report} />
      <p className="small muted rep-note">
        Targets are compared with the mean: MTTA ≤ {durationWords(report.targets.mttaMs)}, MTTR ≤ {durationWords(report.targets.mttrMs)}; time to mitigate has no target.
        p50 and p90 are nearest-rank (always a measured incident’s time). Severity is the one in force now.
      </p>
      <Breakdown
        title="By week"
        note={`ISO weeks (Monday to Sunday) of the declaration, in ${report.timezone}; only weeks with incidents.`}
        keyHeading="Week"
        rows={report.weeks}
        report={report}
        keyName={weekName}
      />
      <Breakdown title="By severity" note="Every level, empty ones included." keyHeading="Severity" rows={report.severities} report={report} keyName={sevName} />
    </div>
  );
}

/**
 * Response times (`#/reports`): MTTA, time to mitigate and MTTR per week and per severity, over
 * the last 4 or 12 weeks or all time, against the team's targets, with every figure marked met or
 * missed in words and shape.
 */
export function ReportsPage() {
  const period = useReports((s) => s.period);
  const read = useReports((s) => s.read);
  const timezone = useReports((s) => s.timezone);
  const policy = useReports((s) => s.policy);
  const setPeriod = useReports((s) => s.setPeriod);

  useEffect(() => {
    void useReports.getState().load();
    return useReports.getState().watch();
  }, []);

  const shown = read.status === 'ok' ? read.shown : read.last;
  const from = shown && shown.period === period ? shown.from : null;
  return (
    <div className="rep-page">
      <header className="rep-head">
        <h1>Response times</h1>
        <div className="rep-periods" role="group" aria-label="Period">
          {PERIODS.map((p) => (
            <button key={p.id} type="button" className={`rep-period${p.id === period ? ' rep-period-active' : ''}`} aria-pressed={p.id === period} onClick={() => setPeriod(p.id)}>
              {p.label}
            </button>
          ))}
        </div>
        <span className="muted small">{periodWords(period, from, timezone ?? shown?.report.timezone ?? 'UTC')}</span>
        {read.status === 'loading' && shown && <span className="muted small">updating…</span>}
      </header>

      {read.status === 'failed' && (
        <p className="rep-error" role="alert">
          ✕ The report could not be read: {read.message}.{read.last ? ' Shown below: the last report read.' : ''}{' '}
          <button type="button" className="link-button" onClick={() => void useReports.getState().load()}>
            Try again
          </button>
        </p>
      )}
      {!shown && read.status === 'loading' && <p className="muted">Reading the report…</p>}
      {shown && <Report shown={shown} policy={policy} stale={read.status !== 'ok' || shown.period !== period} />}
    </div>
  );
}
