import { z } from 'zod';
import { Handover, HandoverDraft, HandoverFact } from './handover.ts';

/** The `rotation.*` and `handover.*` part of the ConsoleApi. */

export const ScheduleInfo = z.object({
  /** The schedule as stored (validated by the core); the renderer reads it with shared/rotation/schema.ts. */
  schedule: z.unknown(),
  version: z.number().int().nullable(),
  savedAt: z.string().nullable(),
  savedBy: z.string().nullable(),
  note: z.string(),
  source: z.enum(['bundled', 'saved']),
});
export type ScheduleInfo = z.infer<typeof ScheduleInfo>;

export const SaveScheduleArgs = z.object({
  schedule: z.unknown(),
  note: z.string().max(500).default(''),
  /** The version the edit started from (null: the bundled example): a save over a newer one is refused. */
  baseVersion: z.number().int().nullable(),
});

export const ScheduleVersions = z.array(z.object({ version: z.number().int(), savedAt: z.string(), savedBy: z.string(), note: z.string() }));

const Person = z.string().trim().min(1).max(100);
export const DraftArgs = z.object({ from: Person, to: Person });
export const HandOverArgs = z.object({ from: Person, to: Person, draftedAt: z.string(), facts: z.array(HandoverFact).max(500), text: z.string().max(20_000) });
export const AcknowledgeHandoverArgs = z.object({ id: z.string().min(1).max(100), by: Person });
export { Handover, HandoverDraft };

// ---- iCal import (electron/core/rotation/ical-import.ts) ----

export const PlanImportArgs = z.object({
  /** The feed as text (pasted or fetched by the person): at most 2 MB. */
  text: z.string().min(1).max(2_000_000),
  /** Its name or URL: re-imports of the same feed match its events by UID. */
  feed: z.string().trim().min(1).max(2000),
  role: z.enum(['primary', 'backup']),
  rotationId: z.string().max(64).optional(),
});

const OverrideShape = z.record(z.string(), z.unknown());
export const ImportPlanInfo = z.object({
  planId: z.string(),
  feed: z.string(),
  role: z.enum(['primary', 'backup']),
  add: z.array(OverrideShape),
  update: z.array(z.object({ before: OverrideShape, after: OverrideShape })),
  remove: z.array(OverrideShape),
  unchanged: z.number().int(),
  /** A bad feed: what is wrong and where. Nothing to apply. */
  problems: z.array(z.object({ line: z.number().int().optional(), where: z.string(), message: z.string() })),
  /** The span the feed's recurring events were expanded over. */
  window: z.object({ from: z.string(), to: z.string() }),
});
export type ImportPlanInfo = z.infer<typeof ImportPlanInfo>;

export const ApplyImportArgs = z.object({ planId: z.string().min(1).max(100), baseVersion: z.number().int().nullable() });

// ---- the release calendar ----

export const CalendarInfo = z.object({
  /** The calendar in force (parse it with shared/release-calendar.ts ReleaseCalendar). */
  calendar: z.unknown(),
  source: z.object({ kind: z.string(), path: z.string().nullable() }),
  problem: z.string().nullable(),
});
