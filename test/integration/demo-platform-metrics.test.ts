import { describe, expect, it } from 'vitest';
import { within } from '../helpers/wait.ts';
import { depositBody, parseExposition, quantileBetween, scrape, setScenario, total, usePlatforms, type Exposition } from './demo-platform-kit.ts';

const start = usePlatforms();
const RAILS = ['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards'];
const BRANDS = ['royalspin', 'lucky7', 'cricketking', 'teenpatti'];
const PROVIDERS = ['razorpay', 'payu', 'cashfree', 'paytm-pg', 'phonepe-pg', 'billdesk'];
const HIST = 'payment_rail_request_duration_seconds';
const MINUTE = 60_000;

const delta = (a: Exposition, b: Exposition, name: string, want: Record<string, string> = {}) => total(b, name, want) - total(a, name, want);
const approvalBetween = (a: Exposition, b: Exposition, rail: string) =>
  delta(a, b, 'payment_rail_requests_total', { rail, outcome: 'approved' }) / delta(a, b, 'payment_rail_requests_total', { rail });

describe('demo gateway /metrics: the exposition', () => {
  it('is Prometheus text with exactly the contract\'s metric names and labels', async () => {
    const p = await start();
    p.advance(MINUTE);
    const r = await p.gateway('/metrics');
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const e = parseExposition(r.text);
    expect(Object.fromEntries(e.types)).toEqual({
      [HIST]: 'histogram',
      payment_rail_requests_total: 'counter',
      gateway_http_requests_total: 'counter',
      webhook_backlog: 'gauge',
    });
    const labelSets = new Map<string, Set<string>>();
    for (const s of e.samples) {
      const keys = Object.keys(s.labels).sort().join(',');
      labelSets.set(s.name, (labelSets.get(s.name) ?? new Set()).add(keys));
    }
    expect(Object.fromEntries([...labelSets].map(([n, sets]) => [n, [...sets]]))).toEqual({
      [`${HIST}_bucket`]: ['brand,le,rail'],
      [`${HIST}_sum`]: ['brand,rail'],
      [`${HIST}_count`]: ['brand,rail'],
      payment_rail_requests_total: ['brand,outcome,rail'],
      gateway_http_requests_total: ['code'],
      webhook_backlog: ['provider'],
    });
    const outcomes = new Set(e.samples.filter((s) => s.name === 'payment_rail_requests_total').map((s) => s.labels.outcome));
    expect([...outcomes].sort()).toEqual(['approved', 'declined', 'error']);
    expect(e.samples.filter((s) => s.name === 'webhook_backlog').map((s) => s.labels.provider).sort()).toEqual([...PROVIDERS].sort());
  });

  it('every rail × brand histogram has ascending, cumulative buckets ending in +Inf = _count, and a _sum', async () => {
    const p = await start();
    p.advance(MINUTE);
    const e = await scrape(p);
    for (const rail of RAILS) {
      for (const brand of BRANDS) {
        const series = e.samples.filter((s) => s.name === `${HIST}_bucket` && s.labels.rail === rail && s.labels.brand === brand);
        const les = series.map((s) => (s.labels.le === '+Inf' ? Infinity : Number(s.labels.le)));
        expect(les.at(-1), `${rail}/${brand}`).toBe(Infinity);
        expect(les.length).toBeGreaterThan(10);
        for (let i = 1; i < series.length; i++) {
          expect(les[i]!).toBeGreaterThan(les[i - 1]!);
          expect(series[i]!.value).toBeGreaterThanOrEqual(series[i - 1]!.value);
        }
        const count = total(e, `${HIST}_count`, { rail, brand });
        expect(series.at(-1)!.value).toBe(count);
        expect(count).toBeGreaterThan(60); // at least 1 request/s over the minute
        const sum = total(e, `${HIST}_sum`, { rail, brand });
        expect(sum / count).toBeGreaterThan(0.02);
        expect(sum / count).toBeLessThan(0.2);
        expect(total(e, 'payment_rail_requests_total', { rail, brand })).toBe(count);
      }
    }
  });
});

