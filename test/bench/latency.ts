/** Latency samples in nanoseconds (process.hrtime.bigint), summarised as the bench prints them. */
export class LatencySamples {
  private readonly ns: bigint[] = [];

  constructor(readonly label: string) {}

  add(ns: bigint): void {
    this.ns.push(ns);
  }

  get count(): number {
    return this.ns.length;
  }

  /** Nearest-rank percentile in milliseconds. */
  percentileMs(p: number): number {
    if (this.ns.length === 0) throw new Error(`no samples for ${this.label}`);
    return percentile(this.ns.map((ns) => Number(ns) / 1e6), p);
  }

  get meanMs(): number {
    if (this.ns.length === 0) throw new Error(`no samples for ${this.label}`);
    return this.ns.reduce((sum, ns) => sum + Number(ns), 0) / this.ns.length / 1e6;
  }

  get p50(): number {
    return this.percentileMs(50);
  }

  get p95(): number {
    return this.percentileMs(95);
  }
}

/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/**
 * Runs `fn` once and adds its wall time to `samples`. A synchronous `fn` is timed without an
 * await, so a baseline like the bare SQL statement carries no promise overhead it does not have.
 */
export async function timed<T>(samples: LatencySamples, fn: () => T | Promise<T>): Promise<Awaited<T>> {
  const t0 = process.hrtime.bigint();
  const out = fn();
  const value = out instanceof Promise ? ((await out) as Awaited<T>) : (out as Awaited<T>);
  samples.add(process.hrtime.bigint() - t0);
  return value;
}

export function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

export function formatRatio(r: number): string {
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

/** A plain-text table: the first row is the header, columns padded to their widest cell. */
export function renderTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
