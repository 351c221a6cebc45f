import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { Override } from '../../../shared/rotation/schema.ts';

/**
 * On-call from an iCal feed (PagerDuty's and Grafana OnCall's exports), as overrides.
 *
 * Parsing is ical.js (RFC 5545: line folding, VTIMEZONE, RRULE/RDATE/EXDATE expansion). What this
 * file adds: where each problem is (ical.js keeps no line numbers, so a small line scan maps every
 * VEVENT and its properties back to the feed's lines), the zone of each time, exceptions matched
 * by instant, who is on call, and the diff against the overrides already imported from the feed.
 *
 * Times:
 * - `…Z` is UTC; `TZID=X` uses the feed's VTIMEZONE X when there is one, else the IANA zone X;
 *   any other TZID is an error (never read as UTC — Grafana OnCall #4247: a UTC+8 calendar
 *   landing 8 hours off). A time with neither (floating) is read in X-WR-TIMEZONE, else an error.
 * - All-day events (`VALUE=DATE`) cover whole local days from midnight to midnight in the
 *   calendar's zone: X-WR-TIMEZONE, else the feed's only VTIMEZONE, else an error.
 * - RRULE/RDATE occurrences are expanded within [fromMs, toMs) (an occurrence is kept when any
 *   of it falls in the window; it is never cut). EXDATE removes occurrences. A RECURRENCE-ID
 *   event replaces the occurrence that started at that instant (STATUS:CANCELLED removes it);
 *   a timed occurrence lasts as long as the first (DTEND − DTSTART, or DURATION).
 *
 * Who is on call (one person per VEVENT):
 * 1. the ATTENDEE's CN when there is one (several different CNs: an error);
 * 2. else SUMMARY, PagerDuty shape "On Call - Alice Example - Payments": the part after
 *    "On Call" up to the next " - " (dash with spaces around it; "-", "–" or "—");
 * 3. else SUMMARY, Grafana OnCall shape "[L1] alice": leading "[...]" tags (priority levels) dropped;
 * 4. else the whole SUMMARY ("alice"), trimmed.
 * Several people in one SUMMARY ("alice, bob") or none at all is an error.
 *
 * A feed with any problem yields no entries at all: nothing half-read is ever applied.
 */

export type Role = 'primary' | 'backup';

export interface FeedEntry {
  uid: string;
  /** The occurrence's original start (ISO UTC) for an instance of a recurring event. */
  recurrenceId?: string;
  person: string;
  /** ISO UTC. */
  start: string;
  end: string;
  summary: string;
}

export interface FeedProblem {
  /** 1-based line in the feed, when the problem is at one. */
  line?: number;
  /** "feed", or the event: "event 3 (UID abc)". */
  where: string;
  message: string;
}

export type FeedResult = { ok: true; entries: FeedEntry[] } | { ok: false; problems: FeedProblem[] };

export interface ImportPlan {
  add: Override[];
  update: Array<{ before: Override; after: Override }>;
  remove: Override[];
  unchanged: number;
}

/** Occurrences expanded per recurring event at most, counted from its DTSTART (a runaway RRULE). */
const MAX_OCCURRENCES = 100_000;

// ---------------------------------------------------------------------------------------------
// Line scan: where each VEVENT and property is (ical.js does not say)

interface ScannedEvent {
  line: number;
  endLine: number;
  /** Property name (lowercase) → line of its first occurrence. */
  props: Map<string, number>;
}

interface Scan {
  problems: FeedProblem[];
  /** The VEVENTs directly inside the (first) VCALENDAR, in order. */
  events: ScannedEvent[];
  /** Each unfolded line with the line it starts on. */
  lines: Array<{ text: string; line: number }>;
}

