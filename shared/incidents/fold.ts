import { compareEvents, ROLES } from './events.ts';
import type { EventBody, IncidentEvent, IncidentRole, IncidentState, Severity } from './events.ts';
import type { AttachedRunbook, BreachSpan, ChecklistItemState, ChecklistProgress, DecisionRecordFiled, IncidentView, LeverExecution, RejectedEvent, RoleTenure } from './view.ts';
import { refusal, type TransitionCheck, type TransitionFacts } from './transitions.ts';

/**
 * An incident's state, folded from its events. Pure and order-independent: the events are
 * sorted with compareEvents (time, origin, id) first, so every console that holds the same
 * events shows the same incident whatever order they arrived in. An event that is illegal at
 * its place in that order (another console resolved what this one cancelled) stays in the
 * timeline, is listed in `rejected` with the reason, and changes nothing.
 *
 * All times are the events' `at` (ISO strings as written). The view's shape is in view.ts.
 */
export type {
  AttachedRunbook,
  BreachSpan,
  ChecklistItemState,
  ChecklistProgress,
  DecisionRecordFiled,
  Handover,
  IncidentView,
  LeverExecution,
  Note,
  RejectedEvent,
  Resolution,
  RoleTenure,
  SeverityChange,
  StatusUpdate,
} from './view.ts';

/** The incident so far, in maps so each event costs O(1) to check and apply. */
class Fold implements TransitionFacts {
  state: IncidentState | null = null;
  declaredAt: string | null = null;
  severity: Severity | null = null;
  owner: string | null = null;
  readonly view: IncidentView;
  private readonly roleTenure = new Map<IncidentRole, RoleTenure>();
  private readonly attached = new Map<string, AttachedRunbook>();
  private readonly eventIds = new Set<string>();
  private readonly leverMap = new Map<string, LeverExecution>();
  private readonly filed = new Map<string, DecisionRecordFiled>();
  private readonly openBreaches = new Map<string, BreachSpan>();
  private readonly ticks = new Map<string, { progress: ChecklistProgress; items: Map<string, ChecklistItemState> }>();
  private readonly pins = new Map<string, true>();
  private readonly rails = new Set<string>();
  private readonly brands = new Set<string>();

  constructor(readonly id: string) {
    this.view = emptyView(id);
  }

  roleHolder(role: IncidentRole): string | null {
    return this.roleTenure.get(role)?.person ?? null;
  }
  runbookVersion(runbookId: string): number | null | undefined {
    return this.attached.get(runbookId)?.version;
  }
  hasEvent(eventId: string): boolean {
    return this.eventIds.has(eventId);
  }
  bypassedLever(executionId: string): boolean {
    return this.leverMap.get(executionId)?.bypassedChangeControl ?? false;
  }
  decisionRecord(executionId: string): string | null {
    return this.filed.get(executionId)?.reference ?? null;
  }

  seen(e: IncidentEvent): void {
    this.eventIds.add(e.id);
  }

