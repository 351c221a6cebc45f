import { RANGE_SECONDS, type Detail, type DetailPanel, type HistoryStart, type Point, type RangeKey, type Thresholds } from '../../../../shared/metrics.ts';
import { figureText, groupDigits, historySinceText, latencyFigure, percentFigure, railLabel } from '../../ui/metrics-format.ts';

/**
 * Detail charts as Recharts draws them, shaped here and not in JSX. A panel whose version did
 * not change keeps its object, so its memoized chart does not re-render.
 */

export interface ChartDatum {
  t: number;
  v: number | null;
}

export interface ChartLine {
  key: string;
  label: string;
  color: string;
  dashed: boolean;
  data: ChartDatum[];
  /** The newest value, formatted ("182 ms", "94.2 %"), for the legend. */
  last: string;
}

export interface PanelModel {
  id: string;
  title: string;
  unit: 'ms' | 'percent';
  version: number;
  /** In display units (ms, or percent 0..100); null: no reference line. */
  threshold: number | null;
  thresholdLabel: string;
  lines: ChartLine[];
  xDomain: [number, number];
  xTicks: number[];
  /** Ticks less than a minute apart carry seconds. */
  xTickSeconds: boolean;
  yDomain: [number, number];
  yTicks: number[];
  freshness: DetailPanel['freshness'];
  /** Where the data begins when that is after the range does ("data since 17:20:05 UTC (console started)"); '' otherwise. */
  since: string;
  /** Unix ms of that start, null when the data spans the whole range. */
  historyStart: number | null;
  /** A vertical mark at the start, when the axis (at least 30 s wide) begins before it, and its words. */
  startMarker: number | null;
  startLabel: string;
  /** "342 of 720 points · step 10 s": values sent of values fetched, the downsampling visible. */
  note: string;
}

export interface DetailModel {
  /** rail|brand|range|width the panels answer for. */
  key: string;
  rail: string | null;
  brand: string | null;
  range: RangeKey;
  generatedAt: number;
  receivedAt: number;
  panels: PanelModel[];
}

/** Okabe–Ito hues, told apart with most color-vision deficiencies; each line is also named in the legend. */
const RAIL_COLORS: Record<string, string> = {
  upi: '#56b4e9',
  imps: '#e69f00',
  netbanking: '#009e73',
  paytm: '#f0e442',
  phonepe: '#cc79a7',
  cards: '#ff7f50',
};
const PALETTE = ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#ff7f50', '#b0bec5', '#0072b2'];
const RAIL_LABEL: Record<string, string> = Object.fromEntries(Object.keys(RAIL_COLORS).map((r) => [r, railLabel(r)]));

/** What a Detail answers for; the core's panel versions count per width, so the width is part of it. */
export function detailKey(rail: string | null, brand: string | null, range: RangeKey, widthPx: number): string {
  return `${rail ?? '*'}|${brand ?? '*'}|${range}|${widthPx}`;
}

function seriesColor(key: string, label: string, index: number, unit: 'ms' | 'percent'): string {
  const words = `${key} ${label}`.toLowerCase().split(/[^a-z0-9]+/);
  for (const w of words) if (RAIL_COLORS[w]) return RAIL_COLORS[w]!;
  if (words.includes('baseline')) return '#b0bec5';
  if (unit === 'percent') return index === 0 ? '#3fb950' : PALETTE[index % PALETTE.length]!;
  return PALETTE[index % PALETTE.length]!;
}

/** A round step that cuts `span` into about four parts. */
function niceStep(span: number): number {
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

function valueTicks(lo: number, hi: number): number[] {
  const step = niceStep(hi - lo);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return ticks;
}

function lastValue(points: readonly Point[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]![1];
    if (v !== null) return v;
  }
  return null;
}

/** Tick steps for a time axis, seconds. */
const TIME_STEPS = [10, 15, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 10_800, 14_400, 21_600, 43_200];
/** The narrowest axis drawn: a console a few seconds old still gets a readable one. */
const MIN_SPAN_MS = 30_000;

