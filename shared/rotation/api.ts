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
