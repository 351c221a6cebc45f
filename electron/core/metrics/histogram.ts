// PromQL's histogram_quantile over classic (le-bucketed) histograms, written after Prometheus
// 2.42's promql/quantile.go so that the direct-scrape source and a Prometheus answer agree:
// linear interpolation inside the bucket the rank falls in, the lower bound of the first
// bucket taken as 0, and a rank in the +Inf bucket answered with the highest finite bound.

export interface Bucket {
  /** Upper bound (the `le` label). */
  le: number;
  /** Cumulative count (or rate) of observations ≤ le. */
  count: number;
}

/** NaN when the answer is undefined (no observations, no +Inf bucket, fewer than two buckets). */
export function histogramQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (input.length === 0) return NaN;
  const sorted = [...input].sort((a, b) => a.le - b.le);
  if (sorted.at(-1)!.le !== Infinity) return NaN;
  // Coalesce equal bounds (series that differ only in labels the query summed away).
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets.at(-1);
    if (last && last.le === b.le) last.count += b.count;
    else buckets.push({ le: b.le, count: b.count });
  }
  // Rates of cumulative counters can dip a hair below their neighbour (float error, resets): make monotonic.
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets.at(-1)!.count;
  if (!(observations > 0)) return NaN;
  let rank = q * observations;
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i]!.count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.le;
  if (b === 0 && buckets[0]!.le <= 0) return buckets[0]!.le;
  let start = 0;
  const end = buckets[b]!.le;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.le;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (end - start) * (rank / count);
}
