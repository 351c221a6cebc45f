import { z } from 'zod';
import { Severity } from './runbooks.ts';

/** The rails of the Indian market (PLATFORM-API.md). */
export const RAILS = ['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards'] as const;
export type Rail = (typeof RAILS)[number];

export const RangeKey = z.enum(['15m', '1h', '6h', '24h']);
export type RangeKey = z.infer<typeof RangeKey>;
export const RANGE_SECONDS: Record<RangeKey, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400 };

/** Alert thresholds (OPERATIONS.md): p99 > 200 ms, 5xx > 1 %, approval 10 points under its trailing baseline. */
export const Thresholds = z.object({
  p99Ms: z.number().positive().max(60_000).default(200),
  errorRatio: z.number().min(0).max(1).default(0.01),
  approvalDropPoints: z.number().min(0).max(100).default(10),
  webhookBacklog: z.number().int().min(0).default(500),
});
export type Thresholds = z.infer<typeof Thresholds>;
export const DEFAULT_THRESHOLDS: Thresholds = Thresholds.parse({});

/** Where a profile's metrics come from. */
export const MetricsSourceConfig = z.object({
  kind: z.enum(['scrape', 'prometheus']),
  /** scrape: the exporter's /metrics URL (default: the gateway's); prometheus: the HTTP API base URL. */
  url: z.string().nullable().default(null),
  refreshSeconds: z.number().min(1).max(300).default(5),
  /** The window rates and quantiles are computed over (PromQL `[window]`). */
  rateWindowSeconds: z.number().min(2).max(3600).default(60),
  /** PromQL overrides per panel query id (Thanos, Mimir, VictoriaMetrics speak the same PromQL). */
  queries: z.record(z.string(), z.string()).default({}),
});
export type MetricsSourceConfig = z.infer<typeof MetricsSourceConfig>;

/** A point: [unix ms, value]; null is a gap (no data), never drawn as zero. */
export const Point = z.tuple([z.number(), z.number().nullable()]);
export type Point = z.infer<typeof Point>;

export const Series = z.object({ key: z.string(), label: z.string(), points: z.array(Point) });
export type Series = z.infer<typeof Series>;

/**
 * ok: fresh data. stale: the source is down or the newest data is older than two refresh
 * intervals — an old value is never shown as live. error: the answer was malformed or partial,
 * nothing is drawn. loading: nothing fetched yet.
 */
export const PanelStatus = z.enum(['ok', 'stale', 'error', 'loading']);
export type PanelStatus = z.infer<typeof PanelStatus>;

export const Freshness = z.object({
  status: PanelStatus,
  /** Time of the newest data point (unix ms), null if none. */
  asOf: z.number().nullable(),
  error: z.string().nullable(),
});
export type Freshness = z.infer<typeof Freshness>;

