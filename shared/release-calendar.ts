import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { readYamlText, validateDocument } from './yaml-document.ts';
import { DEFAULT_FREEZE, type FreezePolicy } from './freeze.ts';

/**
 * The release calendar (OPERATIONS.md, "Rotation and release rhythm") as data: the weekly
 * cadence in the calendar's time zone, the daily peak hours no maintenance may fall in, and
 * dated peak events that raise standby. The one source of truth for the release freeze: the
 * lever protocol asks it whether a freeze is in force, the handover says what it says.
 *
 * Everything here is pure: the instant is passed in (ms since the epoch). Windows are local
 * days in the calendar's zone (luxon calendar math), so a freeze that starts Friday 00:00 starts
 * at local midnight on both sides of a daylight-saving change.
 */

export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];
const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const WindowKind = z.enum(['hardening', 'feature-a', 'tenant-config', 'feature-b', 'freeze', 'open']);
export type WindowKind = z.infer<typeof WindowKind>;

/** The label a cadence day gets when the file gives none. */
export const KIND_LABELS: Record<WindowKind, string> = {
  hardening: 'Hardening release (low-risk fixes, observability, dependencies)',
  'feature-a': 'Feature batch A (staged rollout)',
  'tenant-config': 'Tenant configuration requests',
  'feature-b': 'Feature batch B (staged across regions)',
  freeze: 'Release freeze: peak operations, deploys only for incident response',
  open: 'No release planned',
};

const Zone = z.string().refine((tz) => IANAZone.isValidZone(tz), 'not a known IANA time zone (e.g. Asia/Kolkata)');
const ClockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time "HH:MM", e.g. "18:00"');
/** A date ("2026-05-31": the local day, an end includes it whole) or a date-time, local to the calendar unless it carries an offset. */
const When = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'a date or date-time, e.g. "2026-05-31" or "2026-05-31T19:30" (local to the calendar) or "2026-05-31T14:00Z"',
  );

/** A cadence day: a kind ("freeze"), or `{ kind, label }` to word it differently. */
const CadenceDay = z.preprocess(
  (v) => (typeof v === 'string' ? { kind: v } : v),
  z.strictObject({ kind: WindowKind, label: z.string().trim().min(1).max(200).optional() }),
);

export const DEFAULT_CADENCE: Record<DayKey, WindowKind> = {
  mon: 'hardening',
  tue: 'feature-a',
  wed: 'tenant-config',
  thu: 'feature-b',
  fri: 'freeze',
  sat: 'freeze',
  sun: 'freeze',
};

/**
 * Peak Asian iGaming hours, when maintenance never falls. Default 18:00–02:00 Asia/Kolkata
 * (20:30–04:30 in Singapore and Manila): the evening and late-night play across the region,
 * crossing local midnight. An end before the start crosses midnight.
 */
export const DEFAULT_PEAK_HOURS = { start: '18:00', end: '02:00', note: 'Peak Asian iGaming hours: no maintenance windows' } as const;

const PeakHours = z
  .strictObject({
    start: ClockTime,
    end: ClockTime,
    /** Default: the calendar's zone, pinned when read (a profile's freeze zone does not move it). */
    timezone: Zone.optional(),
    note: z.string().trim().min(1).max(300).default(DEFAULT_PEAK_HOURS.note),
  })
  .refine((p) => p.start !== p.end && !(p.start === '00:00' && p.end === '24:00'), {
    message: 'start and end are the same time: give a window, or `peakHours: null` for none',
    path: ['end'],
  });

const PeakEvent = z.strictObject({
  name: z.string().trim().min(1).max(200),
  start: When,
  end: When,
  /** What is raised for it: who stands by, what capacity is added ahead of time. */
  standby: z.string().trim().min(1).max(500),
});

const CalendarInput = z.strictObject({
  timezone: Zone.default('Asia/Kolkata'),
  /** Days left out of a cadence that is given have no release planned ("open"). */
  cadence: z
    .strictObject({
      mon: CadenceDay.optional(),
      tue: CadenceDay.optional(),
      wed: CadenceDay.optional(),
      thu: CadenceDay.optional(),
      fri: CadenceDay.optional(),
      sat: CadenceDay.optional(),
      sun: CadenceDay.optional(),
    })
    .prefault(DEFAULT_CADENCE),
  peakHours: PeakHours.nullable().default({ ...DEFAULT_PEAK_HOURS }),
  peakEvents: z.array(PeakEvent).max(500).default([]),
});

