import { z } from 'zod';

/**
 * What the console tells about incident sync (electron/core/incidents/sync.ts): per incident,
 * how many of its events wait in the outbox and which the platform refused; for the console,
 * when the platform was last reached and why the last attempt failed.
 */

export const SyncConflict = z.object({
  eventId: z.string(),
  incidentId: z.string(),
  /** The event's type, for the words ("a note", "the declaration"). */
  type: z.string(),
  /** What the platform answered, e.g. "HTTP 422: id … already exists with a different body". */
  reason: z.string(),
  status: z.number().int().nullable(),
  at: z.string(),
  /** Events of the same incident waiting behind it (the outbox keeps each incident in order). */
  blocking: z.number().int(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const IncidentSyncState = z.object({
  incidentId: z.string(),
  /** Events made here that the platform has not acknowledged yet. */
  waiting: z.number().int(),
  conflicts: z.array(SyncConflict),
  /** The oldest waiting event's time of entry: how long this incident has been unsynced. */
  oldestWaitingAt: z.string().nullable(),
});
export type IncidentSyncState = z.infer<typeof IncidentSyncState>;

export const SyncStatus = z.object({
  /** False when this profile has no platform (its admin URL): incidents stay on this console. */
  enabled: z.boolean(),
  /** Why sync is off, in words, when it is. */
  disabledReason: z.string().nullable(),
  /** The last time any request got an HTTP answer from the admin service. */
  lastReachedAt: z.string().nullable(),
  /** The last completed pull (every page up to the platform's end of feed). */
  lastPulledAt: z.string().nullable(),
  /** The last failure (unreachable, timeout, 5xx, malformed answer), and since when failures run. */
  lastError: z.string().nullable(),
  failingSince: z.string().nullable(),
  /** The next attempt after a failure (backoff), if one is scheduled. */
  nextAttemptAt: z.string().nullable(),
  waiting: z.number().int(),
  conflicts: z.number().int(),
  /** Records from the platform's feed that did not read as events: counted, never folded. */
  unreadablePulled: z.number().int(),
  incidents: z.array(IncidentSyncState),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const ConflictArgs = z.object({ eventId: z.string().min(1).max(100) });
