// The direct-scrape source end to end through the core's ConsoleApi, against the real demo
// platform over HTTP, on one driven clock: the dashboard a window sees, one upstream poll per
// interval for 20 windows and walls, a UPI spike with its suggestion, and a platform that
// stops answering.
import { describe, expect, it } from 'vitest';
import { Dashboard, Detail } from '../../shared/metrics.ts';
import type { EventPayload } from '../../shared/api.ts';
import { call, value } from '../helpers/console.ts';
import { startMetricsRig } from '../helpers/metrics-rig.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const tile = (d: Dashboard, rail: string, brand: string | null = null) => d.tiles.find((t) => t.rail === rail && t.brand === brand)!;

describe('metrics from the demo platform\'s /metrics (direct scrape)', () => {
  it('one GET /metrics (and one health check each) per interval from the start, for 20 windows and walls asking at once or for nobody', async () => {
    const rig = await startMetricsRig(scratch);
    const ask20 = () => Promise.all(Array.from({ length: 20 }, (_, i) => call(rig.core, 'metrics.dashboard', {}, i % 2 ? 'wall' : 'operator')));
    // The core polled when it started, before anyone asked: the asks wait for that poll.
    const first = await ask20();
    expect(first.every((r) => r.ok)).toBe(true);
    expect(await rig.scrapes()).toBe(1);
    for (let i = 1; i <= 6; i++) {
      await rig.advance(5000);
      await ask20();
      expect(await rig.scrapes(), `after ${i} intervals`).toBe(i + 1);
    }
    // Nobody asks for two minutes: the history goes on at the same rhythm, never faster.
    for (let i = 1; i <= 24; i++) await rig.advance(5000);
    expect(await rig.scrapes()).toBe(31);
    const state = await rig.control.state();
    expect(state.requests.gateway['GET /health']).toBe(31);
    expect(state.requests.admin['GET /health']).toBe(31);
  });

  it('the dashboard a window sees: every rail × brand fresh, real numbers, healthy services, no suggestion', async () => {
    const rig = await startMetricsRig(scratch);
    const ticks: EventPayload<'metrics.tick'>[] = [];
    rig.core.events.subscribe((name, payload) => {
      if (name === 'metrics.tick') ticks.push(payload);
    });
    const loading = await value(rig.core, 'metrics.dashboard');
    // One scrape cannot give a rate: still loading, and says so.
    expect(loading.tiles.every((t) => t.freshness.status === 'loading')).toBe(true);
    for (let i = 0; i < 6; i++) {
      await rig.advance(5000);
      await value(rig.core, 'metrics.dashboard');
    }
    const d = Dashboard.parse(await value(rig.core, 'metrics.dashboard'));
    expect(d.source).toMatchObject({ kind: 'scrape', url: `${rig.demo.gatewayUrl}/metrics`, up: true, error: null, refreshSeconds: 5 });
    expect(d.brands).toEqual(['cricketking', 'lucky7', 'royalspin', 'teenpatti']);
    expect(d.tiles).toHaveLength(30);
    for (const t of d.tiles) {
      expect(t.freshness, `${t.rail}/${t.brand}`).toEqual({ status: 'ok', asOf: rig.timers.now, error: null });
      expect(t.p99Ms).toBeGreaterThan(50);
      expect(t.p99Ms).toBeLessThan(200);
      expect(t.approval).toBeGreaterThan(0.8);
      expect(t.breaches).toEqual([]);
    }
    expect(tile(d, 'upi').trend.length).toBeGreaterThan(3);
    expect(d.errorRatio.value).toBeLessThan(0.01);
    expect(d.webhookBacklog.providers).toHaveLength(6);
    expect(d.health.gateway).toMatchObject({ status: 'ok', components: { wallet: 'ok', admin_service: 'ok', postgres: 'ok', redis: 'ok' }, freshness: { status: 'ok' } });
    expect(d.health.admin).toMatchObject({ status: 'ok', freshness: { status: 'ok' } });
    expect(d.suggestions).toEqual([]);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks.at(-1)!.version).toBe(d.version);

    const det = Detail.parse(await value(rig.core, 'metrics.detail', { rail: 'upi', range: '15m', widthPx: 50 }));
    expect(det.panels.map((p) => p.id)).toEqual(['latency:upi:all', 'approval:upi:all']);
    // 6 polls with a rate, p99 and p95: 12 values.
    expect(det.panels[0]).toMatchObject({ unit: 'ms', threshold: 200, stepSeconds: 5, rawPoints: 12, freshness: { status: 'ok' } });
    expect(det.panels[0]!.series.map((s) => s.key)).toEqual(['p99', 'p95']);
  });

  it('a UPI latency spike (p99 450 ms) turns upi red with SEV2 rail-latency-spike (one rail, every brand); other rails stay quiet', async () => {
    const rig = await startMetricsRig(scratch);
    await value(rig.core, 'metrics.dashboard');
    for (let i = 0; i < 6; i++) await rig.advance(5000);
    await rig.control.send('gateway', 'POST', '/sim/scenario', { body: { rails: { upi: { p99_ms: 450, p50_ms: 90 } } } });
    for (let i = 0; i < 6; i++) {
      await value(rig.core, 'metrics.dashboard');
      await rig.advance(5000);
    }
    const d = await value(rig.core, 'metrics.dashboard');
    expect(tile(d, 'upi').p99Ms).toBeGreaterThan(200);
    expect(tile(d, 'upi').breaches).toContain('latency');
    expect(tile(d, 'upi', 'teenpatti').breaches).toContain('latency');
    expect(tile(d, 'cards').breaches).toEqual([]);
    expect(d.suggestions).toEqual([expect.objectContaining({ kind: 'latency', rail: 'upi', severity: 'SEV2', message: expect.stringContaining('on every brand'), runbookId: 'rail-latency-spike' })]);
    const det = await value(rig.core, 'metrics.detail', { rail: 'upi', range: '15m', widthPx: 900 });
    expect(det.panels[0]!.series[0]!.points.at(-1)![1]).toBeGreaterThan(200);
  });

  it('the platform stops: every panel STALE within two refresh intervals, last numbers kept, gateway down', async () => {
    const rig = await startMetricsRig(scratch);
    await value(rig.core, 'metrics.dashboard');
    for (let i = 0; i < 4; i++) await rig.advance(5000);
    const live = await value(rig.core, 'metrics.dashboard');
    expect(live.tiles.every((t) => t.freshness.status === 'ok')).toBe(true);
    await rig.demo.stop();
    const stoppedAt = rig.timers.now;
    let d = live;
    for (let i = 0; i < 2 && d.tiles.some((t) => t.freshness.status !== 'stale'); i++) {
      await rig.advance(5000);
      d = await value(rig.core, 'metrics.dashboard');
    }
    expect(rig.timers.now - stoppedAt).toBeLessThanOrEqual(2 * 5000);
    expect(d.tiles.map((t) => t.freshness.error)).toEqual(d.tiles.map(() => expect.stringMatching(/^source down: .*unreachable/)));
    expect(d.tiles.every((t) => t.freshness.status === "stale")).toBe(true);
    expect(tile(d, 'upi').p99Ms).toBe(tile(live, 'upi').p99Ms);
    expect(tile(d, 'upi').freshness.asOf).toBe(tile(live, 'upi').freshness.asOf);
    expect(d.source).toMatchObject({ up: false, lastSuccessAt: live.source.lastSuccessAt });
    expect(d.errorRatio.freshness.status).toBe('stale');
    expect(d.webhookBacklog.freshness.status).toBe('stale');
    expect(d.health.gateway.status).toBe('down');
    expect(d.health.admin.status).toBe('down');
    expect(d.suggestions).toEqual([expect.objectContaining({ kind: 'health', severity: 'SEV1', runbookId: 'incident-response' })]);
    expect(d.version).toBeGreaterThan(live.version);
  });
});