function scan(text: string): Scan {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const lines: Array<{ text: string; line: number }> = [];
  physical.forEach((raw, i) => {
    const last = lines[lines.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) last.text += raw.slice(1);
    else lines.push({ text: raw, line: i + 1 });
  });
  const content = lines.filter((l) => l.text.trim() !== '');
  const problems: FeedProblem[] = [];
  const events: ScannedEvent[] = [];

  const first = content[0];
  if (!first) return { problems: [{ where: 'feed', message: 'the feed is empty' }], events, lines };
  if (first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    const seen = first.text.trim().slice(0, 60);
    return { problems: [{ line: first.line, where: 'feed', message: `not an iCalendar feed: it should start with BEGIN:VCALENDAR, found "${seen}"` }], events, lines };
  }

  const stack: Array<{ name: string; line: number; where: string }> = [];
  let current: ScannedEvent | null = null;
  let calendars = 0;
  for (const l of content) {
    const m = /^([A-Za-z0-9-]+)[;:]/.exec(l.text);
    if (!m) {
      problems.push({ line: l.line, where: stack.length ? `inside ${stack[stack.length - 1]!.name}` : 'feed', message: `not an iCalendar line (NAME:value): "${l.text.slice(0, 60)}"` });
      continue;
    }
    const name = m[1]!.toLowerCase();
    const value = l.text.slice(l.text.indexOf(':') + 1).trim().toUpperCase();
    if (name === 'begin') {
      if (stack.length === 0 && value === 'VCALENDAR') calendars += 1;
      const isEvent = value === 'VEVENT' && stack.length === 1 && calendars === 1;
      stack.push({ name: value, line: l.line, where: isEvent ? `event ${events.length + 1}` : value });
      if (isEvent) {
        current = { line: l.line, endLine: Number.MAX_SAFE_INTEGER, props: new Map() };
        events.push(current);
      }
    } else if (name === 'end') {
      const open = stack.pop();
      if (!open) {
        problems.push({ line: l.line, where: 'feed', message: `END:${value} without a matching BEGIN` });
      } else if (open.name !== value) {
        problems.push({ line: l.line, where: open.where, message: `END:${value} where END:${open.name} was expected (${open.name} begun at line ${open.line})` });
        stack.push(open);
      }
      if (stack.length < 2 && current) {
        current.endLine = l.line;
        current = null;
      }
    } else if (current && stack.length === 2 && !current.props.has(name)) {
      current.props.set(name, l.line);
    }
  }
  for (const open of stack.reverse()) {
    problems.push({ line: open.line, where: open.where, message: `BEGIN:${open.name} at line ${open.line} never ends (no END:${open.name}): the feed looks cut off` });
  }
  if (calendars > 1) problems.push({ where: 'feed', message: 'more than one VCALENDAR in the feed (expected one calendar)' });
  return { problems, events, lines };
}

/** The line an ical.js parse error quotes (its message quotes the line, or a value on it), if any. */
function lineOfParserError(message: string, lines: Scan['lines']): number | undefined {
  const greedy = /"(.*)"/.exec(message)?.[1];
  const each = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  for (const quoted of [greedy, ...each]) {
    if (!quoted || quoted.length < 3) continue;
    const hit = lines.find((l) => l.text.includes(quoted));
    if (hit) return hit.line;
  }
  return undefined;
}

