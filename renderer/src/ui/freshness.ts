import type { Freshness } from '../../../shared/metrics.ts';

/**
 * What the screen may claim about a panel. `live` only when the core said ok AND the
 * renderer heard from the core recently: a console that lost its core, or a core whose
 * poll loop stalled, must not keep showing its last answer as live.
 */
export type LiveStatus = 'live' | 'stale' | 'error' | 'loading';

/** One answer of the core, as received: its own clock and ours. */
export interface Snapshot {
  /** The core's clock when it built the answer (Dashboard.generatedAt). */
  generatedAt: number;
  /** Our clock when the answer arrived. */
  receivedAt: number;
  refreshSeconds: number;
}

export interface EffectiveFreshness {
  status: LiveStatus;
  /** How old the newest data point is, in ms; null when there is none. */
  ageMs: number | null;
}

/** A little slack over the two-interval rule, so a poll that lands a beat late does not flicker STALE. */
const GRACE_MS = 1500;

/**
 * Age of a core timestamp. Taken as the larger of two estimates, so neither a browser clock
 * that runs behind (wall on another machine) nor a core that stopped answering hides age:
 * whichever says older wins, and a clock that runs ahead errs toward STALE, never toward live.
 */
export function coreAge(coreTime: number, snap: Snapshot, now: number): number {
  return Math.max(0, now - coreTime, now - snap.receivedAt + (snap.generatedAt - coreTime));
}

export function staleAfterMs(snap: Snapshot): number {
  return 2 * snap.refreshSeconds * 1000 + GRACE_MS;
}

export function effectiveFreshness(f: Freshness, snap: Snapshot | null, now: number): EffectiveFreshness {
  if (!snap) return { status: f.status === 'error' ? 'error' : f.status === 'loading' ? 'loading' : 'stale', ageMs: null };
  const ageMs = f.asOf === null ? null : coreAge(f.asOf, snap, now);
  if (f.status === 'error') return { status: 'error', ageMs };
  if (f.status === 'loading') return { status: 'loading', ageMs };
  if (f.status === 'stale') return { status: 'stale', ageMs };
  // ok as of the answer: still ok only while the answer itself is recent.
  const heardAgo = coreAge(snap.generatedAt, snap, now);
  if (f.asOf === null || heardAgo > staleAfterMs(snap)) return { status: 'stale', ageMs };
  return { status: 'live', ageMs };
}
