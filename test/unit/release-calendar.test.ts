// The release calendar (OPERATIONS.md, "Rotation and release rhythm"): the weekly cadence in
// the calendar's zone, peak hours crossing midnight, dated peak events, the next window, the
// profile's old `freeze` setting mapped in, and a broken file refused with path and problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FREEZE, FreezePolicy, describeFreeze, inFreeze } from '../../shared/freeze.ts';
import {
  DEFAULT_CALENDAR,
  ReleaseCalendar,
  applyFreezePolicy,
  describeFreezeOf,
  freezeCheckOf,
  inFreezeAt,
  nextFreezeWindow,
  nextWindow,
  parseReleaseCalendar,
  peakHoursAt,
  upcomingPeakEvents,
  windowAt,
} from '../../shared/release-calendar.ts';
import { PROFILE_CALENDAR_FILE, loadReleaseCalendar } from '../../electron/core/release-calendar/load.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const BUNDLED = fileURLToPath(new URL('../../resources/release-calendar.yaml', import.meta.url));
/** An instant given in IST (UTC+05:30), as ms. */
const ist = (local: string) => Date.parse(`${local}+05:30`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the default cadence in Asia/Kolkata (week of Mon 9 March 2026)', () => {
  const cal = DEFAULT_CALENDAR;
  it.each([
    ['Mon 00:00', '2026-03-09T00:00:00', 'hardening', 'Mon', false],
    ['Mon 23:59', '2026-03-09T23:59:59', 'hardening', 'Mon', false],
    ['Tue 00:00', '2026-03-10T00:00:00', 'feature-a', 'Tue', false],
    ['Wed 09:00', '2026-03-11T09:00:00', 'tenant-config', 'Wed', false],
    ['Thu 23:59:59.999', '2026-03-12T23:59:59.999', 'feature-b', 'Thu', false],
    ['Fri 00:00', '2026-03-13T00:00:00', 'freeze', 'Fri–Sun', true],
    ['Sat 12:00', '2026-03-14T12:00:00', 'freeze', 'Fri–Sun', true],
    ['Sun 23:59:59.999', '2026-03-15T23:59:59.999', 'freeze', 'Fri–Sun', true],
    ['next Mon 00:00', '2026-03-16T00:00:00', 'hardening', 'Mon', false],
  ])('%s IST: %s', (_l, local, kind, days, freeze) => {
    const w = windowAt(cal, ist(local));
    expect(w).toMatchObject({ kind, days, freeze, timezone: 'Asia/Kolkata' });
    expect(inFreezeAt(cal, ist(local))).toBe(freeze);
  });

  it('a window runs from local midnight to local midnight: the freeze is Fri 00:00 – Mon 00:00 IST', () => {
    const w = windowAt(cal, ist('2026-03-14T12:00:00'));
    expect(w.start).toBe(iso(ist('2026-03-13T00:00:00')));
    expect(w.end).toBe(iso(ist('2026-03-16T00:00:00')));
    expect(w.label).toMatch(/deploys only for incident response/);
    const tue = windowAt(cal, ist('2026-03-10T15:00:00'));
    expect([tue.start, tue.end]).toEqual([iso(ist('2026-03-10T00:00:00')), iso(ist('2026-03-11T00:00:00'))]);
    expect(tue.label).toBe('Feature batch A (staged rollout)');
  });

  it('counts days in IST, not UTC or the laptop: Thu 18:30 UTC is Friday', () => {
    expect(windowAt(cal, Date.parse('2026-03-12T18:29:59.999Z')).kind).toBe('feature-b');
    expect(windowAt(cal, Date.parse('2026-03-12T18:30:00.000Z')).kind).toBe('freeze');
    expect(windowAt(cal, Date.parse('2026-03-15T18:30:00.000Z')).kind).toBe('hardening');
  });

  it('agrees with the old FreezePolicy rule at every hour of a fortnight', () => {
    for (let t = ist('2026-03-09T00:00:00'); t < ist('2026-03-23T00:00:00'); t += 3_600_000 + 7 * 60_000)
      expect(inFreezeAt(cal, t)).toBe(inFreeze(new Date(t), DEFAULT_FREEZE));
  });

  it('describes the freeze as the lever protocol always did', () => {
    expect(describeFreezeOf(cal)).toBe(describeFreeze(DEFAULT_FREEZE));
    expect(describeFreezeOf(cal)).toBe('Fri 00:00 – Sun 24:00 (Asia/Kolkata)');
    expect(freezeCheckOf(cal)(new Date(ist('2026-03-14T12:00:00')))).toEqual({ active: true, window: 'Fri 00:00 – Sun 24:00 (Asia/Kolkata)' });
  });
});

