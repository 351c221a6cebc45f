// Thresholds → breaches → suggestions: the severity and runbook an on-call engineer is told.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, RAILS, type PanelStatus } from '../../shared/metrics.ts';
import { backlogBreach, errorRatioBreach, suggest, tileBreaches, type SuggestionInput, type TileFacts } from '../../shared/metrics-policy.ts';
import { BRANDS } from '../helpers/metrics-fixtures.ts';

type Over = Partial<TileFacts>;

function input(over: Record<string, Over> = {}, extra: Partial<SuggestionInput> = {}): SuggestionInput {
  const tiles: TileFacts[] = [];
  for (const rail of RAILS) {
    for (const brand of [null, ...BRANDS]) {
      tiles.push({ rail, brand, p99Ms: 120, approval: 0.93, approvalBaseline: 0.93, status: 'ok', ...over[`${rail}|${brand ?? '*'}`] });
    }
  }
  return {
    thresholds: DEFAULT_THRESHOLDS,
    brands: BRANDS,
    tiles,
    errorRatio: { value: 0.002, status: 'ok' },
    backlog: { providers: [{ provider: 'razorpay', value: 6 }], status: 'ok' },
    gateway: { status: 'ok', fresh: true },
    ...extra,
  };
}

const slow = (status: PanelStatus = 'ok'): Over => ({ p99Ms: 412, status });
const allBrands = (rail: string, o: Over) => Object.fromEntries([null, ...BRANDS].map((b) => [`${rail}|${b ?? '*'}`, o]));

describe('panel breaches', () => {
  it('5xx ratio above errorRatio and webhook backlog above webhookBacklog; nothing without a value', () => {
    expect(errorRatioBreach(0.01, DEFAULT_THRESHOLDS)).toBe(false);
    expect(errorRatioBreach(0.0101, DEFAULT_THRESHOLDS)).toBe(true);
    expect(errorRatioBreach(null, DEFAULT_THRESHOLDS)).toBe(false);
    expect(backlogBreach(500, DEFAULT_THRESHOLDS)).toBe(false);
    expect(backlogBreach(501, DEFAULT_THRESHOLDS)).toBe(true);
    expect(backlogBreach(null, DEFAULT_THRESHOLDS)).toBe(false);
    expect(backlogBreach(200, { ...DEFAULT_THRESHOLDS, webhookBacklog: 100 })).toBe(true);
  });
});

describe('tile breaches', () => {
  it('latency above p99Ms; approval more than approvalDropPoints under its baseline; nothing without a baseline', () => {
    expect(tileBreaches({ p99Ms: 200, approval: 0.9, approvalBaseline: 0.9 }, DEFAULT_THRESHOLDS)).toEqual([]);
    expect(tileBreaches({ p99Ms: 200.5, approval: 0.9, approvalBaseline: 0.9 }, DEFAULT_THRESHOLDS)).toEqual(['latency']);
    expect(tileBreaches({ p99Ms: null, approval: 0.79, approvalBaseline: 0.9 }, DEFAULT_THRESHOLDS)).toEqual(['approval']);
    expect(tileBreaches({ p99Ms: null, approval: 0.81, approvalBaseline: 0.9 }, DEFAULT_THRESHOLDS)).toEqual([]);
    expect(tileBreaches({ p99Ms: null, approval: 0.1, approvalBaseline: null }, DEFAULT_THRESHOLDS)).toEqual([]);
    expect(tileBreaches({ p99Ms: 150, approval: 0.9, approvalBaseline: 0.9 }, { ...DEFAULT_THRESHOLDS, p99Ms: 100 })).toEqual(['latency']);
  });
});

