// What leaves the core for a chart: LTTB down to about one point per two pixels with gaps
// kept as gaps, steps that never ask Prometheus for more than 11,000 points, and the ring
// buffer's bounded history.
import { describe, expect, it } from 'vitest';
import { chooseStep, MAX_POINTS_PER_SERIES, RANGE_SECONDS, type Point } from '../../shared/metrics.ts';
import { downsampleWithGaps, pointsForWidth } from '../../electron/core/metrics/downsample.ts';
import { capacityFor, MAX_POINTS, MAX_SERIES, SeriesStore } from '../../electron/core/metrics/series-store.ts';
import { SeededRandom } from '../bench/seeded-random.ts';

function series(n: number, gapsAt: [number, number][] = [], seed = 1): Point[] {
  const rnd = new SeededRandom(seed);
  const inGap = (i: number) => gapsAt.some(([a, b]) => i >= a && i < b);
  return Array.from({ length: n }, (_, i) => [1_700_000_000_000 + i * 5000, inGap(i) ? null : 100 + 50 * Math.sin(i / 40) + rnd.next() * 10]);
}

/** Every point the downsampled series draws must be a real one (or a null marker), in order. */
function checkSubset(input: Point[], out: Point[]) {
  const byT = new Map(input.map((p) => [p[0], p[1]]));
  for (let i = 0; i < out.length; i++) {
    expect(byT.has(out[i]![0])).toBe(true);
    if (out[i]![1] !== null) expect(out[i]![1]).toBe(byT.get(out[i]![0]));
    if (i > 0) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  }
}

describe('downsampleWithGaps (LTTB, split at gaps)', () => {
  it('gives about widthPx / 2 points, keeps the first and last, and only real points', () => {
    const input = series(17_280);
    for (const width of [50, 300, 900, 1920, 8000]) {
      const target = pointsForWidth(width);
      const out = downsampleWithGaps(input, target);
      expect(out.length).toBeLessThanOrEqual(target);
      expect(out.length).toBeGreaterThanOrEqual(target - 1);
      expect(out[0]).toEqual(input[0]);
      expect(out.at(-1)).toEqual(input.at(-1));
      checkSubset(input, out);
    }
  });

  it('keeps a spike LTTB is meant to keep', () => {
    const input = series(5000);
    input[2345] = [input[2345]![0], 5000];
    const out = downsampleWithGaps(input, 200);
    expect(out.some((p) => p[1] === 5000)).toBe(true);
  });

  it('never draws across a gap: one null stands in each gap, and no point lies inside one', () => {
    const gaps: [number, number][] = [
      [1000, 1300],
      [4000, 4001],
      [6000, 7000],
    ];
    const input = series(10_000, gaps);
    const out = downsampleWithGaps(input, 450);
    expect(out.length).toBeLessThanOrEqual(450);
    checkSubset(input, out);
    const nulls = out.filter((p) => p[1] === null);
    expect(nulls).toHaveLength(3);
    for (const [a, b] of gaps) {
      const from = input[a]![0];
      const to = input[b - 1]![0];
      const inside = out.filter((p) => p[0] >= from && p[0] <= to);
      expect(inside.every((p) => p[1] === null)).toBe(true);
      expect(inside).toHaveLength(1);
      // Real points hug both edges of the gap, so the chart's break sits where the data stopped.
      const before = out.filter((p) => p[0] < from).at(-1)!;
      const after = out.find((p) => p[0] > to)!;
      expect(before[1]).not.toBeNull();
      expect(after[1]).not.toBeNull();
    }
  });

  it('leading and trailing gaps stay; a series of only gaps stays a gap; short series pass untouched', () => {
    const input = series(3000, [
      [0, 100],
      [2900, 3000],
    ]);
    const out = downsampleWithGaps(input, 100);
    expect(out[0]![1]).toBeNull();
    expect(out.at(-1)![1]).toBeNull();
    expect(out.filter((p) => p[1] === null)).toHaveLength(2);
    expect(downsampleWithGaps(series(1000, [[0, 1000]]), 50)).toEqual([[input[0]![0], null]]);
    const short = series(40);
    expect(downsampleWithGaps(short, 100)).toEqual(short);
  });

  it('many short runs between many gaps: every run keeps at least one point', () => {
    const gaps: [number, number][] = Array.from({ length: 60 }, (_, k) => [k * 100 + 90, k * 100 + 100]);
    const input = series(6000, gaps);
    const out = downsampleWithGaps(input, 100);
    checkSubset(input, out);
    expect(out.filter((p) => p[1] === null)).toHaveLength(60);
    expect(out.filter((p) => p[1] !== null).length).toBeGreaterThanOrEqual(60);
  });
});

