import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyImport, parseOnCallFeed, planImport, type FeedEntry, type FeedResult } from '../../electron/core/rotation/ical-import.ts';
import { Override } from '../../shared/rotation/schema.ts';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/ical', name), 'utf8');
const Z = (iso: string) => Date.parse(iso);
const MARCH = { fromMs: Z('2026-03-01T00:00:00Z'), toMs: Z('2026-04-01T00:00:00Z') };
const PD = 'https://example.pagerduty.com/private/feed.ics';
const GRAFANA = 'https://oncall.example.com/api/v1/schedules/APAC/export';

function entries(r: FeedResult): FeedEntry[] {
  if (!r.ok) throw new Error(`expected a readable feed, got ${JSON.stringify(r.problems)}`);
  return r.entries;
}
const spans = (es: FeedEntry[]) => es.map((e) => [e.person, e.start, e.end]);
const cal = (body: string, head = '') => `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//test//EN\n${head}${body}END:VCALENDAR\n`;
const event = (lines: string[]) => `BEGIN:VEVENT\n${lines.join('\n')}\nEND:VEVENT\n`;

const consoleOverride: Override = {
  id: 'console-1',
  role: 'primary',
  person: 'Zoe Console',
  start: '2026-03-10T00:00:00.000Z',
  end: '2026-03-11T00:00:00.000Z',
  reason: 'typed in the console',
  source: { kind: 'console' },
};
const otherFeedOverride: Override = {
  id: 'other-feed-1',
  role: 'primary',
  person: 'Olga Other',
  start: '2026-03-12T00:00:00.000Z',
  end: '2026-03-13T00:00:00.000Z',
  reason: 'from another feed',
  // Same event UID as one in the PagerDuty fixture, but another feed: never matched.
  source: { kind: 'ical', uid: 'Q0RZ8W1LNLLAB3', feed: 'https://elsewhere.example.com/feed.ics' },
};

describe('parseOnCallFeed — PagerDuty shape', () => {
  const r = parseOnCallFeed(fixture('pagerduty-oncall.ics'), { feed: PD, role: 'primary', ...MARCH });

  it('reads one on-call span per event, at its UTC instants, the person from SUMMARY or ATTENDEE CN', () => {
    expect(spans(entries(r))).toEqual([
      ['Alice Example', '2026-03-02T09:00:00.000Z', '2026-03-09T09:00:00.000Z'],
      ['Bob Jean-Martin', '2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z'],
      ['Carol Example', '2026-03-12T14:00:00.000Z', '2026-03-12T18:30:00.000Z'],
      ['Dana Example', '2026-03-16T09:00:00.000Z', '2026-03-23T09:00:00.000Z'],
    ]);
    expect(entries(r).map((e) => e.uid)).toEqual(['Q0RZ8W1LNLLAB1', 'Q0RZ8W1LNLLAB2', 'Q0RZ8W1LNLLAB3', 'Q0RZ8W1LNLLAB4']);
    expect(entries(r)[0]).toMatchObject({ summary: 'On Call - Alice Example - Payments Primary' });
    expect(entries(r).every((e) => e.recurrenceId === undefined)).toBe(true);
  });

  it('keeps only spans that reach into [fromMs, toMs)', () => {
    const week = parseOnCallFeed(fixture('pagerduty-oncall.ics'), { feed: PD, role: 'primary', fromMs: Z('2026-03-09T09:00:00Z'), toMs: Z('2026-03-16T09:00:00Z') });
    expect(entries(week).map((e) => e.person)).toEqual(['Bob Jean-Martin', 'Carol Example']);
  });
});

