// The demo platform's /metrics misbehaving (its /sim/faults modes) under the direct-scrape
// source: a truncated or failing answer never draws numbers, a hanging one reads as down.
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/metrics.ts';
import { value } from '../helpers/console.ts';
import { startMetricsRig, type MetricsRig } from '../helpers/metrics-rig.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const METRICS = { service: 'gateway' as const, method: 'GET' as const, path: '/metrics' };

async function warm(rig: MetricsRig): Promise<Dashboard> {
  await value(rig.core, 'metrics.dashboard');
  for (let i = 0; i < 4; i++) await rig.advance(5000);
  return value(rig.core, 'metrics.dashboard');
}

const upi = (d: Dashboard) => d.tiles.find((t) => t.rail === 'upi' && t.brand === null)!;

describe('metrics when the exporter misbehaves', () => {
  it('a truncated /metrics (fault "malformed") puts every panel in error, hides the previous numbers and raises nothing', async () => {
    const rig = await startMetricsRig(scratch);
    await rig.control.send('gateway', 'POST', '/sim/scenario', { body: { rails: { upi: { p99_ms: 450, p50_ms: 90 } } } });
    const before = await warm(rig);
    expect(upi(before).breaches).toEqual(['latency']);
    expect(before.suggestions.length).toBeGreaterThan(0);

    await rig.control.setFaults([{ ...METRICS, mode: 'malformed' }]);
    await rig.advance(5000);
    const d = await value(rig.core, 'metrics.dashboard');
    for (const t of d.tiles) {
      expect(t.freshness.status, `${t.rail}/${t.brand}`).toBe('error');
      expect(t.freshness.error).toMatch(/^malformed \/metrics: line \d+: /);
      expect([t.p99Ms, t.p95Ms, t.approval, t.approvalBaseline, t.requestsPerSecond]).toEqual([null, null, null, null, null]);
      expect(t.trend).toEqual([]);
      expect(t.breaches).toEqual([]);
    }
    expect(d.errorRatio).toMatchObject({ value: null, freshness: { status: 'error' } });
    expect(d.webhookBacklog).toMatchObject({ providers: [], freshness: { status: 'error' } });
    expect(d.suggestions).toEqual([]);
    expect(d.source.up).toBe(true); // it answered: the answer was bad, which is not "down"
    const det = await value(rig.core, 'metrics.detail', { rail: 'upi', range: '1h', widthPx: 900 });
    expect(det.panels.every((p) => p.freshness.status === 'error' && p.series.length === 0)).toBe(true);

    await rig.control.clearFaults();
    await rig.advance(5000);
    const back = await value(rig.core, 'metrics.dashboard');
    expect(back.tiles.every((t) => t.freshness.status === 'ok')).toBe(true);
    expect(upi(back).p99Ms).toBeGreaterThan(200);
  });

  it('HTTP 500 from /metrics: every panel in error, naming the status', async () => {
    const rig = await startMetricsRig(scratch);
    await warm(rig);
    await rig.control.setFaults([{ ...METRICS, mode: 'error500' }]);
    await rig.advance(5000);
    const d = await value(rig.core, 'metrics.dashboard');
    expect(d.tiles.every((t) => t.freshness.status === 'error' && t.freshness.error === `HTTP 500 from ${rig.demo.gatewayUrl}/metrics`)).toBe(true);
  });

  it('a hanging /metrics is "down" after the timeout: panels STALE with the last numbers, the platform not piled up with requests', async () => {
    const rig = await startMetricsRig(scratch, { hub: { timeoutMs: 300 } });
    const live = await warm(rig);
    const scrapes = await rig.scrapes();
    await rig.control.setFaults([{ ...METRICS, mode: 'hang' }]);
    await rig.advance(5000);
    await rig.advance(5000);
    const d = await value(rig.core, 'metrics.dashboard');
    expect(d.source).toMatchObject({ up: false, error: expect.stringMatching(/no answer within \d+ ms/) });
    expect(d.tiles.every((t) => t.freshness.status === 'stale')).toBe(true);
    expect(upi(d).p99Ms).toBe(upi(live).p99Ms);
    // One request per interval, each abandoned at its timeout: no pile-up.
    expect((await rig.scrapes()) - scrapes).toBe(2);
  });
});
