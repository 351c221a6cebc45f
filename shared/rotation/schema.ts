import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * An on-call schedule as data (OPERATIONS.md: follow-the-sun, named shifts aligned to regions,
 * overlapping on purpose, always a primary and a backup). One document per profile; the console
 * validates it whole and refuses a document that does not read, saying where.
 *
 * Shifts: each rotation covers a daily local window (`from`–`to`, crossing midnight allowed) on
 * the given weekdays, in its own time zone; the window keeps its local wall-clock times across a
 * daylight-saving change. People take turns by `every` (day or week) counted from `start` (a
 * local date); the primary is `people[k]` and the backup `people[k + backupOffset]` (mod n).
 * Overrides replace one person in one role for a span; swaps exchange two people for a span.
 */

const Zone = z.string().refine((tz) => IANAZone.isValidZone(tz), 'not a known IANA time zone (e.g. Europe/London)');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM (00:00–23:59)');
const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a local date YYYY-MM-DD')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'not a calendar date (e.g. 2026-02-30)');
const Instant = z.iso.datetime({ offset: true });
const Person = z.string().trim().min(1).max(100);
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and "-"');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

export const Region = z.enum(['APAC', 'EMEA', 'AMER']);
export type Region = z.infer<typeof Region>;

export const Rotation = z
  .object({
    id: Id,
    name: z.string().trim().min(1).max(100),
    region: Region,
    timezone: Zone,
    /** The shift's local window each covered day: from `from` to `to` (next day when `to` ≤ `from`). */
    from: LocalTime,
    to: LocalTime,
    days: z.array(Weekday).min(1).default([...WEEKDAYS]),
    /** How often the people take turns, counted from `start` (a local date in `timezone`). */
    every: z.enum(['day', 'week']).default('week'),
    start: LocalDate,
    people: z.array(Person).min(2, 'a rotation needs at least two people (a primary and a backup)').max(100),
    /** The backup is the person this many places after the primary (never the primary). */
    backupOffset: z.number().int().min(1).default(1),
  })
  .refine((r) => new Set(r.people).size === r.people.length, { message: 'a person is listed twice', path: ['people'] })
  .refine((r) => r.backupOffset % r.people.length !== 0, { message: 'the backup would be the primary', path: ['backupOffset'] });
export type Rotation = z.infer<typeof Rotation>;

export const Override = z
  .object({
    id: z.string().min(1).max(200),
    role: z.enum(['primary', 'backup']),
    /** Who takes the role for the span. */
    person: Person,
    start: Instant,
    end: Instant,
    /** Only where this rotation is on (absent: whichever rotation is on). */
    rotationId: Id.optional(),
    reason: z.string().max(500).default(''),
    /** Where it came from: typed here, or an iCal feed's event UID (re-imports match by it). */
    source: z.object({ kind: z.enum(['console', 'ical']), uid: z.string().max(500).optional(), feed: z.string().max(2000).optional() }).default({ kind: 'console' }),
  })
  .refine((o) => Date.parse(o.end) > Date.parse(o.start), { message: 'ends before it starts', path: ['end'] });
export type Override = z.infer<typeof Override>;

export const Swap = z
  .object({
    id: z.string().min(1).max(200),
    /** For the span, wherever `a` is on call `b` is, and the other way round. */
    a: Person,
    b: Person,
    start: Instant,
    end: Instant,
    reason: z.string().max(500).default(''),
  })
  .refine((s) => s.a !== s.b, { message: 'a swap needs two different people', path: ['b'] })
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), { message: 'ends before it starts', path: ['end'] });
export type Swap = z.infer<typeof Swap>;

export const Schedule = z
  .object({
    id: Id,
    name: z.string().trim().min(1).max(200),
    rotations: z.array(Rotation).min(1).max(20),
    overrides: z.array(Override).max(5000).default([]),
    swaps: z.array(Swap).max(5000).default([]),
  })
  .refine((s) => new Set(s.rotations.map((r) => r.id)).size === s.rotations.length, { message: 'two rotations share an id', path: ['rotations'] })
  .superRefine((s, ctx) => {
    // An override scoped to a rotation that is not in the schedule would silently never apply.
    const ids = new Set(s.rotations.map((r) => r.id));
    s.overrides.forEach((o, i) => {
      if (o.rotationId !== undefined && !ids.has(o.rotationId)) {
        ctx.addIssue({ code: 'custom', message: `no rotation "${o.rotationId}" in this schedule`, path: ['overrides', i, 'rotationId'] });
      }
    });
  });
export type Schedule = z.infer<typeof Schedule>;
export type ScheduleInput = z.input<typeof Schedule>;
