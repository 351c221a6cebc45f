import { z } from 'zod';
import { BreachFigures, EventBody, IncidentEvent, Severity } from './events.ts';
import type { IncidentReport } from './reports.ts';

/**
 * The `incidents.*` part of the ConsoleApi. The core stores and validates events; the renderer
 * folds them and computes the clocks itself with the same shared code (fold.ts, clocks.ts), so
 * a clock ticks every second on screen without a request per tick.
 */

const IncidentId = z.string().min(1).max(100);
const Iso = z.iso.datetime({ offset: true });

export const DeclareArgs = z.object({
  title: z.string().trim().min(3).max(300),
  severity: Severity,
  rails: z.array(z.string().max(100)).max(50).default([]),
  brands: z.array(z.string().max(100)).max(200).default([]),
  runbookIds: z.array(z.string().max(100)).max(20).default([]),
  breach: BreachFigures.nullable().default(null),
  summary: z.string().max(5000).default(''),
  /** When the first symptom was seen, if before now: written as a note at that time. */
  firstSymptomAt: Iso.optional(),
});
export type DeclareArgs = z.input<typeof DeclareArgs>;

/** Bodies a person records on an existing incident (declaring has its own method). */
export const RecordableBody = EventBody.refine((b) => b.type !== 'declared' && b.type !== 'lever_executed' && b.type !== 'breach_started' && b.type !== 'breach_ended', {
  message: 'declared, lever and breach events are written by the console itself',
});

export const RecordArgs = z.object({
  incidentId: IncidentId,
  body: RecordableBody,
  /** An earlier time for what is recorded (a note's first symptom); never in the future. */
  at: Iso.optional(),
});
export type RecordArgs = z.input<typeof RecordArgs>;

export const IncidentEvents = z.object({
  incidentId: IncidentId,
  events: z.array(IncidentEvent),
  /** Events stored that no longer read as events: listed, never dropped in silence. */
  unreadable: z.array(z.object({ id: z.string(), problem: z.string() })).default([]),
});
export type IncidentEvents = z.infer<typeof IncidentEvents>;

export const IncidentHead = z.object({
  incidentId: IncidentId,
  title: z.string(),
  severity: Severity,
  state: z.string(),
  declaredAt: z.string(),
  resolvedAt: z.string().nullable(),
  owner: z.string().nullable(),
  rails: z.array(z.string()),
  brands: z.array(z.string()),
  eventCount: z.number().int(),
  updatedAt: z.string(),
});
export type IncidentHead = z.infer<typeof IncidentHead>;

export const ListArgs = z
  .object({
    open: z.boolean().optional(),
    severity: Severity.optional(),
    q: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .default({ limit: 200 });
export type ListArgs = z.input<typeof ListArgs>;

/** Every open incident with its events: the top bar, the wall and the notifier fold them. */
export const OpenIncidents = z.object({
  at: z.string(),
  incidents: z.array(IncidentEvents),
});
export type OpenIncidents = z.infer<typeof OpenIncidents>;

export const StoredSeries = z.object({
  incidentId: IncidentId,
  series: z.array(
    z.object({
      rail: z.string(),
      metric: z.enum(['p99_ms', 'approval_pct']),
      points: z.array(z.object({ t: z.number(), value: z.number().nullable() })),
    }),
  ),
});
export type StoredSeries = z.infer<typeof StoredSeries>;

export const IncidentIdArgs = z.object({ incidentId: IncidentId });

/** The severity policy in force, as written: the renderer validates it with the same schema. */
export const PolicyInfo = z.object({
  raw: z.unknown(),
  source: z.object({ kind: z.enum(['bundled', 'profile']), path: z.string() }),
  /** A profile policy file that was refused (the bundled one is used), in words. */
  problem: z.string().nullable(),
  /** The bundled ladders one can choose from Settings. */
  bundled: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type PolicyInfo = z.infer<typeof PolicyInfo>;

export const ChoosePolicyArgs = z.object({ id: z.string().regex(/^[a-z0-9-]{1,100}$/) });

export const ReportArgs = z
  .object({
    /** Incidents declared in [from, to) (ISO); both open-ended when absent. */
    from: Iso.optional(),
    to: Iso.optional(),
  })
  .default({});

const Stats = z.object({ count: z.number(), meanMs: z.number().nullable(), p50Ms: z.number().nullable(), p90Ms: z.number().nullable() });
const Row = z.object({
  key: z.string(),
  incidents: z.number(),
  open: z.number(),
  resolvedWithoutAck: z.number(),
  mtta: Stats,
  timeToMitigate: Stats,
  mttr: Stats,
  mttaMeetsTarget: z.boolean().nullable(),
  mttrMeetsTarget: z.boolean().nullable(),
});
/** MTTA / time to mitigate / MTTR per week and severity (reports.ts). */
export const Report = z.object({
  timezone: z.string(),
  targets: z.object({ mttaMs: z.number(), mttrMs: z.number() }),
  cancelled: z.number(),
  overall: Row,
  weeks: z.array(Row),
  severities: z.array(Row),
}) satisfies z.ZodType<IncidentReport>;