describe('suggestions', () => {
  it('a healthy platform suggests nothing', () => {
    expect(suggest(input())).toEqual([]);
  });

  it('one rail slow on one brand: SEV2 rail-latency-spike naming the rail and brand', () => {
    expect(suggest(input({ 'upi|royalspin': slow() }))).toEqual([
      { kind: 'latency', rail: 'upi', brand: 'royalspin', severity: 'SEV2', runbookId: 'rail-latency-spike', message: 'upi × royalspin: p99 412 ms (limit 200 ms)' },
    ]);
  });

  it('one rail slow overall, even on every brand: SEV2 (one rail degraded), and the message says every brand', () => {
    expect(suggest(input({ 'upi|*': slow(), 'upi|lucky7': slow() }))).toMatchObject([{ rail: 'upi', brand: null, severity: 'SEV2' }]);
    const s = suggest(input(allBrands('upi', slow())));
    expect(s).toMatchObject([{ kind: 'latency', rail: 'upi', brand: null, severity: 'SEV2', runbookId: 'rail-latency-spike' }]);
    expect(s[0]!.message).toContain('on every brand');
  });

  it('three rails slow: one SEV1 naming them all', () => {
    const s = suggest(input({ 'upi|*': slow(), 'imps|lucky7': slow(), 'cards|*': slow() }));
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ kind: 'latency', rail: null, severity: 'SEV1', runbookId: 'rail-latency-spike' });
    expect(s[0]!.message).toContain('upi, imps, cards');
    expect(suggest(input({ 'upi|*': slow(), 'cards|*': slow() }))).toHaveLength(2);
  });

  it('approval 10+ points under its baseline: approval-rate-degraded, with the numbers', () => {
    const s = suggest(input({ 'paytm|*': { approval: 0.6, approvalBaseline: 0.91 } }));
    expect(s).toEqual([
      expect.objectContaining({ kind: 'approval', rail: 'paytm', severity: 'SEV2', runbookId: 'approval-rate-degraded', message: expect.stringContaining('31.0 points under') }),
    ]);
  });

  it('5xx above the threshold: incident-response, SEV2 and SEV1 above 5 %', () => {
    expect(suggest(input({}, { errorRatio: { value: 0.02, status: 'ok' } }))).toMatchObject([{ kind: 'errors', severity: 'SEV2', runbookId: 'incident-response' }]);
    expect(suggest(input({}, { errorRatio: { value: 0.08, status: 'ok' } }))).toMatchObject([{ kind: 'errors', severity: 'SEV1' }]);
    expect(suggest(input({}, { errorRatio: { value: 0.01, status: 'ok' } }))).toEqual([]);
  });

  it('webhook backlog above its threshold: SEV3 webhook-backlog naming the providers', () => {
    const s = suggest(input({}, { backlog: { providers: [{ provider: 'razorpay', value: 1200 }, { provider: 'payu', value: 3 }], status: 'ok' } }));
    expect(s).toEqual([{ kind: 'backlog', rail: null, brand: null, severity: 'SEV3', runbookId: 'webhook-backlog', message: 'Webhook backlog above 500: razorpay 1200' }]);
  });

  it('only fresh data raises anything: stale, error or loading panels with breaching numbers stay silent', () => {
    for (const status of ['stale', 'error', 'loading'] as const) {
      expect(suggest(input({ ...allBrands('upi', slow(status)), 'paytm|*': { approval: 0.1, status } }, { errorRatio: { value: 0.5, status }, backlog: { providers: [{ provider: 'x', value: 1e6 }], status } }))).toEqual([]);
    }
    // "On every brand" counts only fresh brands.
    const partly = suggest(input({ ...allBrands('upi', slow()), 'upi|teenpatti': slow('stale') }));
    expect(partly).toMatchObject([{ rail: 'upi', severity: 'SEV2' }]);
    expect(partly[0]!.message).not.toContain('on every brand');
  });

  it('gateway down: SEV1 incident-response; degraded: SEV3; a stale health check says nothing; SEV1 first', () => {
    expect(suggest(input({}, { gateway: { status: 'down', fresh: true } }))).toMatchObject([{ kind: 'health', severity: 'SEV1', runbookId: 'incident-response' }]);
    expect(suggest(input({}, { gateway: { status: 'degraded', fresh: true } }))).toMatchObject([{ kind: 'health', severity: 'SEV3' }]);
    expect(suggest(input({}, { gateway: { status: 'down', fresh: false } }))).toEqual([]);
    const s = suggest(input({ 'upi|royalspin': slow() }, { gateway: { status: 'down', fresh: true } }));
    expect(s.map((x) => x.severity)).toEqual(['SEV1', 'SEV2']);
  });
});
