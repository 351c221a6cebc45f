// Bad answers from a Prometheus-compatible API, one query at a time: each marks exactly the
// panels that depend on that query 'error' with the reason and shows none of its numbers
// (nor the previous good ones); the rest of the dashboard carries on.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type Dashboard } from '../../shared/metrics.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { PrometheusSource } from '../../electron/core/metrics/prometheus-source.ts';
import { mutated, startFakePrometheus, type Ask, type FakePrometheus, type Override, type QueryId } from '../helpers/metrics-fake-prometheus.ts';

let fake: FakePrometheus;
let hub: MetricsHub;

afterEach(async () => {
  hub?.close();
  await fake?.stop();
});

async function setup() {
  fake = await startFakePrometheus();
  const source = new PrometheusSource({ url: fake.url, refreshSeconds: 5, rateWindowSeconds: 60, timeoutMs: 400, baseline: { lookbackSeconds: 3600, excludeSeconds: 300 } });
  hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 5, autoPoll: false });
  await hub.pollOnce();
  const good = await hub.dashboard();
  expect(good.tiles.every((t) => t.freshness.status === 'ok')).toBe(true);
  return good;
}

const railTiles = (d: Dashboard) => d.tiles.filter((t) => t.brand === null);
const brandTiles = (d: Dashboard) => d.tiles.filter((t) => t.brand !== null);
const only = (id: QueryId, o: (ask: Ask) => Override, endpoint: Ask['endpoint'] = 'query') => (ask: Ask) => (ask.id === id && ask.endpoint === endpoint ? o(ask) : undefined);
const now = () => Date.now();

const BAD_ANSWERS: [string, (ask: Ask) => Override, RegExp][] = [
  ['status error (HTTP 422 bad_data)', () => ({ status: 422, body: '{"status":"error","errorType":"bad_data","error":"1:1: parse error: unexpected character"}' }), /HTTP 422: bad_data: 1:1: parse error/],
  ['HTTP 503 with an HTML page', () => ({ status: 503, body: '<html><body>Service Unavailable</body></html>' }), /HTTP 503: the answer is not JSON/],
  ['HTTP 500 with a success body', (a) => ({ status: 500, body: mutated(a, now, () => undefined) }), /HTTP 500/],
  ['a value that is not a number', (a) => ({ body: mutated(a, now, (b) => ((b.data.result[0] as { value: unknown[] }).value[1] = 'fast', b)) }), /malformed answer: data\.result\.0\.value\.1: is not a number/],
  ['a value as a JSON number instead of a string', (a) => ({ body: mutated(a, now, (b) => ((b.data.result[0] as { value: unknown[] }).value[1] = 0.12, b)) }), /malformed answer: data\.result\.0\.value\.1/],
  ['a timestamp as a string', (a) => ({ body: mutated(a, now, (b) => ((b.data.result[0] as { value: unknown[] }).value[0] = '1700000000', b)) }), /malformed answer: data\.result\.0\.value\.0/],
  ['a missing series (one rail absent)', (a) => ({ body: mutated(a, now, (b) => (b.data.result = b.data.result.filter((s) => (s as { metric: { rail: string } }).metric.rail !== 'upi'), b)) }), /partial answer: p99_by_rail has no series for rail="upi"/],
  ['the same rail twice', (a) => ({ body: mutated(a, now, (b) => (b.data.result.push(b.data.result[0]), b)) }), /malformed answer: p99_by_rail has two series for upi/],
  ['a matrix where a vector belongs', (a) => ({ body: mutated(a, now, (b) => ({ status: 'success', data: { resultType: 'matrix', result: [] } })) }), /expected a vector/],
  ['an unknown resultType', () => ({ body: '{"status":"success","data":{"resultType":"histogram","result":[]}}' }), /malformed answer: data\.resultType/],
  ['truncated JSON', (a) => ({ body: mutated(a, now, () => undefined).slice(0, 40) }), /not JSON/],
  ['a partial answer with warnings (Thanos/Mimir partial response)', (a) => ({ body: mutated(a, now, (b) => ({ ...b, warnings: ['store 10.0.0.3:10901 unavailable'] })) }), /partial answer: store 10\.0\.0\.3:10901 unavailable/],
  ['no answer in time', () => 'hang', /no answer within \d+ ms/],
];

