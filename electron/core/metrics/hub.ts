// One MetricsHub per core: ONE upstream poll per refresh interval, whatever the number of
// windows and browser walls asking. dashboard() and detail() answer from the hub's state, and
// the hub bumps versions (and emits 'metrics.tick') only when what it shows changed.
//
// When it polls depends on where the charts' history lives:
// - the direct scrape stores it from its own polls (series-store.ts), so the hub polls for as
//   long as the console runs, watched or not: a chart opened after an hour on the Levers page
//   shows that hour, unbroken. That is still one GET /metrics (and the two health checks) per
//   interval per core, the same as one Dashboard left open: an idle console, or a wall of 20
//   browsers, costs the platform exactly that, never more;
// - Prometheus holds history itself (query_range), so the hub polls only while someone asked
//   in the last idleMs: an idle console does not run a dozen PromQL queries every interval.
import { RAILS, type Dashboard, type Detail, type DetailPanel, type Freshness, type Point, type Thresholds } from '../../../shared/metrics.ts';
import type { EventBus } from '../events.ts';
import { assembleDashboard, freshnessOf, tileFreshness, worstFreshness, type HubState, type PanelState } from './assemble.ts';
import { downsampleWithGaps, pointsForWidth } from './downsample.ts';
import type { HealthProbe, HealthReading } from './health.ts';
import { panelPlan, tileKey, type DetailRequest, type MetricsSource, type RawPanel, type Reading, type TileReading } from './reading.ts';
import { realTimers, type Timers } from './timers.ts';

export interface MetricsHubOptions {
  source: MetricsSource | null;
  /** Shown on every panel when there is no source. */
  noSourceReason?: string;
  health?: HealthProbe | null;
  thresholds: () => Thresholds;
  refreshSeconds: number;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  timers?: Timers;
  events?: EventBus;
  /** false: nothing polls unless pollOnce() is called (tests, soak runs). */
  autoPoll?: boolean;
  /** For a source without local history: polling stops this long after the last dashboard()/detail() call. */
  idleMs?: number;
  /** How long a call waits for a poll in flight when the hub has nothing fresh to answer with. */
  firstAnswerWaitMs?: number;
}

// Answers are only reused until the next poll; a handful of distinct views share one interval.
const DETAIL_CACHE = 16;
const PANEL_VERSIONS = 512;

export class MetricsHub {
  private readonly clock: () => number;
  private readonly timers: Timers;
  private readonly refreshMs: number;
  private readonly idleMs: number;
  private readonly autoPoll: boolean;
  /** Polls whether or not anyone asks: the source keeps the history the charts read. */
  private readonly continuous: boolean;
  private readonly abort = new AbortController();
  private closed = false;
  private inflight: Promise<void> | null = null;
  private timer: unknown = null;
  private looping = false;
  private lastConsumerAt = -Infinity;
  private lastPollAt: number | null = null;

  private polls = 0;
  /** Polls started: each is one upstream round (the source's requests plus the health checks). */
  upstreamPolls = 0;
  /** The source answered (reachable); whether the answer was usable is `sourceState`. */
  private sourceUp = false;
  /** Why the source is down or failing. */
  private sourceError: string | null = null;
  /** The source's own status from its last answer, not from whether it connected. */
  private sourceState: 'up' | 'failing' | 'down' = 'down';
  /** First poll of the current run of failing or down answers; null while up. */
  private failingSince: number | null = null;
  /** The last usable answer: a failing answer (HTTP 500, malformed) is no success. */
  private lastSuccessAt: number | null = null;
  private staleAfterMs: number;
  private rails: string[] = [...RAILS];
  private brands: string[] = [];
  private tiles = new Map<string, PanelState<TileReading>>();
  private errorRatio: PanelState<number | null> = { good: null, goodAsOf: null, error: null };
  private backlog: PanelState<{ provider: string; value: number | null }[]> = { good: null, goodAsOf: null, error: null };
  private health: HealthReading | null = null;

  private version = 0;
  private fingerprint = '';
  private readonly detailCache = new Map<string, { generation: number; answer: Promise<Detail> }>();
  private readonly panelVersions = new Map<string, { hash: string; version: number }>();

