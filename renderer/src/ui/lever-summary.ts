import { LEVERS, type LeverStateSnapshot, type LeverTargetState } from '../../../shared/levers.ts';
import type { ActiveEnvironment } from '../../../shared/environment.ts';
import type { LeverStateRead } from '../features/app/store.ts';

/**
 * What the top bar says about levers. A count is only given when every lever was read:
 * a lever that could not be read may be pulled, so "0 pulled" would be a guess.
 */
export type LeverSummary =
  /** No platform configured: nothing to say about levers. */
  | { kind: 'none' }
  | { kind: 'reading' }
  | { kind: 'unknown'; reason: string }
  /** `unread` is set when some levers could not be read: then `pulled` is a lower bound. */
  | { kind: 'known'; pulled: LeverTargetState[]; unread: string | null; at: string };

/** Levers need both platform services (the levers.state handler refuses otherwise). */
export function hasLeverPlatform(env: ActiveEnvironment | null): boolean {
  return env !== null && env.kind !== 'none' && Boolean(env.adminUrl) && Boolean(env.gatewayUrl);
}

export function summarizeLevers(env: ActiveEnvironment | null, read: LeverStateRead): LeverSummary {
  if (!hasLeverPlatform(env)) return { kind: 'none' };
  if (read.status === 'unread') return { kind: 'reading' };
  if (read.status === 'failed') return { kind: 'unknown', reason: read.error.message };
  const snap = read.snapshot;
  const targets: LeverTargetState[] = Array.isArray(snap.targets) ? snap.targets : [];
  const pulled = targets.filter((t) => t.engaged === true);
  const unread = unreadReason(snap, targets);
  if (unread !== null && pulled.length === 0) return { kind: 'unknown', reason: unread };
  if (targets.length === 0) return { kind: 'unknown', reason: 'The platform answered with no lever state at all.' };
  return { kind: 'known', pulled, unread, at: snap.at };
}

/** Why some levers are not known, in words; null when every lever was read. */
function unreadReason(snap: LeverStateSnapshot, targets: LeverTargetState[]): string | null {
  const parts: string[] = [];
  const failed = targets.filter((t) => t.engaged === null);
  if (failed.length > 0) {
    const why = [...new Set(failed.map((t) => t.error ?? 'not read'))];
    parts.push(`${failed.length} of ${targets.length} lever states could not be read (${why.slice(0, 3).join('; ')}${why.length > 3 ? '; …' : ''})`);
  }
  if (snap.reachable && !snap.reachable.admin && failed.length === 0) parts.push('the admin service is unreachable');
  // Read defensively: an older core sends no `brandsError`.
  const brandsError = snap.brandsError ?? null;
  if (brandsError) parts.push(`the brand list could not be read (${brandsError.problem}), so no brand lever was read`);
  return parts.length ? `${capitalize(parts.join('; '))}.` : null;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface LeverChipView {
  text: string;
  /** The tooltip: what is pulled, or why the state is unknown. */
  title: string;
  tone: 'quiet' | 'pulled' | 'unknown';
}

export function leverChipView(s: Exclude<LeverSummary, { kind: 'none' }>): LeverChipView {
  if (s.kind === 'reading') return { text: 'levers: reading…', title: 'Reading the levers’ state from the platform.', tone: 'quiet' };
  if (s.kind === 'unknown') return { text: 'levers: state unknown', title: `Lever state unknown: ${s.reason} Open the Levers page for each lever.`, tone: 'unknown' };
  const list = s.pulled.map((t) => `• ${leverTitle(t.lever)}: ${t.detail} — ${t.targetLabel}`);
  if (s.unread !== null)
    return {
      text: `levers: ${s.pulled.length} pulled, others unknown`,
      title: [`At least ${s.pulled.length} pulled:`, ...list, `Not known: ${s.unread}`].join('\n'),
      tone: 'pulled',
    };
  const read = `Read from the platform at ${s.at.slice(11, 19)} UTC.`;
  if (s.pulled.length === 0) return { text: 'levers: 0 pulled', title: `No lever is pulled: every lever was read. ${read}`, tone: 'quiet' };
  return { text: `levers: ${s.pulled.length} pulled`, title: ['Pulled now:', ...list, read].join('\n'), tone: 'pulled' };
}

function leverTitle(id: LeverTargetState['lever']): string {
  return LEVERS.find((l) => l.id === id)?.title ?? id;
}