/** A resolved instant (ms) of a peak event's `start` or `end`; null when it does not exist. */
function resolveWhen(s: string, zone: string, edge: 'start' | 'end'): number | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
  const dt = DateTime.fromISO(s, { zone });
  if (!dt.isValid) return null;
  return (dateOnly && edge === 'end' ? dt.startOf('day').plus({ days: 1 }) : dt).toMillis();
}

export interface CalendarDay {
  kind: WindowKind;
  label: string;
}
export interface PeakEvent {
  name: string;
  /** ISO instants (UTC). */
  start: string;
  end: string;
  standby: string;
}
export interface ReleaseCalendar {
  /** The zone the cadence's days are counted in. */
  timezone: string;
  /** ISO weekday order, Monday first. */
  cadence: Record<DayKey, CalendarDay>;
  peakHours: { start: string; end: string; timezone: string; note: string } | null;
  peakEvents: PeakEvent[];
}

export const ReleaseCalendar = CalendarInput.superRefine((c, ctx) => {
  c.peakEvents.forEach((e, i) => {
    const s = resolveWhen(e.start, c.timezone, 'start');
    const t = resolveWhen(e.end, c.timezone, 'end');
    if (s === null) ctx.addIssue({ code: 'custom', path: ['peakEvents', i, 'start'], message: `"${e.start}" is not a real date or time` });
    if (t === null) ctx.addIssue({ code: 'custom', path: ['peakEvents', i, 'end'], message: `"${e.end}" is not a real date or time` });
    if (s !== null && t !== null && t <= s) ctx.addIssue({ code: 'custom', path: ['peakEvents', i, 'end'], message: 'ends before it starts' });
  });
}).transform((c): ReleaseCalendar => {
  const cadence = {} as Record<DayKey, CalendarDay>;
  for (const d of DAY_KEYS) {
    const e = c.cadence[d];
    cadence[d] = e ? { kind: e.kind, label: e.label ?? KIND_LABELS[e.kind] } : { kind: 'open', label: KIND_LABELS.open };
  }
  return {
    timezone: c.timezone,
    cadence,
    peakHours: c.peakHours ? { start: c.peakHours.start, end: c.peakHours.end, timezone: c.peakHours.timezone ?? c.timezone, note: c.peakHours.note } : null,
    peakEvents: c.peakEvents
      .map((e) => ({
        name: e.name,
        start: new Date(resolveWhen(e.start, c.timezone, 'start')!).toISOString(),
        end: new Date(resolveWhen(e.end, c.timezone, 'end')!).toISOString(),
        standby: e.standby,
      }))
      .sort((a, b) => a.start.localeCompare(b.start)),
  };
});
export type ReleaseCalendarInput = z.input<typeof ReleaseCalendar>;

/** The cadence of OPERATIONS.md, in Asia/Kolkata, peak hours 18:00–02:00, no dated events. */
export const DEFAULT_CALENDAR: ReleaseCalendar = ReleaseCalendar.parse({});

// ---- reading a file ----

/** One thing wrong with a calendar file: where (dotted path, [i] for list items) and what. */
export interface CalendarIssue {
  path: string;
  message: string;
}
export type CalendarResult = { ok: true; value: ReleaseCalendar } | { ok: false; errors: CalendarIssue[] };

export function validateReleaseCalendar(data: unknown): CalendarResult {
  return validateDocument(ReleaseCalendar, data);
}

/** Parses a calendar file's YAML text; syntax errors come back as issues too, never thrown. */
export function parseReleaseCalendar(text: string): CalendarResult {
  const read = readYamlText(text);
  if (!read.ok) return read;
  let data = read.data;
  // An empty file is the defaults; anything else must be a mapping.
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, errors: [{ path: '(file)', message: 'expected a mapping with timezone, cadence, peakHours, peakEvents' }] };
  return validateReleaseCalendar(data);
}

