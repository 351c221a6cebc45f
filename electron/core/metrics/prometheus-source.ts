// The Prometheus source: the dashboard's numbers from instant queries, tile trends and the
// approval baseline from range queries, detail charts from query_range at a step chooseStep()
// picks. Standard PromQL and the standard HTTP API only, so Thanos, Mimir and VictoriaMetrics
// answer the same. An answer that fails validation or lacks a series marks the panels that
// depend on it 'error' with the reason; nothing from it is shown.
import { chooseStep, DEFAULT_QUERIES, RANGE_SECONDS, type Point, type Series } from '../../../shared/metrics.ts';
import { downsampleWithGaps } from './downsample.ts';
import { fillQuery, narrowQuery, PrometheusClient, type InstantSample, type PromResult, type RangeSeries } from './prometheus-api.ts';
import {
  DEFAULT_BASELINE,
  TREND_POINTS,
  TREND_SECONDS,
  panelPlan,
  tileKey,
  type BaselineWindow,
  type DetailRequest,
  type MetricsSource,
  type RawPanel,
  type Reading,
  type TileReading,
} from './reading.ts';
import { railsOf } from './scrape-derive.ts';

/**
 * Queries beyond DEFAULT_QUERIES, overridable the same way. newest_sample is how old the data
 * is: an instant query's own timestamp is the evaluation time, not the scrape time, and
 * Prometheus keeps answering from a dead target's last samples for minutes.
 */
export const EXTRA_QUERIES: Record<string, string> = {
  newest_sample: 'max(timestamp(payment_rail_request_duration_seconds_count))',
  // error_ratio is empty both when no 5xx was ever counted (ratio 0) and when the gateway's
  // counter is missing (unknown): this tells the two apart.
  gateway_rps: 'sum(rate(gateway_http_requests_total[{w}]))',
};

const INSTANT_IDS = [
  'p99_by_rail',
  'p95_by_rail',
  'p99_by_rail_brand',
  'p95_by_rail_brand',
  'approval_by_rail',
  'approval_by_rail_brand',
  'rps_by_rail_brand',
  'error_ratio',
  'webhook_backlog',
  'newest_sample',
  'gateway_rps',
] as const;
type InstantId = (typeof INSTANT_IDS)[number];

const BASELINE_REFRESH_MS = 60_000;

export interface PrometheusSourceOptions {
  url: string;
  refreshSeconds: number;
  rateWindowSeconds: number;
  /** Per query id overrides (MetricsSourceConfig.queries). */
  queries?: Record<string, string>;
  timeoutMs?: number;
  baseline?: BaselineWindow;
  fetchImpl?: typeof fetch;
}

type Failure = Extract<PromResult<unknown>, { ok: false }>;
type Lookup = Map<string, number> | { error: string };

export class PrometheusSource implements MetricsSource {
  readonly kind = 'prometheus';
  /** History comes from query_range: nothing is stored here, nothing needs polling unwatched. */
  readonly keepsHistory = false;
  readonly url: string;
  readonly client: PrometheusClient;
  private readonly queries: Record<string, string>;
  private readonly baselineWindow: BaselineWindow;
  private baselineCache: { at: number; rail: Lookup; brand: Lookup } | null = null;
  private readonly asOfSeen: number[] = [];

  constructor(private readonly opts: PrometheusSourceOptions) {
    this.url = opts.url.replace(/\/+$/, '');
    this.queries = { ...DEFAULT_QUERIES, ...EXTRA_QUERIES, ...opts.queries };
    this.baselineWindow = opts.baseline ?? DEFAULT_BASELINE;
    this.client = new PrometheusClient({
      baseUrl: this.url,
      timeoutMs: opts.timeoutMs ?? Math.min(10_000, Math.max(2000, opts.refreshSeconds * 1000)),
      fetchImpl: opts.fetchImpl,
    });
  }

  query(id: string): string {
    const q = this.queries[id];
    if (q === undefined) throw new Error(`no query "${id}"`);
    return fillQuery(q, this.opts.rateWindowSeconds);
  }

