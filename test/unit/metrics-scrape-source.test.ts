// The direct-scrape source on the demo's real exposition (rendered in-process on a clock the
// test moves): derived values, the approval baseline, counter resets, partial and malformed
// scrapes, gaps in history, and the detail series it stores.
import { describe, expect, it } from 'vitest';
import { ScrapeSource } from '../../electron/core/metrics/scrape-source.ts';
import type { DataReading, Reading } from '../../electron/core/metrics/reading.ts';
import { DemoExporter, fakeFetch, refused } from '../helpers/metrics-fixtures.ts';

const signal = new AbortController().signal;

function setup(opts: { refreshSeconds?: number; rateWindowSeconds?: number; baseline?: { lookbackSeconds: number; excludeSeconds: number } } = {}) {
  const demo = new DemoExporter();
  let answer: () => Promise<{ status?: number; body: string } | Error> = async () => ({ body: await demo.render() });
  const fetchImpl = fakeFetch(() => answer());
  const source = new ScrapeSource({ url: 'http://gw.test/metrics', refreshSeconds: opts.refreshSeconds ?? 5, rateWindowSeconds: opts.rateWindowSeconds ?? 60, fetchImpl, baseline: opts.baseline });
  const poll = async (advanceMs = (opts.refreshSeconds ?? 5) * 1000): Promise<Reading> => {
    demo.now += advanceMs;
    return source.poll(demo.now, signal);
  };
  return { demo, source, fetchImpl, poll, answerWith: (a: typeof answer) => (answer = a), restore: () => (answer = async () => ({ body: await demo.render() })) };
}

const data = (r: Reading): DataReading => {
  if (r.kind !== 'data') throw new Error(`expected data, got ${JSON.stringify(r).slice(0, 200)}`);
  return r;
};
const tileOf = (r: DataReading, rail: string, brand: string | null = null) => r.tiles.find((t) => t.rail === rail && t.brand === brand)!;

