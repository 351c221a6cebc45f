import { IANAZone } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { affectedPeople, coverageGaps, nowNext, onCallAt, shiftsBetween, timeline } from '../../shared/rotation/oncall.ts';
import { Schedule, type ScheduleInput } from '../../shared/rotation/schema.ts';

const Z = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MIN = 60_000;

type RotationInput = ScheduleInput['rotations'][number];
type OverrideInput = NonNullable<ScheduleInput['overrides']>[number];
type SwapInput = NonNullable<ScheduleInput['swaps']>[number];

function schedule(rotations: RotationInput[], overrides: OverrideInput[] = [], swaps: SwapInput[] = []): Schedule {
  return Schedule.parse({ id: 'test', name: 'Test', rotations, overrides, swaps });
}

const APAC: RotationInput = { id: 'apac', name: 'APAC', region: 'APAC', timezone: 'Asia/Kolkata', from: '08:00', to: '17:00', every: 'week', start: '2026-01-05', people: ['asha', 'ravi', 'meera', 'vikram'] };
const EMEA: RotationInput = { id: 'emea', name: 'EMEA', region: 'EMEA', timezone: 'Europe/London', from: '07:00', to: '16:00', every: 'week', start: '2026-01-05', people: ['oliver', 'amelia', 'jack'] };
const AMER: RotationInput = { id: 'amer', name: 'AMER', region: 'AMER', timezone: 'America/New_York', from: '09:00', to: '18:00', every: 'week', start: '2026-01-05', people: ['sofia', 'liam', 'ethan'] };
/** Follow the sun. In January (UTC): APAC 02:30–11:30, EMEA 07:00–16:00, AMER 14:00–23:00 — a hole 23:00–02:30. */
const FTS = schedule([APAC, EMEA, AMER]);

function one(r: Partial<RotationInput> & Pick<RotationInput, 'timezone' | 'from' | 'to'>): Schedule {
  return schedule([{ id: 'r', name: 'R', region: 'EMEA', every: 'day', start: '2026-01-01', people: ['a', 'b', 'c'], ...r }]);
}
const starts = (s: Schedule, from: string, to: string) => shiftsBetween(s, Z(from), Z(to)).map((x) => new Date(x.scheduledStart).toISOString());
const ends = (s: Schedule, from: string, to: string) => shiftsBetween(s, Z(from), Z(to)).map((x) => new Date(x.scheduledEnd).toISOString());

describe('shiftsBetween', () => {
  it('lists every rotation\'s shifts in the window, cut and flagged at its edges', () => {
    const shifts = shiftsBetween(FTS, Z('2026-01-07T10:00:00Z'), Z('2026-01-07T15:00:00Z'));
    expect(shifts.map((s) => [s.rotationId, s.localDate, new Date(s.start).toISOString(), new Date(s.end).toISOString(), s.truncatedStart, s.truncatedEnd, s.primary, s.backup])).toEqual([
      ['apac', '2026-01-07', '2026-01-07T10:00:00.000Z', '2026-01-07T11:30:00.000Z', true, false, 'asha', 'ravi'],
      ['emea', '2026-01-07', '2026-01-07T10:00:00.000Z', '2026-01-07T15:00:00.000Z', true, true, 'oliver', 'amelia'],
      ['amer', '2026-01-07', '2026-01-07T14:00:00.000Z', '2026-01-07T15:00:00.000Z', false, true, 'sofia', 'liam'],
    ]);
    expect(shifts[0]!.scheduledStart).toBe(Z('2026-01-07T02:30:00Z'));
    expect(shifts[1]!.scheduledEnd).toBe(Z('2026-01-07T16:00:00Z'));
  });

  it('takes turns weekly from start, by local date, with negative turns before start', () => {
    const who = (iso: string, id: string) => shiftsBetween(FTS, Z(iso), Z(iso) + 1).find((s) => s.rotationId === id);
    expect(who('2026-01-11T10:00:00Z', 'apac')).toMatchObject({ turn: 0, primary: 'asha', backup: 'ravi' }); // Sunday
    expect(who('2026-01-12T10:00:00Z', 'apac')).toMatchObject({ turn: 1, primary: 'ravi', backup: 'meera' });
    expect(who('2026-01-04T10:00:00Z', 'apac')).toMatchObject({ turn: -1, primary: 'vikram', backup: 'asha' });
    expect(who('2025-12-28T10:00:00Z', 'emea')).toMatchObject({ turn: -2, primary: 'amelia', backup: 'jack' });
    expect(who('2026-01-26T15:00:00Z', 'amer')).toMatchObject({ turn: 3, primary: 'sofia', backup: 'liam' });
  });

  it('counts turns on the local date of the start, not the UTC date', () => {
    // Sunday 20:00 in New York is Monday 01:00 UTC: still the Sunday shift, week 0.
    const late = one({ timezone: 'America/New_York', from: '20:00', to: '04:00', every: 'week', start: '2026-01-05', days: ['sun'] });
    const s = shiftsBetween(late, Z('2026-01-12T00:00:00Z'), Z('2026-01-12T12:00:00Z'));
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ localDate: '2026-01-11', turn: 0, primary: 'a', scheduledStart: Z('2026-01-12T01:00:00Z'), scheduledEnd: Z('2026-01-12T09:00:00Z') });
  });

  it('lists only the listed weekdays (the weekday of the start) and crosses midnight when to ≤ from', () => {
    const nights = one({ timezone: 'Europe/London', from: '22:00', to: '06:00', days: ['fri'] });
    expect(starts(nights, '2026-01-05T00:00:00Z', '2026-01-19T00:00:00Z')).toEqual(['2026-01-09T22:00:00.000Z', '2026-01-16T22:00:00.000Z']);
    expect(ends(nights, '2026-01-05T00:00:00Z', '2026-01-19T00:00:00Z')).toEqual(['2026-01-10T06:00:00.000Z', '2026-01-17T06:00:00.000Z']);
    const allDay = one({ timezone: 'Europe/London', from: '09:00', to: '09:00' });
    expect(shiftsBetween(allDay, Z('2026-01-05T00:00:00Z'), Z('2026-01-07T00:00:00Z')).map((s) => (s.scheduledEnd - s.scheduledStart) / HOUR)).toEqual([24, 24, 24]);
  });

  it('honours backupOffset and an empty window', () => {
    const r = one({ timezone: 'UTC', from: '09:00', to: '17:00', people: ['a', 'b', 'c', 'd'], backupOffset: 2 });
    expect(shiftsBetween(r, Z('2026-01-03T10:00:00Z'), Z('2026-01-03T11:00:00Z'))[0]).toMatchObject({ turn: 2, primary: 'c', backup: 'a' });
    expect(shiftsBetween(r, Z('2026-01-03T10:00:00Z'), Z('2026-01-03T10:00:00Z'))).toEqual([]);
  });
});