describe('next window', () => {
  const cal = DEFAULT_CALENDAR;
  it('Thursday → the freeze; the freeze → Monday hardening; one day → the next', () => {
    const afterThu = nextWindow(cal, ist('2026-03-12T10:00:00'));
    expect(afterThu).toMatchObject({ kind: 'freeze', days: 'Fri–Sun', start: iso(ist('2026-03-13T00:00:00')), end: iso(ist('2026-03-16T00:00:00')) });
    expect(nextWindow(cal, ist('2026-03-14T10:00:00'))).toMatchObject({ kind: 'hardening', start: iso(ist('2026-03-16T00:00:00')) });
    expect(nextWindow(cal, ist('2026-03-09T10:00:00'))).toMatchObject({ kind: 'feature-a', start: iso(ist('2026-03-10T00:00:00')) });
  });

  it('the next freeze: from Monday it is that Friday; inside one it is the following one', () => {
    expect(nextFreezeWindow(cal, ist('2026-03-09T10:00:00'))?.start).toBe(iso(ist('2026-03-13T00:00:00')));
    expect(nextFreezeWindow(cal, ist('2026-03-14T10:00:00'))?.start).toBe(iso(ist('2026-03-20T00:00:00')));
    expect(nextFreezeWindow(applyFreezePolicy(cal, FreezePolicy.parse({ enabled: false })), ist('2026-03-09T10:00:00'))).toBeNull();
  });
});

describe('across daylight saving (a calendar in Europe/London)', () => {
  const london = ReleaseCalendar.parse({ timezone: 'Europe/London' });
  const bst = (local: string) => Date.parse(`${local}+01:00`);
  const gmt = (local: string) => Date.parse(`${local}Z`);

  it('spring forward (Sun 29 March 2026): the freeze starts at local midnight both sides', () => {
    const before = windowAt(london, gmt('2026-03-21T12:00:00')); // Sat, GMT
    expect(before.start).toBe('2026-03-20T00:00:00.000Z'); // Fri 00:00 GMT
    const across = windowAt(london, gmt('2026-03-28T12:00:00'));
    expect(across.start).toBe('2026-03-27T00:00:00.000Z'); // Fri 00:00 GMT
    expect(across.end).toBe('2026-03-29T23:00:00.000Z'); // Mon 00:00 BST: a 71-hour freeze
    const after = windowAt(london, bst('2026-04-04T12:00:00'));
    expect(after.start).toBe('2026-04-02T23:00:00.000Z'); // Fri 00:00 BST
    expect(inFreezeAt(london, Date.parse('2026-04-02T22:59:59.999Z'))).toBe(false); // Thu 23:59 BST
    expect(inFreezeAt(london, Date.parse('2026-04-02T23:00:00.000Z'))).toBe(true);
  });

  it('fall back (Sun 25 October 2026): Fri 00:00 BST, then Mon 00:00 GMT, then Fri 00:00 GMT', () => {
    const across = windowAt(london, bst('2026-10-24T12:00:00'));
    expect(across.start).toBe('2026-10-22T23:00:00.000Z'); // Fri 00:00 BST
    expect(across.end).toBe('2026-10-26T00:00:00.000Z'); // Mon 00:00 GMT: a 73-hour freeze
    expect(nextFreezeWindow(london, across.end ? Date.parse(across.end) : 0)?.start).toBe('2026-10-30T00:00:00.000Z');
    expect(describeFreezeOf(london)).toBe('Fri 00:00 – Sun 24:00 (Europe/London)');
  });

  it('a one-day window on the short and the long day is still the local day', () => {
    const sun = ReleaseCalendar.parse({ timezone: 'Europe/London', cadence: { sun: 'freeze' } });
    const spring = windowAt(sun, gmt('2026-03-29T12:00:00'));
    expect([spring.start, spring.end]).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z']);
    const autumn = windowAt(sun, gmt('2026-10-25T12:00:00'));
    expect([autumn.start, autumn.end]).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']);
    expect(windowAt(sun, gmt('2026-10-27T12:00:00'))).toMatchObject({ kind: 'open', days: 'Mon–Sat', label: 'No release planned' });
  });
});

