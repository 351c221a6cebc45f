// A simulated day in seconds: the demo's real exposition on an accelerated clock, a wall that
// reads the dashboard on every poll and rotates its playlist, and three outages of the
// exporter. The wall shows STALE each time (never an old value as live), recovers each time,
// keeps rotating, and memory stays flat.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type Dashboard } from '../../shared/metrics.ts';
import { DEFAULT_WALL, slideAt } from '../../shared/wall.ts';
import { EventBus } from '../../electron/core/events.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { ScrapeSource } from '../../electron/core/metrics/scrape-source.ts';
import { MAX_SNAPSHOTS } from '../../electron/core/metrics/counter-window.ts';
import { DemoExporter, fakeFetch, ManualTimers, refused, START } from '../helpers/metrics-fixtures.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const REFRESH = 30;
const HOUR = 3_600_000;
const OUTAGES: [number, number][] = [
  [6 * HOUR, 6 * HOUR + 20 * 60_000],
  [12 * HOUR, 12 * HOUR + 45 * 60_000],
  [18 * HOUR, 18 * HOUR + 5 * 60_000],
];

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('a simulated day with three source outages', () => {
  it('shows STALE during each outage, recovers after each, keeps rotating, and memory stays flat', async () => {
    const timers = new ManualTimers(START);
    const demo = new DemoExporter(3, START);
    const inOutage = (t: number) => OUTAGES.some(([a, b]) => t - START >= a && t - START < b);
    const fetchImpl = fakeFetch(async () => {
      if (inOutage(timers.now)) return refused();
      demo.now = timers.now;
      return { body: await demo.render() };
    });
    fetchImpl.calls.push = () => 0; // a day of URLs is not what this test measures
    const source = new ScrapeSource({ url: 'http://gateway.test/metrics', refreshSeconds: REFRESH, rateWindowSeconds: 120, fetchImpl });
    const events = new EventBus();
    let ticks = 0;
    events.subscribe((...event) => {
      if (event[0] === 'metrics.tick') ticks++;
    });
    const hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: REFRESH, clock: timers.clock, timers, events, autoPoll: true });

    const slidesSeen = new Set<number>();
    const staleDuring = OUTAGES.map(() => false);
    const recoveredAfter = OUTAGES.map(() => false);
    let liveWhileDown = 0;
    let heapAt6h = 0;
    let last: Dashboard = await hub.dashboard();
    const end = START + 24 * HOUR;
    while (timers.now < end) {
      await timers.advance(REFRESH * 1000);
      last = await hub.dashboard(); // the wall reads on every tick
      slidesSeen.add(slideAt(timers.now, DEFAULT_WALL).index);
      const since = timers.now - START;
      const upi = last.tiles.find((t) => t.rail === 'upi' && t.brand === null)!;
      OUTAGES.forEach(([a, b], i) => {
        // Two refresh intervals into an outage the wall must say STALE (never an old value as live).
        if (since >= a + 2 * REFRESH * 1000 && since < b) {
          if (upi.freshness.status === 'ok') liveWhileDown++;
          if (last.tiles.every((t) => t.freshness.status === 'stale') && last.source.up === false) staleDuring[i] = true;
        }
        // Three intervals after it (one for the first scrape, one for a rate), live again.
        if (since >= b + 3 * REFRESH * 1000 && since < b + 10 * REFRESH * 1000 && last.tiles.every((t) => t.freshness.status === 'ok')) recoveredAfter[i] = true;
      });
      if (since === 6 * HOUR - REFRESH * 1000) heapAt6h = heapMb();
    }
    const heapAt24h = heapMb();

    expect(staleDuring).toEqual([true, true, true]);
    expect(recoveredAfter).toEqual([true, true, true]);
    expect(liveWhileDown).toBe(0);
    expect([...slidesSeen].sort()).toEqual([0, 1, 2, 3]);
    expect(hub.upstreamPolls).toBe(24 * 3600 / REFRESH + 1);
    expect(ticks).toBeGreaterThan(2000);
    // Bounded state: the rings are full (a day at 30 s) and the same size; the rate window small.
    expect(source.store.length).toBe(source.store.capacity);
    expect(source.store.capacity).toBe(2880);
    expect(source.window.snapshotCount).toBeLessThanOrEqual(MAX_SNAPSHOTS + 2);
    expect(heapAt24h - heapAt6h).toBeLessThan(5);
    // The day's history is there for the 24 h chart, downsampled, with the outages as gaps.
    const day = await hub.detail({ rail: 'upi', brand: null, range: '24h', widthPx: 1600 });
    const p99 = day.panels[0]!.series[0]!.points;
    expect(p99.length).toBeLessThanOrEqual(800);
    expect(day.panels[0]!.rawPoints).toBe(2880);
    expect(p99.filter((p) => p[1] === null).length).toBeGreaterThanOrEqual(3);
    for (const [a, b] of OUTAGES) {
      const inside = p99.filter((p) => p[0] - START > a + REFRESH * 1000 && p[0] - START < b);
      expect(inside.every((p) => p[1] === null)).toBe(true);
    }
    hub.close();
    expect(timers.pending).toBe(0);
  }, 180_000);
});