  async poll(now: number, signal: AbortSignal): Promise<Reading> {
    const t = now / 1000;
    const trendStep = Math.max(this.opts.refreshSeconds, Math.ceil(TREND_SECONDS / TREND_POINTS));
    const trendEnd = Math.floor(t / trendStep) * trendStep;
    const trendStart = trendEnd - TREND_SECONDS;
    const [instants, trendRail, trendBrand, baseline] = await Promise.all([
      Promise.all(INSTANT_IDS.map((id) => this.client.instant(this.query(id), t, signal))),
      this.client.range(this.query('p99_by_rail'), trendStart, trendEnd, trendStep, signal),
      this.client.range(this.query('p99_by_rail_brand'), trendStart, trendEnd, trendStep, signal),
      this.baseline(now, signal),
    ]);
    const answers = new Map<InstantId, PromResult<InstantSample[]>>(INSTANT_IDS.map((id, i) => [id, instants[i]!]));
    const all: PromResult<unknown>[] = [...instants, trendRail, trendBrand];
    if (all.every((a) => !a.ok && a.down)) return { kind: 'down', at: now, error: (all[0] as Failure).error };
    const failure = sourceFailure(all);

    const newest = answers.get('newest_sample')!;
    let ageError: string | null = null;
    let asOf = now;
    if (!newest.ok) {
      ageError = `newest_sample: ${newest.error} (the age of the data is unknown)`;
    } else {
      const ts = newest.value.map((s) => s.value).filter(Number.isFinite);
      if (ts.length === 0) {
        return { kind: 'down', at: now, error: `Prometheus holds no recent samples of payment_rail_request_duration_seconds_count: is the exporter it scrapes down?` };
      }
      asOf = Math.min(now, Math.max(...ts) * 1000);
      this.noteAsOf(asOf);
    }

    const byRail = (id: InstantId) => byLabel(id, answers.get(id)!, (l) => l.rail);
    const byPair = (id: InstantId) => byLabel(id, answers.get(id)!, (l) => (l.rail && l.brand ? `${l.rail}|${l.brand}` : undefined));
    const rail = { p99: byRail('p99_by_rail'), p95: byRail('p95_by_rail'), approval: byRail('approval_by_rail') };
    const pair = { p99: byPair('p99_by_rail_brand'), p95: byPair('p95_by_rail_brand'), approval: byPair('approval_by_rail_brand'), rps: byPair('rps_by_rail_brand') };
    const rpsByRail = sumByRail(pair.rps);
    const grid = { start: trendStart, end: trendEnd, step: trendStep };
    const trends = {
      rail: rangeLookup('p99_by_rail', trendRail, (l) => l.rail, grid),
      pair: rangeLookup('p99_by_rail_brand', trendBrand, (l) => (l.rail && l.brand ? `${l.rail}|${l.brand}` : undefined), grid),
    };

    const railSeen = new Set<string>();
    const brandSeen = new Set<string>();
    for (const m of Object.values(rail)) if (m instanceof Map) for (const k of m.keys()) railSeen.add(k);
    for (const m of Object.values(pair)) {
      if (!(m instanceof Map)) continue;
      for (const k of m.keys()) {
        const [r, b] = k.split('|') as [string, string];
        railSeen.add(r);
        brandSeen.add(b);
      }
    }
    const rails = railsOf(railSeen);
    const brands = [...brandSeen].sort();

    const tiles: TileReading[] = [];
    for (const r of rails) {
      for (const b of [null, ...brands]) {
        const key = b ? `${r}|${b}` : r;
        const who = b ? `rail="${r}", brand="${b}"` : `rail="${r}"`;
        const src = b ? { p99: pair.p99, p95: pair.p95, approval: pair.approval, rps: pair.rps } : { p99: rail.p99, p95: rail.p95, approval: rail.approval, rps: rpsByRail };
        const ids = b
          ? { p99: 'p99_by_rail_brand', p95: 'p95_by_rail_brand', approval: 'approval_by_rail_brand', rps: 'rps_by_rail_brand' }
          : { p99: 'p99_by_rail', p95: 'p95_by_rail', approval: 'approval_by_rail', rps: 'rps_by_rail_brand' };
        const trend = b ? trends.pair : trends.rail;
        const base = b ? baseline.brand : baseline.rail;
        let error = ageError;
        const value = (m: Lookup, id: string): number | null => {
          if (error) return null;
          if (!(m instanceof Map)) {
            error = m.error;
            return null;
          }
          const v = m.get(key);
          if (v === undefined) {
            error = `partial answer: ${id} has no series for ${who}`;
            return null;
          }
          return Number.isFinite(v) ? v : null;
        };
        const p99 = value(src.p99, ids.p99);
        const p95 = value(src.p95, ids.p95);
        const approval = value(src.approval, ids.approval);
        const rps = value(src.rps, ids.rps);
        if (!error && !(trend instanceof Map)) error = trend.error;
        if (!error && !(base instanceof Map)) error = base.error;
        const trendPoints = !error && trend instanceof Map ? (trend.get(key) ?? []) : [];
        const baselineValue = !error && base instanceof Map ? (base.get(key) ?? null) : null;
        tiles.push({
          rail: r,
          brand: b,
          p99Ms: error || p99 === null ? null : p99 * 1000,
          p95Ms: error || p95 === null ? null : p95 * 1000,
          approval: error ? null : approval,
          approvalBaseline: baselineValue,
          requestsPerSecond: error ? null : rps,
          trend: error ? [] : downsampleWithGaps(trendPoints.map(([ts, v]) => [ts, v === null ? null : v * 1000]), TREND_POINTS),
          error,
        });
      }
    }

    const er = answers.get('error_ratio')!;
    let errorRatio: { value: number | null; error: string | null };
    if (ageError) errorRatio = { value: null, error: ageError };
    else if (!er.ok) errorRatio = { value: null, error: `error_ratio: ${er.error}` };
    else if (er.value.length === 0 && noFivexx(answers.get('gateway_rps')!)) errorRatio = { value: 0, error: null };
    else if (er.value.length !== 1) errorRatio = { value: null, error: `partial answer: error_ratio returned ${er.value.length} series, expected 1` };
    else errorRatio = { value: Number.isFinite(er.value[0]!.value) ? er.value[0]!.value : null, error: null };

    const bl = byLabel('webhook_backlog', answers.get('webhook_backlog')!, (l) => l.provider);
    let backlog: { value: { provider: string; value: number | null }[]; error: string | null };
    if (ageError) backlog = { value: [], error: ageError };
    else if (!(bl instanceof Map)) backlog = { value: [], error: bl.error };
    else if (bl.size === 0) backlog = { value: [], error: 'partial answer: webhook_backlog returned no series' };
    else backlog = { value: [...bl].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([provider, v]) => ({ provider, value: Number.isFinite(v) ? v : null })), error: null };

