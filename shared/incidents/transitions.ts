import type { EventBody, IncidentRole, IncidentState, Severity } from './events.ts';

/**
 * The incident lifecycle and the other rules an event must pass before it counts. One copy,
 * used twice: the core refuses an illegal event before writing it (checkTransition in fold.ts),
 * and the fold sets aside an event that became illegal because another console's event sorted
 * before it (two consoles resolving and cancelling at once).
 *
 *   declared → acknowledged → mitigated → resolved → postmortem_done
 *   declared | acknowledged | mitigated → cancelled
 *   acknowledged → resolved           (mitigation may be skipped)
 *   declared → resolved               ("resolved without acknowledgement", reported apart)
 *   resolved → reopened → acknowledged if it had an owner, else declared
 *
 * Refused: acknowledging twice (ownership moves with a handover, helpers with roles),
 * mitigating before an owner acknowledged it (a mitigation is someone's act; a breach that
 * clears by itself is a resolution), anything lifecycle after cancelled, and reopening after the
 * postmortem is complete (that incident is closed for review: declare a new one).
 */

export type LifecycleEvent = Extract<EventBody['type'], 'declared' | 'acknowledged' | 'mitigated' | 'resolved' | 'reopened' | 'cancelled' | 'postmortem_completed'>;

/** What the rules need to know about the incident so far; the fold keeps it in maps. */
export interface TransitionFacts {
  id: string;
  /** null until a `declared` event has been applied. */
  state: IncidentState | null;
  declaredAt: string | null;
  severity: Severity | null;
  owner: string | null;
  roleHolder(role: IncidentRole): string | null;
  /** undefined: not attached; null: attached without a version (named when declared). */
  runbookVersion(runbookId: string): number | null | undefined;
  hasEvent(eventId: string): boolean;
  /** Whether a lever execution with this id bypassed change control. */
  bypassedLever(executionId: string): boolean;
  /** The reference of the decision record filed for this execution, or null. */
  decisionRecord(executionId: string): string | null;
}

export type TransitionCheck = { ok: true } | { ok: false; message: string };

const VERB: Record<LifecycleEvent | 'severity_changed', string> = {
  declared: 'declare',
  acknowledged: 'acknowledge',
  mitigated: 'mitigate',
  resolved: 'resolve',
  reopened: 'reopen',
  cancelled: 'cancel',
  postmortem_completed: 'complete the postmortem of',
  severity_changed: 'change the severity of',
};

const STATE_WORDS: Record<IncidentState, string> = {
  declared: 'declared and not acknowledged yet',
  acknowledged: 'acknowledged',
  mitigated: 'mitigated',
  resolved: 'resolved',
  postmortem_done: 'closed (postmortem complete)',
  cancelled: 'cancelled',
};

const ALLOWED: Record<IncidentState, readonly LifecycleEvent[]> = {
  declared: ['acknowledged', 'resolved', 'cancelled'],
  acknowledged: ['mitigated', 'resolved', 'cancelled'],
  mitigated: ['resolved', 'cancelled'],
  resolved: ['reopened', 'postmortem_completed'],
  postmortem_done: [],
  cancelled: [],
};

const OK: TransitionCheck = { ok: true };
const no = (message: string): TransitionCheck => ({ ok: false, message });

const LIFECYCLE = new Set<string>(['declared', 'acknowledged', 'mitigated', 'resolved', 'reopened', 'cancelled', 'postmortem_completed'] satisfies LifecycleEvent[]);
export function isLifecycle(type: EventBody['type']): type is LifecycleEvent {
  return LIFECYCLE.has(type);
}

