// Business days and hours in the policy's zone: weekends and holidays skipped, and a deadline in
// business days keeps its local wall-clock time across DST while one in minutes/hours is elapsed
// time. Expected instants are worked out by hand in the comments (2026: London DST Mar 29 /
// Oct 25, New York Mar 8 / Nov 1; India has none).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessHours,
  deadlineAfter,
  inBusinessHours,
  isBusinessDay,
  nextBusinessDayStart,
  type BusinessCalendar,
} from '../../shared/incidents/business-days.ts';
import { readTarget } from '../../shared/incidents/policy.ts';
import { bundledPolicy } from './incident-fixtures.ts';

const HOURS = { start: '10:00', end: '19:00', days: [1, 2, 3, 4, 5] };
const kolkata: BusinessCalendar = bundledPolicy('platform-runbook'); // holidays include Mon 2026-01-26
const london: BusinessCalendar = { timezone: 'Europe/London', holidays: [], businessHours: HOURS };
const newYork: BusinessCalendar = { timezone: 'America/New_York', holidays: [], businessHours: HOURS };
const H = 3_600_000;
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe('adding business days', () => {
  it('Kolkata: a resolution on Friday 23:30 IST is due the next Friday 23:30 IST (5 business days)', () => {
    // Fri 2026-03-06 23:30 IST = 18:00Z; Mon 9 … Fri 13 are five business days.
    expect(iso(addBusinessDays(at('2026-03-06T18:00:00Z'), 5, kolkata))).toBe('2026-03-13T18:00:00.000Z');
  });

  it('Kolkata: a holiday Monday is skipped (Republic Day, 2026-01-26)', () => {
    // Fri 2026-01-23 23:30 IST; Tue 27, Wed 28, Thu 29, Fri 30, Mon Feb 2 → 2026-02-02 23:30 IST = 18:00Z.
    expect(iso(addBusinessDays(at('2026-01-23T18:00:00Z'), 5, kolkata))).toBe('2026-02-02T18:00:00.000Z');
    // The same start in a calendar without the holiday lands on Friday the 30th.
    expect(iso(addBusinessDays(at('2026-01-23T18:00:00Z'), 5, { ...kolkata, holidays: [] }))).toBe('2026-01-30T18:00:00.000Z');
  });

  it('New York: Friday 23:30 local is already Saturday in UTC, and it still counts as a Friday', () => {
    // Fri 2026-03-06 23:30 EST = Sat 04:30Z. Mon 9 … Fri 13 → Fri 2026-03-13 23:30 EDT = Sat 03:30Z.
    const start = at('2026-03-07T04:30:00Z');
    const due = addBusinessDays(start, 5, newYork);
    expect(iso(due)).toBe('2026-03-14T03:30:00.000Z');
    // Across the Mar 8 change the week is an hour short in elapsed time, never in local time.
    expect(due.getTime() - start.getTime()).toBe(7 * 24 * H - H);
    expect(DateTime.fromJSDate(due, { zone: 'America/New_York' }).toFormat('ccc HH:mm')).toBe('Fri 23:30');
  });

  it('London, spring forward (Mar 29): Friday 14:00 GMT + 1 business day = Monday 14:00 BST', () => {
    // Fri 2026-03-27 14:00 GMT = 14:00Z → Mon 2026-03-30 14:00 BST = 13:00Z: 71 h elapsed, not 72.
    const due = addBusinessDays(at('2026-03-27T14:00:00Z'), 1, london);
    expect(iso(due)).toBe('2026-03-30T13:00:00.000Z');
  });

  it('London, fall back (Oct 25): Friday 14:00 BST + 1 business day = Monday 14:00 GMT', () => {
    // Fri 2026-10-23 14:00 BST = 13:00Z → Mon 2026-10-26 14:00 GMT = 14:00Z: 73 h elapsed.
    expect(iso(addBusinessDays(at('2026-10-23T13:00:00Z'), 1, london))).toBe('2026-10-26T14:00:00.000Z');
  });

  it('New York, fall back (Nov 1): Friday 09:00 EDT + 1 business day = Monday 09:00 EST', () => {
    // Fri 2026-10-30 09:00 EDT = 13:00Z → Mon 2026-11-02 09:00 EST = 14:00Z.
    expect(iso(addBusinessDays(at('2026-10-30T13:00:00Z'), 1, newYork))).toBe('2026-11-02T14:00:00.000Z');
  });

  it('every start in 2026 keeps its local time (14:00 London) a business day later', () => {
    const moved: string[] = [];
    for (let d = DateTime.fromISO('2026-01-01T14:00', { zone: 'Europe/London' }); d.year === 2026; d = d.plus({ days: 1 })) {
      const due = DateTime.fromJSDate(addBusinessDays(d.toJSDate(), 1, london), { zone: 'Europe/London' });
      if (due.toFormat('HH:mm') !== '14:00' || due <= d || !isBusinessDay(due, london)) moved.push(d.toISODate()!);
    }
    expect(moved).toEqual([]);
  });

  it("the start's own day never counts: Saturday 14:00 + 5 = the next Friday 14:00", () => {
    // Sat 2026-03-07 14:00 IST = 08:30Z → Fri 2026-03-13 14:00 IST = 08:30Z.
    expect(iso(addBusinessDays(at('2026-03-07T08:30:00Z'), 5, kolkata))).toBe('2026-03-13T08:30:00.000Z');
    expect(iso(addBusinessDays(at('2026-03-07T08:30:00Z'), 0, kolkata))).toBe('2026-03-07T08:30:00.000Z');
    expect(() => addBusinessDays(at('2026-03-07T08:30:00Z'), -1, kolkata)).toThrow(RangeError);
  });
});