export const Suggestion = z.object({
  kind: z.enum(['latency', 'approval', 'errors', 'backlog', 'health']),
  rail: z.string().nullable(),
  brand: z.string().nullable(),
  message: z.string(),
  severity: Severity,
  runbookId: z.string(),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** One cell of the rail × brand matrix (brand null: the rail across all brands). */
export const RailTile = z.object({
  rail: z.string(),
  brand: z.string().nullable(),
  p99Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  approval: z.number().nullable(), // 0..1
  approvalBaseline: z.number().nullable(),
  requestsPerSecond: z.number().nullable(),
  /** p99 over the last minutes, already downsampled to a few dozen points for a sparkline. */
  trend: z.array(Point),
  breaches: z.array(z.enum(['latency', 'approval', 'errors'])),
  freshness: Freshness,
});
export type RailTile = z.infer<typeof RailTile>;

export const Dashboard = z.object({
  generatedAt: z.number(),
  source: z.object({
    kind: z.enum(['scrape', 'prometheus', 'none']),
    url: z.string().nullable(),
    /** The source answered at its last poll (see `state`: an answer can be a failure). */
    up: z.boolean(),
    error: z.string().nullable(),
    /** The last poll the source answered usably (unix ms): a failing answer is no success. */
    lastSuccessAt: z.number().nullable(),
    refreshSeconds: z.number(),
    /**
     * The source's own status from its last answer: 'up' usable; 'failing' it answered, not
     * usably (HTTP 500, a malformed body; `error` says which); 'down' no answer (unreachable,
     * timed out) or no source; 'unknown' not polled yet. Absent from an older core.
     */
    state: z.enum(['unknown', 'up', 'failing', 'down']).optional(),
    /** First poll of the current run of failing or down answers (unix ms); null while up. Absent from an older core. */
    failingSince: z.number().nullable().optional(),
  }),
  thresholds: Thresholds,
  rails: z.array(z.string()),
  /** Brand ids as the metrics label them; screens name and order them by shared/brands.ts. */
  brands: z.array(z.string()),
  tiles: z.array(RailTile),
  errorRatio: z.object({ value: z.number().nullable(), breach: z.boolean(), freshness: Freshness }),
  webhookBacklog: z.object({ providers: z.array(z.object({ provider: z.string(), value: z.number().nullable(), breach: z.boolean() })), freshness: Freshness }),
  health: z.object({
    gateway: z.object({ status: z.enum(['ok', 'degraded', 'down', 'unknown']), components: z.record(z.string(), z.string()), freshness: Freshness }),
    admin: z.object({ status: z.enum(['ok', 'down', 'unknown']), freshness: Freshness }),
  }),
  suggestions: z.array(Suggestion),
  /** Bumped whenever anything above changed: a wall or window that holds this version skips the re-render. */
  version: z.number().int(),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DetailArgs = z.object({
  rail: z.string().max(40).nullable().default(null), // null: all six rails
  brand: z.string().max(60).nullable().default(null),
  range: RangeKey.default('1h'),
  /** The chart's width in CSS pixels: series are downsampled to about one point per two pixels. */
  widthPx: z.number().int().min(50).max(8000).default(900),
});

/**
 * Where a chart's data can begin when that is after the start of its range. The direct scrape
 * has only the series the console polled itself: nothing before its first poll
 * ('console-started'), nothing older than what its bounded store keeps ('retention').
 */
export const HistoryStart = z.object({
  /** Unix ms. */
  at: z.number(),
  why: z.enum(['console-started', 'retention']),
});
export type HistoryStart = z.infer<typeof HistoryStart>;

export const DetailPanel = z.object({
  id: z.string(), // e.g. 'latency:upi:all', 'approval:upi:royalspin'
  title: z.string(),
  unit: z.enum(['ms', 'percent']),
  threshold: z.number().nullable(),
  series: z.array(Series),
  freshness: Freshness,
  /**
   * Values (non-null points) of all the panel's series as fetched, before downsampling; the
   * values sent are counted from `series`, so "N of M points" compares like with like.
   */
  rawPoints: z.number().int(),
  stepSeconds: z.number(),
  version: z.number().int(),
  /** Absent or null: the source holds the whole range (Prometheus), gaps are drawn as gaps. */
  historyStart: HistoryStart.nullable().optional(),
});
export type DetailPanel = z.infer<typeof DetailPanel>;

export const Detail = z.object({ range: RangeKey, panels: z.array(DetailPanel), generatedAt: z.number() });
export type Detail = z.infer<typeof Detail>;

/** Default queries (ids are what MetricsSourceConfig.queries may override). {w} is the rate window. */
export const DEFAULT_QUERIES: Record<string, string> = {
  p99_by_rail: 'histogram_quantile(0.99, sum by (le, rail) (rate(payment_rail_request_duration_seconds_bucket[{w}])))',
  p95_by_rail: 'histogram_quantile(0.95, sum by (le, rail) (rate(payment_rail_request_duration_seconds_bucket[{w}])))',
  p99_by_rail_brand: 'histogram_quantile(0.99, sum by (le, rail, brand) (rate(payment_rail_request_duration_seconds_bucket[{w}])))',
  p95_by_rail_brand: 'histogram_quantile(0.95, sum by (le, rail, brand) (rate(payment_rail_request_duration_seconds_bucket[{w}])))',
  approval_by_rail:
    'sum by (rail) (rate(payment_rail_requests_total{outcome="approved"}[{w}])) / sum by (rail) (rate(payment_rail_requests_total[{w}]))',
  approval_by_rail_brand:
    'sum by (rail, brand) (rate(payment_rail_requests_total{outcome="approved"}[{w}])) / sum by (rail, brand) (rate(payment_rail_requests_total[{w}]))',
  rps_by_rail_brand: 'sum by (rail, brand) (rate(payment_rail_requests_total[{w}]))',
  error_ratio: 'sum(rate(gateway_http_requests_total{code=~"5.."}[{w}])) / sum(rate(gateway_http_requests_total[{w}]))',
  webhook_backlog: 'sum by (provider) (webhook_backlog)',
};

/** Prometheus refuses a query_range of more than 11,000 points per series. */
export const MAX_POINTS_PER_SERIES = 11_000;

/**
 * The step for a range: about one point per two pixels of chart, never finer than the
 * refresh interval, never more than Prometheus's 11,000 points per series.
 */
export function chooseStep(rangeSeconds: number, widthPx: number, minStepSeconds: number): number {
  const byPixels = rangeSeconds / Math.max(1, Math.floor(widthPx / 2));
  const byLimit = rangeSeconds / (MAX_POINTS_PER_SERIES - 1);
  return Math.max(minStepSeconds, Math.ceil(Math.max(byPixels, byLimit)));
}
