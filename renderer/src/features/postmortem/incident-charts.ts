import type { SymptomSeries } from '../../../../shared/incidents/postmortem.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { railLabel, utcClock } from '../../ui/metrics-format.ts';

/**
 * The incident's own charts, shaped for drawing: per affected rail, p99 and approval from the
 * series stored with the incident, on one time axis that holds the incident window (declared →
 * resolved) and every stored point. Gaps stay gaps (null), never zero.
 */

export type SeriesMetric = SymptomSeries['metric'];
export interface ChartPoint {
  t: number;
  value: number | null;
}

export interface IncidentWindow {
  from: number;
  to: number;
  /** What ends the window: resolved, cancelled, or still open (up to now). */
  end: 'resolved' | 'cancelled' | 'open';
}

export interface IncidentChart {
  id: string;
  rail: string;
  metric: SeriesMetric;
  title: string;
  unit: 'ms' | '%';
  points: ChartPoint[];
  xDomain: [number, number];
  yDomain: [number, number];
  yTicks: number[];
  /** The p99 limit (p99 charts only). */
  limit: number | null;
  /** "peak 812 ms at 03:20 UTC" / "lowest 71.2 % at 03:22 UTC". */
  worst: string | null;
}

export interface RailCharts {
  rail: string;
  label: string;
  charts: IncidentChart[];
  /** Metrics with no stored point for this rail. */
  missing: SeriesMetric[];
}

/** More points than this are reduced (min and max per bucket keep every spike). */
export const MAX_POINTS = 480;
const METRICS: SeriesMetric[] = ['p99_ms', 'approval_pct'];

export function incidentWindow(view: IncidentView, now: number): IncidentWindow | null {
  if (!view.declaredAt) return null;
  const from = Date.parse(view.declaredAt);
  if (view.resolvedAt) return { from, to: Date.parse(view.resolvedAt), end: 'resolved' };
  if (view.cancelledAt) return { from, to: Date.parse(view.cancelledAt), end: 'cancelled' };
  return { from, to: Math.max(from, now), end: 'open' };
}

/** "03:14 → 04:02 UTC", "03:14 UTC → still open". */
export function windowWords(w: IncidentWindow): string {
  const sameDay = new Date(w.from).toISOString().slice(0, 10) === new Date(w.to).toISOString().slice(0, 10);
  const day = (t: number) => (sameDay ? '' : `${new Date(t).toISOString().slice(0, 10)} `);
  if (w.end === 'open') return `declared ${day(w.from)}${utcClock(w.from)} UTC, still open`;
  return `declared ${day(w.from)}${utcClock(w.from)} → ${w.end} ${day(w.to)}${utcClock(w.to)} UTC`;
}

/** Min and max of each bucket, in time order; a bucket of gaps stays one gap. */
export function reducePoints(points: readonly ChartPoint[], max = MAX_POINTS): ChartPoint[] {
  if (points.length <= max) return [...points];
  const buckets = Math.floor(max / 2);
  const size = points.length / buckets;
  const out: ChartPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    const vals = slice.filter((p): p is { t: number; value: number } => p.value !== null);
    if (vals.length === 0) {
      if (slice[0]) out.push({ t: slice[0].t, value: null });
      continue;
    }
    const lo = vals.reduce((a, p) => (p.value < a.value ? p : a));
    const hi = vals.reduce((a, p) => (p.value > a.value ? p : a));
    if (lo === hi) out.push(lo);
    else out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  }
  return out;
}

function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * mag >= v)!;
  return step * mag;
}

function chartFor(rail: string, s: SymptomSeries, limit: number, win: IncidentWindow | null): IncidentChart {
  const points = [...s.points].sort((a, b) => a.t - b.t);
  const shown = reducePoints(points);
  const vals = points.filter((p): p is { t: number; value: number } => p.value !== null);
  const ts = points.map((p) => p.t);
  const x0 = Math.min(...ts, win?.from ?? Infinity);
  const x1 = Math.max(...ts, win?.to ?? -Infinity);
  const isP99 = s.metric === 'p99_ms';
  let worst: string | null = null;
  let yDomain: [number, number];
  let yTicks: number[];
  if (isP99) {
    const peak = vals.reduce<{ t: number; value: number } | null>((a, p) => (a === null || p.value > a.value ? p : a), null);
    if (peak) worst = `peak ${Math.round(peak.value)} ms at ${utcClock(peak.t)} UTC`;
    const top = niceCeil(Math.max(limit, peak?.value ?? 0) * 1.1);
    yDomain = [0, top];
    yTicks = [0, 1, 2, 3, 4].map((i) => (top * i) / 4);
  } else {
    const low = vals.reduce<{ t: number; value: number } | null>((a, p) => (a === null || p.value < a.value ? p : a), null);
    if (low) worst = `lowest ${low.value.toFixed(1)} % at ${utcClock(low.t)} UTC`;
    const step = (low?.value ?? 90) >= 82 ? 5 : (low?.value ?? 90) >= 50 ? 10 : 25;
    const bottom = Math.max(0, Math.floor(((low?.value ?? 90) - step / 2) / step) * step);
    yDomain = [bottom, 100];
    yTicks = Array.from({ length: (100 - bottom) / step + 1 }, (_, i) => bottom + i * step);
  }
  return {
    id: `${rail}:${s.metric}`,
    rail,
    metric: s.metric,
    title: `${railLabel(rail)} ${isP99 ? 'p99 latency' : 'approval rate'}`,
    unit: isP99 ? 'ms' : '%',
    points: shown,
    xDomain: [x0, x1 > x0 ? x1 : x0 + 60_000],
    yDomain,
    yTicks,
    limit: isP99 ? limit : null,
    worst,
  };
}

/**
 * One entry per rail: the incident's rails first (in its order), then any other rail something
 * was stored for. A series with no point at all counts as missing.
 */
export function incidentCharts(view: IncidentView, series: readonly SymptomSeries[], p99LimitMs: number, now: number): RailCharts[] {
  const win = incidentWindow(view, now);
  const rails = [...view.rails];
  for (const s of series) if (!rails.includes(s.rail)) rails.push(s.rail);
  return rails.map((rail) => {
    const charts: IncidentChart[] = [];
    const missing: SeriesMetric[] = [];
    for (const metric of METRICS) {
      const s = series.find((x) => x.rail === rail && x.metric === metric && x.points.length > 0);
      if (s) charts.push(chartFor(rail, s, p99LimitMs, win));
      else missing.push(metric);
    }
    return { rail, label: railLabel(rail), charts, missing };
  });
}

export const metricWords = (m: SeriesMetric) => (m === 'p99_ms' ? 'p99 latency' : 'approval rate');
