import type { Clock, ClockState } from '../../../../shared/incidents/clocks.ts';
import type { IncidentEvent, IncidentRole, IncidentState, Severity } from '../../../../shared/incidents/events.ts';
import { displayName, type SeverityPolicy } from '../../../../shared/incidents/policy.ts';

/** How the console names what it shows of an incident; the words the room reads aloud. */

export const STATE_WORDS: Record<IncidentState, string> = {
  declared: 'DECLARED · not acknowledged',
  acknowledged: 'ACKNOWLEDGED',
  mitigated: 'MITIGATED',
  resolved: 'RESOLVED',
  postmortem_done: 'CLOSED · postmortem done',
  cancelled: 'CANCELLED',
};

/** Shapes next to the state: the state reads the same without colour. */
export const STATE_MARK: Record<IncidentState, string> = {
  declared: '◆',
  acknowledged: '●',
  mitigated: '◐',
  resolved: '✓',
  postmortem_done: '✓',
  cancelled: '✕',
};

export const ROLE_WORDS: Record<IncidentRole, string> = { commander: 'Incident commander', communications: 'Communications', responder: 'Responder' };

/** A clock's state as a word and a shape: overdue and approaching are never told by colour alone. */
export const CLOCK_MARK: Record<ClockState, { mark: string; word: string }> = {
  overdue: { mark: '✕', word: 'OVERDUE' },
  approaching: { mark: '▲', word: 'DUE SOON' },
  running: { mark: '◷', word: 'RUNNING' },
  met: { mark: '✓', word: 'MET' },
  met_late: { mark: '✓', word: 'MET LATE' },
  stopped: { mark: '■', word: 'STOPPED' },
};

export const CLOCK_TITLE: Record<Clock['kind'], string> = {
  ack: 'Acknowledge',
  fix: 'Fix',
  status_update: 'Status update',
  customer_notice: 'Customer notice',
  postmortem: 'Postmortem due',
  decision_record: 'Decision record',
};

export const sevName = (policy: SeverityPolicy | null, severity: Severity | null): string => (severity ? displayName(policy, severity) : 'no SEV');

/** "03:14:05 UTC" today, "2026-03-10 03:14 UTC" another day: the postmortem's clock. */
export function utcTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t).toISOString();
  return s.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? `${s.slice(11, 19)} UTC` : `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** "HH:MM" in UTC of an ISO time. */
export const utcHhmm = (iso: string): string => new Date(Date.parse(iso)).toISOString().slice(11, 16);

/**
 * A time typed as "HH:MM" (UTC), read as the most recent such time not after `now` (today, or
 * yesterday when today's is still ahead: a first symptom at 23:50 typed at 00:10). Null: blank;
 * 'invalid': not a time.
 */
export function pastUtcTime(text: string, now: number): string | null | 'invalid' {
  const s = text.trim();
  if (!s) return null;
  const m = /^([01]?\d|2[0-3]):?([0-5]\d)$/.exec(s);
  if (!m) return 'invalid';
  const d = new Date(now);
  d.setUTCHours(Number(m[1]), Number(m[2]), 0, 0);
  if (d.getTime() > now) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString();
}

/** A time typed as "HH:MM" (UTC), read as the next such time after `now`. */
export function futureUtcTime(text: string, now: number): string | null {
  const m = /^([01]?\d|2[0-3]):?([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(now);
  d.setUTCHours(Number(m[1]), Number(m[2]), 0, 0);
  if (d.getTime() <= now) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

const OUTCOME: Record<string, string> = { verified: '✓ VERIFIED', failed: '✕ FAILED', unknown: '? UNKNOWN', in_flight: '… IN FLIGHT' };

/** One event in words, without its time and actor (shown beside it). */
export function describeEvent(e: IncidentEvent, policy: SeverityPolicy | null): string {
  switch (e.type) {
    case 'declared':
      return `Declared ${sevName(policy, e.severity)}: ${e.title}${e.breach ? ` — breach: ${e.breach.summary}` : ''}${e.summary ? ` — ${e.summary}` : ''}`;
    case 'acknowledged':
      return `Acknowledged — owner ${e.owner}`;
    case 'mitigated':
      return `Mitigated${e.note ? `: ${e.note}` : ''}`;
    case 'resolved':
      return `Resolved${e.note ? `: ${e.note}` : ''}`;
    case 'reopened':
      return `Reopened: ${e.reason}`;
    case 'cancelled':
      return `Cancelled: ${e.reason}`;
    case 'postmortem_completed':
      return 'Postmortem completed';
    case 'severity_changed':
      return `Severity changed to ${sevName(policy, e.severity)}${e.reason ? `: ${e.reason}` : ''}`;
    case 'role_assigned':
      return `${e.person} took the ${ROLE_WORDS[e.role].toLowerCase()} role`;
    case 'role_released':
      return `${e.person} left the ${ROLE_WORDS[e.role].toLowerCase()} role`;
    case 'note_added':
      return e.text;
    case 'status_posted':
      return `Status update (${e.audience === 'customer' ? 'customer-facing' : 'internal'}): ${e.text}`;
    case 'lever_executed':
      return `Lever ${e.action === 'engage' ? 'pulled' : 'released'}: ${e.lever} on ${e.target} — ${OUTCOME[e.outcome] ?? e.outcome}${e.bypassedChangeControl ? ` (release freeze bypassed, approved by ${e.approvedBy ?? 'unknown'})` : ''}`;
    case 'breach_started':
      return `Breach started: ${e.breach.summary}`;
    case 'breach_ended':
      return `Breach ended on ${e.rail}: ${e.summary}`;
    case 'runbook_attached':
      return `Runbook attached: ${e.runbookId} v${e.version}`;
    case 'runbook_detached':
      return `Runbook detached: ${e.runbookId}`;
    case 'checklist_ticked':
      return `${e.ticked ? '☑ Ticked' : '☐ Unticked'} (${e.runbookId}): ${e.text}`;
    case 'event_pinned':
      return e.pinned ? 'Pinned an event' : 'Unpinned an event';
    case 'postmortem_edited':
      return 'Postmortem draft edited';
    case 'decision_record_filed':
      return `Decision record filed: ${e.reference}`;
    case 'handover':
      return `Handed over from ${e.from} to ${e.to}${e.text ? `: ${e.text}` : ''}`;
  }
}

/** The event kinds' short labels for the timeline's first column. */
export function eventKind(e: IncidentEvent): string {
  switch (e.type) {
    case 'note_added':
      return 'note';
    case 'status_posted':
      return 'status';
    case 'lever_executed':
      return 'lever';
    case 'checklist_ticked':
      return 'checklist';
    case 'breach_started':
    case 'breach_ended':
      return 'breach';
    case 'role_assigned':
    case 'role_released':
    case 'handover':
      return 'people';
    default:
      return 'incident';
  }
}
