import { DateTime } from 'luxon';
import type { Gap, PersonChange, Role } from '../../../../shared/rotation/oncall.ts';
import type { Override, Schedule, Swap } from '../../../../shared/rotation/schema.ts';

/**
 * How the rotation is said on screen: times in the rotation's own zone, in UTC (the console's
 * clock) and in the viewer's time, durations in words ("2 h 14 min"), gaps as sentences.
 * Pure: every instant and zone is passed in.
 */

export const MIN_MS = 60_000;
export const HOUR_MS = 60 * MIN_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The viewer's own zone (the machine's), as the browser reports it. */
export function systemZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "under 1 min", "45 min", "2 h 14 min", "3 d 4 h": what is left, rounded down to the minute. */
export function durationWords(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / MIN_MS);
  if (min < 1) return 'under 1 min';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  const d = Math.floor(h / 24);
  const hh = h % 24;
  return hh ? `${d} d ${hh} h` : `${d} d`;
}

const dt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });

/**
 * A wall-clock time in a zone, with as much date as it needs relative to `now` in that zone:
 * "16:30" today, "Wed 16:30" within the week, "Wed 25 Mar 16:30" further.
 */
export function zoneClock(ms: number, zone: string, now: number): string {
  const t = dt(ms, zone);
  const today = dt(now, zone).startOf('day');
  const days = Math.round(t.startOf('day').diff(today, 'days').days);
  if (days === 0) return t.toFormat('HH:mm');
  if (days > 0 && days < 7) return t.toFormat('ccc HH:mm');
  return t.toFormat('ccc d LLL HH:mm');
}

