import type { LeverExecution } from '../../../../shared/levers.ts';

const WORDS: Record<LeverExecution['status'], string> = {
  verified: '✓ VERIFIED',
  failed: '✗ FAILED',
  unknown: '? UNKNOWN',
  in_flight: '… IN FLIGHT',
};

/** Outcome by word and mark, never by color alone. */
export function OutcomeBadge({ status, large }: { status: LeverExecution['status']; large?: boolean }) {
  return <span className={`outcome outcome-${status} ${large ? 'outcome-large' : ''}`}>{WORDS[status]}</span>;
}

/** An engage of this console that the platform was later found released (by someone else). */
export function FoundReleasedBadge() {
  return <span className="outcome outcome-unknown">↺ FOUND RELEASED</span>;
}