/** A chart's time axis: the range, or where the data begins if that is later, and its ticks. */
export interface TimeWindow {
  from: number;
  to: number;
  ticks: number[];
  tickSeconds: boolean;
  /** The start of the data when it is later than the range's, else null. */
  since: HistoryStart | null;
  /** Set when the axis begins before `since` (a history younger than MIN_SPAN_MS). */
  startMarker: number | null;
}

export function timeTicks(from: number, to: number, maxTicks: number): { ticks: number[]; stepMs: number } {
  const span = to - from;
  const stepS = TIME_STEPS.find((st) => span / (st * 1000) <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
  const stepMs = stepS * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / stepMs) * stepMs; t <= to; t += stepMs) ticks.push(t);
  return { ticks, stepMs };
}

/**
 * The x range of a chart. A history that covers the range: the whole range, its end moving in
 * steps of 1/120 of it (30 s on 1 h), so the axes are rebuilt twice a minute and the newest
 * point sits at most 0.8 % left of the edge. A history that begins later (the direct scrape
 * since the console started, or as far back as it keeps): the axis begins there, so four
 * minutes of data are drawn across the chart, not squeezed against its right edge, and the
 * chart says where the data begins (PanelModel.since).
 */
export function timeWindow(range: RangeKey, generatedAt: number, start: HistoryStart | null | undefined, maxTicks = 6): TimeWindow {
  const rangeMs = RANGE_SECONDS[range] * 1000;
  if (!start || generatedAt - start.at >= rangeMs) {
    const quantum = rangeMs / 120;
    const to = Math.ceil(generatedAt / quantum) * quantum;
    const from = to - rangeMs;
    const { ticks, stepMs } = timeTicks(from, to, maxTicks);
    return { from, to, ticks, tickSeconds: stepMs < 60_000, since: null, startMarker: null };
  }
  const span = Math.max(MIN_SPAN_MS, generatedAt - start.at);
  const { stepMs: roughStep } = timeTicks(generatedAt - span, generatedAt, maxTicks);
  const quantum = Math.max(1000, roughStep / 20);
  const to = Math.ceil(generatedAt / quantum) * quantum;
  const from = Math.max(to - rangeMs, Math.min(start.at, to - MIN_SPAN_MS));
  const { ticks, stepMs } = timeTicks(from, to, maxTicks);
  return { from, to, ticks, tickSeconds: stepMs < 60_000, since: start, startMarker: start.at > from ? start.at : null };
}

