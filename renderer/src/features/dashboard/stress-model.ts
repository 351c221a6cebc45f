import type { Detail, Freshness, HistoryStart, Point, RangeKey, Thresholds } from '../../../../shared/metrics.ts';
import type { AxisTick, CanvasAxis, CanvasGuide, CanvasSeries } from '../../ui/LineCanvas.tsx';
import { brandLabel, historySinceText, latencyFigure, percentFigure, railLabel, utcClock, type Figure } from '../../ui/metrics-format.ts';
import { tileKey } from '../../ui/rail-tiles.ts';
import { timeWindow } from './detail-model.ts';

/** One rail × brand over the range: the stress view's small multiple, drawn on a plain canvas. */
export interface StressSeries {
  key: string;
  rail: string;
  brand: string | null;
  p99: readonly Point[];
  approval: readonly Point[];
  freshness: Freshness;
  /** Changes whenever the points do. */
  version: string;
  /** Where the core's history begins, when after the range does (see DetailPanel.historyStart). */
  historyStart?: HistoryStart | null;
}

export interface StressPanelModel {
  key: string;
  version: string;
  title: string;
  lines: CanvasSeries[];
  guides: CanvasGuide[];
  /** p99 in ms on the left, approval in % on the right, each in its line's scale and color. */
  leftAxis: CanvasAxis;
  rightAxis: CanvasAxis;
  p99: Figure;
  approval: Figure;
  /** The newest p99 is over the limit: said in words on the panel, not only by the line crossing red. */
  breach: boolean;
  freshness: Freshness;
}

/** The time axis every small multiple shares. */
export interface StressWindow {
  from: number;
  to: number;
  /** Clock labels under each plot; the same array while the axis does not move. */
  xTicks: readonly AxisTick[];
  /** "data since 17:20:05 UTC (console started)", or '' when the data spans the range. */
  since: string;
}

export interface StressModel extends StressWindow {
  generatedAt: number;
  receivedAt: number;
  panels: StressPanelModel[];
}

export const STRESS_P99_COLOR = '#56b4e9';
export const STRESS_APPROVAL_COLOR = '#3fb950';
const LIMIT_COLOR = '#f85149';

function last(points: readonly Point[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]![1] !== null) return points[i]![1];
  return null;
}

function extent(points: readonly Point[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const v = points[i]![1];
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A round step that cuts `span` into about `parts`. */
function roundStep(span: number, parts: number): number {
  const raw = span / parts;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

function ticks(lo: number, hi: number, step: number, label: (v: number) => string): AxisTick[] {
  const out: AxisTick[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step) out.push({ at: Math.round(v * 1e6) / 1e6, label: label(v) });
  return out;
}

const msLabel = (v: number) => `${Math.round(v)} ms`;
const pctLabel = (v: number) => `${Math.round(v * 100)} %`;

export function shapeStressPanel(s: StressSeries, t: Thresholds): StressPanelModel {
  const [, p99Hi] = extent(s.p99);
  const p99Last = last(s.p99);
  const [aLo] = extent(s.approval);
  // Round scales, so the axes read 0 · 100 · 200 · 300 ms and 80 · 90 · 100 %.
  const p99Top = Math.max(t.p99Ms * 1.25, Number.isFinite(p99Hi) ? p99Hi * 1.05 : 0);
  const p99Step = roundStep(p99Top, 3);
  const p99Max = Math.ceil(p99Top / p99Step) * p99Step;
  const aMin = Number.isFinite(aLo) ? Math.max(0, Math.floor(Math.min(aLo - 0.02, 0.8) * 20) / 20) : 0.8;
  const aStep = roundStep(1 - aMin, 2);
  return {
    key: s.key,
    version: s.version,
    title: `${railLabel(s.rail)} × ${brandLabel(s.brand)}`,
    lines: [
      { points: s.p99, color: STRESS_P99_COLOR, min: 0, max: p99Max, lineWidth: 1.4 },
      { points: s.approval, color: STRESS_APPROVAL_COLOR, min: aMin, max: 1, lineWidth: 1.4 },
    ],
    guides: [{ value: t.p99Ms, series: 0, color: LIMIT_COLOR }],
    leftAxis: { series: 0, ticks: ticks(0, p99Max, p99Step, msLabel), color: STRESS_P99_COLOR },
    rightAxis: { series: 1, ticks: ticks(aMin, 1, aStep, pctLabel), color: STRESS_APPROVAL_COLOR },
    p99: latencyFigure(p99Last),
    breach: p99Last !== null && p99Last > t.p99Ms,
    approval: percentFigure(last(s.approval)),
    freshness: s.freshness,
  };
}

/**
 * The shared time axis: the range, or from where the core's history begins (the earliest
 * start any series reports) if later; four clock ticks at most, for plots ~250 px wide. The
 * previous window's tick array is kept while the ticks are the same, so the labels are not redrawn.
 */
export function stressWindow(series: readonly StressSeries[], range: RangeKey, generatedAt: number, prev: StressWindow | null): StressWindow {
  let start: HistoryStart | null = null;
  for (const s of series) if (s.historyStart && (start === null || s.historyStart.at < start.at)) start = s.historyStart;
  const w = timeWindow(range, generatedAt, start, 4);
  const same = prev !== null && prev.xTicks.length === w.ticks.length && prev.xTicks.every((t, i) => t.at === w.ticks[i]);
  const xTicks = same ? prev.xTicks : w.ticks.map((at) => ({ at, label: utcClock(at, w.tickSeconds) }));
  return { from: w.from, to: w.to, xTicks, since: w.since ? historySinceText(w.since) : '' };
}

/** Shapes the small multiples, reusing every panel whose version did not change. */
export function shapeStress(
  series: readonly StressSeries[],
  prev: StressModel | null,
  t: Thresholds,
  window: StressWindow & { generatedAt: number; receivedAt: number },
): StressModel {
  const old = prev ? new Map(prev.panels.map((p) => [p.key, p])) : null;
  const panels = series.map((s) => {
    const was = old?.get(s.key);
    return was && was.version === s.version ? was : shapeStressPanel(s, t);
  });
  return { ...window, panels };
}

const WORST: Freshness['status'][] = ['error', 'stale', 'loading', 'ok'];

/** The p99 and approval lines of one rail × brand, picked out of a Detail answer. */
export function stressSeriesFromDetail(rail: string, brand: string | null, d: Detail): StressSeries {
  const latency = d.panels.find((p) => p.unit === 'ms');
  const approval = d.panels.find((p) => p.unit === 'percent');
  const p99 = latency?.series.find((s) => /p99/i.test(`${s.key} ${s.label}`)) ?? latency?.series[latency.series.length - 1];
  const a = approval?.series.find((s) => !/baseline/i.test(`${s.key} ${s.label}`)) ?? approval?.series[0];
  const parts = [latency, approval].filter((p) => p !== undefined);
  const status = WORST.find((w) => parts.some((p) => p.freshness.status === w)) ?? 'loading';
  const asOfs = parts.map((p) => p.freshness.asOf).filter((x): x is number => x !== null);
  return {
    key: tileKey(rail, brand),
    rail,
    brand,
    p99: p99?.points ?? [],
    approval: a?.points ?? [],
    freshness: {
      status: parts.length === 2 ? status : 'error',
      asOf: asOfs.length ? Math.min(...asOfs) : null,
      error: parts.map((p) => p.freshness.error).find((e) => e) ?? (parts.length === 2 ? null : 'the answer had no latency or approval panel'),
    },
    version: parts.map((p) => `${p.id}@${p.version}`).join(','),
    historyStart: latency?.historyStart ?? null,
  };
}
