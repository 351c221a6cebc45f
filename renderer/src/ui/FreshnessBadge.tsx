import { formatAge } from './time.ts';
import type { LiveStatus } from './freshness.ts';

const WORD: Record<LiveStatus, string> = { live: '● LIVE', stale: '▲ STALE', error: '✕ ERROR', loading: '… LOADING' };

/** The age of a panel's data, and whether it may be read as live: in words, not color alone. */
export function FreshnessBadge({ status, ageMs, className }: { status: LiveStatus; ageMs: number | null; className?: string }) {
  const age = ageMs === null ? '' : ` · ${formatAge(ageMs)}`;
  return (
    <span className={`dash-fresh dash-fresh-${status} ${className ?? ''}`} data-status={status} title={ageMs === null ? 'no data yet' : `newest data ${formatAge(ageMs)} old`}>
      {WORD[status]}
      {status === 'loading' ? '' : age}
    </span>
  );
}