describe('elapsed deadlines ignore DST', () => {
  it('London 00:30 GMT on Mar 29 + 1 h is 01:30Z, which the wall clock calls 02:30 BST', () => {
    const due = deadlineAfter(at('2026-03-29T00:30:00Z'), readTarget('1 h')!, london)!;
    expect(iso(due)).toBe('2026-03-29T01:30:00.000Z');
    expect(DateTime.fromJSDate(due, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('02:30');
  });

  it('New York 01:30 EDT on Nov 1 + 30 min is 30 real minutes', () => {
    expect(iso(deadlineAfter(at('2026-11-01T05:30:00Z'), readTarget('30 min')!, newYork)!)).toBe('2026-11-01T06:00:00.000Z');
  });
});

describe('next business day start (SEV4 / P4 ack)', () => {
  it.each([
    // [what, start, due]
    ['Friday 23:30 IST → Monday 10:00 IST', '2026-03-06T18:00:00Z', '2026-03-09T04:30:00.000Z'],
    ['Tuesday 09:59 IST, before opening → Wednesday 10:00 (never the same day)', '2026-03-10T04:29:00Z', '2026-03-11T04:30:00.000Z'],
    ['Tuesday 14:00 IST → Wednesday 10:00', '2026-03-10T08:30:00Z', '2026-03-11T04:30:00.000Z'],
    ['Saturday → Monday 10:00', '2026-03-07T06:00:00Z', '2026-03-09T04:30:00.000Z'],
    ['Friday before the Republic Day Monday → Tuesday 10:00', '2026-01-23T12:00:00Z', '2026-01-27T04:30:00.000Z'],
  ])('%s', (_what, start, due) => {
    expect(iso(nextBusinessDayStart(at(start), kolkata))).toBe(due);
  });

  it('New York: Friday 23:30 EST (Saturday UTC) → Monday 10:00 EDT, after the Mar 8 change', () => {
    expect(iso(nextBusinessDayStart(at('2026-03-07T04:30:00Z'), newYork))).toBe('2026-03-09T14:00:00.000Z');
  });
});

describe('business hours ("same business hour" = 1 business hour)', () => {
  it.each([
    ['inside hours: Wed 14:20 IST → 15:20', '2026-03-04T08:50:00Z', 1, '2026-03-04T09:50:00.000Z'],
    ['half an hour before closing: Wed 18:30 → Thu 10:30', '2026-03-04T13:00:00Z', 1, '2026-03-05T05:00:00.000Z'],
    ['exactly filling the day: Wed 18:00 → 19:00 the same day', '2026-03-04T12:30:00Z', 1, '2026-03-04T13:30:00.000Z'],
    ['before opening: Wed 07:00 → 11:00', '2026-03-04T01:30:00Z', 1, '2026-03-04T05:30:00.000Z'],
    ['Friday 23:30 → Monday 11:00', '2026-03-06T18:00:00Z', 1, '2026-03-09T05:30:00.000Z'],
    ['Fri 18:30 before a holiday Monday, 2 h → Tue 11:30', '2026-01-23T13:00:00Z', 2, '2026-01-27T06:00:00.000Z'],
  ])('%s', (_what, start, hours, due) => {
    expect(iso(addBusinessHours(at(start), hours, kolkata))).toBe(due);
  });

  it('inBusinessHours: opening inclusive, closing exclusive, holidays out', () => {
    expect(inBusinessHours(at('2026-03-04T04:30:00Z'), kolkata)).toBe(true); // Wed 10:00 IST
    expect(inBusinessHours(at('2026-03-04T13:30:00Z'), kolkata)).toBe(false); // Wed 19:00 IST
    expect(inBusinessHours(at('2026-01-26T06:00:00Z'), kolkata)).toBe(false); // holiday 11:30 IST
  });
});

describe('business days are judged in the zone, not in UTC', () => {
  it('Mon 2026-01-26 00:30 IST is the holiday although it is Sunday 19:00 in UTC; Tue 01:30 IST is a business day', () => {
    expect(isBusinessDay(DateTime.fromISO('2026-01-25T19:00:00Z'), kolkata)).toBe(false);
    expect(isBusinessDay(DateTime.fromISO('2026-01-26T20:00:00Z'), kolkata)).toBe(true);
  });

  it('"as scheduled" has no deadline', () => {
    expect(deadlineAfter(at('2026-03-04T08:50:00Z'), readTarget('as scheduled')!, kolkata)).toBeNull();
  });
});