    return { kind: 'data', at: now, asOf, staleAfterMs: this.staleAfterMs(), rails, brands, tiles, errorRatio, backlog, failure };
  }

  /** Twice the interval data arrives at: the refresh, or Prometheus's scrape interval if longer (measured, capped at 5 min). */
  private staleAfterMs(): number {
    const gaps: number[] = [];
    for (let i = 1; i < this.asOfSeen.length; i++) gaps.push(this.asOfSeen[i]! - this.asOfSeen[i - 1]!);
    gaps.sort((a, b) => a - b);
    // Until two scrapes have been seen, assume the common 15 s scrape interval rather than call a
    // console that just started STALE because Prometheus scrapes less often than we refresh.
    const scrapeMs = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 15_000;
    return 2 * Math.max(this.opts.refreshSeconds * 1000, Math.min(scrapeMs, 300_000));
  }

  private noteAsOf(asOf: number): void {
    const last = this.asOfSeen.at(-1);
    if (last !== undefined && asOf <= last) return;
    this.asOfSeen.push(asOf);
    if (this.asOfSeen.length > 6) this.asOfSeen.shift();
  }

  /** Trailing approval averages, refreshed once a minute: an hour of history does not move faster. */
  private async baseline(now: number, signal: AbortSignal): Promise<{ rail: Lookup; brand: Lookup }> {
    if (this.baselineCache && now - this.baselineCache.at < BASELINE_REFRESH_MS && now >= this.baselineCache.at) return this.baselineCache;
    const { lookbackSeconds, excludeSeconds } = this.baselineWindow;
    const span = Math.max(1, lookbackSeconds - excludeSeconds);
    const step = Math.max(1, Math.ceil(span / 60));
    const end = Math.floor((now / 1000 - excludeSeconds) / step) * step;
    const start = end - span;
    const [r, b] = await Promise.all([
      this.client.range(this.query('approval_by_rail'), start, end, step, signal),
      this.client.range(this.query('approval_by_rail_brand'), start, end, step, signal),
    ]);
    const mean = (id: string, res: PromResult<RangeSeries[]>, key: (l: Record<string, string>) => string | undefined): Lookup => {
      if (!res.ok) return { error: `${id} (baseline): ${res.error}` };
      const m = new Map<string, number>();
      for (const s of res.value) {
        const k = key(s.labels);
        if (k === undefined) continue;
        const vals = s.values.map(([, v]) => v).filter(Number.isFinite);
        if (vals.length) m.set(k, vals.reduce((a, x) => a + x, 0) / vals.length);
      }
      return m;
    };
    const result = {
      at: now,
      rail: mean('approval_by_rail', r, (l) => l.rail),
      brand: mean('approval_by_rail_brand', b, (l) => (l.rail && l.brand ? `${l.rail}|${l.brand}` : undefined)),
    };
    // A failed baseline is retried at the next poll, not cached for a minute.
    if (r.ok && b.ok) this.baselineCache = result;
    return result;
  }

  async detail(req: DetailRequest, now: number, signal: AbortSignal): Promise<RawPanel[]> {
    const rangeSeconds = RANGE_SECONDS[req.range];
    const step = chooseStep(rangeSeconds, req.widthPx, this.opts.refreshSeconds);
    const end = Math.floor(now / 1000 / step) * step;
    const start = end - rangeSeconds;
    const ids = req.brand
      ? { p99: 'p99_by_rail_brand', p95: 'p95_by_rail_brand', approval: 'approval_by_rail_brand' }
      : { p99: 'p99_by_rail', p95: 'p95_by_rail', approval: 'approval_by_rail' };
    const narrow = { rail: req.rail, brand: req.brand };
    const [p99, p95, approval] = await Promise.all(
      (['p99', 'p95', 'approval'] as const).map((m) => this.client.range(narrowQuery(this.query(ids[m]), narrow), start, end, step, signal)),
    );
    const answers = { p99: p99!, p95: p95!, approval: approval! };
    const rails = req.rail ? [req.rail] : railsOf([]);
    return panelPlan(req).map((plan) => {
      const measures: ('p99' | 'p95' | 'approval')[] = plan.measure === 'both' ? ['p99', 'p95'] : [plan.measure];
      const series: Series[] = [];
      let error: string | null = null;
      let rawPoints = 0;
      for (const m of measures) {
        const res = answers[m];
        if (!res.ok) {
          error ??= `${ids[m]}: ${res.error}`;
          continue;
        }
        for (const r of rails) {
          const found = res.value.filter((s) => s.labels.rail === r && (!req.brand || s.labels.brand === req.brand));
          if (found.length !== 1) {
            error ??= found.length
              ? `malformed answer: ${ids[m]} has ${found.length} series for rail="${r}"`
              : `partial answer: ${ids[m]} has no series for rail="${r}"${req.brand ? `, brand="${req.brand}"` : ''}`;
            continue;
          }
          const s = found[0]!;
          rawPoints = Math.max(rawPoints, s.values.length);
          const scale = m === 'approval' ? 1 : 1000;
          const key = req.rail ? m : r;
          series.push({ key, label: key, points: onGrid(s.values, start, end, step, scale) });
        }
      }
      return error
        ? { id: plan.id, title: plan.title, kind: plan.kind, rail: req.rail, brand: req.brand, series: [], error, rawPoints: 0, stepSeconds: step }
        : { id: plan.id, title: plan.title, kind: plan.kind, rail: req.rail, brand: req.brand, series, error: null, rawPoints, stepSeconds: step };
    });
  }
}