describe('ScrapeSource', () => {
  it('warms up on the first scrape, then derives p95/p99, approval, requests/s, 5xx ratio and backlog per rail and rail × brand', async () => {
    const { poll, fetchImpl } = setup();
    expect((await poll()).kind).toBe('warming');
    const r = data(await poll());
    expect(fetchImpl.calls).toEqual(['http://gw.test/metrics', 'http://gw.test/metrics']);
    expect(r.rails).toEqual(['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards']);
    expect(r.brands).toEqual(['cricketking', 'lucky7', 'royalspin', 'teenpatti']);
    expect(r.tiles).toHaveLength(6 * 5);
    const upi = tileOf(r, 'upi');
    expect(upi.error).toBeNull();
    expect(upi.p99Ms).toBeGreaterThan(80);
    expect(upi.p99Ms).toBeLessThan(200);
    expect(upi.p95Ms).toBeLessThan(upi.p99Ms!);
    expect(upi.approval).toBeCloseTo(0.93, 1);
    // 22 req/s per brand weight, weights sum to 3.65; ±25 % jitter.
    expect(upi.requestsPerSecond).toBeGreaterThan(22 * 3.65 * 0.7);
    expect(upi.requestsPerSecond).toBeLessThan(22 * 3.65 * 1.3);
    const brand = tileOf(r, 'cards', 'lucky7');
    expect(brand.p99Ms).toBeGreaterThan(80);
    expect(brand.approval).toBeGreaterThan(0.7);
    expect(r.errorRatio.value).toBeGreaterThanOrEqual(0);
    expect(r.errorRatio.value).toBeLessThan(0.01);
    expect(r.backlog.value.map((b) => b.provider)).toEqual(['billdesk', 'cashfree', 'paytm-pg', 'payu', 'phonepe-pg', 'razorpay']);
  });

  it('a UPI spike shows in upi\'s p99 and not in cards\'; an approval drop shows against the trailing baseline', async () => {
    const { poll, demo } = setup({ baseline: { lookbackSeconds: 600, excludeSeconds: 60 } });
    for (let i = 0; i < 40; i++) await poll(); // 200 s of normal traffic
    const before = data(await poll());
    expect(tileOf(before, 'upi').approvalBaseline).toBeCloseTo(0.93, 1);
    demo.setScenario({ rails: { upi: { p99_ms: 450, p50_ms: 90, approval_rate: 0.6 } } });
    let r = before;
    for (let i = 0; i < 12; i++) r = data(await poll()); // a full 60 s window of the incident
    expect(tileOf(r, 'upi').p99Ms).toBeGreaterThan(200);
    expect(tileOf(r, 'upi', 'teenpatti').p99Ms).toBeGreaterThan(200);
    expect(tileOf(r, 'cards').p99Ms).toBeLessThan(200);
    expect(tileOf(r, 'upi').approval).toBeCloseTo(0.6, 1);
    // The baseline leaves the newest minute out, so the incident has not dragged it down yet.
    expect(tileOf(r, 'upi').approvalBaseline).toBeGreaterThan(0.85);
    expect(tileOf(r, 'upi').trend.length).toBeGreaterThan(20);
    expect(tileOf(r, 'upi').trend.length).toBeLessThanOrEqual(30);
    expect(tileOf(r, 'upi').trend.at(-1)![1]).toBeGreaterThan(200);
  });

  it('an exporter restart (counters back to zero) gives no negative or absurd rates', async () => {
    const s = setup();
    for (let i = 0; i < 6; i++) await s.poll();
    const fresh = new DemoExporter(99, s.demo.now);
    s.answerWith(async () => {
      fresh.now = s.demo.now;
      return { body: await fresh.render() };
    });
    for (let i = 0; i < 14; i++) {
      const r = data(await s.poll());
      for (const t of r.tiles) {
        expect(t.requestsPerSecond ?? 0, `${t.rail}/${t.brand}`).toBeGreaterThanOrEqual(0);
        expect(t.requestsPerSecond ?? 0).toBeLessThan(200);
        if (t.approval !== null) expect(t.approval).toBeGreaterThanOrEqual(0);
        if (t.approval !== null) expect(t.approval).toBeLessThanOrEqual(1);
        if (t.p99Ms !== null) expect(t.p99Ms).toBeGreaterThan(0);
      }
      expect(r.errorRatio.value ?? 0).toBeGreaterThanOrEqual(0);
    }
    expect(s.source.window.resets).toBeGreaterThan(100);
  });

  it('a malformed or non-200 scrape puts every panel in error with the reason; refused or timed out is "down"', async () => {
    const s = setup();
    await s.poll();
    data(await s.poll());
    const good = await s.demo.render();
    s.answerWith(async () => ({ body: good.slice(0, Math.floor(good.length / 2)) }));
    const bad = data(await s.poll());
    expect(bad.tiles.every((t) => t.error?.startsWith('malformed /metrics: line ') && t.p99Ms === null && t.approval === null)).toBe(true);
    expect(bad.errorRatio).toEqual({ value: null, error: expect.stringContaining('malformed') });
    expect(bad.backlog.error).toContain('malformed');
    s.answerWith(async () => ({ status: 500, body: '{"error":"injected fault"}' }));
    expect(data(await s.poll()).tiles[0]!.error).toBe('HTTP 500 from http://gw.test/metrics');
    s.answerWith(async () => refused());
    expect(await s.poll()).toMatchObject({ kind: 'down', error: expect.stringContaining('connection refused') });
    s.restore();
    expect(data(await s.poll()).tiles.every((t) => t.error === null)).toBe(true);
  });

  it('a scrape missing a family marks only what depends on it', async () => {
    const s = setup();
    const strip = async () => {
      const text = await s.demo.render();
      return { body: text.split('\n').filter((l) => !l.includes('webhook_backlog')).join('\n') };
    };
    s.answerWith(strip);
    await s.poll();
    const r = data(await s.poll());
    expect(r.backlog.error).toContain('no webhook_backlog');
    expect(r.tiles.every((t) => t.error === null)).toBe(true);
    expect(r.errorRatio.error).toBeNull();
    s.answerWith(async () => {
      const text = await s.demo.render();
      // One brand drops out of the histogram but not of the counters: its tiles are partial.
      return { body: text.split('\n').filter((l) => !(l.includes('_bucket') || l.includes('_sum') || l.includes('_count')) || !l.includes('brand="lucky7"')).join('\n') };
    });
    const partial = data(await s.poll());
    expect(tileOf(partial, 'upi', 'lucky7').error).toBe('no latency histogram for upi × lucky7 in the scrape');
    expect(tileOf(partial, 'upi', 'royalspin').error).toBeNull();
  });

  it('stores history with gaps where polls failed or paused, and serves it for detail at the native step', async () => {
    const s = setup();
    for (let i = 0; i < 20; i++) await s.poll();
    s.answerWith(async () => refused());
    await s.poll();
    await s.poll();
    s.restore();
    for (let i = 0; i < 10; i++) await s.poll();
    await s.poll(10 * 60_000); // the hub stopped polling for 10 minutes
    const r = await s.poll();
    expect(r.kind).toBe('data');
    const panels = await s.source.detail({ rail: 'upi', brand: null, range: '1h', widthPx: 900 }, s.demo.now);
    expect(panels.map((p) => p.id)).toEqual(['latency:upi:all', 'approval:upi:all']);
    const p99 = panels[0]!.series.find((x) => x.key === 'p99')!.points;
    expect(panels[0]!.stepSeconds).toBe(5);
    expect(panels[0]!.rawPoints).toBe(p99.length);
    const nulls = p99.map((p, i) => (p[1] === null ? i : -1)).filter((i) => i >= 0);
    expect(nulls.length).toBeGreaterThanOrEqual(3); // two failed polls and the pause
    expect(p99.at(-1)![1]).not.toBeNull();
    const all = await s.source.detail({ rail: null, brand: 'lucky7', range: '15m', widthPx: 900 }, s.demo.now);
    expect(all.map((p) => p.id)).toEqual(['p99:all:lucky7', 'p95:all:lucky7', 'approval:all:lucky7']);
    expect(all[2]!.series.map((x) => x.key)).toEqual(['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards']);
    expect(all[2]!.series[0]!.points.filter((p) => p[1] !== null).every((p) => p[1]! > 0.5 && p[1]! <= 1)).toBe(true);
  });
});