/** "event N" when the line is inside the Nth VEVENT. */
function whereLine(line: number | undefined, events: ScannedEvent[]): string {
  if (line === undefined) return 'feed';
  const i = events.findIndex((e) => e.line <= line && line <= e.endLine);
  return i < 0 ? 'feed' : `event ${i + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Times and zones

type ZoneRef = { kind: 'utc' } | { kind: 'iana'; name: string } | { kind: 'vtimezone'; zone: ICAL.Timezone };

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallToMs(w: Wall, zone: ZoneRef): number {
  switch (zone.kind) {
    case 'utc':
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    case 'iana':
      return DateTime.fromObject(w, { zone: zone.name }).toMillis();
    case 'vtimezone':
      return ICAL.Time.fromData({ ...w, isDate: false }, zone.zone).toUnixTime() * 1000;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A problem with one event, naming the property (lowercase) it is at, for its line. */
class Problem extends Error {
  readonly prop: string | undefined;
  /** Quote the feed's line (the value as written; ical.js has already reshaped it). */
  readonly quote: boolean;
  constructor(message: string, prop?: string, quote = false) {
    super(message);
    this.prop = prop;
    this.quote = quote;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/;

/** ical.js turns "20260302T090000Z" into "2026-03-02T09:00:00Z" without checking it: check it here. */
function checkRawTime(raw: unknown, prop: string): void {
  const s = String(raw);
  const m = DATE_TIME_RE.exec(s) ?? DATE_RE.exec(s);
  const [y, mo, d, h = '0', mi = '0', se = '0'] = (m ?? []).slice(1).map((x) => x ?? '0');
  const ok =
    m !== null &&
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(d) >= 1 &&
    Number(d) <= ICAL.Time.daysInMonth(Number(mo), Number(y)) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(se) <= 60;
  if (!ok) throw new Problem(`${prop.toUpperCase()} is not a valid date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, UTC with a final Z)`, prop, true);
}

interface Calendar {
  /** X-WR-TIMEZONE, resolved (null: none given). */
  defaultZone: ZoneRef | null;
  /** The zone all-day events' days are counted in. */
  dayZone: ZoneRef | null;
  vtimezones: Map<string, ICAL.Timezone>;
}

function resolveTzid(tzid: string, cal: Calendar): ZoneRef | null {
  const vtz = cal.vtimezones.get(tzid);
  if (vtz) return { kind: 'vtimezone', zone: vtz };
  if (/^(UTC|GMT|Etc\/UTC|Z)$/i.test(tzid)) return { kind: 'utc' };
  if (IANAZone.isValidZone(tzid)) return { kind: 'iana', name: tzid };
  return null;
}

/** A date-time or date property read as a Time plus the zone its wall clock is in. */
interface ZonedTime {
  time: ICAL.Time;
  zone: ZoneRef;
  allDay: boolean;
}

function readTime(comp: ICAL.Component, prop: string, cal: Calendar): ZonedTime | null {
  const p = comp.getFirstProperty(prop);
  if (!p) return null;
  return zonedValue(p, p.jCal[3], prop, cal);
}

function zonedValue(p: ICAL.Property, raw: unknown, prop: string, cal: Calendar): ZonedTime {
  checkRawTime(raw, prop);
  const tzid = p.getParameter('tzid');
  const tzidName = typeof tzid === 'string' ? tzid : undefined;
  let time: ICAL.Time;
  try {
    // Hydrate one raw value the way ical.js does (its zone resolved from the feed's VTIMEZONEs).
    const values = p.getValues() as unknown[];
    const idx = (p.jCal.slice(3) as unknown[]).indexOf(raw);
    const v = values[idx < 0 ? 0 : idx];
    if (!(v instanceof ICAL.Time)) throw new Error('not a time');
    time = v;
  } catch {
    throw new Problem(`${prop.toUpperCase()} is not a valid date or date-time`, prop, true);
  }
  if (time.isDate) {
    if (!cal.dayZone) {
      throw new Problem(`${prop.toUpperCase()} is an all-day date but the calendar names no time zone for its days (X-WR-TIMEZONE, or a single VTIMEZONE)`, prop);
    }
    return { time, zone: cal.dayZone, allDay: true };
  }
  if (String(raw).endsWith('Z')) return { time, zone: { kind: 'utc' }, allDay: false };
  if (tzidName !== undefined) {
    const zone = resolveTzid(tzidName, cal);
    if (!zone) throw new Problem(`unknown time zone TZID=${tzidName} in ${prop.toUpperCase()}: no VTIMEZONE for it in the feed and not an IANA zone name`, prop);
    return { time, zone, allDay: false };
  }
  if (!cal.defaultZone) throw new Problem(`${prop.toUpperCase()} has no time zone (neither "Z", TZID nor the calendar's X-WR-TIMEZONE): it could be any hour in UTC`, prop);
  return { time, zone: cal.defaultZone, allDay: false };
}

const wallOf = (t: ICAL.Time): Wall => ({ year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second });
const msOf = (z: { time: ICAL.Time; zone: ZoneRef }) => wallToMs(wallOf(z.time), z.zone);

// ---------------------------------------------------------------------------------------------
// Who is on call

const DASH = /\s+[-–—]\s+/;