/** "2026-03-17 11:30 UTC": exact, the console's clock. */
export function utcStamp(ms: number): string {
  if (!Number.isFinite(ms)) return 'an unreadable time';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Tue 17 Mar 17:00": exact, in a zone. */
export function zoneStamp(ms: number, zone: string): string {
  return dt(ms, zone).toFormat('ccc d LLL HH:mm');
}

/** A shift's span in a zone: "08:00–17:00", or "Mon 22:30 – Tue 07:30" when the days differ from today. */
export function spanInZone(start: number, end: number, zone: string, now: number): string {
  const s = dt(start, zone);
  const e = dt(end, zone);
  const today = dt(now, zone).hasSame(s, 'day');
  if (today && s.hasSame(e, 'day')) return `${s.toFormat('HH:mm')}–${e.toFormat('HH:mm')}`;
  if (s.hasSame(e, 'day')) return `${s.toFormat('ccc HH:mm')}–${e.toFormat('HH:mm')}`;
  return `${s.toFormat('ccc HH:mm')} – ${e.toFormat('ccc HH:mm')}`;
}

/** A time in the viewer's zone for an `<input type="datetime-local">`. */
export function toLocalInput(ms: number, zone: string): string {
  return dt(ms, zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** An `<input type="datetime-local">` value read in the viewer's zone, as an ISO UTC instant; null when empty or not a time. */
export function fromLocalInput(value: string, zone: string): string | null {
  if (!value) return null;
  const t = DateTime.fromISO(value, { zone });
  if (!t.isValid) return null;
  return t.toUTC().toISO({ suppressMilliseconds: true });
}

const MISSING: Record<Gap['missing'], string> = { primary: 'No primary', backup: 'No backup', both: 'Nobody on call (no primary, no backup)' };

/** "No backup from 2026-03-18 03:00 UTC to 2026-03-18 04:00 UTC". */
export function gapWords(g: Gap): string {
  return `${MISSING[g.missing]} from ${utcStamp(g.start)} to ${utcStamp(g.end)}`;
}

/** "This edit leaves no backup from … to …". */
export function newGapWords(g: Gap): string {
  const what = g.missing === 'both' ? 'nobody on call (no primary, no backup)' : `no ${g.missing}`;
  return `This edit leaves ${what} from ${utcStamp(g.start)} to ${utcStamp(g.end)}`;
}

/** The same gap in the viewer's time: "your time: Tue 17 Mar 23:00 – Wed 18 Mar 00:00 (America/New_York)". */
export function gapLocalWords(g: Gap, zone: string): string {
  return `your time: ${zoneStamp(g.start, zone)} – ${zoneStamp(g.end, zone)} (${zone})`;
}

/** Gaps in `after` that `before` did not have as they are (new, or changed). */
export function newGaps(before: readonly Gap[], after: readonly Gap[]): Gap[] {
  return after.filter((g) => !before.some((b) => b.start === g.start && b.end === g.end && b.missing === g.missing));
}

const spans = (n: number) => `${n} span${n === 1 ? '' : 's'}`;

/** "asha (−2 spans), meera (+1 span)". */
export function affectedWords(changes: readonly PersonChange[]): string {
  return changes
    .map((c) => {
      const parts: string[] = [];
      if (c.removed.length) parts.push(`−${spans(c.removed.length)}`);
      if (c.added.length) parts.push(`+${spans(c.added.length)}`);
      return `${c.person} (${parts.join(', ')})`;
    })
    .join(', ');
}

export const ROLE_WORD: Record<Role, string> = { primary: 'primary', backup: 'backup' };

export function rotationName(schedule: Schedule, id: string | null | undefined): string {
  if (!id) return 'any rotation';
  return schedule.rotations.find((r) => r.id === id)?.name ?? id;
}

/** "meera as primary (APAC), Tue 17 Mar 18:00 – Wed 18 Mar 02:00 UTC — covering asha's leave". */
export function overrideWords(o: Override, schedule: Schedule): string {
  const where = o.rotationId ? ` on ${rotationName(schedule, o.rotationId)}` : '';
  return `${o.person} as ${o.role}${where}, ${utcSpan(Date.parse(o.start), Date.parse(o.end))}${o.reason ? ` — ${o.reason}` : ''}`;
}

export function swapWords(s: Swap): string {
  return `${s.a} ⇄ ${s.b}, ${utcSpan(Date.parse(s.start), Date.parse(s.end))}${s.reason ? ` — ${s.reason}` : ''}`;
}

/** "2026-03-17 18:00 – 2026-03-18 02:00 UTC", or "2026-03-17 18:00–20:00 UTC" within a day. */
export function utcSpan(start: number, end: number): string {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 'at a time that does not read';
  const s = new Date(start).toISOString();
  const e = new Date(end).toISOString();
  if (s.slice(0, 10) === e.slice(0, 10)) return `${s.slice(0, 10)} ${s.slice(11, 16)}–${e.slice(11, 16)} UTC`;
  return `${s.slice(0, 10)} ${s.slice(11, 16)} – ${e.slice(0, 10)} ${e.slice(11, 16)} UTC`;
}

/** A fact's age: "as of 03:14 UTC, 2 min old", "as of 03:14 UTC, just read", or "not read". */
export function factAge(asOf: string | null, now: number): { words: string; read: boolean } {
  if (!asOf) return { words: 'not read', read: false };
  const t = Date.parse(asOf);
  if (Number.isNaN(t)) return { words: `as of ${asOf}`, read: true };
  const at = `${new Date(t).toISOString().slice(11, 16)} UTC`;
  const age = now - t;
  if (age < MIN_MS) return { words: `as of ${at}, under 1 min old`, read: true };
  return { words: `as of ${at}, ${durationWords(age)} old`, read: true };
}

const LONG_DAYS: Record<string, string> = { Mon: 'Monday', Tue: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Fri: 'Friday', Sat: 'Saturday', Sun: 'Sunday' };

/** "Fri–Sun" → "Friday–Sunday"; "Tue" → "Tuesday". */
export function longDays(days: string): string {
  return days
    .split('–')
    .map((d) => LONG_DAYS[d] ?? d)
    .join('–');
}

/** A zod issue list as "path: problem; path: problem". */
export function issuesWords(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 4)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(schedule)'}: ${i.message}`)
    .join('; ');
}
