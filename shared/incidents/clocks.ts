import { deadlineAfter } from './business-days.ts';
import type { Severity } from './events.ts';
import { severityAt } from './fold.ts';
import type { SeverityPolicy, SeverityRule, Target } from './policy.ts';
import type { IncidentView, LeverExecution } from './view.ts';

/**
 * The deadlines an incident is working against, computed from its view, the policy in force and
 * the time now. Pure: the renderer calls it every second, the notifier on each tick.
 *
 * Clocks:
 * - ack: declared → first acknowledgement. Stopped if cancelled or resolved unacknowledged.
 * - fix: declared → resolution in force (a reopen runs it again). Stopped if cancelled.
 * - customer_notice: declared → first status update to the customer audience.
 * - status_update: due `statusUpdate` after the last status update (any audience), or after
 *   the declaration if none — or after the severity rose into a level with a cadence, if that
 *   is later (the obligation starts when it applies). Posting resets it; a state change
 *   without a post does not (reopening included). Stopped when resolved or cancelled.
 * - postmortem: resolution in force → postmortem_completed.
 * - decision_record: one per lever execution that bypassed change control while the severity
 *   was one the policy names (policy.decisionRecord); from the execution → decision record filed.
 *   A failed or reverted lever still needs one: change control was bypassed all the same.
 *
 * Severity changes: a clock's target comes from the severity in force at the moment that decides
 * it (when it was met or stopped; else now) and is measured from the clock's original start
 * (the declaration for ack, fix and customer notice). An upgrade can therefore make a running
 * clock overdue at once: the incident has been that bad since it was declared. A met clock is
 * never re-judged by a later change. A severity whose rule has no target (SEV4 fix "as
 * scheduled", no customer notice below SEV1) has no clock.
 *
 * States: met / met_late (met on or before / after the deadline), stopped (no longer applies,
 * not met), else overdue (past the deadline), approaching or running. Approaching: less than
 * 20 % of the window or less than 5 min left, whichever is more — so a 5-minute ack is
 * approaching from its first second (meant: it is urgent the whole time) while a 5-business-day
 * postmortem turns approaching about a day before it is due.
 *
 * remainingMs: deadline − now while live (negative when overdue); deadline − metAt for met
 * clocks (negative when late); deadline − stoppedAt for stopped ones.
 */

export const CLOCK_KINDS = ['ack', 'customer_notice', 'status_update', 'fix', 'postmortem', 'decision_record'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];
export type ClockState = 'running' | 'approaching' | 'overdue' | 'met' | 'met_late' | 'stopped';

export interface Clock {
  /** `${incidentId}:${kind}`, plus `:${executionId}` for a decision record. */
  id: string;
  incidentId: string;
  kind: ClockKind;
  /** "Acknowledge: 5 min (SEV1)". */
  label: string;
  startedAt: string;
  deadline: string;
  state: ClockState;
  remainingMs: number;
  metAt: string | null;
  stoppedAt: string | null;
  /** "ack due in 3 min", "status update overdue by 12 min". */
  words: string;
  /** The lever execution a decision record is for; null for the other kinds. */
  subject: string | null;
}

const MINUTE = 60_000;
export const APPROACHING_FRACTION = 0.2;
export const APPROACHING_MIN_MS = 5 * MINUTE;

const NOUN: Record<ClockKind, string> = {
  ack: 'ack',
  fix: 'fix',
  customer_notice: 'customer notice',
  status_update: 'status update',
  postmortem: 'postmortem',
  decision_record: 'decision record',
};

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": rounded down, so "due in 2 min" means at least 2. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

interface Timing {
  kind: ClockKind;
  incidentId: string;
  label: string;
  noun: string;
  start: number;
  deadline: number;
  metAt: number | null;
  stoppedAt: number | null;
  stopReason: string;
  subject?: string;
}

