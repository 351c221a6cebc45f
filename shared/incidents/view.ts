import type { BreachFigures, IncidentEvent, IncidentRole, IncidentState, Severity, StatusAudience } from './events.ts';

/** What foldIncident (fold.ts) makes of an incident's events. All times are the events' `at`. */

export interface SeverityChange {
  severity: Severity;
  at: string;
  actor: string;
  reason: string;
  eventId: string;
}

/** One person's time in a role: taken, then handed on (to someone, or released: `to` null). */
export interface RoleTenure {
  role: IncidentRole;
  person: string;
  takenAt: string;
  handedOnAt: string | null;
  handedOnTo: string | null;
}

/** A resolution, kept with its original time even if the incident was reopened after it. */
export interface Resolution {
  resolvedAt: string;
  actor: string;
  note: string;
  reopenedAt: string | null;
  reopenReason: string | null;
}

export interface AttachedRunbook {
  runbookId: string;
  /** null: named when declared, version not pinned yet. */
  version: number | null;
  attachedAt: string;
}

export interface ChecklistItemState {
  text: string;
  nth: number;
  ticked: boolean;
  at: string;
  actor: string;
}

export interface ChecklistProgress {
  runbookId: string;
  version: number;
  items: ChecklistItemState[];
}

export interface StatusUpdate {
  eventId: string;
  audience: StatusAudience;
  text: string;
  at: string;
  actor: string;
}

/** One lever execution; later events with the same executionId update its outcome. */
export interface LeverExecution {
  executionId: string;
  lever: string;
  action: 'engage' | 'release';
  target: string;
  outcome: 'in_flight' | 'verified' | 'failed' | 'unknown';
  bypassedChangeControl: boolean;
  approvedBy: string | null;
  auditSeq: number | null;
  /** First event for this execution. */
  at: string;
  /** Latest event for this execution (outcome change). */
  updatedAt: string;
  actor: string;
  /** The severity in force when the lever was pulled (null: before the declaration). */
  severity: Severity | null;
}

export interface DecisionRecordFiled {
  executionId: string;
  reference: string;
  at: string;
  actor: string;
}

export interface Note {
  eventId: string;
  text: string;
  at: string;
  actor: string;
}

export interface BreachSpan {
  rail: string;
  kind: BreachFigures['kind'];
  summary: string;
  /** null: ended without a start in this incident (it began before). */
  startedAt: string | null;
  endedAt: string | null;
}

export interface Handover {
  from: string;
  to: string;
  text: string;
  at: string;
}

export interface RejectedEvent {
  event: IncidentEvent;
  reason: string;
}

export interface IncidentView {
  id: string;
  title: string;
  summary: string;
  policyId: string | null;
  /** null only while no `declared` event has been folded (e.g. a note synced first). */
  severity: Severity | null;
  severityHistory: SeverityChange[];
  state: IncidentState | null;
  declaredAt: string | null;
  declaredBy: string | null;
  /** The first acknowledgement. */
  acknowledgedAt: string | null;
  /** The first mitigation (time to mitigate is measured to it). */
  mitigatedAt: string | null;
  /** The resolution in force: the latest one, null while reopened. History in `resolutions`. */
  resolvedAt: string | null;
  resolutions: Resolution[];
  cancelledAt: string | null;
  cancelReason: string | null;
  postmortemCompletedAt: string | null;
  owner: string | null;
  handovers: Handover[];
  roles: Record<IncidentRole, string | null>;
  roleHistory: RoleTenure[];
  /** From the declaration, plus rails and brands of breaches that started later. */
  rails: string[];
  brands: string[];
  breach: BreachFigures | null;
  breaches: BreachSpan[];
  runbooks: AttachedRunbook[];
  checklists: ChecklistProgress[];
  statusUpdates: StatusUpdate[];
  levers: LeverExecution[];
  /** Pinned event ids, in the order they were (last) pinned. */
  pinned: string[];
  postmortem: { markdown: string; at: string; actor: string } | null;
  decisionRecords: DecisionRecordFiled[];
  /** Levers that bypassed change control with no decision record filed yet. */
  decisionRecordReminders: LeverExecution[];
  notes: Note[];
  /** Every event, sorted (rejected ones included, marked in `rejected`). */
  events: IncidentEvent[];
  rejected: RejectedEvent[];
}