  constructor(private readonly opts: MetricsHubOptions) {
    this.clock = opts.clock ?? Date.now;
    this.timers = opts.timers ?? realTimers;
    this.refreshMs = opts.refreshSeconds * 1000;
    this.staleAfterMs = 2 * this.refreshMs;
    this.idleMs = opts.idleMs ?? 60_000;
    this.autoPoll = opts.autoPoll ?? true;
    this.continuous = opts.source?.keepsHistory === true;
    // The first poll waits one interval: the console's own start (migrations, runbooks, the
    // window) goes first. Someone asking before then is answered at once (touch()).
    if (this.autoPoll && this.continuous && !this.closed) {
      this.looping = true;
      this.timer = this.timers.setTimeout(() => {
        this.timer = null;
        if (!this.closed) this.loop();
      }, this.refreshMs);
    }
  }

  /** Whether the hub is polling on its own (always for a source with local history; else a consumer asked within idleMs). */
  get polling(): boolean {
    return this.looping;
  }

  async dashboard(): Promise<Dashboard> {
    this.touch();
    await this.waitIfNothingFresh();
    return this.publish();
  }

  async detail(args: DetailRequest): Promise<Detail> {
    this.touch();
    await this.waitIfNothingFresh();
    const req: DetailRequest = { rail: args.rail, brand: args.brand, range: args.range, widthPx: args.widthPx };
    const key = JSON.stringify(req);
    const cached = this.detailCache.get(key);
    // Every consumer asking the same thing between two polls shares one answer (and one upstream query).
    if (cached && cached.generation === this.polls) return cached.answer;
    const answer = this.buildDetail(req);
    this.detailCache.delete(key);
    this.detailCache.set(key, { generation: this.polls, answer });
    if (this.detailCache.size > DETAIL_CACHE) this.detailCache.delete(this.detailCache.keys().next().value!);
    answer.catch(() => this.detailCache.delete(key));
    return answer;
  }

