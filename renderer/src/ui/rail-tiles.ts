import type { Dashboard, Point, RailTile, Thresholds } from '../../../shared/metrics.ts';
import { approvalDeltaText, brandLabel, latencyFigure, percentFigure, railLabel, rpsText, type Figure } from './metrics-format.ts';

/**
 * The rail × brand matrix as the screen draws it, shaped once per answer. A tile whose data
 * did not change keeps its object, so a memoized tile component skips its re-render.
 */

export type TileLevel = 'ok' | 'watch' | 'breach';

/** Status in words and shapes, never by color alone. */
export interface StatusMark {
  level: Exclude<TileLevel, 'ok'>;
  text: string;
}

export interface TileModel {
  key: string;
  /** Everything the tile shows, as one string: equal signatures draw the same tile. */
  sig: string;
  rail: string;
  brand: string | null;
  title: string;
  p99: Figure;
  p95: Figure;
  approval: Figure;
  approvalDelta: string;
  rps: string;
  level: TileLevel;
  marks: StatusMark[];
  freshness: RailTile['freshness'];
  /** SVG path in a SPARK_W × SPARK_H box; '' when there is nothing to draw. */
  sparkPath: string;
  /** The p99 threshold's y in the same box, null when it falls outside. */
  sparkThresholdY: number | null;
}

export interface MatrixColumn {
  brand: string | null;
  label: string;
}

export interface MatrixRow {
  rail: string;
  label: string;
  tiles: (TileModel | null)[];
}

export interface Matrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  byKey: Map<string, TileModel>;
}

export const SPARK_W = 120;
export const SPARK_H = 32;

/** Amber before red: a p99 at 80 % of its limit, or approval half-way to its allowed drop. */
const WATCH_P99_SHARE = 0.8;
const WATCH_APPROVAL_SHARE = 0.5;

export function tileKey(rail: string, brand: string | null): string {
  return `${rail}:${brand ?? '*'}`;
}

export function tileMarks(tile: RailTile, t: Thresholds): StatusMark[] {
  const marks: StatusMark[] = [];
  const latencyBreach = tile.breaches.includes('latency');
  const approvalBreach = tile.breaches.includes('approval');
  if (latencyBreach) marks.push({ level: 'breach', text: 'BREACH ▲ p99' });
  if (approvalBreach) marks.push({ level: 'breach', text: 'BREACH ▼ approval' });
  if (tile.breaches.includes('errors')) marks.push({ level: 'breach', text: 'BREACH ▲ 5xx' });
  if (!latencyBreach && tile.p99Ms !== null && tile.p99Ms >= WATCH_P99_SHARE * t.p99Ms) marks.push({ level: 'watch', text: 'WATCH ▲ p99' });
  if (!approvalBreach && tile.approval !== null && tile.approvalBaseline !== null) {
    const dropPts = (tile.approvalBaseline - tile.approval) * 100;
    if (dropPts >= WATCH_APPROVAL_SHARE * t.approvalDropPoints) marks.push({ level: 'watch', text: 'WATCH ▼ approval' });
  }
  return marks;
}

