// @vitest-environment happy-dom
// A simulated day in seconds: the demo's real exposition on an accelerated clock, the product's
// wall (its store and its view, rendered) reading the hub on every poll, and three outages of
// the exporter. The wall says STALE through each outage (never an old value as live), keeps
// rotating through its playlist while it does, is LIVE again after each, and memory stays flat.
import type { LeverStateSnapshot } from '../../shared/levers.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { act, cleanup, render } from '@testing-library/react';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ConsoleApi } from '../../shared/api.ts';
import { resultSchemas } from '../../shared/api.ts';
import { DEFAULT_THRESHOLDS, type Dashboard } from '../../shared/metrics.ts';
import { ok, type Result } from '../../shared/result.ts';
import { DEFAULT_WALL } from '../../shared/wall.ts';
import { EventBus } from '../../electron/core/events.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { ScrapeSource } from '../../electron/core/metrics/scrape-source.ts';
import { MAX_SNAPSHOTS } from '../../electron/core/metrics/counter-window.ts';
import { DemoExporter, fakeFetch, ManualTimers, refused, START } from '../helpers/metrics-fixtures.ts';

// The renderer talks to whatever transport the page was given (the Electron preload puts it on
// window.switchyard); here that transport answers from this test's hub, checked against the
// contract as dispatch checks it. Set before the renderer's modules load, as the preload is.
const wire: { hub: MetricsHub | null } = { hub: null };
const transport: Partial<ConsoleApi> = {
  'metrics.dashboard': async () => {
    if (!wire.hub) throw new Error('no hub yet');
    return resultSchemas['metrics.dashboard'].parse(ok(await wire.hub.dashboard())) as Result<Dashboard>;
  },
  'wall.config': async () => ok(DEFAULT_WALL),
  // The wall says LIVE only once the lever state was read too: a fresh read, nothing pulled.
  'levers.state': async () => {
    const at = new Date(Date.now()).toISOString();
    return ok({
      at,
      reachable: { admin: true, gateway: true },
      brands: [],
      targets: [{ lever: 'platform-freeze', target: 'platform', targetLabel: 'platform', engaged: false, detail: 'released', readAt: at, error: null }],
    } as unknown as LeverStateSnapshot);
  },
  on: () => () => {},
};
window.switchyard = transport as ConsoleApi;
const { useWall } = await import('../../renderer/src/features/wall/store.ts');
const { WallView } = await import('../../renderer/src/features/wall/WallPage.tsx');

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const REFRESH = 30;
const HOUR = 3_600_000;
const OUTAGES: [number, number][] = [
  [6 * HOUR, 6 * HOUR + 20 * 60_000],
  [12 * HOUR, 12 * HOUR + 45 * 60_000],
  [18 * HOUR, 18 * HOUR + 5 * 60_000],
];

/** What a person looking at the wall sees: the slide, its position, and LIVE or STALE. */
interface WallLook {
  title: string;
  position: string;
  status: string;
  /** Every panel's state as drawn: live, stale, loading. */
  states: string[];
}

function look(container: HTMLElement): WallLook {
  return {
    title: container.querySelector('h1')?.textContent ?? '',
    position: container.querySelector('[aria-label="Slide"]')?.textContent ?? '',
    status: container.querySelector('[data-testid="wall-status"]')?.textContent ?? '',
    // The metrics panels: the health checks (Gateway, Admin service) answer all day, so may be live.
    states: [...container.querySelectorAll('[data-state]')]
      .filter((e) => !['Gateway', 'Admin service'].includes(e.getAttribute('aria-label') ?? ''))
      .map((e) => e.getAttribute('data-state') ?? ''),
  };
}