  apply(e: IncidentEvent): void {
    const v = this.view;
    switch (e.type) {
      case 'declared':
        this.state = v.state = 'declared';
        this.declaredAt = v.declaredAt = e.at;
        this.severity = v.severity = e.severity;
        v.declaredBy = e.actor;
        v.title = e.title;
        v.summary = e.summary;
        v.policyId = e.policyId;
        v.breach = e.breach;
        v.severityHistory.push({ severity: e.severity, at: e.at, actor: e.actor, reason: 'declared', eventId: e.id });
        for (const r of e.rails) this.rails.add(r);
        for (const b of e.brands) this.brands.add(b);
        if (e.breach) {
          this.rails.add(e.breach.rail);
          for (const b of e.breach.brands) this.brands.add(b);
        }
        for (const runbookId of e.runbookIds) if (!this.attached.has(runbookId)) this.attached.set(runbookId, { runbookId, version: null, attachedAt: e.at });
        return;
      case 'acknowledged':
        this.state = v.state = 'acknowledged';
        v.acknowledgedAt ??= e.at;
        this.owner = v.owner = e.owner;
        return;
      case 'mitigated':
        this.state = v.state = 'mitigated';
        v.mitigatedAt ??= e.at;
        return;
      case 'resolved':
        this.state = v.state = 'resolved';
        v.resolvedAt = e.at;
        v.resolutions.push({ resolvedAt: e.at, actor: e.actor, note: e.note, reopenedAt: null, reopenReason: null });
        return;
      case 'reopened': {
        const last = v.resolutions[v.resolutions.length - 1]!;
        last.reopenedAt = e.at;
        last.reopenReason = e.reason;
        v.resolvedAt = null;
        this.state = v.state = this.owner ? 'acknowledged' : 'declared';
        return;
      }
      case 'cancelled':
        this.state = v.state = 'cancelled';
        v.cancelledAt = e.at;
        v.cancelReason = e.reason;
        return;
      case 'postmortem_completed':
        this.state = v.state = 'postmortem_done';
        v.postmortemCompletedAt = e.at;
        return;
      case 'severity_changed':
        this.severity = v.severity = e.severity;
        v.severityHistory.push({ severity: e.severity, at: e.at, actor: e.actor, reason: e.reason, eventId: e.id });
        return;
      case 'role_assigned': {
        const before = this.roleTenure.get(e.role);
        if (before) (before.handedOnAt = e.at), (before.handedOnTo = e.person);
        const t: RoleTenure = { role: e.role, person: e.person, takenAt: e.at, handedOnAt: null, handedOnTo: null };
        this.roleTenure.set(e.role, t);
        v.roleHistory.push(t);
        v.roles[e.role] = e.person;
        return;
      }
      case 'role_released': {
        const t = this.roleTenure.get(e.role)!;
        t.handedOnAt = e.at;
        this.roleTenure.delete(e.role);
        v.roles[e.role] = null;
        return;
      }
      case 'handover':
        this.owner = v.owner = e.to;
        v.handovers.push({ from: e.from, to: e.to, text: e.text, at: e.at });
        return;
      case 'note_added':
        v.notes.push({ eventId: e.id, text: e.text, at: e.at, actor: e.actor });
        return;
      case 'status_posted':
        v.statusUpdates.push({ eventId: e.id, audience: e.audience, text: e.text, at: e.at, actor: e.actor });
        return;
      case 'lever_executed': {
        const known = this.leverMap.get(e.executionId);
        if (known) {
          known.outcome = e.outcome;
          known.updatedAt = e.at;
          known.auditSeq = e.auditSeq ?? known.auditSeq;
          known.bypassedChangeControl ||= e.bypassedChangeControl;
          known.approvedBy = e.approvedBy ?? known.approvedBy;
          return;
        }
        const { executionId, lever, action, target, outcome, bypassedChangeControl, approvedBy, auditSeq } = e;
        const x: LeverExecution = { executionId, lever, action, target, outcome, bypassedChangeControl, approvedBy, auditSeq, at: e.at, updatedAt: e.at, actor: e.actor, severity: this.severity };
        this.leverMap.set(executionId, x);
        v.levers.push(x);
        return;
      }
      case 'breach_started': {
        const span: BreachSpan = { rail: e.breach.rail, kind: e.breach.kind, summary: e.breach.summary, startedAt: e.at, endedAt: null };
        this.openBreaches.set(`${span.rail}\u0000${span.kind}`, span);
        v.breaches.push(span);
        this.rails.add(e.breach.rail);
        for (const b of e.breach.brands) this.brands.add(b);
        return;
      }
      case 'breach_ended': {
        const key = `${e.rail}\u0000${e.kind}`;
        const open = this.openBreaches.get(key);
        if (open) (open.endedAt = e.at), this.openBreaches.delete(key);
        else v.breaches.push({ rail: e.rail, kind: e.kind, summary: e.summary, startedAt: null, endedAt: e.at });
        return;
      }
      case 'runbook_attached':
        this.attached.delete(e.runbookId);
        this.attached.set(e.runbookId, { runbookId: e.runbookId, version: e.version, attachedAt: e.at });
        return;
      case 'runbook_detached':
        this.attached.delete(e.runbookId);
        return;
      case 'checklist_ticked': {
        const key = `${e.runbookId}\u0000${e.version}`;
        let list = this.ticks.get(key);
        if (!list) this.ticks.set(key, (list = { progress: { runbookId: e.runbookId, version: e.version, items: [] }, items: new Map() }));
        const itemKey = `${e.nth}\u0000${e.text}`;
        const item = list.items.get(itemKey);
        if (item) Object.assign(item, { ticked: e.ticked, at: e.at, actor: e.actor });
        else {
          const fresh = { text: e.text, nth: e.nth, ticked: e.ticked, at: e.at, actor: e.actor };
          list.items.set(itemKey, fresh);
          list.progress.items.push(fresh);
        }
        return;
      }
      case 'event_pinned':
        this.pins.delete(e.eventId);
        if (e.pinned) this.pins.set(e.eventId, true);
        return;
      case 'postmortem_edited':
        v.postmortem = { markdown: e.markdown, at: e.at, actor: e.actor };
        return;
      case 'decision_record_filed': {
        const f = { executionId: e.executionId, reference: e.reference, at: e.at, actor: e.actor };
        this.filed.set(e.executionId, f);
        v.decisionRecords.push(f);
        return;
      }
      default: {
        // A new event type must be folded here (or deliberately ignored) before this compiles.
        const unhandled: never = e;
        return unhandled;
      }
    }
  }