/**
 * Whether Prometheus itself failed this poll, and how: every request failed, or some were
 * answered with a server error (HTTP 5xx), a body that is not a Prometheus answer, or not in
 * time. A query Prometheus refused (HTTP 4xx bad_data: a wrong override) or one missing a
 * series is that query's panels' problem, not the source's.
 */
export function sourceFailure(answers: readonly PromResult<unknown>[]): string | null {
  const failed = answers.filter((a): a is Failure => !a.ok);
  if (failed.length === 0) return null;
  if (failed.length === answers.length) return `every query failed: ${failed[0]!.error}`;
  const serverSide = failed.filter((f) => f.down || SERVER_FAILURE.test(f.error));
  return serverSide.length ? `${serverSide.length} of ${answers.length} queries failed: ${serverSide[0]!.error}` : null;
}

// The wording of prometheus-api.ts and http.ts for an answer that is Prometheus's fault.
const SERVER_FAILURE = /^HTTP 5\d\d\b|^HTTP \d{3}: (the answer is not JSON|malformed answer)|^no answer within|^the answer broke off/;

/** Values keyed by a label; a label value twice in one answer is malformed. */
function byLabel(id: string, res: PromResult<InstantSample[]>, key: (l: Record<string, string>) => string | undefined): Lookup {
  if (!res.ok) return { error: `${id}: ${res.error}` };
  const m = new Map<string, number>();
  for (const s of res.value) {
    const k = key(s.labels);
    if (k === undefined) continue;
    if (m.has(k)) return { error: `malformed answer: ${id} has two series for ${k}` };
    m.set(k, s.value);
  }
  return m;
}

