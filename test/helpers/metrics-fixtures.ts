// Shared by the metrics tests: the demo platform's real /metrics text produced in-process on a
// hand-moved clock, timers a test drives, and fetch stand-ins for an exporter.
import { createMetrics } from '../../electron/demo-platform/metrics.ts';
import { Scenario } from '../../electron/demo-platform/scenario.ts';
import { DemoPlatformState } from '../../electron/demo-platform/state.ts';
import { TrafficSimulation } from '../../electron/demo-platform/traffic.ts';
import type { ScenarioBody } from '../../electron/demo-platform/schemas.ts';
import type { Timers } from '../../electron/core/metrics/timers.ts';
import type { DetailRequest, MetricsSource, RawPanel, Reading, TileReading } from '../../electron/core/metrics/reading.ts';
import { panelPlan } from '../../electron/core/metrics/reading.ts';
import { RAILS } from '../../shared/metrics.ts';

export const START = Date.parse('2026-03-14T03:14:00.000Z');

/** The demo gateway's exposition, rendered by the demo's own code on a clock the test moves. */
export class DemoExporter {
  now: number;
  readonly scenario = new Scenario();
  private readonly metrics;

  constructor(seed = 7, start = START) {
    this.now = start;
    const clock = () => this.now;
    const state = new DemoPlatformState(clock);
    const traffic = new TrafficSimulation(state, this.scenario, clock, seed);
    state.beforeChange = () => traffic.advance();
    this.metrics = createMetrics(state, traffic);
  }

  setScenario(body: ScenarioBody): void {
    const problem = this.scenario.apply(body);
    if (problem) throw new Error(problem);
  }

  render(): Promise<string> {
    return this.metrics.render();
  }
}

/** A fetch that answers every request with what `answer` says (text, a status, or a network error). */
export function fakeFetch(answer: (url: string) => Promise<{ status?: number; body: string } | Error> | { status?: number; body: string } | Error): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const f = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push(url);
    if (init?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const a = await answer(url);
    if (a instanceof Error) throw a;
    return new Response(a.body, { status: a.status ?? 200, headers: { 'content-type': 'text/plain; version=0.0.4' } });
  };
  return Object.assign(f as typeof fetch, { calls });
}

export const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

/** Timers a test moves by hand, on the same clock it gives the hub. */
export class ManualTimers implements Timers {
  private seq = 0;
  private queue: { id: number; at: number; fn: () => void }[] = [];

  constructor(public now = START) {}

  readonly clock = () => this.now;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.queue.push({ id, at: this.now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Moves the clock by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number, settle: () => Promise<unknown> = flush): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.queue[0];
      if (!next || next.at > target) break;
      this.queue.shift();
      this.now = next.at;
      next.fn();
      await settle();
    }
    this.now = target;
  }
}

/** Lets promise callbacks and I/O callbacks queued so far run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---- a source whose readings the test writes ----


export const BRANDS = ['royalspin', 'lucky7', 'cricketking', 'teenpatti'];

export function tile(rail: string, brand: string | null, over: Partial<TileReading> = {}): TileReading {
  return { rail, brand, p99Ms: 120, p95Ms: 90, approval: 0.93, approvalBaseline: 0.93, requestsPerSecond: 20, trend: [], error: null, ...over };
}

/** A full reading: every rail × brand healthy, with `over` applied to the tiles it names. */
export function dataReading(at: number, over: Record<string, Partial<TileReading>> = {}, extra: Partial<Extract<Reading, { kind: 'data' }>> = {}): Reading {
  const tiles: TileReading[] = [];
  for (const rail of RAILS) for (const brand of [null, ...BRANDS]) tiles.push(tile(rail, brand, over[`${rail}|${brand ?? '*'}`] ?? {}));
  return {
    kind: 'data',
    at,
    asOf: at,
    staleAfterMs: 10_000,
    rails: [...RAILS],
    brands: BRANDS,
    tiles,
    errorRatio: { value: 0.002, error: null },
    backlog: { value: [{ provider: 'razorpay', value: 5 }], error: null },
    ...extra,
  };
}

/** A MetricsSource that answers whatever `next` returns, counting calls. */
export class StubSource implements MetricsSource {
  readonly kind = 'scrape' as const;
  readonly url = 'http://stub.invalid/metrics';
  polls = 0;
  details = 0;
  next: (now: number) => Reading | Promise<Reading> = (now) => dataReading(now);
  detailAnswer: (req: DetailRequest, now: number) => RawPanel[] | Promise<RawPanel[]> = (req, now) =>
    panelPlan(req).map((p) => ({
      ...p,
      rail: req.rail,
      brand: req.brand,
      series: (req.rail ? ['p99'] : [...RAILS]).map((key) => ({ key, label: key, points: Array.from({ length: 1000 }, (_, i) => [now - (1000 - i) * 5000, 100 + Math.sin(i / 10) * 20] as [number, number]) })),
      error: null,
      rawPoints: 1000,
      stepSeconds: 5,
    }));

  async poll(now: number): Promise<Reading> {
    this.polls++;
    return this.next(now);
  }

  async detail(req: DetailRequest, now: number): Promise<RawPanel[]> {
    this.details++;
    return this.detailAnswer(req, now);
  }
}