function personOf(comp: ICAL.Component, summary: string): string {
  const names = new Set<string>();
  for (const a of comp.getAllProperties('attendee')) {
    const cn = a.getParameter('cn');
    if (typeof cn === 'string' && cn.trim()) names.add(cn.trim());
  }
  if (names.size > 1) throw new Problem(`more than one person in one event (ATTENDEE CN ${[...names].map((n) => `"${n}"`).join(', ')}): expected one event per person`, 'attendee');
  let person = [...names][0];
  if (person === undefined) {
    const s = summary.trim();
    const parts = s.split(DASH);
    if (parts.length >= 2 && /^on[\s-]?call$/i.test(parts[0]!.trim())) person = parts[1]!.trim();
    else person = s.replace(/^(\[[^\]]*\]\s*)+/, '').trim();
    if (/[,;]/.test(person)) throw new Problem(`more than one person in SUMMARY "${s}": expected one event per person`, 'summary');
  }
  if (!person) throw new Problem(summary.trim() ? `no person in SUMMARY "${summary.trim()}"` : 'no person: SUMMARY is empty and no ATTENDEE has a CN', 'summary');
  if (person.length > 100) throw new Problem(`the person's name is longer than 100 characters: "${person.slice(0, 40)}…"`, 'summary');
  return person;
}

// ---------------------------------------------------------------------------------------------
// parseOnCallFeed

interface EventCtx {
  comp: ICAL.Component;
  scanned: ScannedEvent | undefined;
  index: number;
  uid: string;
}

const whereOf = (e: { index: number; uid: string }) => `event ${e.index + 1}${e.uid ? ` (UID ${e.uid})` : ''}`;

