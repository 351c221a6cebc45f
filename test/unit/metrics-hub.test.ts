// The MetricsHub on a driven clock and hand-moved timers: one poll per interval for any number
// of consumers, polling only while watched, freshness (loading, ok, stale, error), versions
// and ticks only on change, detail downsampling and sharing, and a clean close.
import { describe, expect, it } from 'vitest';
import { Dashboard, DEFAULT_THRESHOLDS, Detail, type Thresholds } from '../../shared/metrics.ts';
import { EventBus } from '../../electron/core/events.ts';
import type { HealthReading } from '../../electron/core/metrics/health.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { dataReading, ManualTimers, START, StubSource } from '../helpers/metrics-fixtures.ts';

function setup(opts: { autoPoll?: boolean; thresholds?: Thresholds; health?: HealthReading | null } = {}) {
  const timers = new ManualTimers();
  const source = new StubSource();
  const events = new EventBus();
  const ticks: number[] = [];
  events.subscribe((name, payload) => {
    if (name === 'metrics.tick') ticks.push(payload.version);
  });
  let thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const health = opts.health;
  const hub = new MetricsHub({
    source,
    thresholds: () => thresholds,
    refreshSeconds: 5,
    clock: timers.clock,
    timers,
    events,
    autoPoll: opts.autoPoll ?? false,
    health: health === undefined ? null : async () => health!,
  });
  return { timers, source, hub, ticks, setThresholds: (t: Thresholds) => (thresholds = t) };
}

const rail = (d: Dashboard, r: string, b: string | null = null) => d.tiles.find((t) => t.rail === r && t.brand === b)!;

describe('MetricsHub: freshness', () => {
  it('loading before the first poll, ok after it; every answer satisfies the contract', async () => {
    const { hub } = setup();
    const first = await hub.dashboard();
    expect(Dashboard.parse(first)).toBeTruthy();
    expect(first.tiles.every((t) => t.freshness.status === 'loading' && t.p99Ms === null)).toBe(true);
    expect(first.source).toMatchObject({ kind: 'scrape', up: false, lastSuccessAt: null, refreshSeconds: 5 });
    await hub.pollOnce();
    const d = Dashboard.parse(await hub.dashboard());
    expect(d.tiles).toHaveLength(30);
    expect(d.tiles.every((t) => t.freshness.status === 'ok' && t.freshness.asOf === START && t.p99Ms === 120)).toBe(true);
    expect(d.source).toMatchObject({ up: true, error: null, lastSuccessAt: START });
    expect(d.errorRatio).toEqual({ value: 0.002, breach: false, freshness: { status: 'ok', asOf: START, error: null } });
  });

  it('stale once the newest data is older than 2 × refresh, with the last values still shown under STALE', async () => {
    const { hub, timers } = setup();
    await hub.pollOnce();
    await timers.advance(10_000);
    expect(rail(await hub.dashboard(), 'upi').freshness.status).toBe('ok');
    await timers.advance(1);
    const t = rail(await hub.dashboard(), 'upi');
    expect(t.freshness).toEqual({ status: 'stale', asOf: START, error: `no data newer than ${new Date(START).toISOString()}` });
    expect(t.p99Ms).toBe(120);
  });

  it('source down: stale at once, last values kept, the reason on every panel and on the source line', async () => {
    const { hub, source, timers } = setup();
    await hub.pollOnce();
    source.next = (now) => ({ kind: 'down', at: now, error: 'http://gw/metrics: unreachable (connection refused)' });
    await timers.advance(5000);
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.source).toMatchObject({ up: false, error: 'http://gw/metrics: unreachable (connection refused)', lastSuccessAt: START });
    expect(d.tiles.every((t) => t.freshness.status === 'stale' && t.freshness.error!.includes('connection refused'))).toBe(true);
    expect(rail(d, 'upi').p99Ms).toBe(120);
    expect(d.errorRatio.freshness.status).toBe('stale');
  });

  it('error: the panel shows nothing, not even the previous good numbers; recovery brings values back', async () => {
    const { hub, source, timers } = setup();
    await hub.pollOnce();
    source.next = (now) => dataReading(now, { 'upi|*': { error: 'partial answer: p99_by_rail has no series for rail="upi"', p99Ms: null } });
    await timers.advance(5000);
    await hub.pollOnce();
    let d = await hub.dashboard();
    expect(rail(d, 'upi')).toMatchObject({ p99Ms: null, p95Ms: null, approval: null, trend: [], breaches: [], freshness: { status: 'error', asOf: null } });
    expect(rail(d, 'upi').freshness.error).toContain('partial answer');
    expect(rail(d, 'upi', 'lucky7').freshness.status).toBe('ok');
    // Down while in error: stale, and still nothing to show.
    source.next = (now) => ({ kind: 'down', at: now, error: 'refused' });
    await timers.advance(5000);
    await hub.pollOnce();
    expect(rail(await hub.dashboard(), 'upi')).toMatchObject({ p99Ms: null, freshness: { status: 'stale' } });
    source.next = (now) => dataReading(now);
    await timers.advance(5000);
    await hub.pollOnce();
    d = await hub.dashboard();
    expect(rail(d, 'upi')).toMatchObject({ p99Ms: 120, freshness: { status: 'ok' } });
  });

  it('a warming poll keeps the panels as they were (loading, or stale by age)', async () => {
    const { hub, source, timers } = setup();
    source.next = (now) => ({ kind: 'warming', at: now });
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.source.up).toBe(true);
    expect(d.tiles.every((t) => t.freshness.status === 'loading')).toBe(true);
    source.next = (now) => dataReading(now);
    await timers.advance(5000);
    await hub.pollOnce();
    source.next = (now) => ({ kind: 'warming', at: now });
    await timers.advance(11_000);
    await hub.pollOnce();
    expect(rail(await hub.dashboard(), 'upi').freshness.status).toBe('stale');
  });

  it('health: the gateway\'s status and components, admin status; no answer reads as down with the reason', async () => {
    const health: HealthReading = {
      at: START,
      gateway: { status: 'down', components: {}, outcome: 'no-answer', error: 'unreachable (connection refused)' },
      admin: { status: 'ok', components: {}, outcome: 'answer', error: null },
    };
    const { hub } = setup({ health });
    expect((await hub.dashboard()).health.gateway.freshness.status).toBe('loading');
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.health.gateway).toEqual({ status: 'down', components: {}, freshness: { status: 'ok', asOf: START, error: 'unreachable (connection refused)' } });
    expect(d.health.admin.status).toBe('ok');
    expect(d.suggestions).toContainEqual(expect.objectContaining({ kind: 'health', severity: 'SEV1' }));
  });
});