describe('Prometheus answers that must not be drawn', () => {
  it.each(BAD_ANSWERS)('p99_by_rail: %s → the rail tiles are in error, the rail × brand tiles are fine', async (_name, bad, reason) => {
    const good = await setup();
    fake.override = only('p99_by_rail', bad);
    await hub.pollOnce();
    const d = await hub.dashboard();
    // A missing series harms only the rail it is missing for.
    const affected = /missing series/.test(_name) ? railTiles(d).filter((t) => t.rail === 'upi') : railTiles(d);
    expect(railTiles(d).filter((t) => !affected.includes(t)).every((t) => t.freshness.status === 'ok' && t.p99Ms === 120)).toBe(true);
    for (const t of affected) {
      expect(t.freshness.status, t.rail).toBe('error');
      expect(t.freshness.error).toMatch(reason);
      expect([t.p99Ms, t.p95Ms, t.approval, t.requestsPerSecond]).toEqual([null, null, null, null]);
      expect(t.trend).toEqual([]);
    }
    expect(brandTiles(d).every((t) => t.freshness.status === 'ok' && t.p99Ms === 125)).toBe(true);
    expect(d.errorRatio.freshness.status).toBe('ok');
    expect(d.source.up).toBe(true);
    expect(d.version).toBeGreaterThan(good.version);
    // Fixed upstream: the numbers come back.
    fake.override = () => undefined;
    await hub.pollOnce();
    expect(railTiles(await hub.dashboard()).every((t) => t.freshness.status === 'ok' && t.p99Ms === 120)).toBe(true);
  });

  it('each query marks only what depends on it', async () => {
    await setup();
    const broken = { status: 500, body: '{"status":"error","errorType":"internal","error":"boom"}' };
    const expectations: [QueryId, (d: Dashboard) => void][] = [
      ['approval_by_rail_brand', (d) => {
        expect(brandTiles(d).every((t) => t.freshness.status === 'error')).toBe(true);
        expect(railTiles(d).every((t) => t.freshness.status === 'ok')).toBe(true);
      }],
      ['rps_by_rail_brand', (d) => expect(d.tiles.every((t) => t.freshness.status === 'error')).toBe(true)],
      ['error_ratio', (d) => {
        expect(d.errorRatio).toMatchObject({ value: null, freshness: { status: 'error', error: 'error_ratio: HTTP 500: internal: boom' } });
        expect(d.tiles.every((t) => t.freshness.status === 'ok')).toBe(true);
      }],
      ['webhook_backlog', (d) => {
        expect(d.webhookBacklog).toMatchObject({ providers: [], freshness: { status: 'error' } });
        expect(d.errorRatio.freshness.status).toBe('ok');
      }],
      ['newest_sample', (d) => {
        expect(d.tiles.every((t) => t.freshness.status === 'error' && /the age of the data is unknown/.test(t.freshness.error!))).toBe(true);
        expect(d.errorRatio.freshness.status).toBe('error');
      }],
    ];
    for (const [id, check] of expectations) {
      fake.override = only(id, () => broken);
      await hub.pollOnce();
      check(await hub.dashboard());
    }
  });

  it('the trend and the baseline are answers too: a bad range answer puts the tiles in error', async () => {
    await setup();
    fake.override = only('p99_by_rail_brand', (a) => ({ body: mutated(a, now, (b) => ((b.data.result[2] as { values: unknown[] }).values.reverse(), b)) }), 'query_range');
    await hub.pollOnce();
    let d = await hub.dashboard();
    expect(brandTiles(d).map((t) => t.freshness.error)).toEqual(brandTiles(d).map(() => 'p99_by_rail_brand (trend): malformed answer: sample times are not ascending'));
    expect(railTiles(d).every((t) => t.freshness.status === 'ok')).toBe(true);
    fake.override = () => undefined;
    await hub.pollOnce();
    d = await hub.dashboard();
    expect(d.tiles.every((t) => t.freshness.status === 'ok')).toBe(true);
  });

  it('a failed baseline query puts the tiles in error and is asked again at the next poll, not cached', async () => {
    fake = await startFakePrometheus();
    fake.override = only('approval_by_rail', () => ({ status: 503, body: 'overloaded' }), 'query_range');
    const source = new PrometheusSource({ url: fake.url, refreshSeconds: 5, rateWindowSeconds: 60 });
    hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 5, autoPoll: false });
    await hub.pollOnce();
    let d = await hub.dashboard();
    expect(railTiles(d).every((t) => t.freshness.status === 'error' && /^approval_by_rail \(baseline\): HTTP 503/.test(t.freshness.error!))).toBe(true);
    expect(brandTiles(d).every((t) => t.freshness.status === 'ok' && Math.abs(t.approvalBaseline! - 0.92) < 1e-9)).toBe(true);
    fake.override = () => undefined;
    await hub.pollOnce();
    d = await hub.dashboard();
    expect(railTiles(d).every((t) => t.freshness.status === 'ok' && Math.abs(t.approvalBaseline! - 0.93) < 1e-9)).toBe(true);
    const baselineAsks = fake.asks.filter((a) => a.endpoint === 'query_range' && a.id === 'approval_by_rail').length;
    await hub.pollOnce();
    expect(fake.asks.filter((a) => a.endpoint === 'query_range' && a.id === 'approval_by_rail').length).toBe(baselineAsks); // good ones are cached a minute
  });

  it('an empty error ratio is 0 when the gateway counts requests, an error when it does not', async () => {
    await setup();
    const empty = (a: Ask) => ({ body: mutated(a, now, (b) => ((b.data.result = []), b)) });
    fake.override = only('error_ratio', empty);
    await hub.pollOnce();
    expect((await hub.dashboard()).errorRatio).toMatchObject({ value: 0, freshness: { status: 'ok' } });
    fake.override = (a) => (a.id === 'error_ratio' || a.id === 'gateway_rps' ? empty(a) : undefined);
    await hub.pollOnce();
    expect((await hub.dashboard()).errorRatio).toMatchObject({ value: null, freshness: { status: 'error', error: expect.stringContaining('partial answer') } });
  });

  it('detail: a bad query_range puts its panels in error with nothing drawn; the other panels still draw', async () => {
    await setup();
    fake.override = only('p95_by_rail', (a) => ({ body: mutated(a, now, (b) => ((b.data.result[1] as { values: unknown[][] }).values[3]![1] = '12,5', b)) }), 'query_range');
    const det = await hub.detail({ rail: null, brand: null, range: '1h', widthPx: 900 });
    const byId = Object.fromEntries(det.panels.map((p) => [p.id, p]));
    expect(byId['p95:all:all']).toMatchObject({ series: [], freshness: { status: 'error', error: expect.stringContaining('is not a number') } });
    expect(byId['p99:all:all']!.freshness.status).toBe('ok');
    expect(byId['p99:all:all']!.series).toHaveLength(6);
    expect(byId['approval:all:all']!.series[0]!.points.every((p) => p[1] === 0.93)).toBe(true);
    // The query Prometheus got was narrowed to the rail and brand asked for.
    await hub.detail({ rail: 'upi', brand: 'lucky7', range: '15m', widthPx: 900 });
    const narrowed = fake.asks.filter((a) => a.endpoint === 'query_range' && a.query.includes('rail="upi",brand="lucky7"'));
    expect(narrowed.map((a) => a.id).sort()).toEqual(['approval_by_rail_brand', 'p95_by_rail_brand', 'p99_by_rail_brand']);
    expect(narrowed.find((a) => a.id === 'approval_by_rail_brand')!.query).toContain('payment_rail_requests_total{rail="upi",brand="lucky7",outcome="approved"}[60s]');
  });
});