describe('chooseStep', () => {
  it('never asks for more than 11,000 points per series, for any range and chart width', () => {
    const rnd = new SeededRandom(11);
    const ranges = [...Object.values(RANGE_SECONDS), 60, 3_600 * 24 * 30, 3_600 * 24 * 365];
    for (let i = 0; i < 5000; i++) {
      const range = rnd.chance(0.5) ? rnd.pick(ranges) : rnd.int(1, 3_600 * 24 * 400);
      const width = rnd.int(1, 100_000);
      const minStep = rnd.pick([1, 5, 15, 60]);
      const step = chooseStep(range, width, minStep);
      expect(step).toBeGreaterThanOrEqual(minStep);
      expect(Number.isInteger(step)).toBe(true);
      expect(Math.floor(range / step) + 1, `${range} s at ${width} px`).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    }
  });

  it('is about one point per two pixels for the dashboard\'s ranges, never finer than the refresh', () => {
    expect(chooseStep(RANGE_SECONDS['1h'], 900, 5)).toBe(8);
    expect(chooseStep(RANGE_SECONDS['24h'], 1600, 5)).toBe(108);
    expect(chooseStep(RANGE_SECONDS['15m'], 8000, 5)).toBe(5);
    expect(chooseStep(RANGE_SECONDS['24h'], 100_000, 1)).toBe(8);
  });
});

describe('SeriesStore (ring buffers)', () => {
  it('holds 24 h at the default 5 s refresh, and caps at MAX_POINTS for faster refreshes', () => {
    expect(capacityFor(5)).toBe(17_280);
    expect(capacityFor(1)).toBe(MAX_POINTS);
    expect(capacityFor(60)).toBe(1440);
    // The stated bound: at most MAX_SERIES rings of MAX_POINTS float32 plus the time axis.
    expect(MAX_POINTS * (8 + 4 * MAX_SERIES)).toBeLessThan(20 * 1024 * 1024);
  });

  it('wraps without growing: bytes stay fixed, the oldest points leave, ranges stay in time order', () => {
    const s = new SeriesStore(100);
    for (let i = 0; i < 10; i++) s.append(i * 1000, new Map([['a', i]]));
    const bytes = s.bytes;
    for (let i = 10; i < 1000; i++) s.append(i * 1000, new Map([['a', i], ['b', i % 7 === 0 ? null : -i]]));
    expect(s.bytes - bytes).toBe(100 * 4); // only series b was added
    expect(s.length).toBe(100);
    const r = s.range('a', 0, 2_000_000);
    expect(r).toHaveLength(100);
    expect(r[0]).toEqual([900_000, 900]);
    expect(r.at(-1)).toEqual([999_000, 999]);
    expect(s.range('b', 994_000, 995_000)).toEqual([
      [994_000, null],
      [995_000, -995],
    ]);
    expect(s.mean('a', 990_000, 995_000)).toBe(992); // 990..994
    expect(s.countIn(950_000, 959_000)).toBe(10);
  });

  it('a gap is null for every series; a series it never saw reads as null', () => {
    const s = new SeriesStore(10);
    s.append(1, new Map([['a', 1]]));
    s.appendGap(2);
    s.append(3, new Map([['a', 3]]));
    expect(s.range('a', 0, 10)).toEqual([
      [1, 1],
      [2, null],
      [3, 3],
    ]);
    expect(s.range('zzz', 0, 10)).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
    expect(s.mean('zzz', 0, 10)).toBeNull();
  });

  it('refuses series beyond MAX_SERIES instead of growing', () => {
    const s = new SeriesStore(16);
    s.append(1, new Map(Array.from({ length: MAX_SERIES + 5 }, (_, i) => [`k${i}`, i])));
    expect(s.seriesCount).toBe(MAX_SERIES);
    expect(s.dropped).toBe(5);
  });

  it('reads values back without float32 noise digits', () => {
    const s = new SeriesStore(4);
    s.append(1, new Map([['ms', 130.4], ['ratio', 0.93], ['small', 0.0023]]));
    expect(s.range('ms', 0, 2, 3)).toEqual([[1, 130.4]]);
    expect(s.range('ratio', 0, 2)).toEqual([[1, 0.93]]);
    expect(s.range('small', 0, 2)).toEqual([[1, 0.0023]]);
  });
});
