import type { DurationStats, IncidentReport, ReportRow } from '../../../../shared/incidents/reports.ts';
import { verdict, type Verdict } from './report-format.ts';

/** The three measures, each with the row's stats, its target (if any) and verdict. */
export type Measure = 'mtta' | 'timeToMitigate' | 'mttr';

export const MEASURES: ReadonlyArray<{ id: Measure; title: string; short: string; what: string }> = [
  { id: 'mtta', title: 'Time to acknowledge (MTTA)', short: 'MTTA', what: 'declaration → first acknowledgement' },
  { id: 'timeToMitigate', title: 'Time to mitigate', short: 'Mitigate', what: 'declaration → first mitigation' },
  { id: 'mttr', title: 'Time to resolve (MTTR)', short: 'MTTR', what: 'declaration → resolution in force' },
];

export function targetOf(report: IncidentReport, m: Measure): number | null {
  return m === 'mtta' ? report.targets.mttaMs : m === 'mttr' ? report.targets.mttrMs : null;
}

export function meetsOf(row: ReportRow, m: Measure): boolean | null {
  return m === 'mtta' ? row.mttaMeetsTarget : m === 'mttr' ? row.mttrMeetsTarget : null;
}

export const statsOf = (row: ReportRow, m: Measure): DurationStats => row[m];

/** One bar of a chart: the mean, the p90 beside it, in minutes; the verdict for the shape on top. */
export interface ChartBar {
  key: string;
  meanMin: number | null;
  p90Min: number | null;
  count: number;
  verdict: Verdict | null;
  /** The shape drawn on the bar: ✓ met, ✕ missed, nothing without a target. */
  mark: string;
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 100) / 100);

/** Bars for the rows (weeks oldest first, or severities), with a verdict only where there is a target. */
export function chartBars(rows: readonly ReportRow[], m: Measure, hasTarget: boolean): ChartBar[] {
  return rows.map((r) => {
    const s = statsOf(r, m);
    const v = hasTarget && s.count > 0 ? verdict(meetsOf(r, m)) : null;
    return { key: r.key, meanMin: minutes(s.meanMs), p90Min: minutes(s.p90Ms), count: s.count, verdict: v, mark: v && v.tone !== 'none' ? v.shape : '' };
  });
}

/** The y axis: room for the highest bar and the target line, in 3 or 4 even steps a person reads at once. */
export function chartAxis(bars: readonly ChartBar[], targetMin: number | null): { top: number; ticks: number[] } {
  const high = Math.max(targetMin ?? 0, ...bars.map((b) => Math.max(b.meanMin ?? 0, b.p90Min ?? 0))) * 1.1;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 7200];
  const step = steps.find((s) => s * 4 >= high) ?? Math.ceil(high / 4 / 1440) * 1440;
  const top = Math.max(step, Math.ceil(high / step) * step);
  return { top, ticks: Array.from({ length: top / step + 1 }, (_, i) => i * step) };
}

/** "45 min", "2 h": ticks in minutes read in hours once they are whole hours. */
export function minuteTick(v: number): string {
  if (v >= 60 && v % 60 === 0) return `${v / 60} h`;
  return `${v} min`;
}