  /** One poll now (or the one already in flight): source and health, then publish. */
  pollOnce(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.inflight ??= this.poll().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Thresholds changed: what the dashboard shows changed with them. */
  refresh(): Dashboard {
    return this.publish();
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.looping = false;
    this.detailCache.clear();
  }

  private touch(): void {
    this.lastConsumerAt = this.clock();
    if (!this.autoPoll || this.closed || !this.opts.source) return;
    if (!this.looping) this.loop();
    else if (this.polls === 0 && !this.inflight && this.timer !== null) {
      // Still waiting for its first poll: poll now, and keep the rhythm from here.
      this.timers.clearTimeout(this.timer);
      this.timer = null;
      this.loop();
    }
  }

  private loop(): void {
    this.looping = true;
    const started = this.clock();
    const next = () => {
      if (this.closed) return;
      const now = this.clock();
      if (!this.continuous && now - this.lastConsumerAt >= this.idleMs) {
        this.looping = false; // nobody asked for a minute: stop until someone does
        return;
      }
      this.timer = this.timers.setTimeout(
        () => {
          this.timer = null;
          if (!this.closed) this.loop();
        },
        Math.max(0, started + this.refreshMs - now),
      );
    };
    // A poll never throws by design (source failures are readings); if a bug makes one throw,
    // log it and keep the rhythm rather than leave every wall frozen.
    this.pollOnce().then(next, (e: unknown) => {
      console.error('[switchyard] metrics poll failed:', e);
      next();
    });
  }

  private async waitIfNothingFresh(): Promise<void> {
    const inflight = this.inflight;
    if (!inflight) return;
    const now = this.clock();
    if (this.lastPollAt !== null && now - this.lastPollAt <= this.staleAfterMs) return;
    let handle: unknown = null;
    const limit = new Promise<void>((resolve) => {
      handle = this.timers.setTimeout(resolve, this.opts.firstAnswerWaitMs ?? 2000);
    });
    await Promise.race([inflight, limit]);
    this.timers.clearTimeout(handle);
  }

  private async poll(): Promise<void> {
    const started = this.clock();
    this.upstreamPolls++;
    const signal = this.abort.signal;
    const [reading, health] = await Promise.all([
      this.opts.source
        ? this.opts.source.poll(started, signal).catch((e: unknown): Reading => ({ kind: 'down', at: started, error: `poll failed: ${(e as Error).message}` }))
        : Promise.resolve(null),
      this.opts.health ? this.opts.health(started).catch(() => null) : Promise.resolve(null),
    ]);
    if (this.closed) return;
    if (reading) this.apply(reading);
    if (health) this.health = health;
    this.polls++;
    this.detailCache.clear(); // a new generation: older answers are never served again
    this.lastPollAt = started;
    this.publish();
  }

  private apply(r: Reading): void {
    if (r.kind === 'down') {
      this.sourceUp = false;
      this.sourceError = r.error;
      this.noteSource('down', r.at);
      return;
    }
    this.sourceUp = true;
    const failure = r.kind === 'data' ? (r.failure ?? null) : null;
    this.sourceError = failure;
    this.noteSource(failure === null ? 'up' : 'failing', r.at);
    if (failure === null) this.lastSuccessAt = r.at;
    if (r.kind === 'warming') return;
    this.staleAfterMs = r.staleAfterMs;
    this.rails = r.rails;
    this.brands = r.brands;
    const next = new Map<string, PanelState<TileReading>>();
    for (const t of r.tiles) {
      // An error hides the previous numbers too: they are not what the source says now.
      next.set(tileKey(t.rail, t.brand), t.error ? { good: null, goodAsOf: null, error: t.error } : { good: t, goodAsOf: r.asOf, error: null });
    }
    this.tiles = next;
    this.errorRatio = r.errorRatio.error ? { good: null, goodAsOf: null, error: r.errorRatio.error } : { good: r.errorRatio.value, goodAsOf: r.asOf, error: null };
    this.backlog = r.backlog.error ? { good: null, goodAsOf: null, error: r.backlog.error } : { good: r.backlog.value, goodAsOf: r.asOf, error: null };
  }

  private noteSource(state: 'up' | 'failing' | 'down', at: number): void {
    this.sourceState = state;
    if (state === 'up') this.failingSince = null;
    else this.failingSince ??= at;
  }

  /** The source line as its last answer tells it: a source answering 500 is failing, not up. */
  private sourceStatus(assembled: Dashboard['source']): Dashboard['source'] {
    if (!this.opts.source) return { ...assembled, state: 'down', failingSince: null };
    if (this.polls === 0) return { ...assembled, state: 'unknown', failingSince: null };
    return { ...assembled, state: this.sourceState, error: this.sourceState === 'up' ? null : this.sourceError, failingSince: this.failingSince };
  }

  private state(): HubState {
    const src = this.opts.source;
    return {
      now: this.clock(),
      source: { kind: src?.kind ?? 'none', url: src?.url ?? null, refreshSeconds: this.opts.refreshSeconds },
      noSource: src ? null : (this.opts.noSourceReason ?? 'No metrics source is configured for this profile.'),
      polls: this.polls,
      sourceUp: this.sourceUp,
      sourceError: this.sourceError,
      lastSuccessAt: this.lastSuccessAt,
      staleAfterMs: this.staleAfterMs,
      rails: this.rails,
      brands: this.brands,
      tiles: this.tiles,
      errorRatio: this.errorRatio,
      backlog: this.backlog,
      health: this.health,
      healthStaleAfterMs: 2 * this.refreshMs,
    };
  }

  /** Builds the Dashboard; a change from the last one bumps the version and tells every window. */
  private publish(): Dashboard {
    const assembled = assembleDashboard(this.state(), this.opts.thresholds());
    const body = { ...assembled, source: this.sourceStatus(assembled.source) };
    const { generatedAt, ...content } = body;
    const fp = JSON.stringify(content);
    if (fp !== this.fingerprint) {
      this.fingerprint = fp;
      this.version++;
      this.opts.events?.emit('metrics.tick', { version: this.version, generatedAt });
    }
    return { ...body, version: this.version };
  }

  private async buildDetail(req: DetailRequest): Promise<Detail> {
    const now = this.clock();
    const s = this.state();
    const th = this.opts.thresholds();
    const raw: RawPanel[] = this.opts.source
      ? await this.opts.source.detail(req, now, this.abort.signal)
      : panelPlan(req).map((p) => ({ ...p, rail: req.rail, brand: req.brand, series: [], error: s.noSource, rawPoints: 0, stepSeconds: this.opts.refreshSeconds }));
    const target = pointsForWidth(req.widthPx);
    const panels: DetailPanel[] = raw.map((p) => {
      const rails = p.rail ? [p.rail] : s.rails;
      const tiles = rails.map((r) => tileFreshness(s, r, p.brand));
      let freshness: Freshness = p.error ? { status: 'error', asOf: null, error: p.error } : worstFreshness(tiles.map((t) => t.freshness));
      if (s.noSource) freshness = freshnessOf(s, { good: null, goodAsOf: null, error: null });
      // A panel in error draws nothing, not even the history before the error.
      const shown = freshness.status === 'error' ? [] : p.series;
      const series = shown.map((x) => ({ ...x, points: downsampleWithGaps(x.points, target) }));
      const baseline = p.rail ? tiles[0]?.tile?.approvalBaseline ?? null : null;
      const threshold = p.kind === 'latency' ? th.p99Ms : baseline === null ? null : Math.max(0, baseline - th.approvalDropPoints / 100);
      const panel = {
        id: p.id,
        title: p.title,
        unit: p.kind === 'latency' ? ('ms' as const) : ('percent' as const),
        threshold,
        series,
        freshness,
        // Counted here, over every series and values only (a gap is no point), so the caption's
        // "N of M points" compares the values sent with the values they were picked from.
        rawPoints: shown.reduce((n, x) => n + valueCount(x.points), 0),
        stepSeconds: p.stepSeconds,
        historyStart: p.historyStart ?? null,
      };
      return { ...panel, version: this.panelVersion(`${req.brand ?? '*'}|${req.range}|${req.widthPx}|${p.id}`, panel) };
    });
    return { range: req.range, panels, generatedAt: now };
  }

  private panelVersion(key: string, panel: Omit<DetailPanel, 'version'>): number {
    const hash = hashPanel(panel);
    const prev = this.panelVersions.get(key);
    if (prev && prev.hash === hash) return prev.version;
    const version = (prev?.version ?? 0) + 1;
    this.panelVersions.delete(key);
    this.panelVersions.set(key, { hash, version });
    if (this.panelVersions.size > PANEL_VERSIONS) this.panelVersions.delete(this.panelVersions.keys().next().value!);
    return version;
  }
}

/** FNV-1a over the panel's numbers and words: cheap enough for thousands of points per call. */
function hashPanel(p: Omit<DetailPanel, 'version'>): string {
  // Two independent 32-bit lanes: a missed change would leave a chart frozen, so keep collisions negligible.
  let h = 0x811c9dc5;
  let g = 0x9747b28c;
  const mix = (n: number) => {
    h ^= n & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= n >>> 16;
    h = Math.imul(h, 0x01000193);
    g = Math.imul(g ^ n, 0x5bd1e995);
    g ^= g >>> 15;
  };
  const buf = new Float64Array(1);
  const words = new Uint32Array(buf.buffer);
  const num = (x: number | null) => {
    buf[0] = x === null ? NaN : x;
    mix(x === null ? 0x7ff80001 : words[0]!);
    mix(words[1]!);
  };
  const text = JSON.stringify([p.title, p.unit, p.threshold, p.freshness, p.rawPoints, p.stepSeconds, p.historyStart, p.series.map((s) => [s.key, s.label, s.points.length])]);
  for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
  for (const s of p.series) for (const [t, v] of s.points) {
    num(t);
    num(v);
  }
  return `${(h >>> 0).toString(16)}.${(g >>> 0).toString(16)}`;
}

function valueCount(points: readonly Point[]): number {
  let n = 0;
  for (let i = 0; i < points.length; i++) if (points[i]![1] !== null) n++;
  return n;
}