describe('DST', () => {
  // The 09:00 handover of a 24-hour daily rotation, over each change (UTC instants exact).
  const cases: Array<[string, string, string[]]> = [
    ['Europe/London', '2026-03-27T12:00:00Z', ['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']],
    ['Europe/London', '2026-10-23T12:00:00Z', ['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z']],
    ['America/New_York', '2026-03-06T18:00:00Z', ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']],
    ['America/New_York', '2026-10-30T18:00:00Z', ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']],
    ['Australia/Sydney', '2026-04-03T00:00:00Z', ['2026-04-03T22:00:00.000Z', '2026-04-04T23:00:00.000Z', '2026-04-05T23:00:00.000Z']],
    ['Australia/Sydney', '2026-10-02T00:00:00Z', ['2026-10-02T23:00:00.000Z', '2026-10-03T22:00:00.000Z', '2026-10-04T22:00:00.000Z']],
  ];
  for (const [zone, from, handovers] of cases) {
    it(`a 09:00 handover stays at 09:00 local in ${zone} (${handovers[1]!.slice(0, 10)})`, () => {
      const r = one({ timezone: zone, from: '09:00', to: '09:00' });
      const shifts = shiftsBetween(r, Z(from), Z(from) + 3 * DAY);
      expect(shifts.slice(1).map((s) => new Date(s.scheduledStart).toISOString())).toEqual(handovers);
      // Consecutive shifts touch: the change-over day's shift is 23 or 25 hours long.
      for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.scheduledStart).toBe(shifts[i - 1]!.scheduledEnd);
      // The turn follows the local date: the person at 09:30 local on each day is that day's.
      for (const [i, h] of handovers.entries()) {
        const at = onCallAt(r, Z(h) + 30 * MIN);
        expect(at.shift!.localDate).toBe(shifts[i + 1]!.localDate);
        expect(at.primary).toBe(['a', 'b', 'c'][(Date.parse(`${shifts[i + 1]!.localDate}T00:00:00Z`) - Z('2026-01-01T00:00:00Z')) / DAY % 3]);
      }
    });
  }

  it('a shift starting inside the spring-forward gap starts at the end of the gap', () => {
    expect(starts(one({ timezone: 'America/New_York', from: '02:30', to: '06:00' }), '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 02:30 does not exist: 03:00 EDT
    ]);
    expect(starts(one({ timezone: 'Europe/London', from: '01:30', to: '06:00' }), '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 01:30 does not exist: 02:00 BST
    ]);
    expect(starts(one({ timezone: 'Australia/Sydney', from: '02:30', to: '06:00' }), '2026-10-02T00:00:00Z', '2026-10-04T00:00:00Z')).toEqual([
      '2026-10-02T16:30:00.000Z', // 02:30 AEST on the 3rd
      '2026-10-03T16:00:00.000Z', // 02:30 on the 4th does not exist: 03:00 AEDT
    ]);
  });

  it('a shift ending inside the gap ends at the end of the gap; one wholly inside it is empty', () => {
    expect(ends(one({ timezone: 'America/New_York', from: '20:00', to: '02:30' }), '2026-03-07T12:00:00Z', '2026-03-08T12:00:00Z')).toEqual(['2026-03-08T07:00:00.000Z']);
    const inGap = one({ timezone: 'America/New_York', from: '02:10', to: '02:50' });
    expect(starts(inGap, '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual(['2026-03-07T07:10:00.000Z', '2026-03-09T06:10:00.000Z']);
  });

  it('an ambiguous fall-back time means its first occurrence, for starts and ends', () => {
    expect(starts(one({ timezone: 'America/New_York', from: '01:30', to: '06:00' }), '2026-11-01T00:00:00Z', '2026-11-01T12:00:00Z')).toEqual(['2026-11-01T05:30:00.000Z']); // 01:30 EDT
    expect(starts(one({ timezone: 'Europe/London', from: '01:30', to: '06:00' }), '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual(['2026-10-25T00:30:00.000Z']); // 01:30 BST
    expect(starts(one({ timezone: 'Australia/Sydney', from: '02:30', to: '06:00' }), '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')).toEqual(['2026-04-04T15:30:00.000Z']); // 02:30 AEDT
    const toAmbiguous = one({ timezone: 'America/New_York', from: '20:00', to: '01:30' });
    expect(ends(toAmbiguous, '2026-10-31T12:00:00Z', '2026-11-01T12:00:00Z')).toEqual(['2026-11-01T05:30:00.000Z']);
    // During the repeated 01:00–02:00, after the first 01:30, nobody is on.
    expect(onCallAt(toAmbiguous, Z('2026-11-01T06:15:00Z')).primary).toBeNull(); // 01:15 EST, second time round
    expect(coverageGaps(toAmbiguous, Z('2026-11-01T05:00:00Z'), Z('2026-11-01T08:00:00Z'))).toEqual([{ start: Z('2026-11-01T05:30:00Z'), end: Z('2026-11-01T08:00:00Z'), missing: 'both' }]);
  });

  it('daily turns count local calendar days, not 24-hour chunks', () => {
    // 23-hour and 25-hour days do not shift the turn: each local date is one turn.
    const r = one({ timezone: 'Europe/London', from: '00:30', to: '23:30', start: '2026-03-27' });
    const s = shiftsBetween(r, Z('2026-03-27T00:00:00Z'), Z('2026-03-31T23:00:00Z'));
    expect(s.map((x) => [x.localDate, x.turn, x.primary])).toEqual([
      ['2026-03-27', 0, 'a'],
      ['2026-03-28', 1, 'b'],
      ['2026-03-29', 2, 'c'],
      ['2026-03-30', 3, 'a'],
      ['2026-03-31', 4, 'b'],
    ]);
  });
});

describe('onCallAt: overlap, overrides, swaps', () => {
  it('in an overlap the earlier-started shift supplies both roles; the other is incoming', () => {
    const at = onCallAt(FTS, Z('2026-01-07T08:00:00Z'));
    expect(at).toMatchObject({ primary: 'asha', backup: 'ravi', rotationId: 'apac', region: 'APAC' });
    expect(at.incoming.map((s) => [s.rotationId, s.primary, s.backup])).toEqual([['emea', 'oliver', 'amelia']]);
    expect(onCallAt(FTS, Z('2026-01-07T11:30:00Z'))).toMatchObject({ primary: 'oliver', rotationId: 'emea', incoming: [] });
    expect(onCallAt(FTS, Z('2026-01-07T15:59:59.999Z'))).toMatchObject({ primary: 'oliver', rotationId: 'emea' });
    expect(onCallAt(FTS, Z('2026-01-07T16:00:00Z'))).toMatchObject({ primary: 'sofia', rotationId: 'amer' });
    expect(onCallAt(FTS, new Date('2026-01-07T23:30:00Z'))).toMatchObject({ primary: null, backup: null, rotationId: null, shift: null });
  });

  it('two shifts starting at the same instant: the rotation listed first supplies', () => {
    const a: RotationInput = { ...EMEA, id: 'x', timezone: 'UTC', from: '10:00', to: '12:00', people: ['x1', 'x2'] };
    const b: RotationInput = { ...EMEA, id: 'y', timezone: 'UTC', from: '10:00', to: '14:00', people: ['y1', 'y2'] };
    expect(onCallAt(schedule([b, a]), Z('2026-01-07T10:00:00Z')).primary).toBe('y1');
    expect(onCallAt(schedule([a, b]), Z('2026-01-07T10:00:00Z')).primary).toBe('x1');
    expect(onCallAt(schedule([a, b]), Z('2026-01-07T12:00:00Z')).primary).toBe('y1');
  });

  it('an override replaces the role; rotation-scoped ones only where that rotation supplies it', () => {
    const s = schedule([APAC, EMEA, AMER], [{ id: 'o1', role: 'primary', person: 'zoe', rotationId: 'emea', start: '2026-01-07T06:00:00Z', end: '2026-01-07T12:00:00Z' }]);
    expect(onCallAt(s, Z('2026-01-07T06:30:00Z')).primary).toBe('asha'); // APAC alone
    expect(onCallAt(s, Z('2026-01-07T09:00:00Z')).primary).toBe('asha'); // overlap: APAC supplies
    expect(onCallAt(s, Z('2026-01-07T11:30:00Z'))).toMatchObject({ primary: 'zoe', backup: 'amelia', overrides: ['o1'] });
    expect(onCallAt(s, Z('2026-01-07T12:00:00Z')).primary).toBe('oliver');
    const anyRotation = schedule([APAC, EMEA, AMER], [{ id: 'o2', role: 'backup', person: 'zoe', start: '2026-01-07T06:00:00Z', end: '2026-01-07T12:00:00Z' }]);
    expect(onCallAt(anyRotation, Z('2026-01-07T09:00:00Z'))).toMatchObject({ primary: 'asha', backup: 'zoe' });
    expect(onCallAt(anyRotation, Z('2026-01-07T11:45:00Z'))).toMatchObject({ primary: 'oliver', backup: 'zoe' });
    // Overrides replace; they do not fill a hole.
    const inHole = schedule([APAC, EMEA, AMER], [{ id: 'o3', role: 'primary', person: 'zoe', start: '2026-01-07T23:00:00Z', end: '2026-01-08T01:00:00Z' }]);
    expect(onCallAt(inHole, Z('2026-01-07T23:30:00Z')).primary).toBeNull();
  });

  it('of two overlapping overrides the later-starting one wins, whatever the list order', () => {
    const o1: OverrideInput = { id: 'long', role: 'primary', person: 'xavier', start: '2026-01-07T12:00:00Z', end: '2026-01-07T15:00:00Z' };
    const o2: OverrideInput = { id: 'short', role: 'primary', person: 'yara', start: '2026-01-07T13:00:00Z', end: '2026-01-07T14:00:00Z' };
    for (const list of [[o1, o2], [o2, o1]]) {
      const s = schedule([APAC, EMEA, AMER], list);
      const tl = timeline(s, Z('2026-01-07T11:00:00Z'), Z('2026-01-07T16:00:00Z')).map((x) => [new Date(x.start).toISOString().slice(11, 16), x.primary]);
      expect(tl).toEqual([['11:00', 'asha'], ['11:30', 'oliver'], ['12:00', 'xavier'], ['13:00', 'yara'], ['14:00', 'xavier'], ['15:00', 'oliver']]);
    }
    // Same start: the one later in the list wins.
    const same = schedule([EMEA], [{ ...o1, id: 'first' }, { ...o1, id: 'second', person: 'yara' }]);
    expect(onCallAt(same, Z('2026-01-07T12:30:00Z')).primary).toBe('yara');
  });

  it('a swap exchanges two people wherever they appear, both roles, incoming too', () => {
    const s = schedule([APAC, EMEA, AMER], [], [{ id: 'sw', a: 'asha', b: 'ravi', start: '2026-01-07T00:00:00Z', end: '2026-01-08T00:00:00Z' }]);
    // Both swapped people are on at the same moment (primary and backup): they trade roles.
    expect(onCallAt(s, Z('2026-01-07T05:00:00Z'))).toMatchObject({ primary: 'ravi', backup: 'asha', swaps: ['sw'] });
    const out = schedule([APAC, EMEA, AMER], [], [{ id: 'sw2', a: 'oliver', b: 'liam', start: '2026-01-07T00:00:00Z', end: '2026-01-08T00:00:00Z' }]);
    expect(onCallAt(out, Z('2026-01-07T08:00:00Z')).incoming[0]).toMatchObject({ rotationId: 'emea', primary: 'liam' });
    expect(onCallAt(out, Z('2026-01-07T12:00:00Z'))).toMatchObject({ primary: 'liam', backup: 'amelia' });
    expect(onCallAt(out, Z('2026-01-07T17:00:00Z'))).toMatchObject({ primary: 'sofia', backup: 'oliver' });
    // Swaps first, then overrides: an override names the person who does it, unswapped.
    const both = schedule([APAC], [{ id: 'o', role: 'primary', person: 'asha', start: '2026-01-07T04:00:00Z', end: '2026-01-07T06:00:00Z' }], [{ id: 'sw', a: 'asha', b: 'meera', start: '2026-01-07T00:00:00Z', end: '2026-01-08T00:00:00Z' }]);
    expect(onCallAt(both, Z('2026-01-07T03:00:00Z')).primary).toBe('meera');
    expect(onCallAt(both, Z('2026-01-07T05:00:00Z')).primary).toBe('asha');
  });

  it('primary and backup are never the same person: the backup falls to the next in turn', () => {
    const win = { start: '2026-01-07T04:00:00Z', end: '2026-01-07T06:00:00Z' };
    const t = Z('2026-01-07T05:00:00Z');
    // APAC week 0: asha primary, ravi backup.
    expect(onCallAt(schedule([APAC], [{ id: 'o', role: 'backup', person: 'asha', ...win }]), t)).toMatchObject({ primary: 'asha', backup: 'meera', backupFallback: true });
    expect(onCallAt(schedule([APAC], [{ id: 'o', role: 'primary', person: 'ravi', ...win }]), t)).toMatchObject({ primary: 'ravi', backup: 'meera', backupFallback: true });
    expect(onCallAt(schedule([APAC], [{ id: 'p', role: 'primary', person: 'zoe', ...win }, { id: 'b', role: 'backup', person: 'zoe', ...win }]), t)).toMatchObject({ primary: 'zoe', backup: 'meera' });
    // The fallback skips people taken out of a role by an override and swapped people follow the swap.
    expect(onCallAt(schedule([APAC], [{ id: 'o', role: 'backup', person: 'asha', ...win }], [{ id: 's', a: 'meera', b: 'kiran', ...win }]), t)).toMatchObject({ backup: 'kiran' });
  });

  it('an override that removes coverage creates a gap from its very start', () => {
    const pair = schedule([{ ...EMEA, people: ['oliver', 'amelia'] }], [{ id: 'o', role: 'backup', person: 'oliver', start: '2026-01-07T10:17:00Z', end: '2026-01-07T11:03:00Z' }]);
    expect(onCallAt(pair, Z('2026-01-07T10:17:00Z'))).toMatchObject({ primary: 'oliver', backup: null, backupFallback: true });
    expect(coverageGaps(pair, Z('2026-01-07T07:00:00Z'), Z('2026-01-07T16:00:00Z'))).toEqual([{ start: Z('2026-01-07T10:17:00Z'), end: Z('2026-01-07T11:03:00Z'), missing: 'backup' }]);
  });
});

describe('nowNext', () => {
  it('gives now, the next change and the next handover', () => {
    const t = Z('2026-01-07T08:00:00Z');
    const r = nowNext(FTS, t);
    expect(r.now).toMatchObject({ primary: 'asha', backup: 'ravi' });
    expect(r.next).toEqual({ at: Z('2026-01-07T11:30:00Z'), inMs: 3.5 * HOUR, primary: 'oliver', backup: 'amelia', changed: ['primary', 'backup'] });
    expect(r.handover).toEqual({ at: Z('2026-01-07T11:30:00Z'), inMs: 3.5 * HOUR, from: 'asha', to: 'oliver' });
  });

  it('does not ignore overrides (oncall #4755) and crosses a hole', () => {
    const s = schedule([APAC, EMEA, AMER], [{ id: 'o', role: 'backup', person: 'zoe', start: '2026-01-07T09:00:00Z', end: '2026-01-07T10:00:00Z' }]);
    expect(nowNext(s, Z('2026-01-07T08:00:00Z')).next).toMatchObject({ at: Z('2026-01-07T09:00:00Z'), primary: 'asha', backup: 'zoe', changed: ['backup'] });
    const hole = nowNext(FTS, Z('2026-01-07T22:00:00Z'));
    expect(hole.next).toMatchObject({ at: Z('2026-01-07T23:00:00Z'), primary: null, backup: null });
    expect(hole.handover).toEqual({ at: Z('2026-01-08T02:30:00Z'), inMs: 4.5 * HOUR, from: null, to: 'asha' });
  });

  it('looks further ahead when nothing changes for weeks', () => {
    const s = schedule([{ ...EMEA, from: '00:00', to: '00:00', start: '2026-01-01' }], [{ id: 'o', role: 'primary', person: 'zoe', start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' }, { id: 'p', role: 'backup', person: 'yara', start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' }]);
    expect(nowNext(s, Z('2026-01-02T00:00:00Z')).next).toMatchObject({ at: Z('2026-03-01T00:00:00Z') });
  });
});

describe('coverageGaps', () => {
  it('finds the hole between AMER end and APAC start, exactly, every night (and its DST shift)', () => {
    const gaps = coverageGaps(FTS, Z('2026-01-05T00:00:00Z'), Z('2026-01-08T00:00:00Z'));
    expect(gaps).toEqual([
      { start: Z('2026-01-05T00:00:00Z'), end: Z('2026-01-05T02:30:00Z'), missing: 'both' },
      { start: Z('2026-01-05T23:00:00Z'), end: Z('2026-01-06T02:30:00Z'), missing: 'both' },
      { start: Z('2026-01-06T23:00:00Z'), end: Z('2026-01-07T02:30:00Z'), missing: 'both' },
      { start: Z('2026-01-07T23:00:00Z'), end: Z('2026-01-08T00:00:00Z'), missing: 'both' },
    ]);
    // After New York moves to EDT (8 March) AMER ends an hour earlier in UTC.
    expect(coverageGaps(FTS, Z('2026-03-09T12:00:00Z'), Z('2026-03-10T12:00:00Z'))).toEqual([{ start: Z('2026-03-09T22:00:00Z'), end: Z('2026-03-10T02:30:00Z'), missing: 'both' }]);
    // AMER to 23:00 closes it in winter.
    const closed = schedule([APAC, EMEA, { ...AMER, to: '23:00' }]);
    expect(coverageGaps(closed, Z('2026-01-05T03:00:00Z'), Z('2026-02-05T00:00:00Z'))).toEqual([]);
  });

  it('merges touching segments and keeps a gap report for 30 days', () => {
    const gaps = coverageGaps(FTS, Z('2026-01-01T00:00:00Z'), Z('2026-01-31T00:00:00Z'));
    expect(gaps).toHaveLength(31);
    expect(gaps.reduce((sum, g) => sum + g.end - g.start, 0)).toBe(30 * 3.5 * HOUR);
  });
});

describe('affectedPeople', () => {
  it('names the people whose spans an edit moves, with the spans added and removed', () => {
    const after = schedule([APAC, EMEA, AMER], [{ id: 'o', role: 'primary', person: 'zoe', rotationId: 'emea', start: '2026-01-08T07:00:00Z', end: '2026-01-08T16:00:00Z' }]);
    const changes = affectedPeople(FTS, after, Z('2026-01-05T00:00:00Z'), Z('2026-01-12T00:00:00Z'));
    expect(changes).toEqual([
      { person: 'oliver', added: [], removed: [{ role: 'primary', start: Z('2026-01-08T11:30:00Z'), end: Z('2026-01-08T16:00:00Z') }] },
      { person: 'zoe', added: [{ role: 'primary', start: Z('2026-01-08T11:30:00Z'), end: Z('2026-01-08T16:00:00Z') }], removed: [] },
    ]);
    expect(affectedPeople(FTS, FTS, Z('2026-01-05T00:00:00Z'), Z('2026-01-12T00:00:00Z'))).toEqual([]);
  });

  it('reports a role change and a moved rotation start', () => {
    const swapped = schedule([APAC, EMEA, AMER], [], [{ id: 's', a: 'sofia', b: 'liam', start: '2026-01-07T14:00:00Z', end: '2026-01-07T23:00:00Z' }]);
    const ch = affectedPeople(FTS, swapped, Z('2026-01-07T00:00:00Z'), Z('2026-01-08T00:00:00Z'));
    const span = (role: 'primary' | 'backup', a: string, b: string) => ({ role, start: Z(a), end: Z(b) });
    expect(ch).toEqual([
      { person: 'liam', added: [span('primary', '2026-01-07T16:00:00Z', '2026-01-07T23:00:00Z')], removed: [span('backup', '2026-01-07T16:00:00Z', '2026-01-07T23:00:00Z')] },
      { person: 'sofia', added: [span('backup', '2026-01-07T16:00:00Z', '2026-01-07T23:00:00Z')], removed: [span('primary', '2026-01-07T16:00:00Z', '2026-01-07T23:00:00Z')] },
    ]);
    const moved = schedule([APAC, EMEA, { ...AMER, start: '2026-01-12' }]);
    expect(affectedPeople(FTS, moved, Z('2026-01-05T00:00:00Z'), Z('2026-01-12T00:00:00Z')).map((c) => c.person)).toEqual(['ethan', 'liam', 'sofia']);
  });
});

// ── The brute force ─────────────────────────────────────────────────────────────────────────
//
// A second, independent computation of the written rules, minute by minute over 2026. It uses
// luxon for the zone's offset at each minute and nothing from oncall.ts. Its reading of the DST
// rules: a shift starts (ends) once the zone's clock has shown its start (end) time — it keeps,
// per zone, the latest local wall time shown so far; inside the repeated fall-back hour that
// stays at the first pass's time, over a skipped hour it jumps. That is "first occurrence" and
// "first valid instant after the gap", without resolving a single local time to an instant.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const Y0 = Z('2026-01-01T00:00:00Z');
const Y1 = Z('2027-01-01T00:00:00Z');

function bruteSchedule(): Schedule {
  const rnd = mulberry32(20260101);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const rotations: RotationInput[] = [
    // Sydney: 02:30 is skipped on 4 Oct and repeated on 5 Apr. Two people: a backup override to the primary leaves no backup.
    { id: 'syd', name: 'Sydney', region: 'APAC', timezone: 'Australia/Sydney', from: '02:30', to: '11:00', every: 'week', start: '2026-01-05', people: ['sam', 'tia'] },
    // London weekdays, daily turns, backup two places on: 01:30 skipped on 29 Mar, repeated on 25 Oct.
    { id: 'lon', name: 'London', region: 'EMEA', timezone: 'Europe/London', from: '01:30', to: '09:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'], every: 'day', start: '2026-03-02', people: ['lea', 'max', 'ned'], backupOffset: 2 },
    // New York across midnight, ends at 01:30 (repeated on 1 Nov); starts after 1 Jan (negative turns).
    { id: 'nyc', name: 'New York', region: 'AMER', timezone: 'America/New_York', from: '17:00', to: '01:30', every: 'week', start: '2026-02-01', people: ['ana', 'bo', 'cy', 'di'] },
  ];
  const everyone = rotations.flatMap((r) => r.people);
  const iso = (t: number) => new Date(t).toISOString();
  const overrides: OverrideInput[] = [];
  for (let i = 0; i < 40; i++) {
    const start = Y0 + int(-2 * 24 * 60, 365 * 24 * 60) * MIN;
    const end = start + int(30, 3 * 24 * 60) * MIN;
    const rot = rnd() < 0.4 ? pick(rotations) : null;
    const person = rnd() < 0.15 ? pick(['cover-1', 'cover-2']) : rot && rnd() < 0.7 ? pick(rot.people) : pick(everyone);
    overrides.push({ id: `o${i}`, role: rnd() < 0.5 ? 'primary' : 'backup', person, start: iso(start), end: iso(end), ...(rot ? { rotationId: rot.id } : {}) });
  }
  for (let i = 0; i < 5; i++) {
    // Five overlapping pairs (same role): the later-starting one wins while both run.
    const start = Y0 + int(0, 360 * 24 * 60) * MIN;
    const end = start + int(6 * 60, 2 * 24 * 60) * MIN;
    const role = rnd() < 0.5 ? 'primary' : 'backup';
    const inner = start + int(10, 5 * 60) * MIN;
    overrides.push({ id: `p${i}a`, role, person: pick(everyone), start: iso(start), end: iso(end) });
    overrides.push({ id: `p${i}b`, role, person: pick(everyone), start: iso(inner), end: iso(inner + int(30, 8 * 60) * MIN) });
  }
  const swaps: SwapInput[] = [];
  for (let i = 0; i < 5; i++) {
    const start = Y0 + int(0, 355 * 24 * 60) * MIN;
    const rot = pick(rotations);
    // The first is within one rotation (both people on at once); the others anywhere.
    const [a, b] = i === 0 ? ['sam', 'tia'] : [pick(rot.people), pick(everyone.filter((p) => !rot.people.includes(p)))];
    swaps.push({ id: `s${i}`, a: a!, b: b!, start: iso(start), end: iso(start + int(60, 10 * 24 * 60) * MIN) });
  }
  return schedule(rotations, overrides, swaps);
}

interface Brute {
  names: string[];
  primary: Int16Array;
  backup: Int16Array;
  lead: Int8Array;
  on: Uint8Array;
}

/** Minute by minute over [Y0, Y1): who is primary and backup, by the written rules, naively. */
function bruteForce(s: Schedule): Brute {
  const minutes = (Y1 - Y0) / MIN;
  const names: string[] = [];
  const nameId = new Map<string, number>();
  const id = (n: string | null): number => {
    if (n === null) return -1;
    let v = nameId.get(n);
    if (v === undefined) nameId.set(n, (v = names.push(n) - 1));
    return v;
  };
  const out: Brute = { names, primary: new Int16Array(minutes), backup: new Int16Array(minutes), lead: new Int8Array(minutes), on: new Uint8Array(minutes) };
  const wd = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const rots = s.rotations.map((r) => {
    const [fh, fm] = r.from.split(':').map(Number) as [number, number];
    const [th, tm] = r.to.split(':').map(Number) as [number, number];
    const from = fh * 60 + fm;
    const to = th * 60 + tm;
    return { r, zone: IANAZone.create(r.timezone), from, to, nextDay: to <= from ? 1 : 0, startDay: Date.parse(`${r.start}T00:00:00Z`) / DAY, shown: -Infinity, cur: null as null | { day: number; since: number } };
  });
  const sw = s.swaps.map((x) => ({ ...x, s: Date.parse(x.start), e: Date.parse(x.end) }));
  const ov = s.overrides.map((x) => ({ ...x, s: Date.parse(x.start), e: Date.parse(x.end) }));
  for (let u = Y0 - 3 * DAY; u < Y1; u += MIN) {
    for (const z of rots) {
      const wall = u + z.zone.offset(u) * MIN; // the zone's clock at this minute, as if UTC
      if (wall > z.shown) z.shown = wall;
      const day = Math.floor(z.shown / DAY);
      let on: number | null = null;
      for (const d of [day, day - 1]) {
        const weekday = wd[(((d + 3) % 7) + 7) % 7]!;
        if (!z.r.days.includes(weekday as never)) continue;
        const startWall = d * DAY + z.from * MIN;
        const endWall = (d + z.nextDay) * DAY + z.to * MIN;
        if (startWall <= z.shown && z.shown < endWall) on = d;
      }
      if (on === null) z.cur = null;
      else if (!z.cur || z.cur.day !== on) z.cur = { day: on, since: u };
    }
    if (u < Y0) continue;
    const i = (u - Y0) / MIN;
    let lead = -1;
    let mask = 0;
    rots.forEach((z, ri) => {
      if (!z.cur) return;
      mask |= 1 << ri;
      if (lead === -1 || z.cur.since < rots[lead]!.cur!.since) lead = ri;
    });
    out.lead[i] = lead;
    out.on[i] = mask;
    if (lead === -1) {
      out.primary[i] = -1;
      out.backup[i] = -1;
      continue;
    }
    const z = rots[lead]!;
    const n = z.r.people.length;
    const days = z.cur!.day - z.startDay;
    const k = z.r.every === 'day' ? days : Math.floor(days / 7);
    const at = (j: number) => z.r.people[((j % n) + n) % n]!;
    // Swaps: the active ones, earliest start first (then list order), one after another.
    const activeSwaps = sw.map((x, idx) => ({ x, idx })).filter(({ x }) => x.s <= u && u < x.e).sort((a, b) => a.x.s - b.x.s || a.idx - b.idx);
    const swap = (name: string) => activeSwaps.reduce((v, { x }) => (v === x.a ? x.b : v === x.b ? x.a : v), name);
    const p0 = swap(at(k));
    const b0 = swap(at(k + z.r.backupOffset));
    // Overrides: per role, the active one (for this rotation or any) that started last; ties to the later in the list.
    const best = (role: string) => {
      let found: (typeof ov)[number] | null = null;
      for (const x of ov) {
        if (x.role !== role || !(x.s <= u && u < x.e)) continue;
        if (x.rotationId && x.rotationId !== z.r.id) continue;
        if (!found || x.s >= found.s) found = x;
      }
      return found;
    };
    const op = best('primary');
    const ob = best('backup');
    const primary = op ? op.person : p0;
    let backup: string | null = ob ? ob.person : b0;
    if (backup === primary) {
      const off: string[] = [];
      if (op && op.person !== p0) off.push(p0);
      if (ob && ob.person !== b0) off.push(b0);
      backup = null;
      for (let j = 1; j < n; j++) {
        const c = swap(at(k + z.r.backupOffset + j));
        if (c !== primary && !off.includes(c)) {
          backup = c;
          break;
        }
      }
    }
    out.primary[i] = id(primary);
    out.backup[i] = id(backup);
  }
  return out;
}

describe('brute force: every minute of 2026', () => {
  const s = bruteSchedule();
  let bf: Brute;
  let bruteMs = 0;
  beforeAll(() => {
    const t0 = performance.now();
    bf = bruteForce(s);
    bruteMs = performance.now() - t0;
  });
  const name = (v: number) => (v < 0 ? null : bf.names[v]!);

  it('the timeline agrees with the minute-by-minute computation at every minute', () => {
    const t1 = performance.now();
    const segs = timeline(s, Y0, Y1);
    const fastMs = performance.now() - t1;
    const ids = s.rotations.map((r) => r.id);
    const mismatches: string[] = [];
    let j = 0;
    let fallbacks = 0;
    let noBackup = 0;
    let overlaps = 0;
    for (let i = 0; i < bf.primary.length; i++) {
      const u = Y0 + i * MIN;
      while (segs[j]!.end <= u) j++;
      const seg = segs[j]!;
      const want = { primary: name(bf.primary[i]!), backup: name(bf.backup[i]!), lead: bf.lead[i]! < 0 ? null : ids[bf.lead[i]!]!, on: ids.filter((_, ri) => bf.on[i]! & (1 << ri)).sort() };
      const got = { primary: seg.primary, backup: seg.backup, lead: seg.rotationId, on: [...(seg.rotationId ? [seg.rotationId] : []), ...seg.incoming.map((x) => x.rotationId)].sort() };
      if (want.primary !== got.primary || want.backup !== got.backup || want.lead !== got.lead || want.on.join() !== got.on.join()) {
        if (mismatches.length < 10) mismatches.push(`${new Date(u).toISOString()} want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      }
      if (seg.backupFallback) fallbacks++;
      if (seg.primary !== null && seg.backup === null) noBackup++;
      if (seg.incoming.length > 0) overlaps++;
    }
    expect(mismatches).toEqual([]);
    // The fixture exercises what it is meant to.
    expect(fallbacks).toBeGreaterThan(0);
    expect(noBackup).toBeGreaterThan(0);
    expect(overlaps).toBeGreaterThan(0);
    expect(segs.every((x) => x.start % MIN === 0 && x.end % MIN === 0)).toBe(true);
    // Segments are maximal: neighbours differ.
    const key = (x: (typeof segs)[number]) => JSON.stringify([x.primary, x.backup, x.shift?.id, x.incoming.map((y) => [y.shiftId, y.primary, y.backup]), x.overrides, x.swaps, x.backupFallback]);
    for (let k = 1; k < segs.length; k++) expect(key(segs[k]!) === key(segs[k - 1]!), `segments ${k - 1} and ${k}`).toBe(false);
    console.log(`brute force ${bruteMs.toFixed(0)} ms for 525,600 minutes; timeline ${fastMs.toFixed(1)} ms, ${segs.length} segments; fallback minutes ${fallbacks}, no-backup minutes ${noBackup}`);
  });

  it('the gap report agrees with the minutes', () => {
    const want: Array<{ start: number; end: number; missing: string }> = [];
    for (let i = 0; i < bf.primary.length; i++) {
      const p = bf.primary[i]!;
      const b = bf.backup[i]!;
      const missing = p < 0 ? (b < 0 ? 'both' : 'primary') : b < 0 ? 'backup' : null;
      if (!missing) continue;
      const u = Y0 + i * MIN;
      const last = want[want.length - 1];
      if (last && last.end === u && last.missing === missing) last.end = u + MIN;
      else want.push({ start: u, end: u + MIN, missing });
    }
    expect(coverageGaps(s, Y0, Y1)).toEqual(want);
    // And over a 30-day window, cut at its edges.
    const a = Z('2026-03-20T05:17:00Z');
    const b = a + 30 * DAY;
    const cut = want.filter((g) => g.end > a && g.start < b).map((g) => ({ ...g, start: Math.max(g.start, a), end: Math.min(g.end, b) }));
    expect(coverageGaps(s, a, b)).toEqual(cut);
  });

  it('onCallAt and nowNext agree with the minutes at 1,500 sampled instants', () => {
    const rnd = mulberry32(7);
    const minutes = bf.primary.length;
    const bad: string[] = [];
    for (let n = 0; n < 1500; n++) {
      const i = Math.floor(rnd() * (minutes - 40 * 24 * 60));
      const u = Y0 + i * MIN + Math.floor(rnd() * MIN); // anywhere inside the minute
      const r = nowNext(s, u);
      const at = onCallAt(s, u);
      let k = i + 1;
      while (bf.primary[k] === bf.primary[i] && bf.backup[k] === bf.backup[i]) k++;
      let h = i + 1;
      while (!(bf.primary[h]! >= 0 && bf.primary[h] !== bf.primary[h - 1])) h++;
      const want = { p: name(bf.primary[i]!), b: name(bf.backup[i]!), next: Y0 + k * MIN, np: name(bf.primary[k]!), nb: name(bf.backup[k]!), hand: Y0 + h * MIN, to: name(bf.primary[h]!) };
      const got = { p: r.now.primary, b: r.now.backup, next: r.next?.at, np: r.next?.primary, nb: r.next?.backup, hand: r.handover?.at, to: r.handover?.to };
      if (JSON.stringify(want) !== JSON.stringify(got) || at.primary !== want.p || at.backup !== want.b) bad.push(`${new Date(u).toISOString()} ${JSON.stringify(want)} ${JSON.stringify(got)}`);
      if (r.next && r.next.inMs !== r.next.at - u) bad.push('inMs');
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
