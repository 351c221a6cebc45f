/**
 * The raw cumulative counters of one exporter, kept just long enough to compute rates over the
 * rate window the way PromQL's rate() does: per series, (last − first) / (time between them),
 * with counter resets corrected. A reset (the exporter restarted, its counters began again at
 * 0) adds the value before the reset to that series' offset, so the corrected counter never
 * goes down and a rate is never negative.
 *
 * Memory bound: at most MAX_SNAPSHOTS + 2 snapshots (older ones thinned so the window's start
 * is never coarser than window / MAX_SNAPSHOTS) of at most MAX_SERIES doubles each:
 * 66 × 20,000 × 8 B ≈ 10.6 MB worst case; the demo's ≈ 550 series with a 60 s window at 5 s
 * keep 13 snapshots ≈ 57 KB.
 */
export const MAX_SNAPSHOTS = 64;
export const MAX_SERIES = 20_000;

interface Entry {
  idx: number;
  lastRaw: number | null;
  offset: number;
}

interface Snapshot {
  t: number;
  values: Float64Array;
}

export interface WindowRates {
  /** Milliseconds between the first and last snapshot used. */
  spanMs: number;
  /** Per-second rate by series key; a series seen only once in the window has none. */
  rates: Map<string, number>;
}

export class CounterWindow {
  private readonly registry = new Map<string, Entry>();
  private readonly keys: string[] = [];
  private snapshots: Snapshot[] = [];
  /** Series refused once MAX_SERIES were tracked. */
  dropped = 0;
  /** Counter resets seen so far (a restart of the exporter shows as one per series). */
  resets = 0;

  constructor(private readonly windowMs: number) {}

  get snapshotCount(): number {
    return this.snapshots.length;
  }

  get seriesCount(): number {
    return this.registry.size;
  }

  /** Records one scrape's counters (raw cumulative values by series key) taken at time `t`. */
  record(t: number, values: ReadonlyMap<string, number>): void {
    const snapshotValues: [number, number][] = [];
    for (const [key, raw] of values) {
      if (!Number.isFinite(raw)) continue;
      let e = this.registry.get(key);
      if (!e) {
        if (this.registry.size >= MAX_SERIES) {
          this.dropped++;
          continue;
        }
        e = { idx: this.keys.length, lastRaw: null, offset: 0 };
        this.registry.set(key, e);
        this.keys.push(key);
      }
      if (e.lastRaw !== null && raw < e.lastRaw) {
        e.offset += e.lastRaw;
        this.resets++;
      }
      e.lastRaw = raw;
      snapshotValues.push([e.idx, raw + e.offset]);
    }
    const arr = new Float64Array(this.keys.length).fill(NaN);
    for (const [idx, v] of snapshotValues) arr[idx] = v;
    const last = this.snapshots.at(-1);
    if (last && t <= last.t) {
      // A clock that stood still (or stepped back): the newer reading replaces the older.
      this.snapshots[this.snapshots.length - 1] = { t: last.t, values: arr };
    } else {
      this.snapshots.push({ t, values: arr });
    }
    this.prune(t);
  }

  private prune(now: number): void {
    // Only samples inside (now − window, now] count, as in a PromQL range selector.
    const start = now - this.windowMs;
    let drop = 0;
    while (drop < this.snapshots.length - 1 && this.snapshots[drop]!.t <= start) drop++;
    if (drop) this.snapshots = this.snapshots.slice(drop);
    // Thin: the second newest goes if it sits closer than window / MAX_SNAPSHOTS to the one before it.
    const n = this.snapshots.length;
    if (n >= 3 && this.snapshots[n - 2]!.t - this.snapshots[n - 3]!.t < this.windowMs / MAX_SNAPSHOTS) this.snapshots.splice(n - 2, 1);
  }

  /** Forgets every snapshot (after a pause in polling the window starts over). Resets are still corrected. */
  clear(): void {
    this.snapshots = [];
  }

  /** Rates over the window ending at the newest snapshot; null until two snapshots exist. */
  rates(): WindowRates | null {
    const snaps = this.snapshots;
    if (snaps.length < 2) return null;
    const newest = snaps[snaps.length - 1]!;
    const rates = new Map<string, number>();
    for (let idx = 0; idx < this.keys.length; idx++) {
      let first = -1;
      for (let s = 0; s < snaps.length; s++) {
        const v = snaps[s]!.values[idx];
        if (v !== undefined && !Number.isNaN(v)) {
          first = s;
          break;
        }
      }
      if (first < 0) continue;
      let last = -1;
      for (let s = snaps.length - 1; s > first; s--) {
        const v = snaps[s]!.values[idx];
        if (v !== undefined && !Number.isNaN(v)) {
          last = s;
          break;
        }
      }
      if (last < 0) continue;
      const a = snaps[first]!;
      const b = snaps[last]!;
      const dt = (b.t - a.t) / 1000;
      if (dt <= 0) continue;
      rates.set(this.keys[idx]!, Math.max(0, (b.values[idx]! - a.values[idx]!) / dt));
    }
    return { spanMs: newest.t - snaps[0]!.t, rates };
  }
}