  finish(events: IncidentEvent[], rejected: RejectedEvent[]): IncidentView {
    const v = this.view;
    v.rails = [...this.rails];
    v.brands = [...this.brands];
    v.runbooks = [...this.attached.values()];
    v.checklists = [...this.ticks.values()].map((t) => t.progress);
    v.pinned = [...this.pins.keys()];
    v.decisionRecordReminders = v.levers.filter((l) => l.bypassedChangeControl && !this.filed.has(l.executionId));
    v.events = events;
    v.rejected = rejected;
    return v;
  }
}

function emptyView(id: string): IncidentView {
  const roles = Object.fromEntries(ROLES.map((r) => [r, null])) as Record<IncidentRole, string | null>;
  return {
    id, title: '', summary: '', policyId: null, severity: null, severityHistory: [], state: null,
    declaredAt: null, declaredBy: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, resolutions: [],
    cancelledAt: null, cancelReason: null, postmortemCompletedAt: null, owner: null, handovers: [], roles, roleHistory: [],
    rails: [], brands: [], breach: null, breaches: [], runbooks: [], checklists: [], statusUpdates: [], levers: [], pinned: [],
    postmortem: null, decisionRecords: [], decisionRecordReminders: [], notes: [], events: [], rejected: [],
  };
}

/** Key order independent JSON, only to break ties between events with the same (at, origin, id). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

/** compareEvents, made total for the pathological case of two different events sharing an id. */
function totalOrder(a: IncidentEvent, b: IncidentEvent): number {
  const c = compareEvents(a, b);
  if (c !== 0) return c;
  const ca = canonical(a);
  const cb = canonical(b);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

/** Folds an incident's events (any order, duplicates allowed) into its view. O(n log n). */
export function foldIncident(events: readonly IncidentEvent[]): IncidentView {
  if (events.length === 0) throw new RangeError('foldIncident needs at least one event');
  const sorted = [...events].sort(totalOrder);
  const declaration = sorted.find((e) => e.type === 'declared') ?? sorted[0]!;
  const fold = new Fold(declaration.incidentId);
  const timeline: IncidentEvent[] = [];
  const rejected: RejectedEvent[] = [];
  const byId = new Map<string, IncidentEvent>();
  for (const e of sorted) {
    const first = byId.get(e.id);
    if (first !== undefined) {
      // The same event delivered twice is merged silently; a different one reusing its id is not applied.
      if (canonical(first) !== canonical(e)) {
        timeline.push(e);
        rejected.push({ event: e, reason: `Event id ${e.id} was already used by another event` });
      }
      continue;
    }
    byId.set(e.id, e);
    timeline.push(e);
    if (e.incidentId !== fold.id) {
      rejected.push({ event: e, reason: `Event ${e.id} belongs to ${e.incidentId}, not ${fold.id}` });
      continue;
    }
    const reason = refusal(fold, e);
    fold.seen(e);
    if (reason !== null) rejected.push({ event: e, reason });
    else fold.apply(e);
  }
  return fold.finish(timeline, rejected);
}

/** Whether `body` may be written to the incident now; the core refuses it with `message` if not. */
export function checkTransition(view: IncidentView, body: EventBody): TransitionCheck {
  const runbooks = new Map(view.runbooks.map((r) => [r.runbookId, r.version]));
  const ids = new Set(view.events.filter((e) => e.incidentId === view.id).map((e) => e.id));
  const bypassed = new Set(view.levers.filter((l) => l.bypassedChangeControl).map((l) => l.executionId));
  const filed = new Map(view.decisionRecords.map((d) => [d.executionId, d.reference]));
  const facts: TransitionFacts = {
    id: view.id,
    state: view.state,
    declaredAt: view.declaredAt,
    severity: view.severity,
    owner: view.owner,
    roleHolder: (role) => view.roles[role],
    runbookVersion: (id) => runbooks.get(id),
    hasEvent: (id) => ids.has(id),
    bypassedLever: (id) => bypassed.has(id),
    decisionRecord: (id) => filed.get(id) ?? null,
  };
  const reason = refusal(facts, body);
  return reason === null ? { ok: true } : { ok: false, message: reason };
}

/** The severity in force at `at` (null before the declaration). */
export function severityAt(view: Pick<IncidentView, 'severityHistory'>, at: string | Date): Severity | null {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  let s: Severity | null = null;
  for (const c of view.severityHistory) {
    if (Date.parse(c.at) > t) break;
    s = c.severity;
  }
  return s;
}