describe('parseOnCallFeed — Grafana OnCall shape, a UTC+8 calendar (Asia/Singapore VTIMEZONE)', () => {
  const r = parseOnCallFeed(fixture('grafana-oncall-sgt.ics'), { feed: GRAFANA, role: 'primary', ...MARCH });

  it('lands 09:00 Singapore time at 01:00 UTC (not 09:00 UTC: oncall #4247), expands the weekly RRULE, skips the EXDATE, applies the exception', () => {
    expect(spans(entries(r))).toEqual([
      ['alice', '2026-03-02T01:00:00.000Z', '2026-03-02T13:00:00.000Z'],
      ['carol', '2026-03-06T16:00:00.000Z', '2026-03-08T16:00:00.000Z'],
      ['alice', '2026-03-09T01:00:00.000Z', '2026-03-09T13:00:00.000Z'],
      ['dave', '2026-03-10T14:00:00.000Z', '2026-03-10T22:00:00.000Z'],
      // 16 March: EXDATE, no occurrence. 23 March: RECURRENCE-ID, bob 13:00–01:00 local instead of alice.
      ['bob', '2026-03-23T05:00:00.000Z', '2026-03-23T17:00:00.000Z'],
      ['alice', '2026-03-30T01:00:00.000Z', '2026-03-30T13:00:00.000Z'],
    ]);
  });

  it('EXDATE: no occurrence on Monday 16 March', () => {
    expect(entries(r).filter((e) => e.start.startsWith('2026-03-16'))).toEqual([]);
  });

  it('all-day: the person is on from local midnight to local midnight (Sat 7 and Sun 8 March in Singapore)', () => {
    const carol = entries(r).find((e) => e.person === 'carol')!;
    expect(carol).toEqual({ uid: 'oncall-apac-weekend@grafana', person: 'carol', start: '2026-03-06T16:00:00.000Z', end: '2026-03-08T16:00:00.000Z', summary: 'carol' });
  });

  it('the RECURRENCE-ID exception replaces its occurrence and keeps the occurrence\'s identity', () => {
    const weekly = entries(r).filter((e) => e.uid === 'oncall-apac-weekly@grafana');
    expect(weekly.map((e) => e.recurrenceId)).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-09T01:00:00.000Z', '2026-03-23T01:00:00.000Z', '2026-03-30T01:00:00.000Z']);
    expect(weekly[2]).toMatchObject({ person: 'bob', summary: '[L1] bob', start: '2026-03-23T05:00:00.000Z' });
    expect(weekly.filter((e) => e.person === 'alice' && e.start.startsWith('2026-03-23'))).toEqual([]);
  });

  it('person rules: "[L1] alice" and "[L2] dave" drop the priority tag, "carol" is taken whole', () => {
    expect([...new Set(entries(r).map((e) => `${e.summary} → ${e.person}`))]).toEqual(['[L1] alice → alice', 'carol → carol', '[L2] dave → dave', '[L1] bob → bob']);
  });

  it('a TZID with no VTIMEZONE is read as the IANA zone; a VTIMEZONE with a non-IANA name is read from its definition', () => {
    const noVtz = cal(event(['UID:a', 'SUMMARY:alice', 'DTSTART;TZID=Asia/Shanghai:20260305T090000', 'DTEND;TZID=Asia/Shanghai:20260305T170000']));
    expect(spans(entries(parseOnCallFeed(noVtz, { feed: 'x', role: 'primary', ...MARCH })))).toEqual([['alice', '2026-03-05T01:00:00.000Z', '2026-03-05T09:00:00.000Z']]);
    const vtz = 'BEGIN:VTIMEZONE\nTZID:China Standard Time\nBEGIN:STANDARD\nTZOFFSETFROM:+0800\nTZOFFSETTO:+0800\nDTSTART:16010101T000000\nEND:STANDARD\nEND:VTIMEZONE\n';
    const windows = cal(event(['UID:a', 'SUMMARY:alice', 'DTSTART;TZID=China Standard Time:20260305T090000', 'DTEND;TZID=China Standard Time:20260305T170000']), vtz);
    expect(spans(entries(parseOnCallFeed(windows, { feed: 'x', role: 'primary', ...MARCH })))).toEqual([['alice', '2026-03-05T01:00:00.000Z', '2026-03-05T09:00:00.000Z']]);
  });

  it('ATTENDEE CN wins over SUMMARY; "On Call - Name - Schedule" takes the name even with a hyphen in it', () => {
    const feed = cal(
      event(['UID:a', 'SUMMARY:[L1] asmith', 'ATTENDEE;CN=Ann Smith:mailto:ann@example.com', 'DTSTART:20260305T010000Z', 'DTEND:20260305T090000Z']) +
        event(['UID:b', 'SUMMARY:On-Call - Jean-Luc Picard - Payments - EU', 'DTSTART:20260306T010000Z', 'DTEND:20260306T090000Z']),
    );
    expect(entries(parseOnCallFeed(feed, { feed: 'x', role: 'backup', ...MARCH })).map((e) => e.person)).toEqual(['Ann Smith', 'Jean-Luc Picard']);
  });
});

