// The direct-scrape source (no Prometheus): GET the exporter's /metrics every refresh, keep a
// bounded window of raw counters for rates, and store the derived values in fixed-size rings.
import type { Point, Series } from '../../../shared/metrics.ts';
import { CounterWindow } from './counter-window.ts';
import { downsampleWithGaps } from './downsample.ts';
import { tryParseExposition } from './exposition.ts';
import { describeFailure, getText } from './http.ts';
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
import { derive, extract, railsOf, type CounterAttrs } from './scrape-derive.ts';
import { capacityFor, historyStartOf, SeriesStore } from './series-store.ts';
import { RANGE_SECONDS } from '../../../shared/metrics.ts';

export interface ScrapeSourceOptions {
  url: string;
  refreshSeconds: number;
  rateWindowSeconds: number;
  timeoutMs?: number;
  maxBytes?: number;
  baseline?: BaselineWindow;
  fetchImpl?: typeof fetch;
}

const ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';
const BASELINE_EVERY_MS = 15_000;

export class ScrapeSource implements MetricsSource {
  readonly kind = 'scrape';
  readonly keepsHistory = true;
  readonly url: string;
  readonly store: SeriesStore;
  readonly window: CounterWindow;
  private readonly refreshMs: number;
  private readonly attrs = new Map<string, CounterAttrs>();
  private rails: string[] = railsOf([]);
  private brands: string[] = [];
  private readonly baseline: BaselineWindow;
  private baselines: { at: number; values: Map<string, number | null> } | null = null;
  /** The first poll: the history the charts read begins here. */
  private startedAt: number | null = null;

  constructor(private readonly opts: ScrapeSourceOptions) {
    this.url = opts.url;
    this.refreshMs = opts.refreshSeconds * 1000;
    this.store = new SeriesStore(capacityFor(opts.refreshSeconds));
    // At least two polls (and some timer jitter) must fit in the window, or no rate ever exists.
    this.window = new CounterWindow(Math.max(opts.rateWindowSeconds * 1000, 2.5 * this.refreshMs));
    this.baseline = opts.baseline ?? DEFAULT_BASELINE;
  }