describe('peak hours (default 18:00–02:00 Asia/Kolkata, crossing midnight)', () => {
  const cal = DEFAULT_CALENDAR;
  it.each([
    ['17:59', '2026-03-11T17:59:00', false],
    ['18:00', '2026-03-11T18:00:00', true],
    ['23:59', '2026-03-11T23:59:00', true],
    ['00:00 (next day)', '2026-03-12T00:00:00', true],
    ['01:59', '2026-03-12T01:59:59', true],
    ['02:00', '2026-03-12T02:00:00', false],
    ['noon', '2026-03-12T12:00:00', false],
  ])('%s IST', (_l, local, peak) => {
    expect(peakHoursAt(cal, ist(local))).toBe(peak);
    expect(windowAt(cal, ist(local)).peakHours).toBe(peak);
  });

  it('peak hours do not change the day: Thu 01:00 IST is still Thursday, in peak hours', () => {
    expect(windowAt(cal, ist('2026-03-12T01:00:00'))).toMatchObject({ kind: 'feature-b', peakHours: true });
  });

  it('keep their zone when a profile moves the freeze to another zone', () => {
    const ny = applyFreezePolicy(cal, FreezePolicy.parse({ timezone: 'America/New_York' }));
    expect(ny.timezone).toBe('America/New_York');
    expect(ny.peakHours?.timezone).toBe('Asia/Kolkata');
    expect(peakHoursAt(ny, ist('2026-03-11T19:00:00'))).toBe(true);
  });

  it('a window within one day, and none at all', () => {
    const day = ReleaseCalendar.parse({ peakHours: { start: '09:00', end: '17:00' } });
    expect([peakHoursAt(day, ist('2026-03-11T08:59:00')), peakHoursAt(day, ist('2026-03-11T09:00:00')), peakHoursAt(day, ist('2026-03-11T17:00:00'))]).toEqual([false, true, false]);
    expect(peakHoursAt(ReleaseCalendar.parse({ peakHours: null }), ist('2026-03-11T20:00:00'))).toBe(false);
  });
});

describe('dated peak events', () => {
  const cal = ReleaseCalendar.parse({
    peakEvents: [
      { name: 'Cricket final', start: '2026-05-31T14:00', end: '2026-06-01T02:00', standby: 'backup on standby' },
      { name: 'Campaign', start: '2026-06-05', end: '2026-06-07', standby: 'second engineer per shift' },
      { name: 'UTC event', start: '2026-06-10T00:00Z', end: '2026-06-10T06:00Z', standby: 'watch' },
    ],
  });

  it('local times are in the calendar zone; an end date includes that whole day; offsets are kept', () => {
    expect(cal.peakEvents.map((e) => [e.start, e.end])).toEqual([
      [iso(ist('2026-05-31T14:00:00')), iso(ist('2026-06-01T02:00:00'))],
      [iso(ist('2026-06-05T00:00:00')), iso(ist('2026-06-08T00:00:00'))],
      ['2026-06-10T00:00:00.000Z', '2026-06-10T06:00:00.000Z'],
    ]);
  });

  it('are on the window while they run, and only then', () => {
    expect(windowAt(cal, ist('2026-05-31T13:59:00')).peakEvents).toEqual([]);
    expect(windowAt(cal, ist('2026-05-31T20:00:00')).peakEvents.map((e) => e.name)).toEqual(['Cricket final']);
    expect(windowAt(cal, ist('2026-06-01T01:00:00'))).toMatchObject({ kind: 'hardening', peakHours: true, peakEvents: [{ name: 'Cricket final', standby: 'backup on standby' }] });
    expect(windowAt(cal, ist('2026-06-01T02:00:00')).peakEvents).toEqual([]);
    expect(windowAt(cal, ist('2026-06-07T23:59:00')).peakEvents.map((e) => e.name)).toEqual(['Campaign']);
    expect(windowAt(cal, ist('2026-06-08T00:00:00')).peakEvents).toEqual([]);
  });

  it('raise no freeze by themselves', () => {
    expect(inFreezeAt(cal, ist('2026-06-01T01:00:00'))).toBe(false);
  });

  it('coming ones: running or starting within the horizon', () => {
    const week = 7 * 24 * 3_600_000;
    expect(upcomingPeakEvents(cal, ist('2026-05-30T00:00:00'), week).map((e) => e.name)).toEqual(['Cricket final', 'Campaign']);
    expect(upcomingPeakEvents(cal, ist('2026-06-06T00:00:00'), week).map((e) => e.name)).toEqual(['Campaign', 'UTC event']);
  });

  it('an end before the start, or a date that does not exist, is refused at its path', () => {
    const r = ReleaseCalendar.safeParse({ peakEvents: [{ name: 'x', start: '2026-06-02', end: '2026-06-01T10:00', standby: 's' }, { name: 'y', start: '2026-02-30', end: '2026-03-01', standby: 's' }] });
    expect(r.success).toBe(false);
    const text = parseReleaseCalendar(
      'peakEvents:\n  - { name: x, start: "2026-06-02", end: "2026-06-01T10:00", standby: s }\n  - { name: y, start: "2026-02-30", end: "2026-03-01", standby: s }\n',
    );
    expect(text.ok).toBe(false);
    if (!text.ok) {
      expect(text.errors).toContainEqual({ path: 'peakEvents[0].end', message: 'ends before it starts' });
      expect(text.errors).toContainEqual({ path: 'peakEvents[1].start', message: '"2026-02-30" is not a real date or time' });
    }
  });
});

