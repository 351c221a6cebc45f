import type { HistoryStart, Point } from '../../../shared/metrics.ts';

/**
 * History of derived values (p99, approval, …) for the direct-scrape source: one shared ring of
 * poll times and one Float32Array ring per series, allocated once, so memory never grows with
 * time. A slot whose value is NaN is a gap (a failed poll, a pause) and leaves as null.
 *
 * Memory bound: capacity × (8 B for the time + 4 B per series), at most
 * MAX_POINTS × (8 + 4 × MAX_SERIES) = 17,280 × 1,032 B ≈ 17.8 MB. The demo's 6 rails × 4 brands
 * store 3 × 30 tile series + the 5xx ratio + 6 backlogs = 97 series ≈ 6.8 MB when full.
 * MAX_POINTS is 24 h at the default 5 s refresh; a faster refresh keeps 17,280 polls, so the
 * history available is 17,280 × refreshSeconds (4.8 h at 1 s, 9.6 h at 2 s, 24 h at 5 s or more).
 */
export const MAX_POINTS = 17_280;
export const MAX_SERIES = 256;
const DAY_SECONDS = 86_400;

/** Points kept for a refresh interval: 24 h, capped at MAX_POINTS. */
export function capacityFor(refreshSeconds: number): number {
  return Math.max(16, Math.min(MAX_POINTS, Math.ceil(DAY_SECONDS / refreshSeconds)));
}

export class SeriesStore {
  private readonly times: Float64Array;
  private readonly values = new Map<string, Float32Array>();
  private head = 0; // next slot to write
  private size = 0;
  /** Series refused because MAX_SERIES were already stored (reported, never silently grown). */
  dropped = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  get seriesCount(): number {
    return this.values.size;
  }

  /** Bytes held by the rings (what the bound above counts). */
  get bytes(): number {
    return this.times.byteLength + this.values.size * this.capacity * 4;
  }

  /** Whether the ring is full: the oldest polls are being overwritten. */
  get full(): boolean {
    return this.size === this.capacity;
  }

  firstTime(): number | null {
    return this.size === 0 ? null : this.timeAt(0);
  }

  lastTime(): number | null {
    return this.size === 0 ? null : this.times[(this.head - 1 + this.capacity) % this.capacity]!;
  }

  /** Appends one poll: every stored series gets a value at `t` (NaN when the poll has none for it). */
  append(t: number, values: ReadonlyMap<string, number | null>): void {
    const slot = this.head;
    this.times[slot] = t;
    for (const [key, ring] of this.values) {
      const v = values.get(key);
      ring[slot] = v === undefined || v === null ? NaN : v;
    }
    for (const [key, v] of values) {
      if (this.values.has(key)) continue;
      if (this.values.size >= MAX_SERIES) {
        this.dropped++;
        continue;
      }
      const ring = new Float32Array(this.capacity).fill(NaN);
      ring[slot] = v === null ? NaN : v;
      this.values.set(key, ring);
    }
    this.head = (slot + 1) % this.capacity;
    this.size = Math.min(this.capacity, this.size + 1);
  }

  /** A gap at `t`: every series is null there (a failed poll, or a pause in polling). */
  appendGap(t: number): void {
    this.append(t, new Map());
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  private timeAt(i: number): number {
    return this.times[(this.head - this.size + i + this.capacity) % this.capacity]!;
  }

  /** The first logical index (0 = oldest) whose time is ≥ t: times are appended in order. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Slots with from ≤ t ≤ to, oldest first; null where the value is missing. Values are rounded
   * to `decimals` places, which also drops the noise digits a float32 gains as a double.
   */
  range(key: string, from: number, to: number, decimals = 6): Point[] {
    const scale = 10 ** decimals;
    const ring = this.values.get(key);
    const out: Point[] = [];
    const first = (this.head - this.size + this.capacity) % this.capacity;
    for (let i = this.lowerBound(from); i < this.size; i++) {
      const slot = (first + i) % this.capacity;
      const t = this.times[slot]!;
      if (t > to) break;
      const v = ring ? ring[slot]! : NaN;
      out.push([t, Number.isNaN(v) ? null : Math.round(v * scale) / scale]);
    }
    return out;
  }

  /** Mean of the non-missing values with from ≤ t < to; null when there are none. */
  mean(key: string, from: number, to: number): number | null {
    const ring = this.values.get(key);
    if (!ring) return null;
    let sum = 0;
    let n = 0;
    const first = (this.head - this.size + this.capacity) % this.capacity;
    for (let i = this.lowerBound(from); i < this.size; i++) {
      const slot = (first + i) % this.capacity;
      if (this.times[slot]! >= to) break;
      const v = ring[slot]!;
      if (Number.isNaN(v)) continue;
      sum += v;
      n++;
    }
    return n === 0 ? null : sum / n;
  }

  /** Number of slots with from ≤ t ≤ to. */
  countIn(from: number, to: number): number {
    let lo = this.lowerBound(from);
    let hi = this.size;
    // first index with time > to
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) <= to) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - this.lowerBound(from));
  }
}

/**
 * Where the stored history begins, for a chart whose range starts at `from`: the source's first
 * poll (`startedAt`, answered or not: nothing could exist before it) until the ring is full,
 * then its oldest slot. null when the history covers the whole range.
 */
export function historyStartOf(store: SeriesStore, startedAt: number | null, from: number): HistoryStart | null {
  const oldest = store.firstTime();
  const start: HistoryStart | null = store.full && oldest !== null ? { at: oldest, why: 'retention' } : startedAt !== null ? { at: startedAt, why: 'console-started' } : null;
  return start && start.at > from ? start : null;
}