  async poll(now: number, signal: AbortSignal): Promise<Reading> {
    this.startedAt ??= now;
    const r = await getText(this.url, {
      timeoutMs: this.opts.timeoutMs ?? Math.min(10_000, Math.max(1000, this.refreshMs)),
      maxBytes: this.opts.maxBytes ?? 16 * 1024 * 1024,
      signal,
      accept: ACCEPT,
      fetchImpl: this.opts.fetchImpl,
    });
    if (r.kind === 'timeout' || r.kind === 'unreachable' || r.kind === 'cancelled') {
      this.gap(now);
      return { kind: 'down', at: now, error: `${this.url}: ${describeFailure(r)}` };
    }
    if (r.kind === 'broken') return this.malformed(now, describeFailure(r));
    if (r.status !== 200) return this.malformed(now, `HTTP ${r.status} from ${this.url}`);
    const parsed = tryParseExposition(r.text);
    if (!parsed.ok) return this.malformed(now, `malformed /metrics: ${parsed.error}`);
    const x = extract(parsed.exposition);
    for (const [k, a] of x.attrs) if (!this.attrs.has(k)) this.attrs.set(k, a);
    // Attributes of series no longer tracked by the window go with them (bounded like the window).
    if (this.attrs.size > 2 * x.attrs.size + 1000) for (const k of this.attrs.keys()) if (!x.attrs.has(k)) this.attrs.delete(k);
    this.window.record(now, x.counters);
    const rates = this.window.rates();
    if (!rates) {
      this.gap(now); // no rate for this moment (after an outage or a pause): a gap, not a line
      return { kind: 'warming', at: now };
    }

    const { tiles: derived, errorRatio } = derive(rates.rates, this.attrs);
    const railSet = new Set<string>();
    const brandSet = new Set<string>();
    for (const pair of [...x.pairs, ...x.outcomePairs]) {
      const [rail, brand] = pair.split('|') as [string, string];
      railSet.add(rail);
      brandSet.add(brand);
    }
    this.rails = railsOf(railSet);
    this.brands = [...brandSet].sort();

    // Every rail × brand the matrix shows must be in both families, or the tile is partial.
    const railsIn = (set: Set<string>) => new Set([...set].map((p) => p.slice(0, p.indexOf('|'))));
    const histRails = railsIn(x.pairs);
    const outcomeRails = railsIn(x.outcomePairs);
    const tileError = (rail: string, brand: string | null): string | null => {
      if (x.problems.histogram) return x.problems.histogram;
      if (x.problems.requests) return x.problems.requests;
      const has = (set: Set<string>) => (brand ? set.has(`${rail}|${brand}`) : (set === x.pairs ? histRails : outcomeRails).has(rail));
      const who = brand ? `${rail} × ${brand}` : rail;
      if (!has(x.pairs)) return `no latency histogram for ${who} in the scrape`;
      if (!has(x.outcomePairs)) return `no request counts for ${who} in the scrape`;
      return null;
    };

    if (this.store.lastTime() !== null && now - this.store.lastTime()! > 2.5 * this.refreshMs) this.store.appendGap(this.store.lastTime()! + this.refreshMs);
    const stored = new Map<string, number | null>();
    const tiles: TileReading[] = [];
    for (const rail of this.rails) {
      for (const brand of [null, ...this.brands]) {
        const key = tileKey(rail, brand);
        const error = tileError(rail, brand);
        const d = error ? undefined : derived.get(key);
        if (d) {
          stored.set(`p99|${key}`, d.p99Ms);
          stored.set(`p95|${key}`, d.p95Ms);
          stored.set(`approval|${key}`, d.approval);
        }
        tiles.push({
          rail,
          brand,
          p99Ms: d?.p99Ms ?? null,
          p95Ms: d?.p95Ms ?? null,
          approval: d?.approval ?? null,
          approvalBaseline: null,
          requestsPerSecond: d?.requestsPerSecond ?? null,
          trend: [],
          error,
        });
      }
    }
    if (!x.problems.codes) stored.set('errorRatio', errorRatio);
    for (const [provider, v] of x.backlog ?? []) stored.set(`backlog|${provider}`, v);
    this.store.append(now, stored);

    // Trend and baseline come from the rings, so they include the value just stored. An hour's
    // average does not move in one refresh: it is recomputed at most every BASELINE_EVERY_MS.
    const fresh = !this.baselines || now - this.baselines.at >= BASELINE_EVERY_MS || now < this.baselines.at;
    if (fresh) this.baselines = { at: now, values: new Map() };
    for (const t of tiles) {
      if (t.error) continue;
      const key = tileKey(t.rail, t.brand);
      t.trend = downsampleWithGaps(this.store.range(`p99|${key}`, now - TREND_SECONDS * 1000, now, 3), TREND_POINTS);
      if (fresh || !this.baselines!.values.has(key)) {
        this.baselines!.values.set(key, this.store.mean(`approval|${key}`, now - this.baseline.lookbackSeconds * 1000, now - this.baseline.excludeSeconds * 1000));
      }
      t.approvalBaseline = this.baselines!.values.get(key) ?? null;
    }
    return {
      kind: 'data',
      at: now,
      asOf: now,
      staleAfterMs: 2 * this.refreshMs,
      rails: this.rails,
      brands: this.brands,
      tiles,
      errorRatio: { value: x.problems.codes ? null : errorRatio, error: x.problems.codes },
      backlog: {
        value: x.backlog ? [...x.backlog].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([provider, value]) => ({ provider, value })) : [],
        error: x.problems.backlog,
      },
    };
  }

  /** A failed or malformed answer: every panel is in error, history gets a gap, the source is failing. */
  private malformed(now: number, error: string): Reading {
    this.gap(now);
    const tiles: TileReading[] = [];
    for (const rail of this.rails) {
      for (const brand of [null, ...this.brands]) {
        tiles.push({ rail, brand, p99Ms: null, p95Ms: null, approval: null, approvalBaseline: null, requestsPerSecond: null, trend: [], error });
      }
    }
    return {
      kind: 'data',
      at: now,
      asOf: now,
      staleAfterMs: 2 * this.refreshMs,
      rails: this.rails,
      brands: this.brands,
      tiles,
      errorRatio: { value: null, error },
      backlog: { value: [], error },
      failure: error,
    };
  }

  private gap(now: number): void {
    if (this.store.length > 0) this.store.appendGap(now);
  }

  async detail(req: DetailRequest, now: number): Promise<RawPanel[]> {
    const from = now - RANGE_SECONDS[req.range] * 1000;
    const rawPoints = this.store.countIn(from, now);
    const historyStart = historyStartOf(this.store, this.startedAt, from);
    return panelPlan(req).map((plan) => {
      const series: Series[] = [];
      const rails = req.rail ? [req.rail] : this.rails;
      const line = (measure: 'p99' | 'p95' | 'approval', rail: string, key: string, label: string): Series => ({
        key,
        label,
        points: this.store.range(`${measure}|${tileKey(rail, req.brand)}`, from, now, measure === 'approval' ? 6 : 3) as Point[],
      });
      if (plan.measure === 'both') {
        series.push(line('p99', req.rail!, 'p99', 'p99'), line('p95', req.rail!, 'p95', 'p95'));
      } else {
        for (const rail of rails) series.push(req.rail ? line(plan.measure, rail, plan.measure, plan.measure) : line(plan.measure, rail, rail, rail));
      }
      return { id: plan.id, title: plan.title, kind: plan.kind, rail: req.rail, brand: req.brand, series, error: null, rawPoints, stepSeconds: this.opts.refreshSeconds, historyStart };
    });
  }
}