describe('Prometheus down or behind', () => {
  it('Prometheus unreachable: source down, every panel STALE with the last numbers', async () => {
    await setup();
    await fake.stop();
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.source).toMatchObject({ up: false, error: expect.stringMatching(/unreachable/) });
    expect(d.tiles.every((t) => t.freshness.status === 'stale' && t.p99Ms !== null)).toBe(true);
  });

  it('no recent samples (the exporter Prometheus scrapes is down): STALE, saying so', async () => {
    await setup();
    fake.override = only('newest_sample', (a) => ({ body: mutated(a, now, (b) => ((b.data.result = []), b)) }));
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.source).toMatchObject({ up: false, error: expect.stringContaining('no recent samples') });
    expect(d.tiles.every((t) => t.freshness.status === 'stale')).toBe(true);
  });

  it('a Prometheus that scrapes every 15 s while we refresh every 5 s is not called STALE between its scrapes', async () => {
    let clock = Date.now();
    fake = await startFakePrometheus(() => clock);
    const scrapedAt = () => Math.floor(clock / 15_000) * 15_000 - 500;
    fake.override = only('newest_sample', (a) => ({ body: mutated(a, () => clock, (b) => (((b.data.result[0] as { value: unknown[] }).value[1] = String(scrapedAt() / 1000)), b)) }));
    const source = new PrometheusSource({ url: fake.url, refreshSeconds: 5, rateWindowSeconds: 60 });
    hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 5, clock: () => clock, autoPoll: false });
    for (let i = 0; i < 12; i++) {
      await hub.pollOnce();
      const d = await hub.dashboard();
      expect(d.tiles.every((t) => t.freshness.status === 'ok'), `poll ${i}, data ${clock - scrapedAt()} ms old`).toBe(true);
      clock += 5000;
    }
    // The scrapes stop (Prometheus still answers, the newest sample stops moving): STALE after two of its intervals.
    const frozen = scrapedAt();
    fake.override = only('newest_sample', (a) => ({ body: mutated(a, () => clock, (b) => (((b.data.result[0] as { value: unknown[] }).value[1] = String(frozen / 1000)), b)) }));
    clock = frozen + 30_000 + 1;
    await hub.pollOnce();
    expect((await hub.dashboard()).tiles.every((t) => t.freshness.status === 'stale')).toBe(true);
  });

  it('samples older than two intervals: STALE, as old as they are', async () => {
    await setup();
    const old = Math.floor(Date.now() / 1000) - 120;
    fake.override = only('newest_sample', (a) => ({ body: mutated(a, now, (b) => (((b.data.result[0] as { value: unknown[] }).value[1] = String(old)), b)) }));
    await hub.pollOnce();
    const d = await hub.dashboard();
    expect(d.tiles.every((t) => t.freshness.status === 'stale' && t.freshness.asOf === old * 1000)).toBe(true);
    expect(d.suggestions).toEqual([]);
  });
});