/** The gateway counts requests (so an empty 5xx ratio means no 5xx series at all, i.e. 0). */
function noFivexx(total: PromResult<InstantSample[]>): boolean {
  return total.ok && total.value.length === 1 && total.value[0]!.value > 0;
}

function sumByRail(m: Lookup): Lookup {
  if (!(m instanceof Map)) return m;
  const out = new Map<string, number>();
  for (const [k, v] of m) {
    const rail = k.split('|')[0]!;
    out.set(rail, (out.get(rail) ?? 0) + (Number.isFinite(v) ? v : 0));
  }
  return out;
}

type RangeLookup = Map<string, Point[]> | { error: string };

function rangeLookup(
  id: string,
  res: PromResult<RangeSeries[]>,
  key: (l: Record<string, string>) => string | undefined,
  grid: { start: number; end: number; step: number },
): RangeLookup {
  if (!res.ok) return { error: `${id} (trend): ${res.error}` };
  const m = new Map<string, Point[]>();
  for (const s of res.value) {
    const k = key(s.labels);
    if (k === undefined) continue;
    if (m.has(k)) return { error: `malformed answer: ${id} (trend) has two series for ${k}` };
    m.set(k, onGrid(s.values, grid.start, grid.end, grid.step, 1));
  }
  return m;
}

/** Every step of the range, null where Prometheus had no value (a gap, never a line across it). */
export function onGrid(values: [number, number][], start: number, end: number, step: number, scale: number): Point[] {
  const n = Math.round((end - start) / step) + 1;
  const out: Point[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [(start + i * step) * 1000, null];
  for (const [t, v] of values) {
    const i = Math.round((t - start) / step);
    if (i < 0 || i >= n) continue;
    out[i] = [(start + i * step) * 1000, Number.isFinite(v) ? v * scale : null];
  }
  return out;
}