describe('parseOnCallFeed — bad feeds: what is wrong and where, nothing to apply', () => {
  const read = (text: string) => {
    const r = parseOnCallFeed(text, { feed: 'x', role: 'primary', ...MARCH });
    expect(r.ok).toBe(false);
    expect('entries' in r).toBe(false);
    return r.ok ? [] : r.problems;
  };

  it('truncated: the open VEVENT and VCALENDAR, at the lines they begin', () => {
    expect(read(fixture('bad-truncated.ics'))).toEqual([
      { line: 19, where: 'event 2', message: expect.stringMatching(/BEGIN:VEVENT at line 19 never ends.*cut off/) },
      { line: 1, where: 'VCALENDAR', message: expect.stringMatching(/BEGIN:VCALENDAR at line 1 never ends/) },
    ]);
  });

  it('an event without DTSTART', () => {
    expect(read(fixture('bad-missing-dtstart.ics'))).toEqual([{ line: 19, where: 'event 2 (UID Q0RZ8W1LNLLAB2)', message: expect.stringMatching(/no DTSTART/) }]);
  });

  it('DTEND before DTSTART, at the DTEND line', () => {
    expect(read(fixture('bad-dtend-before-dtstart.ics'))).toEqual([
      { line: 32, where: 'event 3 (UID Q0RZ8W1LNLLAB3)', message: 'DTEND (2026-03-12T10:00:00.000Z) is before DTSTART (2026-03-12T14:00:00.000Z)' },
    ]);
  });

  it('an unknown TZID is an error, never read as UTC', () => {
    expect(read(fixture('bad-unknown-tzid.ics'))).toEqual([
      { line: 45, where: 'event 4 (UID oncall-apac-night@grafana)', message: expect.stringMatching(/unknown time zone TZID=Mars\/Olympus_Mons in DTSTART/) },
    ]);
  });

  it('not iCalendar at all (an HTML login page), or empty', () => {
    expect(read('<!DOCTYPE html>\n<html><body>Sign in</body></html>\n')).toEqual([{ line: 1, where: 'feed', message: expect.stringMatching(/not an iCalendar feed.*BEGIN:VCALENDAR.*<!DOCTYPE html>/) }]);
    expect(read('   \n')).toEqual([{ where: 'feed', message: 'the feed is empty' }]);
  });

  it('unparseable dates and rules, quoting the line', () => {
    const badDate = cal(event(['UID:a', 'SUMMARY:alice', 'DTSTART:20261345T090000Z', 'DTEND:20260305T170000Z']));
    expect(read(badDate)).toEqual([{ line: 7, where: 'event 1 (UID a)', message: expect.stringMatching(/^DTSTART is not a valid date.*"DTSTART:20261345T090000Z"$/) }]);
    const words = cal(event(['UID:a', 'SUMMARY:alice', 'DTSTART:20260305T090000Z', 'DTEND:next tuesday']));
    expect(read(words)).toEqual([{ line: 8, where: 'event 1 (UID a)', message: expect.stringMatching(/^DTEND is not a valid date.*"DTEND:next tuesday"$/) }]);
    const rule = cal(event(['UID:a', 'SUMMARY:alice', 'DTSTART:20260305T090000Z', 'DTEND:20260305T170000Z', 'RRULE:FREQ=SOMETIMES']));
    expect(read(rule)).toEqual([{ line: 9, where: 'event 1', message: expect.stringMatching(/invalid frequency "SOMETIMES"/) }]);
  });

  it('a floating time with no calendar zone, two people in one event, a duplicate UID', () => {
    expect(read(cal(event(['UID:a', 'SUMMARY:alice', 'DTSTART:20260305T090000', 'DTEND:20260305T170000'])))[0]).toMatchObject({ line: 7, message: expect.stringMatching(/no time zone/) });
    expect(read(cal(event(['UID:a', 'SUMMARY:alice, bob', 'DTSTART:20260305T090000Z', 'DTEND:20260305T170000Z'])))[0]).toMatchObject({ line: 6, message: expect.stringMatching(/more than one person/) });
    const dup = event(['UID:a', 'SUMMARY:alice', 'DTSTART:20260305T090000Z', 'DTEND:20260305T170000Z']);
    expect(read(cal(dup + dup))).toEqual([{ line: 11, where: 'event 2 (UID a)', message: expect.stringMatching(/UID a is used by another event too \(event 1/) }]);
  });

  it('one bad event fails the whole feed', () => {
    const mixed = cal(event(['UID:good', 'SUMMARY:alice', 'DTSTART:20260305T090000Z', 'DTEND:20260305T170000Z']) + event(['UID:bad', 'SUMMARY:bob', 'DTEND:20260306T170000Z']));
    expect(read(mixed)).toEqual([{ line: 10, where: 'event 2 (UID bad)', message: expect.stringMatching(/no DTSTART/) }]);
  });
});

describe('planImport / applyImport', () => {
  const opts = { feed: PD, role: 'primary' as const, rotationId: 'emea' };
  const first = entries(parseOnCallFeed(fixture('pagerduty-oncall.ics'), { ...opts, ...MARCH }));
  const before = [consoleOverride, otherFeedOverride];
  const plan1 = planImport(before, first, opts);
  const imported = applyImport(before, plan1);

  it('a first import adds every span as a valid override tagged with its feed and event UID', () => {
    expect(plan1.add).toHaveLength(4);
    expect([plan1.update, plan1.remove, plan1.unchanged]).toEqual([[], [], 0]);
    expect(plan1.add[0]).toMatchObject({
      role: 'primary',
      person: 'Alice Example',
      start: '2026-03-02T09:00:00.000Z',
      end: '2026-03-09T09:00:00.000Z',
      rotationId: 'emea',
      source: { kind: 'ical', uid: 'Q0RZ8W1LNLLAB1', feed: PD },
    });
    for (const o of plan1.add) expect(Override.parse(o)).toEqual(o);
    expect(imported).toEqual([consoleOverride, otherFeedOverride, ...plan1.add]);
  });

  it('re-importing the same feed changes nothing; ids are the same every time', () => {
    const again = planImport(imported, entries(parseOnCallFeed(fixture('pagerduty-oncall.ics'), { ...opts, ...MARCH })), opts);
    expect(again).toEqual({ add: [], update: [], remove: [], unchanged: 4 });
    expect(planImport([], first, opts).add.map((o) => o.id)).toEqual(plan1.add.map((o) => o.id));
    expect(applyImport(imported, again)).toEqual(imported);
  });

  it('a changed feed: a moved span is an update (same id), a span gone is a remove; console and other feeds untouched', () => {
    const changed = fixture('pagerduty-oncall.ics')
      .replace('DTEND:20260312T183000Z', 'DTEND:20260312T193000Z')
      .replace(/BEGIN:VEVENT\r\nUID:Q0RZ8W1LNLLAB4[^]*?END:VEVENT\r\n/, '');
    const plan = planImport(imported, entries(parseOnCallFeed(changed, { ...opts, ...MARCH })), opts);
    expect(plan.add).toEqual([]);
    expect(plan.unchanged).toBe(2);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0]!.before.person).toBe('Carol Example');
    expect(plan.update[0]!.after).toEqual({ ...plan.update[0]!.before, end: '2026-03-12T19:30:00.000Z' });
    expect(plan.remove.map((o) => o.person)).toEqual(['Dana Example']);

    const next = applyImport(imported, plan);
    expect(next.filter((o) => o.source.feed !== PD)).toEqual([consoleOverride, otherFeedOverride]);
    expect(next.find((o) => o.id === plan.update[0]!.before.id)?.end).toBe('2026-03-12T19:30:00.000Z');
    expect(next.map((o) => o.person)).toEqual(['Zoe Console', 'Olga Other', 'Alice Example', 'Bob Jean-Martin', 'Carol Example']);
  });

  it('an empty feed removes only that feed\'s overrides', () => {
    const plan = planImport(imported, [], opts);
    expect(plan.remove).toHaveLength(4);
    expect(applyImport(imported, plan)).toEqual([consoleOverride, otherFeedOverride]);
  });

  it('with a window, the feed\'s overrides wholly outside it are left alone', () => {
    const later = { fromMs: Z('2026-03-16T00:00:00Z'), toMs: Z('2026-04-01T00:00:00Z') };
    const plan = planImport(imported, entries(parseOnCallFeed(fixture('pagerduty-oncall.ics'), { ...opts, ...later })), { ...opts, window: later });
    expect(plan).toEqual({ add: [], update: [], remove: [], unchanged: 2 });
  });

  it('recurring events: each occurrence is its own override keyed by UID and original start; a moved exception is an update', () => {
    const g = { feed: GRAFANA, role: 'backup' as const };
    const r1 = entries(parseOnCallFeed(fixture('grafana-oncall-sgt.ics'), { ...g, ...MARCH }));
    const p1 = planImport([consoleOverride], r1, g);
    expect(p1.add.map((o) => o.source.uid)).toEqual([
      'oncall-apac-weekly@grafana#2026-03-02T01:00:00.000Z',
      'oncall-apac-weekend@grafana',
      'oncall-apac-weekly@grafana#2026-03-09T01:00:00.000Z',
      'oncall-apac-night@grafana',
      'oncall-apac-weekly@grafana#2026-03-23T01:00:00.000Z',
      'oncall-apac-weekly@grafana#2026-03-30T01:00:00.000Z',
    ]);
    const state = applyImport([consoleOverride], p1);
    expect(planImport(state, entries(parseOnCallFeed(fixture('grafana-oncall-sgt.ics'), { ...g, ...MARCH })), g)).toEqual({ add: [], update: [], remove: [], unchanged: 6 });

    const moved = fixture('grafana-oncall-sgt.ics').replace('DTSTART;TZID=Asia/Singapore:20260323T130000', 'DTSTART;TZID=Asia/Singapore:20260323T150000');
    const p2 = planImport(state, entries(parseOnCallFeed(moved, { ...g, ...MARCH })), g);
    expect(p2.add).toEqual([]);
    expect(p2.remove).toEqual([]);
    expect(p2.update.map((u) => [u.before.source.uid, u.before.start, u.after.start, u.after.id === u.before.id])).toEqual([
      ['oncall-apac-weekly@grafana#2026-03-23T01:00:00.000Z', '2026-03-23T05:00:00.000Z', '2026-03-23T07:00:00.000Z', true],
    ]);
  });

  it('applyImport is pure', () => {
    const frozen = Object.freeze([...before.map((o) => Object.freeze({ ...o }))]) as Override[];
    const out = applyImport(frozen, plan1);
    expect(out).not.toBe(frozen);
    expect(frozen).toEqual(before);
  });
});