describe("a profile's freeze setting (FreezePolicy), mapped into the calendar", () => {
  const wed = ist('2026-03-11T09:00:00');
  const sat = ist('2026-03-14T12:00:00');

  it('the default defers to the calendar', () => {
    expect(applyFreezePolicy(DEFAULT_CALENDAR, DEFAULT_FREEZE)).toBe(DEFAULT_CALENDAR);
    const thuOnly = ReleaseCalendar.parse({ cadence: { thu: 'freeze' } });
    expect(applyFreezePolicy(thuOnly, DEFAULT_FREEZE)).toBe(thuOnly);
  });

  it('disabled: never in force, said so', () => {
    const off = applyFreezePolicy(DEFAULT_CALENDAR, FreezePolicy.parse({ enabled: false }));
    expect(inFreezeAt(off, sat)).toBe(false);
    expect(windowAt(off, sat)).toMatchObject({ kind: 'open', label: 'No release freeze (turned off in this profile)', days: 'Fri–Sun' });
    expect(describeFreezeOf(off)).toBe('no release freeze configured');
    expect(windowAt(off, wed).kind).toBe('tenant-config');
  });

  it('other days replace the freeze days, wrapping the week (Sat–Mon); Friday is open, Tuesday keeps its batch', () => {
    const p = FreezePolicy.parse({ startDay: 6, endDay: 1 });
    const cal = applyFreezePolicy(DEFAULT_CALENDAR, p);
    expect(describeFreezeOf(cal)).toBe('Sat 00:00 – Mon 24:00 (Asia/Kolkata)');
    expect(describeFreezeOf(cal)).toBe(describeFreeze(p));
    expect(windowAt(cal, ist('2026-03-13T12:00:00')).kind).toBe('open');
    expect(windowAt(cal, ist('2026-03-16T23:59:00'))).toMatchObject({ kind: 'freeze', days: 'Sat–Mon' });
    expect(windowAt(cal, ist('2026-03-17T00:00:00')).kind).toBe('feature-a');
    for (let t = ist('2026-03-09T00:00:00'); t < ist('2026-03-23T00:00:00'); t += 3_600_000) expect(inFreezeAt(cal, t)).toBe(inFreeze(new Date(t), p));
  });

  it("another zone: the policy's zone counts the days", () => {
    const p = FreezePolicy.parse({ timezone: 'America/New_York' });
    const cal = applyFreezePolicy(DEFAULT_CALENDAR, p);
    expect(inFreezeAt(cal, Date.parse('2026-03-13T05:00:00Z'))).toBe(true); // Fri 01:00 EDT
    expect(inFreezeAt(cal, Date.parse('2026-03-13T03:00:00Z'))).toBe(false); // Thu 23:00 EDT
    expect(describeFreezeOf(cal)).toBe('Fri 00:00 – Sun 24:00 (America/New_York)');
  });
});