function makeClock(t: Timing, now: number): Clock {
  const iso = (ms: number) => new Date(ms).toISOString();
  let state: ClockState;
  let remainingMs: number;
  let words: string;
  if (t.metAt !== null) {
    remainingMs = t.deadline - t.metAt;
    state = remainingMs >= 0 ? 'met' : 'met_late';
    words = state === 'met' ? `${t.noun} met with ${formatDuration(remainingMs)} to spare` : `${t.noun} met ${formatDuration(remainingMs)} late`;
  } else if (t.stoppedAt !== null) {
    remainingMs = t.deadline - t.stoppedAt;
    state = 'stopped';
    words = remainingMs >= 0 ? `${t.noun} stopped (${t.stopReason})` : `${t.noun} missed by ${formatDuration(remainingMs)} (${t.stopReason})`;
  } else {
    remainingMs = t.deadline - now;
    const threshold = Math.max(APPROACHING_FRACTION * (t.deadline - t.start), APPROACHING_MIN_MS);
    state = remainingMs < 0 ? 'overdue' : remainingMs < threshold ? 'approaching' : 'running';
    words = state === 'overdue' ? `${t.noun} overdue by ${formatDuration(remainingMs)}` : `${t.noun} due in ${formatDuration(remainingMs)}`;
  }
  return {
    id: t.subject ? `${t.incidentId}:${t.kind}:${t.subject}` : `${t.incidentId}:${t.kind}`,
    incidentId: t.incidentId,
    kind: t.kind,
    label: t.label,
    startedAt: iso(t.start),
    deadline: iso(t.deadline),
    state,
    remainingMs,
    metAt: t.metAt === null ? null : iso(t.metAt),
    stoppedAt: t.stoppedAt === null ? null : iso(t.stoppedAt),
    words,
    subject: t.subject ?? null,
  };
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** The earliest of the times given, ignoring nulls. */
const earliest = (...times: (number | null)[]): number | null => times.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.min(a, b)), null);

/** When the incident ended without meeting a clock: cancelled, or resolved (in force). */
function endedAt(view: IncidentView): { at: number; reason: string } | null {
  if (view.cancelledAt) return { at: Date.parse(view.cancelledAt), reason: 'incident cancelled' };
  if (view.resolvedAt) return { at: Date.parse(view.resolvedAt), reason: 'incident resolved' };
  return null;
}

type TargetOf = (rule: SeverityRule) => Target | null;

/** One clock measured from the declaration (ack, fix, customer notice). */
function fromDeclaration(
  view: IncidentView,
  policy: SeverityPolicy,
  now: number,
  kind: ClockKind,
  title: string,
  pick: TargetOf,
  met: number | null,
  stop: { at: number; reason: string } | null,
): Clock | null {
  const declared = ms(view.declaredAt)!;
  const stopped = met === null ? stop : stop && stop.at < met ? stop : null;
  const metAt = stopped ? null : met;
  const judged = severityAt(view, new Date(metAt ?? stopped?.at ?? now)) ?? view.severity!;
  const target = pick(policy.severities[judged]);
  if (!target) return null;
  const deadline = deadlineAfter(new Date(declared), target, policy);
  if (!deadline) return null;
  return makeClock(
    {
      kind,
      incidentId: view.id,
      label: `${title}: ${target.text} (${policy.severities[judged].name})`,
      noun: NOUN[kind],
      start: declared,
      deadline: deadline.getTime(),
      metAt,
      stoppedAt: stopped?.at ?? null,
      stopReason: stopped?.reason ?? '',
    },
    now,
  );
}

function statusUpdateClock(view: IncidentView, policy: SeverityPolicy, now: number): Clock | null {
  const stop = endedAt(view);
  const until = stop?.at ?? now;
  const judged = severityAt(view, new Date(until)) ?? view.severity!;
  const cadence = policy.severities[judged].statusUpdate;
  if (!cadence || cadence.kind !== 'elapsed') return null;
  // When the current run of severities with a cadence began (the obligation applies from then).
  let since: number | null = null;
  for (const c of view.severityHistory) {
    const t = Date.parse(c.at);
    if (t > until) break;
    if (policy.severities[c.severity].statusUpdate) since ??= t;
    else since = null;
  }
  let anchor = Math.max(ms(view.declaredAt)!, since ?? 0);
  for (const u of view.statusUpdates) {
    const t = Date.parse(u.at);
    if (t <= until && t > anchor) anchor = t;
  }
  return makeClock(
    {
      kind: 'status_update',
      incidentId: view.id,
      label: `Status update: every ${cadence.text} (${policy.severities[judged].name})`,
      noun: 'status update',
      start: anchor,
      deadline: anchor + cadence.ms,
      metAt: null,
      stoppedAt: stop?.at ?? null,
      stopReason: stop?.reason ?? '',
    },
    now,
  );
}

