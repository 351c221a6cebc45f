// The direct scrape's history belongs to the core, not to whichever page is open: the hub
// polls from the moment the console starts, one scrape per interval whether or not anyone
// asks, into a bounded store, and every chart says where its data begins. Real ScrapeSource
// on the demo's own exposition; the hub's clock and timers are moved by hand.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, Detail, type DetailPanel, type Point } from '../../shared/metrics.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { ScrapeSource } from '../../electron/core/metrics/scrape-source.ts';
import { DemoExporter, fakeFetch, ManualTimers, refused, START } from '../helpers/metrics-fixtures.ts';
import { waitFor } from '../helpers/wait.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The console's first poll: one interval after it started (its own start goes first). */
const FIRST = START + 5000;

/** A console started at START that nobody looks at: no dashboard() or detail() call until the test makes one. */
function idleConsole(opts: { refreshSeconds?: number; downUntil?: number; autoPoll?: boolean } = {}) {
  const refreshSeconds = opts.refreshSeconds ?? 5;
  const timers = new ManualTimers(START);
  const demo = new DemoExporter(5, START);
  const fetchImpl = fakeFetch(async () => {
    if (timers.now < (opts.downUntil ?? -Infinity)) return refused();
    demo.now = timers.now;
    return { body: await demo.render() };
  });
  const source = new ScrapeSource({ url: 'http://gateway.test/metrics', refreshSeconds, rateWindowSeconds: 60, fetchImpl });
  const hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds, clock: timers.clock, timers, autoPoll: opts.autoPoll });
  // A poll is over when it has scheduled the next one (the hub schedules only after finishing).
  const settle = () => waitFor('the poll to finish and schedule the next', () => timers.pending > 0 || undefined, { timeoutMs: 5000, intervalMs: 1 });
  return { timers, source, hub, fetchImpl, settle, run: (ms: number) => timers.advance(ms, settle) };
}

const values = (points: readonly Point[]) => points.filter((p) => p[1] !== null).length;
const sent = (p: DetailPanel) => p.series.reduce((n, s) => n + values(s.points), 0);

describe('the direct scrape keeps history while the console runs, watched or not', () => {
  it('polls from the start with nobody asking: one scrape per interval, and a chart opened ten minutes later has all ten, unbroken', async () => {
    const c = idleConsole();
    expect(c.hub.polling).toBe(true);
    await c.run(10 * MINUTE);
    // One upstream poll per interval, as with one Dashboard open: 120 intervals.
    expect(c.fetchImpl.calls.length).toBe(120);
    expect(c.hub.upstreamPolls).toBe(120);
    expect(c.source.store.length).toBe(119); // the first scrape only warms the rates

    const d = Detail.parse(await c.hub.detail({ rail: 'upi', brand: null, range: '15m', widthPx: 2000 }));
    expect(c.fetchImpl.calls.length).toBe(120); // asking polls nothing more
    const latency = d.panels[0]!;
    const [p99, p95] = latency.series;
    expect(p99!.points).toHaveLength(119);
    expect(p99!.points[0]![0]).toBe(FIRST + 5000);
    expect(p99!.points.at(-1)![0]).toBe(START + 10 * MINUTE);
    expect(values(p99!.points)).toBe(119); // no gap: the core never stopped
    expect(values(p95!.points)).toBe(119);
    // Where the data begins, and why: the 15 min chart is 10 min old.
    expect(latency.historyStart).toEqual({ at: FIRST, why: 'console-started' });
    expect(latency.rawPoints).toBe(238);
    c.hub.close();
    expect(c.timers.pending).toBe(0);
  });

  it('reports where data begins only for a range the history does not fill yet', async () => {
    const c = idleConsole();
    await c.run(20 * MINUTE);
    const short = await c.hub.detail({ rail: null, brand: null, range: '15m', widthPx: 900 });
    expect(short.panels.map((p) => p.historyStart)).toEqual([null, null, null]);
    const long = await c.hub.detail({ rail: null, brand: null, range: '1h', widthPx: 900 });
    expect(long.panels.map((p) => p.historyStart)).toEqual(long.panels.map(() => ({ at: FIRST, why: 'console-started' })));
    c.hub.close();
  });

  it('dates the history from the first poll even when the platform did not answer it: the failed minutes are a gap, not a later start', async () => {
    const c = idleConsole({ downUntil: START + 2 * MINUTE });
    await c.run(5 * MINUTE);
    const d = await c.hub.detail({ rail: 'cards', brand: null, range: '15m', widthPx: 2000 });
    const p99 = d.panels[0]!.series[0]!.points;
    expect(d.panels[0]!.historyStart).toEqual({ at: FIRST, why: 'console-started' });
    expect(p99[0]![0]).toBeGreaterThanOrEqual(START + 2 * MINUTE); // nothing was fetched before
    expect(values(p99)).toBe(p99.length);
    c.hub.close();
  });

  it('keeps a bounded history: after a day the ring is full and stays the same size, and the 24 h chart says it begins at the oldest poll kept', async () => {
    const c = idleConsole({ refreshSeconds: 300 }); // 288 polls a day: a full ring in a quick test
    await c.run(25 * HOUR);
    const store = c.source.store;
    expect(store.capacity).toBe(288);
    expect(store.length).toBe(store.capacity);
    const bytes = store.bytes;
    const series = store.seriesCount;
    await c.run(6 * HOUR);
    expect(store.length).toBe(store.capacity);
    expect(store.bytes).toBe(bytes);
    expect(store.seriesCount).toBe(series);
    expect(c.hub.upstreamPolls).toBe(31 * 12);

    const d = Detail.parse(await c.hub.detail({ rail: 'upi', brand: 'lucky7', range: '24h', widthPx: 2000 }));
    const latency = d.panels[0]!;
    const oldest = c.timers.now - (store.capacity - 1) * 300_000;
    expect(latency.historyStart).toEqual({ at: oldest, why: 'retention' });
    expect(latency.series[0]!.points[0]![0]).toBe(oldest);
    expect(values(latency.series[0]!.points)).toBe(store.capacity);
    expect(latency.rawPoints).toBe(2 * store.capacity);
    c.hub.close();
  });
});

describe('"N of M points" is true', () => {
  it('counts values over every series of a panel, before and after downsampling', async () => {
    // Polled by hand here: this is about the counting, whoever drives the polls.
    const c = idleConsole({ autoPoll: false });
    for (let i = 0; i <= 120; i++) {
      await c.hub.pollOnce();
      if (i < 120) await c.timers.advance(5000);
    }
    // 100 px: about 50 points per series, for 6 series of 120 values each.
    const narrow = await c.hub.detail({ rail: null, brand: null, range: '15m', widthPx: 100 });
    for (const p of narrow.panels) {
      expect(p.series).toHaveLength(6);
      expect(p.rawPoints, p.id).toBe(6 * 120);
      expect(sent(p)).toBeLessThanOrEqual(6 * 50);
      expect(sent(p)).toBeGreaterThan(6 * 40);
    }
    const wide = await c.hub.detail({ rail: null, brand: null, range: '15m', widthPx: 2000 });
    expect(wide.panels.map((p) => [sent(p), p.rawPoints])).toEqual(wide.panels.map(() => [720, 720]));
    c.hub.close();
  });
});
