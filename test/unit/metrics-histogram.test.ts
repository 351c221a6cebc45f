// histogram_quantile as Prometheus computes it: the cases of Prometheus's own PromQL test
// data (promql/testdata/histograms.test, 2.42), and the demo kit's independent formula.
import { describe, expect, it } from 'vitest';
import { histogramQuantile } from '../../electron/core/metrics/histogram.ts';
import { derive, extract } from '../../electron/core/metrics/scrape-derive.ts';
import { parseExposition } from '../../electron/core/metrics/exposition.ts';
import { CounterWindow } from '../../electron/core/metrics/counter-window.ts';
import { parseExposition as kitParse, quantileBetween } from '../integration/demo-platform-kit.ts';
import { DemoExporter } from '../helpers/metrics-fixtures.ts';

// testhistogram at 50m in Prometheus's test data.
const positive = [
  { le: 0.1, count: 50 },
  { le: 0.2, count: 70 },
  { le: 1, count: 110 },
  { le: Infinity, count: 120 },
];
const negative = [
  { le: -0.2, count: 10 },
  { le: -0.1, count: 20 },
  { le: 0.3, count: 20 },
  { le: Infinity, count: 30 },
];

describe('histogramQuantile', () => {
  it.each([
    [0.2, 0.048, -0.2],
    [0.5, 0.15, -0.15],
    [0.8, 0.72, 0.3],
    [0, 0, -0.2],
    [1, 1, 0.3],
  ])('q=%s: %s on the positive histogram, %s on the one starting below zero', (q, pos, neg) => {
    expect(histogramQuantile(q, positive)).toBeCloseTo(pos, 12);
    expect(histogramQuantile(q, negative)).toBeCloseTo(neg, 12);
  });

  it('answers ±Inf outside 0..1 and NaN for NaN', () => {
    expect(histogramQuantile(-0.1, positive)).toBe(-Infinity);
    expect(histogramQuantile(1.01, positive)).toBe(Infinity);
    expect(histogramQuantile(NaN, positive)).toBeNaN();
  });

  it('makes non-monotonic buckets monotonic, as Prometheus does (979.75)', () => {
    const buckets = [0.1, 1, 10, 100, 1000, Infinity].map((le, i) => ({ le, count: [20, 10, 50, 40, 90, 80][i]! }));
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(979.75, 9);
  });

  it('is NaN without a +Inf bucket, without observations, or with only one bucket; order and duplicates do not matter', () => {
    expect(histogramQuantile(0.5, positive.slice(0, 3))).toBeNaN();
    expect(histogramQuantile(0.5, positive.map((b) => ({ ...b, count: 0 })))).toBeNaN();
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 5 }])).toBeNaN();
    expect(histogramQuantile(0.5, [])).toBeNaN();
    expect(histogramQuantile(0.5, [...positive].reverse())).toBeCloseTo(0.15, 12);
    // Two series summed away by a `sum by (le)`: equal bounds add up.
    const halves = positive.flatMap((b) => [{ le: b.le, count: b.count / 2 }, { le: b.le, count: b.count / 2 }]);
    expect(histogramQuantile(0.8, halves)).toBeCloseTo(0.72, 12);
  });

  it('a rank in the +Inf bucket answers the highest finite bound (never Infinity)', () => {
    expect(histogramQuantile(0.99, [{ le: 0.1, count: 1 }, { le: Infinity, count: 100 }])).toBe(0.1);
  });

  it('agrees with the demo kit\'s formula on the demo\'s real counters, per rail and per rail × brand', async () => {
    const demo = new DemoExporter();
    demo.setScenario({ rails: { upi: { p99_ms: 450, p50_ms: 90 } } });
    const a = await demo.render();
    demo.now += 60_000;
    const b = await demo.render();
    const w = new CounterWindow(120_000);
    for (const [t, text] of [
      [0, a],
      [60_000, b],
    ] as const) {
      w.record(t, extract(parseExposition(text)).counters);
    }
    const x = extract(parseExposition(b));
    const { tiles } = derive(w.rates()!.rates, x.attrs);
    for (const rail of ['upi', 'cards', 'netbanking']) {
      expect(tiles.get(`${rail}|*`)!.p99Ms! / 1000).toBeCloseTo(quantileBetween(0.99, kitParse(a), kitParse(b), { rail }), 9);
      expect(tiles.get(`${rail}|lucky7`)!.p95Ms! / 1000).toBeCloseTo(quantileBetween(0.95, kitParse(a), kitParse(b), { rail, brand: 'lucky7' }), 9);
    }
    expect(tiles.get('upi|*')!.p99Ms).toBeGreaterThan(200);
    expect(tiles.get('cards|*')!.p99Ms).toBeLessThan(200);
  });
});