function postmortemClock(view: IncidentView, policy: SeverityPolicy, now: number): Clock | null {
  const resolved = ms(view.resolvedAt);
  if (resolved === null) return null;
  const metAt = ms(view.postmortemCompletedAt);
  const judged = severityAt(view, new Date(metAt ?? now)) ?? view.severity!;
  const target = policy.severities[judged].postmortem;
  const deadline = target && deadlineAfter(new Date(resolved), target, policy);
  if (!target || !deadline) return null;
  return makeClock(
    {
      kind: 'postmortem',
      incidentId: view.id,
      label: `Postmortem: ${target.text} after resolution (${policy.severities[judged].name})`,
      noun: 'postmortem',
      start: resolved,
      deadline: deadline.getTime(),
      metAt,
      stoppedAt: null,
      stopReason: '',
    },
    now,
  );
}

function decisionRecordClocks(view: IncidentView, policy: SeverityPolicy, now: number): Clock[] {
  const rule = policy.decisionRecord;
  if (!rule) return [];
  const filed = new Map(view.decisionRecords.map((d) => [d.executionId, Date.parse(d.at)]));
  const needs = (l: LeverExecution): l is LeverExecution & { severity: Severity } => l.bypassedChangeControl && l.severity !== null && rule.severities.includes(l.severity);
  return view.levers.filter(needs).flatMap((l) => {
    const start = Date.parse(l.at);
    const deadline = deadlineAfter(new Date(start), rule.due, policy);
    if (!deadline) return [];
    const what = `${l.lever} ${l.action} ${l.target}`;
    return [
      makeClock(
        {
          kind: 'decision_record',
          incidentId: view.id,
          label: `Decision record: ${rule.due.text} after ${what} bypassed change control`,
          noun: `decision record for ${l.lever}`,
          start,
          deadline: deadline.getTime(),
          metAt: filed.get(l.executionId) ?? null,
          stoppedAt: null,
          stopReason: '',
          subject: l.executionId,
        },
        now,
      ),
    ];
  });
}

/** Every clock of the incident under `policy` at `now`, in CLOCK_KINDS order. */
export function incidentClocks(view: IncidentView, policy: SeverityPolicy, now: Date): Clock[] {
  if (!view.declaredAt || !view.severity) return [];
  const t = now.getTime();
  const ended = endedAt(view);
  const ack = ms(view.acknowledgedAt);
  const ackStop = view.cancelledAt ? ended : view.resolvedAt ? { at: Date.parse(view.resolvedAt), reason: 'resolved without acknowledgement' } : null;
  const firstCustomer = earliest(...view.statusUpdates.filter((u) => u.audience === 'customer').map((u) => Date.parse(u.at)));
  const cancelled = view.cancelledAt ? { at: Date.parse(view.cancelledAt), reason: 'incident cancelled' } : null;
  const clocks = [
    fromDeclaration(view, policy, t, 'ack', 'Acknowledge', (r) => r.ack, ack, ack === null ? ackStop : null),
    fromDeclaration(view, policy, t, 'customer_notice', 'Customer notice', (r) => r.customerNotice, firstCustomer, ended),
    statusUpdateClock(view, policy, t),
    fromDeclaration(view, policy, t, 'fix', 'Fix', (r) => r.fix, ms(view.resolvedAt), cancelled),
    postmortemClock(view, policy, t),
    ...decisionRecordClocks(view, policy, t),
  ];
  return clocks.filter((c): c is Clock => c !== null);
}

const LIVE: ReadonlySet<ClockState> = new Set(['running', 'approaching', 'overdue']);

/** The live clock with the least time left (the most overdue first); null when none is live. */
export function mostUrgentClock(clocks: readonly Clock[]): Clock | null {
  let best: Clock | null = null;
  for (const c of clocks) {
    if (!LIVE.has(c.state)) continue;
    if (best === null || c.remainingMs < best.remainingMs || (c.remainingMs === best.remainingMs && CLOCK_KINDS.indexOf(c.kind) < CLOCK_KINDS.indexOf(best.kind))) best = c;
  }
  return best;
}

/**
 * The notifier's once-only key: `${incidentId}:${kind}:${deadline}`. A moved deadline (severity
 * change, a status update posted) is a new key and may notify again. Decision records add
 * `:${executionId}`, since two levers pulled in the same second share a deadline.
 */
export function notificationKey(clock: Clock): string {
  const key = `${clock.incidentId}:${clock.kind}:${clock.deadline}`;
  return clock.subject ? `${key}:${clock.subject}` : key;
}