afterAll(() => {
  cleanup();
  vi.useRealTimers();
  delete window.switchyard;
});

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('a simulated day with three source outages', () => {
  it('shows STALE during each outage, recovers after each, keeps rotating, and memory stays flat', async () => {
    const timers = new ManualTimers(START);
    // The renderer reads Date.now() when an answer arrives; it is on the simulated clock too.
    vi.useFakeTimers({ toFake: ['Date'], now: START });
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
    // The platform's health checks answer ok all day: the outages are the metrics source's.
    const health = async (now: number) => ({ at: now, gateway: { status: 'ok' as const, components: {}, outcome: 'answer' as const, error: null }, admin: { status: 'ok' as const, components: {}, outcome: 'answer' as const, error: null } });
    const hub = new MetricsHub({ source, health, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: REFRESH, clock: timers.clock, timers, events, autoPoll: true });
    wire.hub = hub;

    // The wall, as a display shows it: its store fetches, its view draws at the wall's clock.
    const wall = render(<WallView now={timers.now} />);
    const showWall = async (): Promise<WallLook> => {
      vi.setSystemTime(timers.now);
      await act(() => useWall.getState().refresh());
      await act(() => useWall.getState().refreshLevers());
      wall.rerender(<WallView now={timers.now} />);
      return look(wall.container);
    };
    const titles = new Set<string>();
    const positionsDuring = OUTAGES.map(() => new Set<string>());
    const staleWallDuring = OUTAGES.map(() => true);
    const liveWallAfter = OUTAGES.map(() => false);
    let livePanelsOnStaleWall = 0;

    const staleDuring = OUTAGES.map(() => false);
    const recoveredAfter = OUTAGES.map(() => false);
    let liveWhileDown = 0;
    let heapAt6h = 0;
    let last: Dashboard = await hub.dashboard();
    const end = START + 24 * HOUR;
    while (timers.now < end) {
      await timers.advance(REFRESH * 1000);
      last = await hub.dashboard(); // the wall reads on every tick
      const since = timers.now - START;
      // The wall is drawn from just before each outage to well after it (drawing all day would
      // triple the run time and show nothing these windows do not).
      const watching = OUTAGES.some(([a, b]) => since >= a - 2 * REFRESH * 1000 && since < b + 10 * REFRESH * 1000);
      const seen = watching ? await showWall() : null;
      if (seen) titles.add(seen.title);
      const upi = last.tiles.find((t) => t.rail === 'upi' && t.brand === null)!;
      OUTAGES.forEach(([a, b], i) => {
        // Two refresh intervals into an outage the wall must say STALE (never an old value as live).
        if (since >= a + 2 * REFRESH * 1000 && since < b) {
          if (upi.freshness.status === 'ok') liveWhileDown++;
          if (last.tiles.every((t) => t.freshness.status === 'stale') && last.source.up === false) staleDuring[i] = true;
          // What the wall shows: STALE in its header, no panel drawn as live, and still rotating.
          if (!seen?.status.startsWith('▲ STALE')) staleWallDuring[i] = false;
          livePanelsOnStaleWall += seen?.states.filter((st) => st === 'live').length ?? 0;
          if (seen) positionsDuring[i]!.add(seen.position);
        }
        if (since >= b + 3 * REFRESH * 1000 && since < b + 10 * REFRESH * 1000 && seen?.status === '● LIVE') liveWallAfter[i] = true;
        // Three intervals after it (one for the first scrape, one for a rate), live again.
        if (since >= b + 3 * REFRESH * 1000 && since < b + 10 * REFRESH * 1000 && last.tiles.every((t) => t.freshness.status === 'ok')) recoveredAfter[i] = true;
      });
      if (since === 6 * HOUR - REFRESH * 1000) heapAt6h = heapMb();
    }
    const heapAt24h = heapMb();

    expect(staleDuring).toEqual([true, true, true]);
    expect(recoveredAfter).toEqual([true, true, true]);
    expect(liveWhileDown).toBe(0);
    // The rendered wall: STALE through every outage with nothing drawn live, rotating through all
    // four slides of its playlist during each one, and LIVE again after each.
    expect(staleWallDuring).toEqual([true, true, true]);
    expect(livePanelsOnStaleWall).toBe(0);
    expect(positionsDuring.map((p) => [...p].sort())).toEqual(OUTAGES.map(() => ['1 / 4', '2 / 4', '3 / 4', '4 / 4']));
    expect(liveWallAfter).toEqual([true, true, true]);
    expect([...titles].sort()).toEqual(['Cards rail', 'Rails × brands', 'Services', 'UPI rail']);
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
    // Every value of the day's p99 and p95, the outages' gaps not counted.
    const values = (key: string) => source.store.range(key, START, end).filter((p) => p[1] !== null).length;
    expect(values('p99|upi|*')).toBeGreaterThan(2700);
    expect(day.panels[0]!.rawPoints).toBe(values('p99|upi|*') + values('p95|upi|*'));
    expect(p99.filter((p) => p[1] === null).length).toBeGreaterThanOrEqual(3);
    for (const [a, b] of OUTAGES) {
      const inside = p99.filter((p) => p[0] - START > a + REFRESH * 1000 && p[0] - START < b);
      expect(inside.every((p) => p[1] === null)).toBe(true);
    }
    hub.close();
    expect(timers.pending).toBe(0);
  }, 180_000);
});