export function parseOnCallFeed(text: string, opts: { feed: string; role: Role; fromMs: number; toMs: number }): FeedResult {
  const scanned = scan(text);
  if (scanned.problems.length) return { ok: false, problems: scanned.problems };

  let root: ICAL.Component;
  try {
    const jcal: unknown = ICAL.parse(text.replace(/^\uFEFF/, ''));
    if (!Array.isArray(jcal) || jcal[0] !== 'vcalendar') throw new Error('no VCALENDAR');
    root = new ICAL.Component(jcal);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const line = lineOfParserError(message, scanned.lines);
    return { ok: false, problems: [{ line, where: whereLine(line, scanned.events), message: `not readable as iCalendar: ${message}` }] };
  }

  const problems: FeedProblem[] = [];
  const vtimezones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = vtz.getFirstPropertyValue('tzid');
    if (typeof tzid !== 'string' || !tzid) {
      problems.push({ where: 'VTIMEZONE', message: 'a VTIMEZONE has no TZID' });
      continue;
    }
    vtimezones.set(tzid, new ICAL.Timezone({ component: vtz, tzid }));
  }
  const cal: Calendar = { defaultZone: null, dayZone: null, vtimezones };
  const wr = root.getFirstPropertyValue('x-wr-timezone');
  if (typeof wr === 'string' && wr.trim()) {
    cal.defaultZone = resolveTzid(wr.trim(), cal);
    if (!cal.defaultZone) problems.push({ where: 'VCALENDAR', message: `unknown time zone X-WR-TIMEZONE:${wr.trim()}: no VTIMEZONE for it and not an IANA zone name` });
  }
  const onlyVtz = vtimezones.size === 1 ? [...vtimezones.values()][0] : undefined;
  cal.dayZone = cal.defaultZone ?? (onlyVtz ? { kind: 'vtimezone', zone: onlyVtz } : null);

  const comps = root.getAllSubcomponents('vevent');
  const events: EventCtx[] = comps.map((comp, index) => {
    const uid = comp.getFirstPropertyValue('uid');
    return { comp, index, scanned: scanned.events[index], uid: typeof uid === 'string' ? uid.trim() : '' };
  });

  const fail = (e: EventCtx, err: unknown) => {
    const prop = err instanceof Problem ? err.prop : undefined;
    const line = (prop && e.scanned?.props.get(prop)) || e.scanned?.line;
    let message = err instanceof Error ? err.message : String(err);
    const text = err instanceof Problem && err.quote && line !== undefined ? scanned.lines.find((l) => l.line === line)?.text : undefined;
    if (text !== undefined) message += `: "${text.length > 120 ? `${text.slice(0, 120)}…` : text}"`;
    problems.push({ line, where: whereOf(e), message });
  };

  // One span (start/end in ms) per event as written, plus what it is.
  interface Read {
    e: EventCtx;
    start: ZonedTime;
    startMs: number;
    endMs: number;
    /** Timed: exact length in ms; all-day: length in days. */
    length: { ms: number } | { days: number };
    person: string;
    summary: string;
    cancelled: boolean;
    recurrenceId?: number;
    recurring: boolean;
  }
  const reads: Read[] = [];
  for (const e of events) {
    try {
      if (!e.uid) throw new Problem('the event has no UID (needed to match it on the next import)', 'uid');
      const start = readTime(e.comp, 'dtstart', cal);
      if (!start) throw new Problem('the event has no DTSTART (when the person goes on call)', 'dtstart');
      const startMs = msOf(start);
      const end = readTime(e.comp, 'dtend', cal);
      let length: Read['length'];
      let endMs: number;
      if (end) {
        if (end.allDay !== start.allDay) throw new Problem('DTSTART and DTEND are not both dates or both date-times', 'dtend');
        endMs = msOf(end);
        length = start.allDay ? { days: Math.round((Date.UTC(end.time.year, end.time.month - 1, end.time.day) - Date.UTC(start.time.year, start.time.month - 1, start.time.day)) / 86_400_000) } : { ms: endMs - startMs };
      } else if (e.comp.hasProperty('duration')) {
        let d: ICAL.Duration;
        try {
          const v = e.comp.getFirstPropertyValue('duration');
          if (!(v instanceof ICAL.Duration)) throw new Error();
          d = v;
        } catch {
          throw new Problem('DURATION is not a duration (e.g. PT12H)', 'duration');
        }
        if (d.isNegative) throw new Problem(`DURATION is negative (${d.toString()})`, 'duration');
        if (start.allDay) {
          length = { days: d.weeks * 7 + d.days };
          endMs = allDayEnd(start, length.days);
        } else {
          length = { ms: d.toSeconds() * 1000 };
          endMs = startMs + length.ms;
        }
      } else if (start.allDay) {
        length = { days: 1 };
        endMs = allDayEnd(start, 1);
      } else {
        throw new Problem('the event has neither DTEND nor DURATION (when the person comes off call)', 'dtstart');
      }
      if (endMs < startMs) throw new Problem(`DTEND (${iso(endMs)}) is before DTSTART (${iso(startMs)})`, end ? 'dtend' : 'duration');
      if (endMs === startMs) throw new Problem(`the event ends when it starts (${iso(startMs)}): no time on call`, end ? 'dtend' : 'duration');

      const summaryValue = e.comp.getFirstPropertyValue('summary');
      const summary = typeof summaryValue === 'string' ? summaryValue : '';
      const person = personOf(e.comp, summary);
      const status = e.comp.getFirstPropertyValue('status');
      const cancelled = typeof status === 'string' && status.toUpperCase() === 'CANCELLED';

      let recurrenceId: number | undefined;
      const rid = e.comp.getFirstProperty('recurrence-id');
      if (rid) {
        if (rid.getParameter('range')) throw new Problem('RECURRENCE-ID;RANGE=THISANDFUTURE is not supported (each changed occurrence must be its own event)', 'recurrence-id');
        const r = readTime(e.comp, 'recurrence-id', cal)!;
        recurrenceId = msOf(r);
      }
      const recurring = e.comp.hasProperty('rrule') || e.comp.hasProperty('rdate');
      if (recurring && rid) throw new Problem('an event with RECURRENCE-ID cannot also have RRULE/RDATE', 'rrule');
      for (const p of ['rrule', 'exdate', 'rdate'] as const) {
        for (const prop of e.comp.getAllProperties(p)) {
          try {
            if (p === 'rrule') {
              const r = prop.getFirstValue();
              if (!(r instanceof ICAL.Recur) || !r.freq) throw new Error();
            } else {
              for (const raw of prop.jCal.slice(3) as unknown[]) {
                if (prop.type === 'period') continue;
                zonedValue(prop, raw, p, cal);
              }
            }
          } catch (err) {
            throw err instanceof Problem ? err : new Problem(`${p.toUpperCase()} cannot be read`, p, true);
          }
        }
      }
      reads.push({ e, start, startMs, endMs, length, person, summary, cancelled, recurrenceId, recurring });
    } catch (err) {
      fail(e, err);
    }
  }

  // A UID may appear once as a plain event, or as one master plus its exceptions.
  const byUid = new Map<string, Read[]>();
  for (const r of reads) byUid.set(r.e.uid, [...(byUid.get(r.e.uid) ?? []), r]);
  for (const [, group] of byUid) {
    const masters = group.filter((r) => r.recurrenceId === undefined);
    if (masters.length > 1) fail(masters[1]!.e, new Problem(`UID ${masters[1]!.e.uid} is used by another event too (${whereOf(masters[0]!.e)}); each on-call span needs its own UID`, 'uid'));
    const seen = new Map<number, Read>();
    for (const x of group.filter((r) => r.recurrenceId !== undefined)) {
      const dup = seen.get(x.recurrenceId!);
      if (dup) fail(x.e, new Problem(`two events replace the same occurrence (RECURRENCE-ID ${iso(x.recurrenceId!)}; also ${whereOf(dup.e)})`, 'recurrence-id'));
      seen.set(x.recurrenceId!, x);
    }
  }
  if (problems.length) return { ok: false, problems };

  const entries: FeedEntry[] = [];
  const keep = (startMs: number, endMs: number) => startMs < opts.toMs && endMs > opts.fromMs;
  const entry = (r: Read, startMs: number, endMs: number, recurrenceId?: number): FeedEntry => ({
    uid: r.e.uid,
    ...(recurrenceId !== undefined ? { recurrenceId: iso(recurrenceId) } : {}),
    person: r.person,
    start: iso(startMs),
    end: iso(endMs),
    summary: r.summary,
  });

  for (const r of reads) {
    if (r.recurrenceId !== undefined) {
      // A changed (or cancelled) occurrence: stands for itself.
      if (!r.cancelled && keep(r.startMs, r.endMs)) entries.push(entry(r, r.startMs, r.endMs, r.recurrenceId));
      continue;
    }
    if (r.cancelled) continue;
    if (!r.recurring) {
      if (keep(r.startMs, r.endMs)) entries.push(entry(r, r.startMs, r.endMs));
      continue;
    }
    const replaced = new Set((byUid.get(r.e.uid) ?? []).filter((x) => x.recurrenceId !== undefined).map((x) => x.recurrenceId!));
    const excluded = exdates(r.e.comp, cal);
    try {
      const it = new ICAL.RecurExpansion({ component: r.e.comp, dtstart: r.start.time });
      for (let n = 0; ; n += 1) {
        if (n >= MAX_OCCURRENCES) throw new Problem(`more than ${MAX_OCCURRENCES} occurrences before the end of the window: narrow the window or end the RRULE`, 'rrule');
        const t = it.next();
        if (!t) break;
        const occ = { time: t, zone: r.start.zone };
        const startMs = msOf(occ);
        if (startMs >= opts.toMs) break;
        if (excluded.ms.has(startMs) || excluded.days.has(`${t.year}-${t.month}-${t.day}`) || replaced.has(startMs)) continue;
        const endMs = 'days' in r.length ? allDayEnd(occ, r.length.days) : startMs + r.length.ms;
        if (keep(startMs, endMs)) entries.push(entry(r, startMs, endMs, startMs));
      }
    } catch (err) {
      fail(r.e, err instanceof Problem ? err : new Problem(`RRULE cannot be expanded: ${err instanceof Error ? err.message : String(err)}`, 'rrule'));
    }
  }
  if (problems.length) return { ok: false, problems };
  entries.sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
  return { ok: true, entries };
}

