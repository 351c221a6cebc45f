// The metrics source's own status is what its last answer says, not whether it connected: a
// /metrics (or a Prometheus API) answering HTTP 500 or garbage is FAILING, with the status,
// since its first failing answer, and the last good answer's time; it is UP again as soon as
// it answers properly. Real HTTP servers on 127.0.0.1: the demo platform, a fake Prometheus.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, Dashboard } from '../../shared/metrics.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { PrometheusSource } from '../../electron/core/metrics/prometheus-source.ts';
import { value } from '../helpers/console.ts';
import { startFakePrometheus, type FakePrometheus } from '../helpers/metrics-fake-prometheus.ts';
import { startMetricsRig, type MetricsRig } from '../helpers/metrics-rig.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const METRICS = { service: 'gateway' as const, method: 'GET' as const, path: '/metrics' };

/** Polls until the dashboard is live (rates need two scrapes); returns it and the time of its poll. */
async function warm(rig: MetricsRig): Promise<Dashboard> {
  await value(rig.core, 'metrics.dashboard');
  for (let i = 0; i < 3; i++) await rig.advance(5000);
  const d = Dashboard.parse(await value(rig.core, 'metrics.dashboard'));
  expect(d.tiles.every((t) => t.freshness.status === 'ok')).toBe(true);
  return d;
}

describe('direct scrape: /metrics answering HTTP 500, then recovering', () => {
  it('says FAILING with the status from the first 500, keeps since when and the last good answer, and is UP again when it recovers', async () => {
    const rig = await startMetricsRig(scratch);
    const live = await warm(rig);
    expect(live.source).toMatchObject({ state: 'up', error: null, failingSince: null, lastSuccessAt: rig.timers.now });
    const lastGood = rig.timers.now;

    await rig.control.setFaults([{ ...METRICS, mode: 'error500', times: 3 }]);
    await rig.advance(5000);
    const firstFailure = rig.timers.now;
    const failing = Dashboard.parse(await value(rig.core, 'metrics.dashboard'));
    const reason = `HTTP 500 from ${rig.demo.gatewayUrl}/metrics`;
    expect(failing.source).toMatchObject({ state: 'failing', error: reason, failingSince: firstFailure, lastSuccessAt: lastGood });
    expect(failing.version).toBeGreaterThan(live.version);

    // Still failing two polls later: since the FIRST failure, and the last success has not moved.
    await rig.advance(5000);
    await rig.advance(5000);
    const later = await value(rig.core, 'metrics.dashboard');
    expect(later.source).toMatchObject({ state: 'failing', error: reason, failingSince: firstFailure, lastSuccessAt: lastGood });
    expect(later.tiles.every((t) => t.freshness.status === 'error')).toBe(true);

    // The fault has run out: the next answer is good, the source is UP from that answer.
    await rig.advance(5000);
    const back = await value(rig.core, 'metrics.dashboard');
    expect(back.source).toMatchObject({ state: 'up', error: null, failingSince: null, lastSuccessAt: rig.timers.now });
  });

  it('a malformed body is FAILING too (it answered, not usably); a hang is DOWN; one run of failures keeps its first time', async () => {
    const rig = await startMetricsRig(scratch, { hub: { timeoutMs: 300 } });
    await warm(rig);
    const lastGood = rig.timers.now;
    await rig.control.setFaults([{ ...METRICS, mode: 'malformed' }]);
    await rig.advance(5000);
    const firstFailure = rig.timers.now;
    const garbled = await value(rig.core, 'metrics.dashboard');
    expect(garbled.source).toMatchObject({ state: 'failing', up: true, failingSince: firstFailure, lastSuccessAt: lastGood });
    expect(garbled.source.error).toMatch(/^malformed \/metrics: /);

    await rig.control.setFaults([{ ...METRICS, mode: 'hang' }]);
    await rig.advance(5000);
    const hung = await value(rig.core, 'metrics.dashboard');
    expect(hung.source).toMatchObject({ state: 'down', up: false, failingSince: firstFailure, lastSuccessAt: lastGood });
    expect(hung.source.error).toMatch(/no answer within \d+ ms/);

    await rig.control.clearFaults();
    await rig.advance(5000);
    expect((await value(rig.core, 'metrics.dashboard')).source).toMatchObject({ state: 'up', error: null, failingSince: null, lastSuccessAt: rig.timers.now });
  });
});

describe('Prometheus: its query API answering HTTP 500 or not JSON, then recovering', () => {
  let fake: FakePrometheus | undefined;
  let hub: MetricsHub | undefined;
  afterEach(async () => {
    hub?.close();
    await fake?.stop();
  });

  it('every query 500: FAILING with the status, since when, the last good answer; UP again after', async () => {
    let clock = Date.now();
    fake = await startFakePrometheus(() => clock);
    const source = new PrometheusSource({ url: fake.url, refreshSeconds: 5, rateWindowSeconds: 60, timeoutMs: 2000 });
    hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 5, clock: () => clock, autoPoll: false });
    await hub.pollOnce();
    expect((await hub.dashboard()).source).toMatchObject({ state: 'up', error: null, failingSince: null, lastSuccessAt: clock });
    const lastGood = clock;

    fake.override = () => ({ status: 500, body: '{"status":"error","errorType":"internal","error":"query engine panicked"}' });
    clock += 5000;
    const firstFailure = clock;
    await hub.pollOnce();
    clock += 5000;
    await hub.pollOnce();
    const failing = await hub.dashboard();
    expect(failing.source).toMatchObject({ state: 'failing', up: true, failingSince: firstFailure, lastSuccessAt: lastGood });
    expect(failing.source.error).toMatch(/^every query failed: HTTP 500: internal: query engine panicked/);

    // Not JSON at all (a proxy's error page) on some queries only: still the source failing, and how much of it.
    fake.override = (ask) => (ask.id === 'p99_by_rail' || ask.id === 'newest_sample' ? { status: 502, body: '<html>Bad Gateway</html>' } : undefined);
    clock += 5000;
    await hub.pollOnce();
    const some = await hub.dashboard();
    expect(some.source).toMatchObject({ state: 'failing', failingSince: firstFailure, lastSuccessAt: lastGood });
    expect(some.source.error).toMatch(/^\d+ of \d+ queries failed: HTTP 502: the answer is not JSON/);

    fake.override = () => undefined;
    clock += 5000;
    await hub.pollOnce();
    expect((await hub.dashboard()).source).toMatchObject({ state: 'up', error: null, failingSince: null, lastSuccessAt: clock });
  });

  it('a query Prometheus refuses as bad PromQL (HTTP 400) is that panel\'s error, not the source failing', async () => {
    fake = await startFakePrometheus();
    const source = new PrometheusSource({ url: fake.url, refreshSeconds: 5, rateWindowSeconds: 60, timeoutMs: 2000 });
    hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 5, autoPoll: false });
    fake.override = (ask) => (ask.id === 'webhook_backlog' ? { status: 400, body: '{"status":"error","errorType":"bad_data","error":"1:5: parse error"}' } : undefined);
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.webhookBacklog.freshness).toMatchObject({ status: 'error', error: expect.stringContaining('bad_data') });
    expect(d.source).toMatchObject({ state: 'up', error: null, failingSince: null });
  });
});
