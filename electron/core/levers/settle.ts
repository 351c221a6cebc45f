import type { LeverDefinition, LeverExecution } from '../../../shared/levers.ts';
import { describeAnswer, type PlatformAnswer } from '../platform/client.ts';
import type { ExecutionEvidence } from './executions.ts';
import { judgeBody, type LeverReading } from './reading.ts';
import type { Verdict } from './verify.ts';

// Re-verifying judges an old write by today's state. That only holds while nothing else has
// moved the state since: these say when it has, and who moved it, so that a release that
// came later is never read as "the engage did not apply".

export const shortId = (id: string) => id.slice(0, 8);

const label = (def: LeverDefinition, engaged: boolean | null) => (engaged === null ? 'an unreadable state' : engaged ? def.engagedLabel : def.releasedLabel);

/** The record of the execution (outcome or re-verify) whose read-back showed the state it wanted. */
function seenAfter(def: LeverDefinition, evidence: ExecutionEvidence[], wanted: boolean): ExecutionEvidence | undefined {
  return evidence.find((r) => (r.kind === 'outcome' || r.kind === 'reverify') && judgeBody(def, r.after) === wanted);
}

/**
 * Whether a later execution of this console may have changed the state: anything not refused
 * outright, and a failed one whose own read-back showed its change (a probe that failed).
 */
export function changedState(def: LeverDefinition, later: LeverExecution, evidence: ExecutionEvidence[]): boolean {
  if (later.status !== 'failed') return true;
  return seenAfter(def, evidence, later.action === 'engage') !== undefined;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export function sameState(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function changedFields(before: unknown, now: unknown): string {
  if (!before || !now || typeof before !== 'object' || typeof now !== 'object') return 'the answer differs';
  const b = before as Record<string, unknown>;
  const n = now as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(n)])].filter((k) => !sameState(b[k], n[k]));
  const shown = keys.slice(0, 3).map((k) => (typeof b[k] !== 'object' && typeof n[k] !== 'object' ? `${k} ${JSON.stringify(b[k])} → ${JSON.stringify(n[k])}` : `${k} changed`));
  return shown.join(', ') + (keys.length > 3 ? ', …' : '');
}

export interface MovedSinceInput {
  def: LeverDefinition;
  execution: LeverExecution;
  /** What the platform shows now (a successful read). */
  current: { engaged: boolean; body: unknown };
  /** The execution's own audit records. */
  evidence: ExecutionEvidence[];
  /** Later executions of this console on the same lever and target that may have changed it, oldest first, with their records. */
  laterMovers: { execution: LeverExecution; evidence: ExecutionEvidence[] }[];
}

/**
 * Why today's state cannot judge this execution's write — in words for the audit log and the
 * screen — or null when it can (the state is as this write left it, or exactly as before it).
 */
export function movedSince({ def, execution: e, current, evidence, laterMovers }: MovedSinceInput): string | null {
  const wanted = e.action === 'engage';
  const now = label(def, current.engaged);
  const first = laterMovers[0];
  if (first) {
    const last = laterMovers[laterMovers.length - 1]!;
    const by =
      laterMovers.length === 1
        ? `this console's ${first.execution.action} ${shortId(first.execution.id)} (${first.execution.startedAt}, ${first.execution.status})`
        : `this console's later executions, from ${first.execution.action} ${shortId(first.execution.id)} (${first.execution.startedAt}) to ${last.execution.action} ${shortId(last.execution.id)} (${last.execution.startedAt}, ${last.execution.status})`;
    const before = judgeBody(def, first.evidence.find((r) => r.kind === 'intent')?.before);
    const hint =
      before === null
        ? ''
        : ` Before ${first.execution.action} ${shortId(first.execution.id)}, the platform read ${label(def, before)}${before === wanted ? `, which is what this ${e.action} wanted` : ''}.`;
    return `re-verify: the state has moved since: ${by} changed it after this ${e.action}. The platform now shows ${now}, which says nothing about this ${e.action}; it is not judged again.${hint}`;
  }
  if (current.engaged === wanted) return null;
  const applied = seenAfter(def, evidence, wanted);
  if (applied)
    return `re-verify: the platform read ${label(def, wanted)} after this ${e.action} (${applied.at}) and now shows ${now}: the state changed since by someone else (no later execution of this console). This ${e.action} is not judged again.`;
  const intent = evidence.find((r) => r.kind === 'intent');
  if (intent && intent.before !== null && !sameState(intent.before, current.body))
    return `re-verify: the platform shows ${now}, but no longer as it was before this ${e.action} (${changedFields(intent.before, current.body)}): the state changed since by someone else, so whether this ${e.action} applied cannot be told from it. Not judged again.`;
  return null;
}

/** How far an execution got before something threw: the write's answer, the read-back, the verdict. */
export type Interrupted = Partial<{ answer: PlatformAnswer; after: LeverReading; verdict: Verdict }>;

/** The `unknown` outcome's words when something threw after the intent: what was seen, what failed, what is open. */
export function interruptedDetail(def: LeverDefinition, stage: string, why: string, got: Interrupted): string {
  if (got.verdict) return `The outcome (${got.verdict.status}: ${got.verdict.detail}) could not be recorded (${why}); recorded as unknown instead. Re-verify to settle.`;
  const wrote = got.answer ? `write: ${describeAnswer(got.answer)}; ` : '';
  const read = got.after ? `read-back shows ${got.after.ok ? label(def, got.after.engaged) : `nothing readable (${got.after.problem})`}; ` : '';
  const open = got.after?.ok ? 'its effect is not confirmed' : got.answer ? 'whether the write applied is not known' : 'whether the write reached the platform is not known';
  return `${wrote}${read}Switchyard failed while ${stage} (${why}): ${open}. Re-verify to settle.`;
}
