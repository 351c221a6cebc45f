import { DateTime } from 'luxon';
import { SEVERITIES, type Severity } from './events.ts';
import type { IncidentView } from './view.ts';

/**
 * Response-time figures per ISO week and per severity, in the policy's time zone.
 *
 * - MTTA: first acknowledgement − declaration. MTTM: first mitigation − declaration.
 *   MTTR: resolution in force − declaration (a reopened and re-resolved incident counts to its
 *   final resolution; one still reopened is open).
 * - Cancelled incidents are left out entirely (counted in `cancelled`); so are event lists whose
 *   declaration has not arrived.
 * - An incident resolved without an acknowledgement is counted in `resolvedWithoutAck` and left
 *   out of MTTA (it has no acknowledgement to measure); it counts in MTTR.
 * - A week is the ISO week (Monday-based, `2026-W14`) of the declaration in the time zone given;
 *   a severity is the one in force now (after any re-classification), not the declared one.
 * - Percentiles use the nearest-rank method: the p-th percentile of N sorted values is the value
 *   at rank ⌈p/100 × N⌉ (1-based), always one of the measured values, never interpolated.
 * - Targets (OPERATIONS.md): MTTA ≤ 5 min, MTTR ≤ 30 min, compared with the mean.
 */

const MINUTE = 60_000;
export const RESPONSE_TARGETS = { mttaMs: 5 * MINUTE, mttrMs: 30 * MINUTE } as const;

export interface DurationStats {
  count: number;
  /** Arithmetic mean in ms; null when count is 0. */
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface ReportRow {
  /** "2026-W14", "SEV1" or "all". */
  key: string;
  /** Incidents in the row (cancelled ones excluded). */
  incidents: number;
  /** Not resolved (yet, or again after a reopen). */
  open: number;
  resolvedWithoutAck: number;
  mtta: DurationStats;
  timeToMitigate: DurationStats;
  mttr: DurationStats;
  /** Mean within target; null without data. */
  mttaMeetsTarget: boolean | null;
  mttrMeetsTarget: boolean | null;
}

export interface IncidentReport {
  timezone: string;
  targets: { mttaMs: number; mttrMs: number };
  cancelled: number;
  overall: ReportRow;
  /** Oldest week first; only weeks with incidents. */
  weeks: ReportRow[];
  /** SEV1 … SEV4, each present even when empty. */
  severities: ReportRow[];
}

/** Nearest-rank percentile of values sorted ascending; null for none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { count: 0, meanMs: null, p50Ms: null, p90Ms: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { count: sorted.length, meanMs: mean, p50Ms: nearestRank(sorted, 50), p90Ms: nearestRank(sorted, 90) };
}

interface Measured {
  week: string;
  severity: Severity;
  open: boolean;
  withoutAck: boolean;
  mtta: number | null;
  ttm: number | null;
  mttr: number | null;
}

function measure(v: IncidentView, timezone: string): Measured | null {
  if (!v.declaredAt || !v.severity || v.cancelledAt) return null;
  const declared = Date.parse(v.declaredAt);
  const since = (iso: string | null) => (iso === null ? null : Date.parse(iso) - declared);
  const withoutAck = v.resolvedAt !== null && v.acknowledgedAt === null;
  return {
    week: DateTime.fromMillis(declared, { zone: timezone }).toFormat("kkkk-'W'WW"),
    severity: v.severity,
    open: v.resolvedAt === null,
    withoutAck,
    mtta: since(v.acknowledgedAt),
    ttm: since(v.mitigatedAt),
    mttr: since(v.resolvedAt),
  };
}

function row(key: string, items: readonly Measured[]): ReportRow {
  const values = (f: (m: Measured) => number | null) => items.map(f).filter((x): x is number => x !== null);
  const mtta = durationStats(values((m) => (m.withoutAck ? null : m.mtta)));
  const mttr = durationStats(values((m) => m.mttr));
  return {
    key,
    incidents: items.length,
    open: items.filter((m) => m.open).length,
    resolvedWithoutAck: items.filter((m) => m.withoutAck).length,
    mtta,
    timeToMitigate: durationStats(values((m) => m.ttm)),
    mttr,
    mttaMeetsTarget: mtta.meanMs === null ? null : mtta.meanMs <= RESPONSE_TARGETS.mttaMs,
    mttrMeetsTarget: mttr.meanMs === null ? null : mttr.meanMs <= RESPONSE_TARGETS.mttrMs,
  };
}

/** The response report over `views`, weeks in `timezone` (the policy's). */
export function incidentReport(views: readonly IncidentView[], opts: { timezone: string }): IncidentReport {
  const measured: Measured[] = [];
  let cancelled = 0;
  for (const v of views) {
    if (v.cancelledAt) cancelled++;
    const m = measure(v, opts.timezone);
    if (m) measured.push(m);
  }
  const weeks = new Map<string, Measured[]>();
  for (const m of measured) {
    const list = weeks.get(m.week);
    if (list) list.push(m);
    else weeks.set(m.week, [m]);
  }
  return {
    timezone: opts.timezone,
    targets: { ...RESPONSE_TARGETS },
    cancelled,
    overall: row('all', measured),
    weeks: [...weeks.keys()].sort().map((k) => row(k, weeks.get(k)!)),
    severities: SEVERITIES.map((s) => row(s, measured.filter((m) => m.severity === s))),
  };
}