function stepText(s: number): string {
  return s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

function valuesIn(points: readonly Point[]): number {
  let n = 0;
  for (let i = 0; i < points.length; i++) if (points[i]![1] !== null) n++;
  return n;
}

/**
 * "342 of 720 points": values sent of values fetched (a gap is no point; the core counts what
 * it fetched the same way). A count that cannot be right (fewer fetched than sent, from an
 * older core) is not repeated: then only what is drawn is said.
 */
export function pointsText(sent: number, fetched: number): string {
  return fetched >= sent ? `${groupDigits(sent)} of ${groupDigits(fetched)} points` : `${groupDigits(sent)} points`;
}

export function shapePanel(p: DetailPanel, range: RangeKey, generatedAt: number, thresholds: Thresholds): PanelModel {
  const scale = p.unit === 'percent' ? 100 : 1;
  let lo = Infinity;
  let hi = -Infinity;
  let sent = 0;
  const lines: ChartLine[] = p.series.map((s, i) => {
    const data: ChartDatum[] = new Array(s.points.length);
    for (let k = 0; k < s.points.length; k++) {
      const [t, raw] = s.points[k]!;
      const v = raw === null ? null : raw * scale;
      if (v !== null) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      data[k] = { t, v };
    }
    sent += valuesIn(s.points);
    const last = lastValue(s.points);
    const text = p.unit === 'ms' ? figureText(latencyFigure(last)) : figureText(percentFigure(last));
    const dashed = /p95|baseline/i.test(`${s.key} ${s.label}`);
    return { key: s.key, label: RAIL_LABEL[s.label] ?? s.label, color: seriesColor(s.key, s.label, i, p.unit), dashed, data, last: text };
  });
  // Dashes tell p95 from p99 (or a baseline from its rate) in one chart; a chart of dashes only tells nothing.
  if (lines.every((l) => l.dashed)) for (const l of lines) l.dashed = false;
  // Every latency chart, p95 included, shows the p99 limit (thresholds.p99Ms), named as such;
  // approval shows the panel's own line if any.
  const threshold = p.unit === 'ms' ? thresholds.p99Ms : p.threshold === null ? null : p.threshold * scale;
  let yDomain: [number, number];
  if (p.unit === 'ms') {
    const top = Math.max(Number.isFinite(hi) ? hi * 1.05 : 0, (threshold ?? 0) * 1.15, 10);
    const step = niceStep(top);
    yDomain = [0, Math.ceil(top / step) * step];
  } else {
    const floor = Math.min(Number.isFinite(lo) ? lo : 90, threshold ?? 100);
    yDomain = [Math.max(0, Math.floor((floor - 2) / 5) * 5), 100];
  }
  const w = timeWindow(range, generatedAt, p.historyStart);
  return {
    id: p.id,
    title: p.title,
    unit: p.unit,
    version: p.version,
    threshold,
    thresholdLabel: threshold === null ? '' : p.unit === 'ms' ? `p99 limit ${threshold} ms` : `approval limit ${threshold.toFixed(1)} %`,
    lines,
    xDomain: [w.from, w.to],
    xTicks: w.ticks,
    xTickSeconds: w.tickSeconds,
    yDomain,
    yTicks: valueTicks(yDomain[0], yDomain[1]),
    freshness: p.freshness,
    since: w.since ? historySinceText(w.since) : '',
    historyStart: w.since?.at ?? null,
    startMarker: w.startMarker,
    startLabel: w.since?.why === 'retention' ? 'oldest kept' : 'console started',
    note: `${pointsText(sent, p.rawPoints)} · step ${stepText(p.stepSeconds)}`,
  };
}

/** Shapes a Detail answer; panels with the same id and version as before are reused as they are. */
export function shapeDetail(
  d: Detail,
  sel: { rail: string | null; brand: string | null; widthPx: number },
  prev: DetailModel | null,
  thresholds: Thresholds,
  receivedAt: number,
): DetailModel {
  const key = detailKey(sel.rail, sel.brand, d.range, sel.widthPx);
  const old = prev && prev.key === key ? new Map(prev.panels.map((p) => [p.id, p])) : null;
  const panels = d.panels.map((p) => {
    const was = old?.get(p.id);
    return was && was.version === p.version ? was : shapePanel(p, d.range, d.generatedAt, thresholds);
  });
  return { key, rail: sel.rail, brand: sel.brand, range: d.range, generatedAt: d.generatedAt, receivedAt, panels };
}

/** Pixel frame of a chart's plot area: data (t0..t1, v0..v1) to pixels (x0..x1, y0..y1). */
export interface PlotFrame {
  t0: number;
  t1: number;
  v0: number;
  v1: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * One SVG path through the points, at half-pixel precision (finer is invisible and makes a longer
 * string to build and parse); a null value breaks the line (a gap is no data, never zero).
 */
export function seriesPath(data: readonly ChartDatum[], f: PlotFrame): string {
  const kx = ((f.x1 - f.x0) / (f.t1 - f.t0 || 1)) * 2;
  const ky = ((f.y1 - f.y0) / (f.v1 - f.v0 || 1)) * 2;
  const bx = f.x0 * 2;
  const by = f.y0 * 2;
  let d = '';
  let pen = false;
  for (let i = 0; i < data.length; i++) {
    const p = data[i]!;
    const v = p.v;
    if (v === null) {
      pen = false;
      continue;
    }
    const x = Math.round(bx + (p.t - f.t0) * kx);
    const y = Math.round(by + (v - f.v0) * ky);
    d += (pen ? 'L' : 'M') + x * 0.5 + ' ' + y * 0.5;
    pen = true;
  }
  return d;
}
