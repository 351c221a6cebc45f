import { LTTB } from 'downsample';
import type { Point } from '../../../shared/metrics.ts';

/** Points for a chart `widthPx` wide: about one per two pixels. */
export function pointsForWidth(widthPx: number): number {
  return Math.max(3, Math.floor(widthPx / 2));
}

/**
 * Largest-triangle-three-buckets down to about `target` points, gaps kept: the series is cut at
 * every null, each unbroken run is downsampled on its own (its share of the budget in
 * proportion to its length), and one null stands between runs where the gap was. LTTB never
 * sees a null, so it never draws a line across missing data. The output holds at most
 * max(target, 2 × runs + 1) points.
 */
export function downsampleWithGaps(points: readonly Point[], target: number): Point[] {
  if (points.length <= target) return points.slice();
  const runs: [number, number][][] = [];
  const gaps: Point[] = []; // gaps[i] comes before runs[i] (null marker) or is absent
  const gapBefore: boolean[] = [];
  let run: [number, number][] = [];
  let pendingGap: Point | null = null;
  for (const p of points) {
    if (p[1] === null) {
      if (run.length) {
        runs.push(run);
        run = [];
      }
      pendingGap ??= p;
      continue;
    }
    if (run.length === 0) {
      gapBefore.push(pendingGap !== null);
      gaps.push(pendingGap ?? p);
      pendingGap = null;
    }
    run.push([p[0], p[1]]);
  }
  if (run.length) runs.push(run);
  const trailingGap = pendingGap;
  const markers = gapBefore.filter(Boolean).length + (trailingGap ? 1 : 0);
  const total = runs.reduce((n, r) => n + r.length, 0);
  const budget = Math.max(runs.length, target - markers);
  const shares = allocate(
    runs.map((r) => r.length),
    total,
    budget,
  );
  const out: Point[] = [];
  runs.forEach((r, i) => {
    if (gapBefore[i]) out.push([gaps[i]![0], null]);
    for (const p of reduceRun(r, shares[i]!)) out.push(p);
  });
  if (trailingGap) out.push([trailingGap[0], null]);
  return out;
}

/** Largest-remainder split of `budget` points over runs, each at least 1 and at most its length. */
function allocate(lengths: number[], total: number, budget: number): number[] {
  if (total === 0) return lengths.map(() => 0);
  const exact = lengths.map((n) => (n / total) * budget);
  const shares = exact.map((x, i) => Math.min(lengths[i]!, Math.max(1, Math.floor(x))));
  let left = budget - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    if (shares[i]! < lengths[i]!) {
      shares[i]!++;
      left--;
    }
  }
  return shares;
}

function reduceRun(run: [number, number][], n: number): Point[] {
  if (run.length <= n) return run;
  if (n >= 3) return (LTTB(run, n) as [number, number][]).map(([t, v]) => [t, v]);
  if (n === 2) return [run[0]!, run[run.length - 1]!];
  // One point for a whole run: its most extreme value, so a spike is not lost.
  let pick = run[0]!;
  const mean = run.reduce((s, p) => s + p[1], 0) / run.length;
  for (const p of run) if (Math.abs(p[1] - mean) > Math.abs(pick[1] - mean)) pick = p;
  return [pick];
}
