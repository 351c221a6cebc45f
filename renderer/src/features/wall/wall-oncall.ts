import { nowNext } from '../../../../shared/rotation/oncall.ts';
import { Schedule } from '../../../../shared/rotation/schema.ts';
import type { ApiError, Result } from '../../../../shared/result.ts';
import { wallAge } from './wall-words.ts';

/**
 * Who is on call, as the wall tells it: read through the same `rotation.get` as the console (a
 * read: the wall role may call it), computed from the schedule and the wall's clock like the
 * incident clocks. A schedule cannot go stale the way a metric does (who is on call follows from
 * it and the clock), but one that could not be re-read is said to be so, with since when.
 */

/** The rotation is re-read this often (and on every `rotation.changed`). */
export const ROTATION_EVERY_MS = 60_000;
/** Past this without a successful read, the strip says the schedule may be out of date. */
export const ROTATION_FRESH_MS = 3 * ROTATION_EVERY_MS;

export interface RotationReading {
  /** The schedule last read (null: never, or it did not read), with its problem if it did not. */
  schedule: Schedule | null;
  problem: string | null;
  receivedAt: number | null;
  error: ApiError | null;
  errorSince: number | null;
}

export const NO_ROTATION_READING: RotationReading = { schedule: null, problem: null, receivedAt: null, error: null, errorSince: null };

export function readRotation(r: Result<{ schedule: unknown }>, prev: RotationReading, at: number): RotationReading {
  if (!r.ok) return { ...prev, error: r.error, errorSince: prev.errorSince ?? at };
  const parsed = Schedule.safeParse(r.value.schedule);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { schedule: null, problem: i ? `${i.path.join('.') || 'schedule'}: ${i.message}` : 'does not read', receivedAt: at, error: null, errorSince: null };
  }
  return { schedule: parsed.data, problem: null, receivedAt: at, error: null, errorSince: null };
}

export type OnCallTone = 'ok' | 'waiting' | 'unknown' | 'stale' | 'gap';

export interface OnCallWords {
  tone: OnCallTone;
  head: string;
  primary: string | null;
  /** null with `backupMissing`: a gap in the backup role. */
  backup: string | null;
  backupMissing: boolean;
  next: { to: string; in: string; at: string } | null;
  note: string | null;
}

/** "2 h 14 min", "45 min", "3 d 4 h": a countdown read from across the room. */
export function countdown(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return '< 1 min';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${Math.floor(h / 24)} d`;
}

const utcHm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export function onCallWords(reading: RotationReading, now: number): OnCallWords {
  const none = { primary: null, backup: null, backupMissing: false, next: null };
  if (!reading.schedule) {
    if (reading.problem) return { ...none, tone: 'unknown', head: '? ON CALL UNKNOWN', note: `the stored schedule does not read (${reading.problem})` };
    if (reading.error) return { ...none, tone: 'unknown', head: '? ON CALL UNKNOWN', note: `the rotation cannot be read: ${reading.error.message}` };
    return { ...none, tone: 'waiting', head: '… ON CALL', note: 'reading the rotation' };
  }
  const nn = nowNext(reading.schedule, now);
  const on = nn.now;
  const next = nn.handover ? { to: nn.handover.to, in: countdown(nn.handover.inMs), at: utcHm(nn.handover.at) } : null;
  const old = reading.receivedAt !== null && now - reading.receivedAt > ROTATION_FRESH_MS;
  const note = old ? `schedule as read ${wallAge(now - reading.receivedAt!)} ago${reading.error ? ` — cannot re-read: ${reading.error.message}` : ''}` : null;
  if (!on.primary) return { tone: 'gap', head: '✕ NOBODY ON CALL', primary: null, backup: on.backup, backupMissing: on.backup === null, next, note };
  return {
    tone: on.backup === null ? 'gap' : old ? 'stale' : 'ok',
    head: on.backup === null ? '✕ ON CALL, NO BACKUP' : 'ON CALL',
    primary: on.primary,
    backup: on.backup,
    backupMissing: on.backup === null,
    next,
    note,
  };
}
