import type { Detail, Freshness, Point, Thresholds } from '../../../../shared/metrics.ts';
import type { CanvasGuide, CanvasSeries } from '../../ui/LineCanvas.tsx';
import { brandLabel, latencyFigure, percentFigure, railLabel, type Figure } from '../../ui/metrics-format.ts';
import { tileKey } from '../../ui/rail-tiles.ts';

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
}

export interface StressPanelModel {
  key: string;
  version: string;
  title: string;
  lines: CanvasSeries[];
  guides: CanvasGuide[];
  p99: Figure;
  approval: Figure;
  /** The newest p99 is over the limit: said in words on the panel, not only by the line crossing red. */
  breach: boolean;
  freshness: Freshness;
}

export interface StressModel {
  from: number;
  to: number;
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

export function shapeStressPanel(s: StressSeries, t: Thresholds): StressPanelModel {
  const [, p99Hi] = extent(s.p99);
  const p99Last = last(s.p99);
  const [aLo] = extent(s.approval);
  const p99Max = Math.max(t.p99Ms * 1.25, Number.isFinite(p99Hi) ? p99Hi * 1.05 : 0);
  const aMin = Number.isFinite(aLo) ? Math.max(0, Math.min(aLo - 0.02, 0.8)) : 0.8;
  return {
    key: s.key,
    version: s.version,
    title: `${railLabel(s.rail)} × ${brandLabel(s.brand)}`,
    lines: [
      { points: s.p99, color: STRESS_P99_COLOR, min: 0, max: p99Max, lineWidth: 1.4 },
      { points: s.approval, color: STRESS_APPROVAL_COLOR, min: aMin, max: 1, lineWidth: 1.4 },
    ],
    guides: [{ value: t.p99Ms, series: 0, color: LIMIT_COLOR }],
    p99: latencyFigure(p99Last),
    breach: p99Last !== null && p99Last > t.p99Ms,
    approval: percentFigure(last(s.approval)),
    freshness: s.freshness,
  };
}

/** Shapes the small multiples, reusing every panel whose version did not change. */
export function shapeStress(
  series: readonly StressSeries[],
  prev: StressModel | null,
  t: Thresholds,
  window: { from: number; to: number; generatedAt: number; receivedAt: number },
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
  };
}