describe('demo gateway /metrics: traffic follows the injected clock', () => {
  it('a still clock adds nothing; a minute adds 2-30 requests/s per rail and brand', async () => {
    const p = await start();
    const a = await scrape(p);
    const still = await scrape(p);
    expect(total(still, `${HIST}_count`)).toBe(total(a, `${HIST}_count`));
    p.advance(MINUTE);
    const b = await scrape(p);
    for (const rail of RAILS) {
      for (const brand of BRANDS) {
        const rate = delta(a, b, `${HIST}_count`, { rail, brand }) / 60;
        expect(rate, `${rail}/${brand}`).toBeGreaterThanOrEqual(1.5);
        expect(rate, `${rail}/${brand}`).toBeLessThanOrEqual(35);
      }
    }
  });

  it('an accelerated clock produces proportionally more traffic', async () => {
    const p = await start();
    const a = await scrape(p);
    p.advance(MINUTE);
    const b = await scrape(p);
    p.advance(10 * MINUTE);
    const c = await scrape(p);
    const ratio = delta(b, c, `${HIST}_count`) / delta(a, b, `${HIST}_count`);
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThan(12);
  });

  it('a month of simulated time is one bounded step, not a loop per request', async () => {
    const p = await start();
    await scrape(p);
    p.advance(30 * 24 * 60 * MINUTE);
    const e = await within('scraping after a 30-day jump', 2_000, scrape(p));
    expect(total(e, `${HIST}_count`)).toBeGreaterThan(300_000_000);
  });

  it('the same seed and clock steps give the same exposition; another seed does not', async () => {
    const run = async (seed: number) => {
      const p = await start({ seed });
      p.advance(MINUTE);
      await scrape(p);
      p.advance(MINUTE);
      return (await p.gateway('/metrics')).text;
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('demo gateway /metrics: scenarios and levers move the numbers', () => {
  it('a UPI latency spike moves upi p99 above 200 ms and leaves cards below it', async () => {
    const p = await start();
    const a = await scrape(p);
    p.advance(MINUTE);
    const b = await scrape(p);
    expect(quantileBetween(0.99, a, b, { rail: 'upi' })).toBeLessThan(0.2);
    expect(quantileBetween(0.99, a, b, { rail: 'upi' })).toBeGreaterThan(0.08);
    const sc = await setScenario(p, { rails: { upi: { p99_ms: 450, p50_ms: 90, approval_rate: 0.78, error_rate: 0.03 } } });
    expect(sc).toMatchObject({ rails: { upi: { royalspin: { p99_ms: 450, p50_ms: 90, approval_rate: 0.78, error_rate: 0.03, rps: 22 } } } });
    p.advance(MINUTE);
    const c = await scrape(p);
    const p99 = quantileBetween(0.99, b, c, { rail: 'upi' });
    expect(p99).toBeGreaterThan(0.2);
    expect(p99).toBeLessThan(0.6);
    expect(quantileBetween(0.99, b, c, { rail: 'cards' })).toBeLessThan(0.2);
    expect(approvalBetween(b, c, 'upi')).toBeCloseTo(0.78, 1);
    expect(delta(b, c, 'payment_rail_requests_total', { rail: 'upi', outcome: 'error' })).toBeGreaterThan(0);
    await setScenario(p, { reset: true });
    p.advance(MINUTE);
    const d = await scrape(p);
    expect(quantileBetween(0.99, c, d, { rail: 'upi' })).toBeLessThan(0.2);
  });

  it('a spike scoped to one brand leaves the other brands\' upi latency alone', async () => {
    const p = await start();
    await setScenario(p, { rails: { upi: { p99_ms: 900, p50_ms: 150, brands: ['royalspin'] } } }, 'admin');
    const a = await scrape(p);
    p.advance(MINUTE);
    const b = await scrape(p);
    expect(quantileBetween(0.99, a, b, { rail: 'upi', brand: 'royalspin' })).toBeGreaterThan(0.5);
    expect(quantileBetween(0.99, a, b, { rail: 'upi', brand: 'lucky7' })).toBeLessThan(0.2);
  });

  it('refuses an impossible scenario with 400 and keeps the old one', async () => {
    const p = await start();
    const before = (await p.gateway('/sim/scenario')).json;
    for (const body of [{ rails: { upi: { p50_ms: 500 } } }, { rails: { upi: { approval_rate: 0.99, error_rate: 0.1 } } }, { rails: { sepa: {} } }]) {
      const r = await p.gateway('/sim/scenario', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await p.gateway('/sim/scenario')).json).toEqual(before);
  });

  it('halting deposits and blocking a provider visibly cut approved traffic', async () => {
    const p = await start();
    const a = await scrape(p);
    p.advance(MINUTE);
    const b = await scrape(p);
    expect(approvalBetween(a, b, 'upi')).toBeCloseTo(0.93, 1);
    expect(approvalBetween(a, b, 'paytm')).toBeGreaterThan(0.85);

    await p.admin('/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS', { as: 'operator', method: 'PUT', body: { value: '1' } });
    await p.gateway('/api/v1/provider-ingress/paytm-pg', { as: 'operator', method: 'PUT', body: { blocked: true, reason: 'test' } });
    p.advance(MINUTE);
    const c = await scrape(p);
    expect(approvalBetween(b, c, 'upi')).toBeLessThan(0.35); // only withdrawals (30 %) still approve
    expect(delta(b, c, 'payment_rail_requests_total', { rail: 'paytm', outcome: 'approved' })).toBe(0);
    expect(delta(b, c, 'payment_rail_requests_total', { rail: 'paytm', outcome: 'declined' })).toBeGreaterThan(100);
  });

  it('webhook backlog idles in single or low double digits and climbs to a scenario\'s target', async () => {
    const p = await start();
    p.advance(MINUTE);
    const a = await scrape(p);
    for (const provider of PROVIDERS) expect(total(a, 'webhook_backlog', { provider }), provider).toBeLessThan(30);
    await setScenario(p, { webhook_backlog: { razorpay: 1200 } });
    p.advance(5 * MINUTE);
    const b = await scrape(p);
    expect(total(b, 'webhook_backlog', { provider: 'razorpay' })).toBeGreaterThan(1000);
    expect(total(b, 'webhook_backlog', { provider: 'payu' })).toBeLessThan(30);
  });

  it('gateway_http_requests_total counts real answers by code and simulated 5xx', async () => {
    const p = await start();
    const a = await scrape(p);
    await p.gateway('/api/v1/wallet/deposit', { body: depositBody('nobrand') });
    await p.gateway('/api/v1/wallet/deposit', { body: depositBody('royalspin') });
    const b = await scrape(p);
    expect(delta(a, b, 'gateway_http_requests_total', { code: '404' })).toBe(1);
    expect(delta(a, b, 'gateway_http_requests_total', { code: '200' })).toBe(1);
    const sc = await setScenario(p, { rails: { cards: { error_rate: 0.2 } } });
    // Given alone, an error rate eats into the baseline approval rate (0.85 + 0.2 > 1).
    expect(sc).toMatchObject({ rails: { cards: { lucky7: { error_rate: 0.2, approval_rate: 0.8 } } } });
    p.advance(MINUTE);
    const c = await scrape(p);
    const ratio = delta(b, c, 'gateway_http_requests_total', { code: '502' }) / delta(b, c, 'gateway_http_requests_total');
    expect(ratio).toBeGreaterThan(0.01); // above the 5xx alert threshold
  });
});