describe('the calendar files', () => {
  it('the bundled file: the OPERATIONS.md cadence, 18:00–02:00 peak hours, two example events in 2026–2027', () => {
    const r = loadReleaseCalendar({ dataDir: scratch.tempDir(), bundledPath: BUNDLED });
    expect(r.problem).toBeNull();
    expect(r.source).toEqual({ kind: 'bundled', path: BUNDLED });
    const c = r.calendar;
    expect(c.timezone).toBe('Asia/Kolkata');
    expect(Object.values(c.cadence).map((d) => d.kind)).toEqual(['hardening', 'feature-a', 'tenant-config', 'feature-b', 'freeze', 'freeze', 'freeze']);
    expect(c.cadence).toEqual(DEFAULT_CALENDAR.cadence);
    expect(c.peakHours).toMatchObject({ start: '18:00', end: '02:00', timezone: 'Asia/Kolkata' });
    expect(c.peakEvents).toHaveLength(2);
    expect(c.peakEvents.map((e) => e.start.slice(0, 4))).toEqual(['2026', '2027']);
  });

  it("a profile's own file replaces it", () => {
    const dir = scratch.tempDir();
    writeFileSync(join(dir, PROFILE_CALENDAR_FILE), 'timezone: Europe/London\ncadence:\n  sat: freeze\n  sun: freeze\npeakHours: null\n');
    const r = loadReleaseCalendar({ dataDir: dir, bundledPath: BUNDLED });
    expect(r.problem).toBeNull();
    expect(r.source.kind).toBe('profile');
    expect(describeFreezeOf(r.calendar)).toBe('Sat 00:00 – Sun 24:00 (Europe/London)');
  });

  it('an invalid profile file is refused with its path and the problems; the bundled one is used', () => {
    const dir = scratch.tempDir();
    const own = join(dir, PROFILE_CALENDAR_FILE);
    writeFileSync(own, 'timezone: Asia/Calcutta-ish\ncadence:\n  fri: frieze\n  friday: freeze\npeakHours: { start: "18:00", end: "26:00" }\npeakEvents:\n  - name: final\n    start: "2026-05-31"\n');
    const r = loadReleaseCalendar({ dataDir: dir, bundledPath: BUNDLED });
    expect(r.source).toEqual({ kind: 'bundled', path: BUNDLED });
    expect(describeFreezeOf(r.calendar)).toBe('Fri 00:00 – Sun 24:00 (Asia/Kolkata)');
    expect(r.problem).toContain("The profile's release calendar was refused; using the bundled one.");
    expect(r.problem).toContain(own);
    expect(r.problem).toMatch(/^timezone: not a known IANA time zone/m);
    expect(r.problem).toMatch(/^cadence\.fri\.kind: .*"freeze"/m);
    expect(r.problem).toMatch(/^cadence: unknown key "friday"/m);
    expect(r.problem).toMatch(/^peakHours\.end: a local time "HH:MM"/m);
    expect(r.problem).toMatch(/^peakEvents\[0\]\.end: required/m);
    expect(r.problem).toMatch(/^peakEvents\[0\]\.standby: required/m);
  });

  it('a file that is not YAML is refused too', () => {
    const dir = scratch.tempDir();
    writeFileSync(join(dir, PROFILE_CALENDAR_FILE), 'cadence: [mon: hardening\n  tue');
    const r = loadReleaseCalendar({ dataDir: dir, bundledPath: BUNDLED });
    expect(r.source.kind).toBe('bundled');
    expect(r.problem).toMatch(/\(file\): not valid YAML/);
  });

  it('a bundled file that does not read: the built-in defaults, said so', () => {
    const dir = scratch.tempDir();
    mkdirSync(join(dir, 'res'));
    const r = loadReleaseCalendar({ dataDir: dir, bundledPath: join(dir, 'res', 'missing.yaml') });
    expect(r.source).toEqual({ kind: 'built-in', path: null });
    expect(r.calendar).toEqual(DEFAULT_CALENDAR);
    expect(r.problem).toMatch(/bundled release calendar did not read/);
  });

  it("the profile's freeze setting is mapped in over the file", () => {
    const r = loadReleaseCalendar({ dataDir: scratch.tempDir(), bundledPath: BUNDLED, freeze: FreezePolicy.parse({ enabled: false }) });
    expect(inFreezeAt(r.file, ist('2026-03-14T12:00:00'))).toBe(true);
    expect(inFreezeAt(r.calendar, ist('2026-03-14T12:00:00'))).toBe(false);
  });
});
