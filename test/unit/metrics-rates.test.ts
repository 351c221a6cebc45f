// Rates from raw cumulative counters over a bounded window: PromQL's rate() arithmetic,
// counter resets never producing a negative rate, and the window's memory bound.
import { describe, expect, it } from 'vitest';
import { CounterWindow, MAX_SNAPSHOTS } from '../../electron/core/metrics/counter-window.ts';

const rec = (w: CounterWindow, t: number, values: Record<string, number>) => w.record(t, new Map(Object.entries(values)));

describe('CounterWindow', () => {
  it('needs two scrapes; then a rate is (last − first) / seconds between them', () => {
    const w = new CounterWindow(60_000);
    rec(w, 0, { a: 100 });
    expect(w.rates()).toBeNull();
    rec(w, 5000, { a: 150 });
    rec(w, 10_000, { a: 250 });
    const r = w.rates()!;
    expect(r.spanMs).toBe(10_000);
    expect(r.rates.get('a')).toBeCloseTo(15, 12);
  });

  it('only samples inside (now − window, now] count', () => {
    const w = new CounterWindow(10_000);
    for (let t = 0; t <= 30_000; t += 5000) rec(w, t, { a: t < 20_000 ? t / 1000 : (t / 1000) * 10 });
    // Window (20 s, 30 s]: samples at 25 s (250) and 30 s (300).
    expect(w.rates()!.rates.get('a')).toBeCloseTo(10, 12);
    expect(w.snapshotCount).toBe(2);
  });

  it('a counter reset (exporter restart) never gives a negative rate: the increase after the reset counts from 0', () => {
    const w = new CounterWindow(60_000);
    rec(w, 0, { a: 1000 });
    rec(w, 5000, { a: 1100 });
    rec(w, 10_000, { a: 30 }); // restarted: 30 since the restart
    rec(w, 15_000, { a: 130 });
    const r = w.rates()!.rates.get('a')!;
    expect(r).toBeGreaterThan(0);
    // 100 before the restart + 30 + 100 after it, over 15 s.
    expect(r).toBeCloseTo(230 / 15, 12);
    expect(w.resets).toBe(1);
    // Right after a restart, with only post-restart samples in the window, the rate is plain.
    const w2 = new CounterWindow(8000);
    rec(w2, 0, { a: 1000 });
    rec(w2, 5000, { a: 10 });
    rec(w2, 10_000, { a: 60 });
    expect(w2.rates()!.rates.get('a')).toBeCloseTo(10, 12);
  });

  it('rates every series on its own samples: one appearing late or vanishing does not skew the others', () => {
    const w = new CounterWindow(60_000);
    rec(w, 0, { a: 0, gone: 50 });
    rec(w, 10_000, { a: 100, late: 7 });
    rec(w, 20_000, { a: 200, late: 27 });
    const r = w.rates()!.rates;
    expect(r.get('a')).toBeCloseTo(10, 12);
    expect(r.get('late')).toBeCloseTo(2, 12);
    expect(r.has('gone')).toBe(false); // seen once: no rate, never a drop to zero
  });

  it('ignores NaN and ±Inf samples and a clock that did not move', () => {
    const w = new CounterWindow(60_000);
    rec(w, 0, { a: 0, b: NaN });
    rec(w, 0, { a: 5 });
    expect(w.snapshotCount).toBe(1);
    rec(w, 10_000, { a: 105, b: Infinity });
    expect(w.rates()!.rates.get('a')).toBeCloseTo(10, 12);
    expect(w.rates()!.rates.has('b')).toBe(false);
  });

  it('keeps at most MAX_SNAPSHOTS + 2 snapshots however long the window and fast the polling', () => {
    const w = new CounterWindow(3_600_000);
    let max = 0;
    for (let t = 0; t <= 2 * 3_600_000; t += 1000) {
      rec(w, t, { a: t / 1000 });
      max = Math.max(max, w.snapshotCount);
    }
    expect(max).toBeLessThanOrEqual(MAX_SNAPSHOTS + 2);
    // The thinned window still spans nearly the full hour and gives the right rate.
    const r = w.rates()!;
    expect(r.spanMs).toBeGreaterThan(3_600_000 * 0.95);
    expect(r.rates.get('a')).toBeCloseTo(1, 9);
  });
});
