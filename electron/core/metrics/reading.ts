// What a metrics source hands the hub: the current values of every panel (or why a panel has
// none), and raw detail series. Sources know how to fetch and derive; the hub knows about
// freshness, thresholds, suggestions, versions and downsampling.
import type { HistoryStart, Point, RangeKey, Series } from '../../../shared/metrics.ts';

export interface TileReading {
  rail: string;
  /** null: the rail across all brands. */
  brand: string | null;
  p99Ms: number | null;
  p95Ms: number | null;
  /** 0..1 */
  approval: number | null;
  approvalBaseline: number | null;
  requestsPerSecond: number | null;
  /** p99 (ms) over the last minutes, already a few dozen points. */
  trend: Point[];
  /** Why this tile has no trustworthy numbers (malformed or partial answer); null when good. */
  error: string | null;
}

export interface ValueReading<T> {
  value: T;
  error: string | null;
}

export type Reading =
  /** The source did not answer (unreachable, timed out) or holds no recent data: panels go stale. */
  | { kind: 'down'; at: number; error: string }
  /** The source answered but rates need another poll (first scrape): panels stay as they were. */
  | { kind: 'warming'; at: number }
  | {
      kind: 'data';
      at: number;
      /** Time of the newest sample these values stand for. */
      asOf: number;
      /** Older than this, data is stale: 2 × the interval the data arrives at. */
      staleAfterMs: number;
      rails: string[];
      brands: string[];
      tiles: TileReading[];
      errorRatio: ValueReading<number | null>;
      backlog: ValueReading<{ provider: string; value: number | null }[]>;
      /**
       * Set when the source answered, but not usably (HTTP 500, a body that does not parse):
       * the source is failing though reachable. Absent or null: the answer itself was good
       * (a panel may still lack its series; that is the panel's error, not the source's).
       */
      failure?: string | null;
    };

export type DataReading = Extract<Reading, { kind: 'data' }>;

export interface DetailRequest {
  rail: string | null;
  brand: string | null;
  range: RangeKey;
  widthPx: number;
}

/** A detail panel before downsampling. Approval series hold ratios 0..1, latency series ms. */
export interface RawPanel {
  id: string;
  title: string;
  kind: 'latency' | 'approval';
  /** The rail the panel is about (null: one series per rail). */
  rail: string | null;
  brand: string | null;
  series: Series[];
  error: string | null;
  /** Points per series as fetched (the longest series). The hub counts the values it sends and their source itself. */
  rawPoints: number;
  stepSeconds: number;
  /** Set when the source's history begins after the range does (see HistoryStart). */
  historyStart?: HistoryStart | null;
}

export interface MetricsSource {
  readonly kind: 'scrape' | 'prometheus';
  readonly url: string;
  /**
   * true: the charts' history is what this source stores from its own polls (the direct
   * scrape), so the hub polls for as long as the console runs. false or absent: the source
   * holds history upstream (Prometheus range queries), and the hub polls only while watched.
   */
  readonly keepsHistory?: boolean;
  poll(now: number, signal: AbortSignal): Promise<Reading>;
  detail(req: DetailRequest, now: number, signal: AbortSignal): Promise<RawPanel[]>;
}

/** Tile and detail keys: `rail|brand`, brand `*` for all brands. */
export const tileKey = (rail: string, brand: string | null) => `${rail}|${brand ?? '*'}`;

/**
 * The panels a detail request asks for: for one rail, its latency (p99 and p95) and approval;
 * for all rails, p99, p95 and approval with one series per rail.
 * Ids: `latency:upi:all`, `approval:upi:royalspin`, `p99:all:all`, `p95:all:royalspin`, `approval:all:all`.
 */
export function panelPlan(req: Pick<DetailRequest, 'rail' | 'brand'>): { id: string; title: string; kind: 'latency' | 'approval'; measure: 'p99' | 'p95' | 'both' | 'approval' }[] {
  const b = req.brand ?? 'all';
  const who = req.brand ? ` · ${req.brand}` : '';
  if (req.rail) {
    return [
      { id: `latency:${req.rail}:${b}`, title: `${req.rail} latency (p99, p95)${who}`, kind: 'latency', measure: 'both' },
      { id: `approval:${req.rail}:${b}`, title: `${req.rail} approval rate${who}`, kind: 'approval', measure: 'approval' },
    ];
  }
  return [
    { id: `p99:all:${b}`, title: `p99 latency by rail${who}`, kind: 'latency', measure: 'p99' },
    { id: `p95:all:${b}`, title: `p95 latency by rail${who}`, kind: 'latency', measure: 'p95' },
    { id: `approval:all:${b}`, title: `Approval rate by rail${who}`, kind: 'approval', measure: 'approval' },
  ];
}

/** The approval baseline: the trailing average over `lookbackSeconds`, leaving out the newest `excludeSeconds`. */
export interface BaselineWindow {
  lookbackSeconds: number;
  excludeSeconds: number;
}
export const DEFAULT_BASELINE: BaselineWindow = { lookbackSeconds: 3600, excludeSeconds: 300 };

/** A tile's sparkline: the last 15 minutes of p99 in about 30 points. */
export const TREND_SECONDS = 900;
export const TREND_POINTS = 30;
