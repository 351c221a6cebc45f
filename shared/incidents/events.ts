import { z } from 'zod';

/**
 * An incident is a list of immutable events; its state is folded from them (fold.ts). Every
 * change a person or the core makes is one event with an id generated where it was made, so
 * the sync issue adds an outbox and a pull cursor without changing this design: merge is by
 * event id, and the fold orders events by (at, origin, id), which is the same on every console
 * whatever order the events arrived in.
 */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const ROLES = ['commander', 'communications', 'responder'] as const;
export const IncidentRole = z.enum(ROLES);
export type IncidentRole = z.infer<typeof IncidentRole>;

export const INCIDENT_STATES = ['declared', 'acknowledged', 'mitigated', 'resolved', 'postmortem_done', 'cancelled'] as const;
export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;

const Id = z.string().min(1).max(100);
const Text = z.string().trim().min(1).max(20_000);
const Iso = z.iso.datetime({ offset: true });
const Person = z.string().trim().min(1).max(200);

/** The figures of a breach as the dashboard saw them, kept as the first timeline event. */
export const BreachFigures = z.object({
  rail: z.string().max(100),
  kind: z.enum(['latency', 'approval', 'health']),
  /** e.g. "p99 2.4 s (limit 1.5 s)" — the words the dashboard showed. */
  summary: z.string().max(500),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  brands: z.array(z.string().max(100)).max(200).default([]),
});
export type BreachFigures = z.infer<typeof BreachFigures>;

export const StatusAudience = z.enum(['internal', 'customer']);
export type StatusAudience = z.infer<typeof StatusAudience>;

export const ActionItemKind = z.enum(['prevent', 'detect', 'recover']);
export type ActionItemKind = z.infer<typeof ActionItemKind>;

/** What each event type carries. `type` names what happened, in the past tense. */
export const EventBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('declared'),
    title: z.string().trim().min(1).max(300),
    severity: Severity,
    /** The severity policy in force when declared (its id), so clocks stay explainable. */
    policyId: z.string().max(100),
    rails: z.array(z.string().max(100)).max(50).default([]),
    brands: z.array(z.string().max(100)).max(200).default([]),
    runbookIds: z.array(z.string().max(100)).max(20).default([]),
    breach: BreachFigures.nullable().default(null),
    summary: z.string().max(5000).default(''),
  }),
  z.object({ type: z.literal('acknowledged'), owner: Person }),
  z.object({ type: z.literal('mitigated'), note: z.string().max(5000).default('') }),
  z.object({ type: z.literal('resolved'), note: z.string().max(5000).default('') }),
  z.object({ type: z.literal('reopened'), reason: Text }),
  z.object({ type: z.literal('cancelled'), reason: Text }),
  z.object({ type: z.literal('postmortem_completed') }),
  z.object({ type: z.literal('severity_changed'), severity: Severity, reason: z.string().max(2000).default('') }),
  z.object({ type: z.literal('role_assigned'), role: IncidentRole, person: Person }),
  z.object({ type: z.literal('role_released'), role: IncidentRole, person: Person }),
  z.object({ type: z.literal('note_added'), text: Text }),
  z.object({
    type: z.literal('status_posted'),
    audience: StatusAudience,
    text: Text,
  }),
  z.object({
    type: z.literal('lever_executed'),
    executionId: z.string().max(100),
    auditSeq: z.number().int().nullable(),
    lever: z.string().max(100),
    action: z.enum(['engage', 'release']),
    target: z.string().max(200),
    outcome: z.enum(['in_flight', 'verified', 'failed', 'unknown']),
    /** Pulled during a release freeze with the commander's approval: needs a decision record. */
    bypassedChangeControl: z.boolean().default(false),
    approvedBy: z.string().max(200).nullable().default(null),
  }),
  z.object({ type: z.literal('breach_started'), breach: BreachFigures }),
  z.object({ type: z.literal('breach_ended'), rail: z.string().max(100), kind: BreachFigures.shape.kind, summary: z.string().max(500) }),
  z.object({ type: z.literal('runbook_attached'), runbookId: Id, version: z.number().int().min(1) }),
  z.object({ type: z.literal('runbook_detached'), runbookId: Id }),
  z.object({
    type: z.literal('checklist_ticked'),
    runbookId: Id,
    version: z.number().int().min(1),
    text: z.string().max(1000),
    nth: z.number().int().min(1),
    ticked: z.boolean(),
  }),
  z.object({ type: z.literal('event_pinned'), eventId: Id, pinned: z.boolean() }),
  z.object({
    type: z.literal('postmortem_edited'),
    /** The whole Markdown as edited; the last one wins. */
    markdown: z.string().max(500_000),
  }),
  z.object({
    type: z.literal('decision_record_filed'),
    executionId: z.string().max(100),
    reference: z.string().trim().min(1).max(500),
  }),
  z.object({ type: z.literal('handover'), from: Person, to: Person, text: z.string().max(20_000).default('') }),
]);
export type EventBody = z.infer<typeof EventBody>;
export type EventType = EventBody['type'];

/** The envelope every event shares. */
export const EventEnvelope = z.object({
  /** Generated where the event was made (UUID v7: time-ordered, unique across consoles). */
  id: Id,
  incidentId: Id,
  /** When it happened. A note can carry an earlier time (the first symptom). */
  at: Iso,
  /** When it was entered on the console that made it. */
  enteredAt: Iso,
  /** The person (OS user or named engineer) or `switchyard` for events the core writes. */
  actor: Person,
  /** Which console made it (a stable id per data folder), the tie-breaker after `at`. */
  origin: z.string().min(1).max(100),
});

export type IncidentEvent = z.infer<typeof EventEnvelope> & EventBody;
/**
 * Each body's object with the envelope's fields, in one discriminated union: the same checks as
 * the intersection of the two, at a fraction of the cost (an intersection parses twice and
 * merges; a 2,000-event incident is validated on every read and every answer).
 */
export const IncidentEvent = z.discriminatedUnion(
  'type',
  EventBody.options.map((o) => o.extend(EventEnvelope.shape)) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<IncidentEvent>;

/** The order every console folds in: event time, then origin, then id. */
export function compareEvents(a: Pick<IncidentEvent, 'at' | 'origin' | 'id'>, b: Pick<IncidentEvent, 'at' | 'origin' | 'id'>): number {
  if (a.at !== b.at) {
    // Stored times are all toISOString() (UTC, fixed width): those compare as strings, without
    // parsing two dates per comparison. Anything else (an offset, fewer digits) is parsed.
    const fast = a.at.length === 24 && b.at.length === 24 && a.at.endsWith('Z') && b.at.endsWith('Z');
    const d = fast ? (a.at < b.at ? -1 : 1) : Date.parse(a.at) - Date.parse(b.at);
    if (d !== 0) return d;
  }
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