describe('MetricsHub: suggestions and thresholds', () => {
  it('a breach suggests the runbook; the same numbers gone stale suggest nothing but keep the BREACH mark', async () => {
    const { hub, source, timers } = setup();
    source.next = (now) => dataReading(now, { 'upi|*': { p99Ms: 450 }, 'upi|royalspin': { p99Ms: 470 } });
    await hub.pollOnce();
    let d = await hub.dashboard();
    expect(rail(d, 'upi').breaches).toEqual(['latency']);
    expect(d.suggestions).toEqual([expect.objectContaining({ kind: 'latency', rail: 'upi', severity: 'SEV2', runbookId: 'rail-latency-spike' })]);
    await timers.advance(60_000);
    d = await hub.dashboard();
    expect(rail(d, 'upi')).toMatchObject({ p99Ms: 450, breaches: ['latency'], freshness: { status: 'stale' } });
    expect(d.suggestions).toEqual([]);
  });

  it('new thresholds re-evaluate at once: version bumps and a tick goes out', async () => {
    const { hub, ticks, setThresholds } = setup();
    await hub.pollOnce();
    const before = await hub.dashboard();
    expect(before.suggestions).toEqual([]);
    setThresholds({ ...DEFAULT_THRESHOLDS, p99Ms: 100 });
    const after = hub.refresh();
    expect(after.version).toBe(before.version + 1);
    expect(ticks.at(-1)).toBe(after.version);
    expect(after.thresholds.p99Ms).toBe(100);
    expect(after.suggestions[0]).toMatchObject({ kind: 'latency', rail: null, severity: 'SEV1' }); // every rail at 120 ms
  });
});