/** The end of an all-day span `days` local days after `start`'s day (midnight, in its zone). */
function allDayEnd(start: { time: ICAL.Time; zone: ZoneRef }, days: number): number {
  const t = start.time.clone();
  t.isDate = true;
  t.adjust(days, 0, 0, 0);
  return wallToMs(wallOf(t), start.zone);
}

/** EXDATEs as instants (date-times) and as local days (dates), matched whatever their zone. */
function exdates(comp: ICAL.Component, cal: Calendar): { ms: Set<number>; days: Set<string> } {
  const ms = new Set<number>();
  const days = new Set<string>();
  for (const p of comp.getAllProperties('exdate')) {
    for (const raw of p.jCal.slice(3) as unknown[]) {
      const z = zonedValue(p, raw, 'exdate', cal);
      if (z.allDay) days.add(`${z.time.year}-${z.time.month}-${z.time.day}`);
      else ms.add(msOf(z));
    }
  }
  return { ms, days };
}

// ---------------------------------------------------------------------------------------------
// planImport / applyImport

/** The key an imported override is matched by on the next import of its feed. */
export function sourceUid(e: Pick<FeedEntry, 'uid' | 'recurrenceId'>): string {
  return e.recurrenceId ? `${e.uid}#${e.recurrenceId}` : e.uid;
}