/** Why a lifecycle event cannot happen in this state, in words an on-call engineer can act on. */
function lifecycleRefusal(f: TransitionFacts, type: LifecycleEvent): string | null {
  const cannot = `Cannot ${VERB[type]} ${f.id}`;
  if (type === 'declared') return f.state === null ? null : `${cannot}: it was already declared at ${f.declaredAt}`;
  if (f.state === null) return `${cannot}: it has not been declared`;
  if (ALLOWED[f.state].includes(type)) return null;
  const s = f.state;
  if (type === 'acknowledged' && (s === 'acknowledged' || s === 'mitigated')) {
    return `${cannot}: it is already acknowledged (owner ${f.owner ?? 'unknown'}); hand it over or assign a role instead`;
  }
  if (type === 'mitigated' && s === 'declared') return `${cannot}: nobody has acknowledged it yet; acknowledge it first`;
  if (type === 'mitigated' && s === 'mitigated') return `${cannot}: it is already mitigated`;
  if (type === 'resolved' && s === 'resolved') return `${cannot}: it is already resolved`;
  if (type === 'reopened' && s === 'postmortem_done') return `${cannot}: its postmortem is complete; declare a new incident instead`;
  if (type === 'reopened') return `${cannot}: it is ${STATE_WORDS[s]}, not resolved`;
  if (type === 'postmortem_completed' && s === 'postmortem_done') return `${cannot}: it is already complete`;
  if (type === 'postmortem_completed') return `${cannot}: it is ${STATE_WORDS[s]}, not resolved`;
  if (s === 'resolved') return `${cannot}: it is resolved; reopen it first`;
  return `${cannot}: it is ${STATE_WORDS[s]}`;
}

/** The one rule book: null when `body` may be applied now, else the reason it may not. */
export function refusal(f: TransitionFacts, body: EventBody): string | null {
  if (isLifecycle(body.type)) return lifecycleRefusal(f, body.type);
  switch (body.type) {
    case 'severity_changed': {
      const cannot = `Cannot ${VERB.severity_changed} ${f.id}`;
      if (f.state === null) return `${cannot}: it has not been declared`;
      if (f.state === 'cancelled') return `${cannot}: it is cancelled`;
      if (f.severity === body.severity) return `${cannot}: it is already ${body.severity}`;
      return null;
    }
    case 'role_assigned':
      return f.roleHolder(body.role) === body.person ? `${body.person} already holds the ${body.role} role on ${f.id}` : null;
    case 'role_released': {
      const holder = f.roleHolder(body.role);
      return holder === body.person ? null : `${body.person} does not hold the ${body.role} role on ${f.id} (${holder ?? 'nobody'} does)`;
    }
    case 'handover':
      if (f.owner === null) return `Cannot hand over ${f.id}: nobody owns it yet; acknowledge it first`;
      if (f.owner !== body.from) return `Cannot hand over ${f.id} from ${body.from}: ${f.owner} owns it`;
      if (body.to === body.from) return `Cannot hand over ${f.id}: ${body.from} already owns it`;
      return null;
    case 'runbook_attached':
      return f.runbookVersion(body.runbookId) === body.version ? `Runbook ${body.runbookId} v${body.version} is already attached to ${f.id}` : null;
    case 'runbook_detached':
      return f.runbookVersion(body.runbookId) === undefined ? `Runbook ${body.runbookId} is not attached to ${f.id}` : null;
    case 'event_pinned':
      return f.hasEvent(body.eventId) ? null : `There is no event ${body.eventId} in ${f.id} to ${body.pinned ? 'pin' : 'unpin'}`;
    case 'decision_record_filed': {
      if (!f.bypassedLever(body.executionId)) return `There is no lever execution ${body.executionId} on ${f.id} that bypassed change control`;
      const filed = f.decisionRecord(body.executionId);
      return filed === null ? null : `A decision record for ${body.executionId} is already filed (${filed})`;
    }
    default:
      // Notes, status updates, lever executions, breaches, checklist ticks and postmortem
      // edits record what happened; refusing them would lose it. A late note can carry an
      // earlier time (the first symptom), so they are accepted even before the declaration.
      return null;
  }
}