describe('MetricsHub: versions and ticks', () => {
  it('bumps Dashboard.version and ticks only when what it shows changed', async () => {
    const { hub, source, ticks, timers } = setup();
    await hub.pollOnce();
    const v1 = (await hub.dashboard()).version;
    expect(ticks).toEqual([v1]);
    // The source answers the same data (Prometheus has not scraped since): no new version.
    const same = dataReading(START);
    source.next = () => same;
    await timers.advance(5000);
    await hub.pollOnce();
    expect((await hub.dashboard()).version).toBe(v1);
    expect((await hub.dashboard()).version).toBe(v1);
    expect(ticks).toEqual([v1]);
    source.next = (now) => dataReading(now, { 'cards|*': { p99Ms: 130 } });
    await timers.advance(5000);
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.version).toBe(v1 + 1);
    expect(ticks).toEqual([v1, v1 + 1]);
  });
});

describe('MetricsHub: one upstream poll for everyone, only while watched', () => {
  it('20 consumers at once, then every interval: exactly one poll per interval', async () => {
    const { hub, source, timers } = setup({ autoPoll: true });
    const answers = await Promise.all(Array.from({ length: 20 }, () => hub.dashboard()));
    expect(source.polls).toBe(1);
    expect(new Set(answers.map((a) => a.version)).size).toBe(1);
    expect(answers.every((a) => a.tiles[0]!.freshness.status === 'ok')).toBe(true);
    for (let i = 0; i < 5; i++) {
      await Promise.all(Array.from({ length: 20 }, () => hub.dashboard()));
      await timers.advance(5000);
    }
    expect(source.polls).toBe(6);
    expect(hub.upstreamPolls).toBe(6);
  });

  it('stops polling a minute after the last consumer and starts again on the next request', async () => {
    const { hub, source, timers } = setup({ autoPoll: true });
    await hub.dashboard();
    expect(hub.polling).toBe(true);
    for (let i = 0; i < 20; i++) await timers.advance(5000);
    // Polled through the minute after the last call, then stopped: no timer left behind.
    expect(source.polls).toBe(13);
    expect(hub.polling).toBe(false);
    expect(timers.pending).toBe(0);
    await timers.advance(600_000);
    expect(source.polls).toBe(13);
    const d = await hub.dashboard(); // the stale state waits for the poll it starts
    expect(source.polls).toBe(14);
    expect(d.tiles[0]!.freshness.status).toBe('ok');
    expect(hub.polling).toBe(true);
  });

  it('close() leaves no timer, cancels the poll in flight and polls no more', async () => {
    const { hub, source, timers } = setup({ autoPoll: true });
    await hub.dashboard();
    expect(timers.pending).toBe(1);
    hub.close();
    expect(timers.pending).toBe(0);
    await timers.advance(60_000);
    await hub.pollOnce();
    await hub.dashboard();
    expect(source.polls).toBe(1);
    expect(timers.pending).toBe(0);
  });

  it('a poll slower than the refresh interval does not stack: the next starts when it ends', async () => {
    const { hub, source, timers } = setup({ autoPoll: true });
    let release!: () => void;
    source.next = (now) => new Promise((resolve) => (release = () => resolve(dataReading(now))));
    const first = hub.dashboard(); // waits up to 2 s for the first answer
    await timers.advance(2000);
    expect((await first).tiles[0]!.freshness.status).toBe('loading');
    await timers.advance(30_000);
    const waiting = Promise.all(Array.from({ length: 5 }, () => hub.dashboard()));
    await timers.advance(2000);
    await waiting;
    expect(source.polls).toBe(1);
    source.next = (now) => dataReading(now);
    release();
    await hub.pollOnce();
    await timers.advance(0);
    expect(source.polls).toBe(2);
    expect((await hub.dashboard()).tiles[0]!.freshness.status).toBe('ok');
  });
});