/** "cadence.fri.kind: …" lines, for a log line or a reported problem. */
export function describeCalendarErrors(errors: readonly CalendarIssue[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

// ---- a profile's `freeze` (FreezePolicy), kept working ----

const samePolicy = (a: FreezePolicy, b: FreezePolicy) =>
  a.enabled === b.enabled && a.startDay === b.startDay && a.endDay === b.endDay && a.timezone === b.timezone;

/**
 * A profile's `freeze` mapped into the calendar. The rule:
 *  - equal to the default (enabled, Fri–Sun, Asia/Kolkata): the calendar decides, unchanged.
 *    A profile that never mentions `freeze` gets exactly this value (ProfileConfig fills it in),
 *    so "set to the default" and "not set" cannot be told apart and both defer to the calendar.
 *  - `enabled: false`: no day is a freeze: the calendar's freeze days become "open" (said so).
 *  - anything else: the freeze days are exactly startDay…endDay (ISO weekdays, wrapping the
 *    week, e.g. Sat–Mon), counted in the policy's time zone, which becomes the calendar's zone.
 *    Those days become "freeze" (with the calendar's freeze label); calendar freeze days outside
 *    them become "open"; the other days keep their kind. Peak hours keep the zone they were
 *    written in and dated peak events are instants: neither moves.
 */
export function applyFreezePolicy(cal: ReleaseCalendar, policy: FreezePolicy | null | undefined): ReleaseCalendar {
  if (!policy || samePolicy(policy, DEFAULT_FREEZE)) return cal;
  const freezeLabel = DAY_KEYS.map((d) => cal.cadence[d]).find((d) => d.kind === 'freeze')?.label ?? KIND_LABELS.freeze;
  const inPolicy = (iso: number) =>
    policy.enabled && (policy.startDay <= policy.endDay ? iso >= policy.startDay && iso <= policy.endDay : iso >= policy.startDay || iso <= policy.endDay);
  const cadence = {} as Record<DayKey, CalendarDay>;
  DAY_KEYS.forEach((d, i) => {
    const day = cal.cadence[d];
    if (inPolicy(i + 1)) cadence[d] = { kind: 'freeze', label: freezeLabel };
    else if (day.kind === 'freeze') cadence[d] = { kind: 'open', label: policy.enabled ? KIND_LABELS.open : 'No release freeze (turned off in this profile)' };
    else cadence[d] = day;
  });
  return { ...cal, timezone: policy.enabled ? policy.timezone : cal.timezone, cadence };
}

// ---- the window in effect ----

export interface ReleaseWindow {
  kind: WindowKind;
  label: string;
  /** ISO instants (UTC): local midnight of the first day, local midnight after the last. */
  start: string;
  end: string;
  /** Its days in words: "Fri–Sun", "Mon". */
  days: string;
  timezone: string;
  freeze: boolean;
  /** Whether the instant asked about (for nextWindow: the window's start) is in peak hours. */
  peakHours: boolean;
  /** Dated peak events running at that instant. */
  peakEvents: PeakEvent[];
}

const dayOf = (cal: ReleaseCalendar, isoWeekday: number): CalendarDay => cal.cadence[DAY_KEYS[isoWeekday - 1]!];
const sameDay = (a: CalendarDay, b: CalendarDay) => a.kind === b.kind && a.label === b.label;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the instant falls in the daily peak hours (a window whose end is before its start crosses midnight). */
export function peakHoursAt(cal: ReleaseCalendar, tMs: number): boolean {
  const p = cal.peakHours;
  if (!p) return false;
  const local = DateTime.fromMillis(tMs, { zone: p.timezone });
  const m = local.hour * 60 + local.minute;
  const s = minutes(p.start);
  const e = minutes(p.end);
  return s < e ? m >= s && m < e : m >= s || m < e;
}

export function describePeakHours(cal: ReleaseCalendar): string {
  const p = cal.peakHours;
  return p ? `${p.start}–${p.end} (${p.timezone})` : 'no peak hours configured';
}

/** Dated peak events running at the instant. */
export function peakEventsAt(cal: ReleaseCalendar, tMs: number): PeakEvent[] {
  return cal.peakEvents.filter((e) => Date.parse(e.start) <= tMs && tMs < Date.parse(e.end));
}

/** Dated peak events running at the instant or starting within `withinMs` of it. */
export function upcomingPeakEvents(cal: ReleaseCalendar, tMs: number, withinMs: number): PeakEvent[] {
  return cal.peakEvents.filter((e) => Date.parse(e.end) > tMs && Date.parse(e.start) < tMs + withinMs);
}

/** The cadence window in effect at the instant: the run of consecutive local days of the same kind and label. */
export function windowAt(cal: ReleaseCalendar, tMs: number): ReleaseWindow {
  const today = DateTime.fromMillis(tMs, { zone: cal.timezone }).startOf('day');
  const day = dayOf(cal, today.weekday);
  let first = today;
  let last = today;
  let span = 1;
  while (span < 7 && sameDay(dayOf(cal, first.minus({ days: 1 }).weekday), day)) {
    first = first.minus({ days: 1 });
    span++;
  }
  while (span < 7 && sameDay(dayOf(cal, last.plus({ days: 1 }).weekday), day)) {
    last = last.plus({ days: 1 });
    span++;
  }
  const start = first.startOf('day');
  const end = last.plus({ days: 1 }).startOf('day');
  const firstName = DAY_SHORT[first.weekday - 1]!;
  const lastName = DAY_SHORT[last.weekday - 1]!;
  return {
    kind: day.kind,
    label: day.label,
    start: new Date(start.toMillis()).toISOString(),
    end: new Date(end.toMillis()).toISOString(),
    days: span === 1 ? firstName : `${firstName}–${lastName}`,
    timezone: cal.timezone,
    freeze: day.kind === 'freeze',
    peakHours: peakHoursAt(cal, tMs),
    peakEvents: peakEventsAt(cal, tMs),
  };
}

/** The window after the one in effect at the instant (peak hours and events as at its start). */
export function nextWindow(cal: ReleaseCalendar, tMs: number): ReleaseWindow {
  return windowAt(cal, Date.parse(windowAt(cal, tMs).end));
}

/** The next freeze window starting after the instant (not the one in force); null when the cadence has no freeze. */
export function nextFreezeWindow(cal: ReleaseCalendar, tMs: number): ReleaseWindow | null {
  if (!DAY_KEYS.some((d) => cal.cadence[d].kind === 'freeze')) return null;
  let w = nextWindow(cal, tMs);
  for (let i = 0; i < 8 && !w.freeze; i++) w = nextWindow(cal, Date.parse(w.start));
  return w.freeze ? w : null;
}

export function inFreezeAt(cal: ReleaseCalendar, tMs: number): boolean {
  return dayOf(cal, DateTime.fromMillis(tMs, { zone: cal.timezone }).weekday).kind === 'freeze';
}

/** The freeze days in words, "Fri 00:00 – Sun 24:00 (Asia/Kolkata)", as the lever protocol says them. */
export function describeFreezeOf(cal: ReleaseCalendar): string {
  const frozen = (i: number) => cal.cadence[DAY_KEYS[((i % 7) + 7) % 7]!].kind === 'freeze';
  const days = [0, 1, 2, 3, 4, 5, 6];
  if (!days.some(frozen)) return 'no release freeze configured';
  if (days.every(frozen)) return `every day (${cal.timezone})`;
  const runs: string[] = [];
  for (const i of days) {
    if (!frozen(i) || frozen(i - 1)) continue;
    let j = i;
    while (frozen(j + 1)) j++;
    runs.push(`${DAY_SHORT[i]} 00:00 – ${DAY_SHORT[j % 7]} 24:00`);
  }
  return `${runs.join(', ')} (${cal.timezone})`;
}

/** What the lever protocol asks: is a freeze in force at this instant, and the freeze in words. */
export type FreezeCheck = (now: Date) => { active: boolean; window: string };

export function freezeCheckOf(cal: ReleaseCalendar): FreezeCheck {
  const window = describeFreezeOf(cal);
  return (now) => ({ active: inFreezeAt(cal, now.getTime()), window });
}

/** A peak event in words, its times local to the calendar: "IPL final (Sun 31 May 14:00 – Mon 1 Jun 02:00 Asia/Kolkata): standby …". */
export function describePeakEvent(cal: ReleaseCalendar, e: PeakEvent): string {
  const f = (iso: string) => DateTime.fromISO(iso, { zone: cal.timezone }).toFormat('ccc d LLL HH:mm');
  return `${e.name} (${f(e.start)} – ${f(e.end)} ${cal.timezone}): ${e.standby}`;
}
