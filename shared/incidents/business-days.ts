import { DateTime } from 'luxon';
import type { BusinessHours, Target } from './policy.ts';

/**
 * Deadlines on a team's calendar. Every rule works in the policy's time zone, never in UTC and
 * never in the console's own zone: a resolution at Friday 23:30 in Kolkata is a Friday there
 * even though it is Friday 18:00 UTC, and one at Friday 23:30 in New York is a Friday there
 * even though it is already Saturday 03:30 UTC.
 *
 * The rules (one per kind of target):
 * - Elapsed ("5 min", "1 h"): absolute elapsed time, `from + ms`. A DST change in between does
 *   not matter: a 1 h fix window is 60 real minutes even across 01:00 → 03:00.
 * - Business days ("5 business days"): step forward one local calendar day at a time, counting
 *   only business days (a weekday in businessHours.days that is not a holiday) until N are
 *   counted; the deadline is that day at the same local wall-clock time as the start. DST never
 *   moves it by an hour: 14:00 before the change is 14:00 after it, so the elapsed time is 1 h
 *   shorter or longer that week. The start's own day does not count, business day or not
 *   (Saturday 14:00 + 5 business days = the next Friday 14:00). If that wall-clock time does not
 *   exist on the deadline day (skipped by DST) it moves forward to the first valid time; if it
 *   occurs twice, the earlier one is taken (Luxon's rules).
 * - Business hours ("1 business hour", "same business hour"): only time inside business hours
 *   counts. From 14:20 on a business day + 1 h = 15:20; from 18:30 with a 19:00 close = 10:30
 *   on the next business day; from outside business hours the count starts at the next opening.
 * - "Next business day": the opening time of business hours on the first business day after
 *   the start's local date — never the same day, so a SEV4 declared at 09:59 before a 10:00
 *   opening is due the next business day at 10:00, not a minute later. Friday 23:30 → Monday
 *   10:00 (or the first business day after a holiday Monday).
 * - "As scheduled": no deadline.
 */
export interface BusinessCalendar {
  timezone: string;
  holidays: readonly string[];
  businessHours: BusinessHours;
}

/** Plenty for any real calendar; a calendar without business days would otherwise loop forever. */
const MAX_DAYS = 3660;

const holidaySets = new WeakMap<readonly string[], Set<string>>();
function holidaySet(cal: BusinessCalendar): Set<string> {
  let s = holidaySets.get(cal.holidays);
  if (!s) holidaySets.set(cal.holidays, (s = new Set(cal.holidays)));
  return s;
}

const local = (at: Date, cal: BusinessCalendar) => DateTime.fromJSDate(at, { zone: cal.timezone });

function hhmm(text: string): { hour: number; minute: number } {
  return { hour: Number(text.slice(0, 2)), minute: Number(text.slice(3, 5)) };
}

/** A business day: one of businessHours.days and not a holiday, in the calendar's zone. */
export function isBusinessDay(day: DateTime, cal: BusinessCalendar): boolean {
  const d = day.setZone(cal.timezone);
  return cal.businessHours.days.includes(d.weekday) && !holidaySet(cal).has(d.toISODate() ?? '');
}

/** The business day after `day` (a local start-of-day), or a thrown bug for an empty calendar. */
function nextBusinessDay(day: DateTime, cal: BusinessCalendar): DateTime {
  let d = day;
  for (let i = 0; i < MAX_DAYS; i++) {
    d = d.plus({ days: 1 });
    if (isBusinessDay(d, cal)) return d;
  }
  throw new Error(`no business day within ${MAX_DAYS} days in this calendar`);
}

function atWallClock(day: DateTime, wall: { hour: number; minute: number; second?: number; millisecond?: number }, cal: BusinessCalendar): DateTime {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: wall.hour, minute: wall.minute, second: wall.second ?? 0, millisecond: wall.millisecond ?? 0 },
    { zone: cal.timezone },
  );
}

/** N business days after `at`, at the same local wall-clock time (see the rules above). */
export function addBusinessDays(at: Date, n: number, cal: BusinessCalendar): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
  const start = local(at, cal);
  if (n === 0) return at;
  let day: DateTime = start.startOf('day');
  for (let i = 0; i < n; i++) day = nextBusinessDay(day, cal);
  return atWallClock(day, start, cal).toJSDate();
}

/** The opening of business hours on the first business day after the local date of `at`. */
export function nextBusinessDayStart(at: Date, cal: BusinessCalendar): Date {
  const day = nextBusinessDay(local(at, cal).startOf('day'), cal);
  return atWallClock(day, hhmm(cal.businessHours.start), cal).toJSDate();
}

/** `hours` of time inside business hours, counted from `at` (see the rules above). */
export function addBusinessHours(at: Date, hours: number, cal: BusinessCalendar): Date {
  if (!(hours >= 0)) throw new RangeError(`business hours must be ≥ 0, got ${hours}`);
  let remaining = hours * 3_600_000;
  const from = at.getTime();
  let day = local(at, cal).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    if (!isBusinessDay(day, cal)) continue;
    const open = Math.max(from, atWallClock(day, hhmm(cal.businessHours.start), cal).toMillis());
    const close = atWallClock(day, hhmm(cal.businessHours.end), cal).toMillis();
    if (open >= close) continue;
    if (remaining <= close - open) return new Date(open + remaining);
    remaining -= close - open;
  }
  throw new Error(`no business hours within ${MAX_DAYS} days in this calendar`);
}

/** Whether `at` falls inside business hours (opening inclusive, closing exclusive). */
export function inBusinessHours(at: Date, cal: BusinessCalendar): boolean {
  const l = local(at, cal);
  if (!isBusinessDay(l, cal)) return false;
  const open = atWallClock(l, hhmm(cal.businessHours.start), cal).toMillis();
  const close = atWallClock(l, hhmm(cal.businessHours.end), cal).toMillis();
  return at.getTime() >= open && at.getTime() < close;
}

/**
 * Calendar deadlines are pure functions of (start, target, calendar) and a screen asks for the
 * same ones every second: remembered per calendar object (a policy read afresh starts afresh),
 * a bounded number per calendar.
 */
const remembered = new WeakMap<BusinessCalendar, Map<string, number | null>>();
const REMEMBER_MAX = 10_000;

/** The deadline of a target started at `from`; null for "as scheduled" (no clock). */
export function deadlineAfter(from: Date, target: Target, cal: BusinessCalendar): Date | null {
  if (target.kind === 'elapsed') return new Date(from.getTime() + target.ms);
  let known = remembered.get(cal);
  if (!known) remembered.set(cal, (known = new Map()));
  const key = `${from.getTime()}|${target.text}`;
  let ms = known.get(key);
  if (ms === undefined) {
    ms = computeDeadline(from, target, cal)?.getTime() ?? null;
    if (known.size >= REMEMBER_MAX) known.clear();
    known.set(key, ms);
  }
  return ms === null ? null : new Date(ms);
}

function computeDeadline(from: Date, target: Target, cal: BusinessCalendar): Date | null {
  switch (target.kind) {
    case 'elapsed':
      return new Date(from.getTime() + target.ms);
    case 'business_days':
      return addBusinessDays(from, target.days, cal);
    case 'business_hours':
      return addBusinessHours(from, target.hours, cal);
    case 'next_business_day':
      return nextBusinessDayStart(from, cal);
    case 'as_scheduled':
      return null;
  }
}