describe('MetricsHub: detail', () => {
  it('downsamples to one point per two pixels, reports raw points and step; same answer for the same request until the next poll', async () => {
    const { hub, source, timers } = setup();
    await hub.pollOnce();
    const args = { rail: 'upi', brand: null, range: '1h' as const, widthPx: 300 };
    const [a, b] = await Promise.all([hub.detail(args), hub.detail(args)]);
    expect(source.details).toBe(1);
    expect(a).toBe(b);
    const d = Detail.parse(a);
    expect(d.panels.map((p) => p.id)).toEqual(['latency:upi:all', 'approval:upi:all']);
    const p = d.panels[0]!;
    expect(p).toMatchObject({ unit: 'ms', threshold: 200, rawPoints: 1000, stepSeconds: 5, freshness: { status: 'ok' } });
    expect(p.series[0]!.points.length).toBeLessThanOrEqual(150);
    expect(p.series[0]!.points.length).toBeGreaterThan(140);
    // Approval's line: the baseline minus the allowed drop, as a ratio (the unit says "show as %").
    expect(d.panels[1]).toMatchObject({ unit: 'percent' });
    expect(d.panels[1]!.threshold).toBeCloseTo(0.83, 10);
    await timers.advance(5000);
    await hub.pollOnce();
    const c = await hub.detail(args);
    expect(source.details).toBe(2);
    // Same data (the stub's points move with the clock, so compare with one that does not).
    expect(c.panels[0]!.version).toBeGreaterThan(a.panels[0]!.version);
  });

  it('panel versions move only when the panel changed', async () => {
    const { hub, source, timers } = setup();
    const fixed = source.detailAnswer;
    source.detailAnswer = (req) => fixed(req, START);
    // Prometheus has not scraped again: the same reading, the same data time.
    source.next = () => dataReading(START);
    await hub.pollOnce();
    const args = { rail: null, brand: 'lucky7', range: '6h' as const, widthPx: 900 };
    const a = await hub.detail(args);
    expect(a.panels.map((p) => p.id)).toEqual(['p99:all:lucky7', 'p95:all:lucky7', 'approval:all:lucky7']);
    await timers.advance(5000);
    await hub.pollOnce();
    const b = await hub.detail(args);
    expect(b.panels.map((p) => p.version)).toEqual(a.panels.map((p) => p.version));
    source.detailAnswer = (req) => fixed(req, START + 5000);
    source.next = (now) => dataReading(now);
    await timers.advance(5000);
    await hub.pollOnce();
    const c = await hub.detail(args);
    expect(c.panels.map((p, i) => p.version - a.panels[i]!.version)).toEqual([1, 1, 1]);
  });

  it('a panel in error draws nothing; a tile in error puts its detail panels in error too', async () => {
    const { hub, source, timers } = setup();
    await hub.pollOnce();
    source.detailAnswer = (req) => [
      { id: `latency:${req.rail}:all`, title: 't', kind: 'latency', rail: req.rail, brand: null, series: [{ key: 'p99', label: 'p99', points: [[1, 5]] }], error: 'p99_by_rail: HTTP 503', rawPoints: 0, stepSeconds: 8 },
    ];
    let d = await hub.detail({ rail: 'upi', brand: null, range: '1h', widthPx: 900 });
    expect(d.panels[0]).toMatchObject({ series: [], freshness: { status: 'error', error: 'p99_by_rail: HTTP 503' } });
    source.next = (now) => dataReading(now, { 'imps|*': { error: 'malformed /metrics: line 3: …' } });
    source.detailAnswer = new StubSource().detailAnswer;
    await timers.advance(5000);
    await hub.pollOnce();
    d = await hub.detail({ rail: null, brand: null, range: '1h', widthPx: 900 });
    expect(d.panels.every((p) => p.freshness.status === 'error' && p.series.length === 0)).toBe(true);
    d = await hub.detail({ rail: 'cards', brand: null, range: '1h', widthPx: 900 });
    expect(d.panels.every((p) => p.freshness.status === 'ok' && p.series.length > 0)).toBe(true);
  });
});

describe('MetricsHub without a source', () => {
  it('says why on every panel and never polls', async () => {
    const hub = new MetricsHub({ source: null, noSourceReason: 'no gateway URL', thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 5 });
    const d = Dashboard.parse(await hub.dashboard());
    expect(d.source).toMatchObject({ kind: 'none', up: false, error: 'no gateway URL' });
    expect(d.tiles.every((t) => t.freshness.status === 'error' && t.freshness.error === 'no gateway URL')).toBe(true);
    expect(hub.polling).toBe(false);
    const det = Detail.parse(await hub.detail({ rail: 'upi', brand: null, range: '1h', widthPx: 900 }));
    expect(det.panels.every((p) => p.freshness.status === 'error' && p.series.length === 0)).toBe(true);
    hub.close();
  });
});
