import type { AuditRecord, LeverOutcome } from '../../../../shared/audit.ts';

/** One lever execution as the audit log recorded it: its intent, outcome, re-verifies, notes. */
export interface AuditGroup {
  key: string;
  executionId: string | null;
  /** As listed: newest first. */
  records: AuditRecord[];
  lever: string | null;
  action: string | null;
  target: string | null;
  incidentId: string | null;
  /** The newest outcome or re-verify; null while only the intent is recorded. */
  outcome: LeverOutcome | null;
  /** A note says the platform was later found released by someone else. */
  foundReleased: boolean;
}

/** Groups records (newest first) by execution, in the order their newest record appears. */
export function groupAuditRecords(records: readonly AuditRecord[]): AuditGroup[] {
  const groups = new Map<string, AuditGroup>();
  for (const r of records) {
    const key = r.executionId ?? `record-${r.seq}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, executionId: r.executionId, records: [], lever: r.lever, action: r.action, target: r.target, incidentId: null, outcome: null, foundReleased: false };
      groups.set(key, g);
    }
    g.records.push(r);
    g.incidentId ??= r.incidentId;
    // A note about an engage carries action 'release': the execution's own action is its intent's.
    if (r.kind === 'intent' || r.kind === 'outcome') g.action = r.action;
    if (g.outcome === null && (r.kind === 'outcome' || r.kind === 'reverify') && r.outcome) g.outcome = r.outcome;
    if (r.kind === 'note' && /found released/i.test(r.detail ?? '')) g.foundReleased = true;
  }
  return [...groups.values()];
}

type Words = { engage: (t: string) => string; release: (t: string) => string };

/** What each lever did, in the words of the people it affected. */
const LEVER_WORDS: Record<string, Words> = {
  'platform-freeze': { engage: () => 'platform put in maintenance (all brands)', release: () => 'platform maintenance lifted (all brands)' },
  'halt-deposits': { engage: () => 'deposits halted on all brands', release: () => 'deposits resumed on all brands' },
  'brand-deposits-off': { engage: (t) => `deposits disabled on ${t}`, release: (t) => `deposits re-enabled on ${t}` },
  'brand-withdrawals-off': { engage: (t) => `withdrawals disabled on ${t}`, release: (t) => `withdrawals re-enabled on ${t}` },
  'provider-ingress-block': { engage: (t) => `ingress blocked for provider ${t}`, release: (t) => `ingress reopened for provider ${t}` },
};

/**
 * "Release: deposits re-enabled on Lucky 7", "Pull: deposits halted on all brands". `name`
 * turns a brand id into its display name (the id when the brand list is not known).
 */
export function groupTitle(g: Pick<AuditGroup, 'lever' | 'action' | 'target'>, name: (target: string) => string = (t) => t): string {
  const target = g.target && g.target !== 'platform' ? name(g.target) : 'the platform';
  const words = g.lever ? LEVER_WORDS[g.lever] : undefined;
  if (words && (g.action === 'engage' || g.action === 'release')) return g.action === 'engage' ? `Pull: ${words.engage(target)}` : `Release: ${words.release(target)}`;
  const verb = g.action === 'engage' ? 'Pull' : g.action === 'release' ? 'Release' : 'Record';
  return `${verb}: ${[g.lever, g.target].filter(Boolean).join(' on ') || 'no lever'}`;
}

export const KIND_WORDS: Record<AuditRecord['kind'], string> = {
  intent: 'Intent',
  outcome: 'Outcome',
  reverify: 'Re-verify',
  note: 'Note',
};