/** A polyline through the points, scaled to the box (yMin..yMax); null values break the line. */
export function sparklinePath(points: readonly Point[], yMin: number, yMax: number, w = SPARK_W, h = SPARK_H): string {
  if (points.length < 2) return '';
  const t0 = points[0]![0];
  const span = points[points.length - 1]![0] - t0 || 1;
  const range = yMax - yMin || 1;
  // Half-unit precision in integer arithmetic: as sharp as the box can show, and no toFixed().
  const kx = (w / span) * 2;
  const ky = ((h - 2) / range) * 2;
  let d = '';
  let pen = false;
  for (const [t, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    const x = Math.round((t - t0) * kx) * 0.5;
    const y = (h - 1) - Math.round(Math.min(range, Math.max(0, v - yMin)) * ky) * 0.5;
    d += (pen ? 'L' : 'M') + x + ' ' + y;
    pen = true;
  }
  return d;
}

function signature(tile: RailTile, t: Thresholds): string {
  const f = tile.freshness;
  const tr = tile.trend;
  const last = tr[tr.length - 1];
  return [
    tile.p99Ms,
    tile.p95Ms,
    tile.approval,
    tile.approvalBaseline,
    tile.requestsPerSecond,
    tile.breaches.join(','),
    f.status,
    f.asOf,
    f.error,
    tr.length,
    tr[0]?.[0],
    last?.[0],
    last?.[1],
    t.p99Ms,
    t.approvalDropPoints,
  ].join('|');
}

function shapeTile(tile: RailTile, t: Thresholds, sig: string): TileModel {
  const marks = tileMarks(tile, t);
  // Scaled to the trend so its shape shows; the limit joins the scale only when it is near.
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, v] of tile.trend) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let yMin = 0;
  let yMax = t.p99Ms * 1.25;
  if (Number.isFinite(lo)) {
    yMax = Math.max(hi * 1.08, hi < t.p99Ms * 0.7 ? 0 : t.p99Ms * 1.06, 1);
    yMin = Math.max(0, lo - (yMax - lo) * 0.5);
  }
  const thresholdY = SPARK_H - ((t.p99Ms - yMin) / (yMax - yMin || 1)) * (SPARK_H - 2) - 1;
  return {
    key: tileKey(tile.rail, tile.brand),
    sig,
    rail: tile.rail,
    brand: tile.brand,
    title: `${railLabel(tile.rail)} × ${brandLabel(tile.brand)}`,
    p99: latencyFigure(tile.p99Ms),
    p95: latencyFigure(tile.p95Ms),
    approval: percentFigure(tile.approval),
    approvalDelta: approvalDeltaText(tile.approval, tile.approvalBaseline),
    rps: rpsText(tile.requestsPerSecond),
    level: marks.some((m) => m.level === 'breach') ? 'breach' : marks.length ? 'watch' : 'ok',
    marks,
    freshness: tile.freshness,
    sparkPath: sparklinePath(tile.trend, yMin, yMax),
    sparkThresholdY: thresholdY >= 0 && thresholdY <= SPARK_H ? thresholdY : null,
  };
}

/** Shapes the matrix, reusing every tile (and the whole matrix) that did not change. */
export function buildMatrix(d: Dashboard, prev: Matrix | null): Matrix {
  const byKey = new Map<string, TileModel>();
  let changed = !prev;
  for (const tile of d.tiles) {
    const key = tileKey(tile.rail, tile.brand);
    const sig = signature(tile, d.thresholds);
    const old = prev?.byKey.get(key);
    if (old && old.sig === sig) byKey.set(key, old);
    else {
      byKey.set(key, shapeTile(tile, d.thresholds, sig));
      changed = true;
    }
  }
  const columns: MatrixColumn[] = [{ brand: null, label: brandLabel(null) }, ...d.brands.map((b) => ({ brand: b, label: b }))];
  const layoutSame =
    prev !== null &&
    prev.byKey.size === byKey.size &&
    prev.columns.length === columns.length &&
    prev.columns.every((c, i) => c.brand === columns[i]!.brand) &&
    prev.rows.length === d.rails.length &&
    prev.rows.every((r, i) => r.rail === d.rails[i]);
  if (prev && layoutSame && !changed) return prev;
  const rows: MatrixRow[] = d.rails.map((rail) => {
    const tiles = columns.map((c) => byKey.get(tileKey(rail, c.brand)) ?? null);
    const old = layoutSame ? prev!.rows.find((r) => r.rail === rail) : undefined;
    // A row whose tiles are all the same objects stays the same object too.
    if (old && old.tiles.every((t, i) => t === tiles[i])) return old;
    return { rail, label: railLabel(rail), tiles };
  });
  return { columns, rows, byKey };
}