/** Deterministic: the same feed, event and occurrence always give the same id. */
export function overrideId(feed: string, key: string): string {
  return `ical-${createHash('sha256').update(feed).update('\0').update(key).digest('hex').slice(0, 32)}`;
}

function toOverride(e: FeedEntry, opts: { feed: string; role: Role; rotationId?: string }): Override {
  const key = sourceUid(e);
  const reason = `From ${opts.feed}: ${e.summary}`;
  return {
    id: overrideId(opts.feed, key),
    role: opts.role,
    person: e.person,
    start: e.start,
    end: e.end,
    ...(opts.rotationId !== undefined ? { rotationId: opts.rotationId } : {}),
    reason: reason.length > 500 ? `${reason.slice(0, 499)}…` : reason,
    source: { kind: 'ical', uid: key, feed: opts.feed },
  };
}

function same(a: Override, b: Override): boolean {
  return (
    a.role === b.role &&
    a.person === b.person &&
    Date.parse(a.start) === Date.parse(b.start) &&
    Date.parse(a.end) === Date.parse(b.end) &&
    a.rotationId === b.rotationId &&
    a.reason === b.reason
  );
}

/**
 * What importing `entries` from `opts.feed` changes. Only overrides imported from that same feed
 * are matched (by event UID and occurrence), updated or removed; console-made overrides and other
 * feeds' are never touched. With `window`, an override of the feed that lies wholly outside it is
 * left alone (a feed read for the next 30 days does not remove last month's).
 */
export function planImport(
  current: Override[],
  entries: FeedEntry[],
  opts: { feed: string; role: Role; rotationId?: string; window?: { fromMs: number; toMs: number } },
): ImportPlan {
  const mine = new Map<string, Override>();
  for (const o of current) {
    if (o.source.kind === 'ical' && o.source.feed === opts.feed && o.source.uid !== undefined && !mine.has(o.source.uid)) mine.set(o.source.uid, o);
  }
  const plan: ImportPlan = { add: [], update: [], remove: [], unchanged: 0 };
  const matched = new Set<string>();
  for (const e of entries) {
    const after = toOverride(e, opts);
    const key = after.source.uid!;
    if (matched.has(key)) continue;
    matched.add(key);
    const before = mine.get(key);
    if (!before) plan.add.push(after);
    else if (same(before, after)) plan.unchanged += 1;
    else plan.update.push({ before, after: { ...after, id: before.id } });
  }
  const w = opts.window;
  for (const [key, o] of mine) {
    if (matched.has(key)) continue;
    if (w && !(Date.parse(o.start) < w.toMs && Date.parse(o.end) > w.fromMs)) continue;
    plan.remove.push(o);
  }
  return plan;
}

/** `current` with the plan applied (a new array; `current` is not changed). */
export function applyImport(current: Override[], plan: ImportPlan): Override[] {
  const removed = new Set(plan.remove.map((o) => o.id));
  const updated = new Map(plan.update.map((u) => [u.before.id, u.after]));
  const next = current.filter((o) => !removed.has(o.id)).map((o) => updated.get(o.id) ?? o);
  const ids = new Set(next.map((o) => o.id));
  for (const o of plan.add) {
    if (!ids.has(o.id)) {
      next.push(o);
      ids.add(o.id);
    }
  }
  return next;
}
