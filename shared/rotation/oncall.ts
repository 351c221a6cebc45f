import { IANAZone } from 'luxon';
import { WEEKDAYS, type Override, type Region, type Rotation, type Schedule, type Swap } from './schema.ts';

/**
 * Who is on call, computed from a schedule (shared/rotation/schema.ts). Pure functions: no I/O,
 * no clock — every instant is passed in (epoch ms or a Date). Time zones through luxon.
 *
 * ── Shifts ────────────────────────────────────────────────────────────────────────────────────
 * A rotation has one shift per listed weekday: local date D (in the rotation's zone) from `from`
 * to `to`, ending on D+1 when `to` ≤ `from` (so `from` = `to` is a 24-hour shift). The weekday
 * is the weekday of D, the shift's START. Times are wall-clock times: a 09:00 handover stays at
 * 09:00 local across a daylight-saving change (the shift that spans the change is an hour
 * shorter or longer).
 *
 * DST — a local time is turned into an instant by these two rules (GoAlert PR #1252):
 *  - a local time that does not exist (the spring-forward gap) moves forward to the first valid
 *    instant after the gap: 02:30 on a day where 02:00–03:00 is skipped is 03:00;
 *  - an ambiguous local time (the fall-back hour, shown twice) means its FIRST occurrence.
 * Both say the same thing: a shift starts (or ends) at the first instant at which the zone's
 * clock has shown its local time. A shift whose start and end fall on the same instant (both
 * inside one gap) is empty and is not listed.
 *
 * Turns: k = whole days (every=day) or whole weeks (every=week, floor of days / 7) from the
 * rotation's `start` to D, counted in local calendar days (not 24-hour chunks); dates before
 * `start` give negative k. primary = people[k mod n], backup = people[(k + backupOffset) mod n],
 * with a mod that is never negative.
 *
 * ── Who is on call at an instant (precedence) ────────────────────────────────────────────────
 *  0. The active shifts are those with start ≤ t < end. When several rotations are on (the
 *     follow-the-sun overlap) the shift that STARTED EARLIER supplies both the primary and the
 *     backup — the outgoing shift does not end until its end time (OPERATIONS.md) — and the
 *     others are listed as `incoming`. Two shifts starting at the same instant: the rotation
 *     listed first in the schedule. No shift on: no primary, no backup (a gap).
 *  a. The supplying shift's own people (turn rule above).
 *  b. Swaps active at t (start ≤ t < end) exchange a↔b wherever they appear, in both roles (and
 *     in the incoming shifts' people). Several active swaps apply one after another, earliest
 *     start first (then list order).
 *  c. Overrides active at t replace the role's person. An override with `rotationId` applies only
 *     when that rotation supplies the role; one without applies to whichever rotation supplies
 *     it. Overrides replace, they do not add: with no shift on, an override fills nothing. Two
 *     overrides of the same role active together: the later-starting one wins (same start: the
 *     one later in the list). An override is not itself subject to swaps.
 *  d. Primary and backup are never the same person. If after (c) primary = backup, the backup
 *     falls to the next person of the supplying rotation, in turn order after the backup's own
 *     place (people[k+off+1], people[k+off+2], … with swaps applied, not coming back round to
 *     the backup's place), skipping the primary and anyone an active override took out of a role
 *     (they asked to be off). If nobody is left, the backup is null: a gap in the backup role.
 *     (A two-person rotation whose backup is overridden to the primary has no backup.)
 */

export type Instant = number | Date;
export type Role = 'primary' | 'backup';

export interface ShiftInstance {
  /** `${rotationId}@${localDate}`. */
  id: string;
  rotationId: string;
  region: Region;
  /** The local date (in the rotation's zone) the shift starts on, YYYY-MM-DD. */
  localDate: string;
  /** Start and end within the asked window (epoch ms). */
  start: number;
  end: number;
  /** The whole shift, uncut. */
  scheduledStart: number;
  scheduledEnd: number;
  /** The shift began before the window (`start` is the window's edge). */
  truncatedStart: boolean;
  /** The shift runs on past the window (`end` is the window's edge). */
  truncatedEnd: boolean;
  /** Turn index k (negative before the rotation's start). */
  turn: number;
  /** The rotation's own people for this turn (no swaps or overrides). */
  primary: string;
  backup: string;
}

export interface IncomingShift {
  shiftId: string;
  rotationId: string;
  region: Region;
  start: number;
  end: number;
  /** The incoming rotation's people with active swaps applied (overrides apply only to the supplier). */
  primary: string;
  backup: string;
}

/** Who is on call over a span (or at an instant). */
export interface OnCallState {
  primary: string | null;
  backup: string | null;
  /** The rotation supplying both roles (the earliest-started active shift); null in a gap. */
  rotationId: string | null;
  region: Region | null;
  /** That shift, uncut (start/end are its scheduled times). */
  shift: ShiftInstance | null;
  /** Other rotations' shifts on at the same time (started later), earliest first. */
  incoming: IncomingShift[];
  /** Override and swap ids that changed someone (in application order). */
  overrides: string[];
  swaps: string[];
  /** The backup came from rule (d) (primary = backup after overrides), or is null by it. */
  backupFallback: boolean;
}

export interface OnCall extends OnCallState {
  at: number;
}

/** A maximal span [start, end) over which the on-call state does not change. */
export interface Segment extends OnCallState {
  start: number;
  end: number;
}

export interface Gap {
  start: number;
  end: number;
  missing: 'primary' | 'backup' | 'both';
}

export interface NextChange {
  at: number;
  inMs: number;
  primary: string | null;
  backup: string | null;
  /** Which roles change at `at`. */
  changed: Role[];
}

export interface Handover {
  at: number;
  inMs: number;
  /** The primary just before `at` (null after a gap). */
  from: string | null;
  to: string;
}

export interface NowNext {
  now: OnCall;
  /** The next change of primary or backup after t; null if none within ~2 years. */
  next: NextChange | null;
  /** The next instant a different person becomes primary; null if none within ~2 years. */
  handover: Handover | null;
}

export interface RoleSpan {
  role: Role;
  start: number;
  end: number;
}

export interface PersonChange {
  person: string;
  /** Spans on call in `after` but not in `before`. */
  added: RoleSpan[];
  /** Spans on call in `before` but not in `after`. */
  removed: RoleSpan[];
}

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

const ms = (t: Instant): number => (typeof t === 'number' ? t : t.getTime());
const mod = (a: number, n: number): number => ((a % n) + n) % n;
const hhmm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const dayOfDate = (s: string): number => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / DAY_MS;
const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Monday = 0 … Sunday = 6 (1970-01-01, day 0, was a Thursday). */
const weekdayOfDay = (day: number): number => mod(day + 3, 7);

// ── Local time ↔ instant ───────────────────────────────────────────────────────────────────

function zoneOf(name: string): IANAZone {
  return IANAZone.create(name);
}

const BLOCK_MS = 12 * 3_600_000;
const blocks = new Map<string, Map<number, number>>();

/**
 * The zone's offset at an instant, in minutes. luxon asks Intl for every instant (microseconds
 * each), so offsets are kept per zone and 12-hour UTC block: a block whose two ends have the same
 * offset has it throughout (no zone changes offset and back within 12 hours); a block with a
 * transition in it asks luxon for the exact instant.
 */
function offsetAt(zone: IANAZone, t: number): number {
  let byBlock = blocks.get(zone.name);
  if (!byBlock) blocks.set(zone.name, (byBlock = new Map()));
  const block = Math.floor(t / BLOCK_MS);
  let o = byBlock.get(block);
  if (o === undefined) {
    const a = zone.offset(block * BLOCK_MS);
    o = a === zone.offset((block + 1) * BLOCK_MS - 1) ? a : Number.NaN;
    if (byBlock.size > 100_000) byBlock.clear();
    byBlock.set(block, o);
  }
  return Number.isNaN(o) ? zone.offset(t) : o;
}

/** The local calendar day (days since 1970-01-01) of an instant in a zone. */
function localDay(zone: IANAZone, t: number): number {
  return Math.floor((t + offsetAt(zone, t) * MIN_MS) / DAY_MS);
}

const resolved = new Map<string, number>();

/**
 * The instant at which a zone's clock first shows local wall time `wall` (ms since 1970-01-01 as
 * if the zone were UTC): its first occurrence when ambiguous, the end of the gap when skipped.
 * Memoised (a pure function of its arguments).
 */
function resolveLocal(zone: IANAZone, wall: number): number {
  const key = `${zone.name}|${wall}`;
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  let out = Number.POSITIVE_INFINITY;
  for (const o of before === after ? [before] : [before, after]) {
    const u = wall - o * MIN_MS;
    if (offsetAt(zone, u) === o && u < out) out = u;
  }
  if (out === Number.POSITIVE_INFINITY) {
    // In a gap: the first valid instant after it is the transition itself. Search between the
    // instant read with the later offset (before the transition) and with the earlier one.
    let lo = wall - Math.max(before, after) * MIN_MS;
    let hi = wall - Math.min(before, after) * MIN_MS;
    const oLo = offsetAt(zone, lo);
    if (oLo === offsetAt(zone, hi)) out = hi; // not expected (two transitions within a day)
    else {
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid) === oLo) lo = mid;
        else hi = mid;
      }
      out = hi;
    }
  }
  if (resolved.size > 200_000) resolved.clear();
  resolved.set(key, out);
  return out;
}

// ── Shifts ─────────────────────────────────────────────────────────────────────────────────

interface PreparedRotation {
  r: Rotation;
  index: number;
  zone: IANAZone;
  fromMin: number;
  toMin: number;
  crosses: boolean;
  days: boolean[];
  startDay: number;
}

function prepareRotation(r: Rotation, index: number): PreparedRotation {
  const fromMin = hhmm(r.from);
  const toMin = hhmm(r.to);
  const days = WEEKDAYS.map((d) => r.days.includes(d));
  return { r, index, zone: zoneOf(r.timezone), fromMin, toMin, crosses: toMin <= fromMin, days, startDay: dayOfDate(r.start) };
}

function turnOf(p: PreparedRotation, day: number): number {
  const days = day - p.startDay;
  return p.r.every === 'day' ? days : Math.floor(days / 7);
}

function rotationShifts(p: PreparedRotation, from: number, to: number, out: ShiftInstance[]): void {
  const first = localDay(p.zone, from) - 2;
  const last = localDay(p.zone, to) + 1;
  const n = p.r.people.length;
  for (let day = first; day <= last; day++) {
    if (!p.days[weekdayOfDay(day)]) continue;
    const s = resolveLocal(p.zone, day * DAY_MS + p.fromMin * MIN_MS);
    const e = resolveLocal(p.zone, (day + (p.crosses ? 1 : 0)) * DAY_MS + p.toMin * MIN_MS);
    if (e <= s || e <= from || s >= to) continue;
    const k = turnOf(p, day);
    const localDate = dateOfDay(day);
    out.push({
      id: `${p.r.id}@${localDate}`,
      rotationId: p.r.id,
      region: p.r.region,
      localDate,
      start: Math.max(s, from),
      end: Math.min(e, to),
      scheduledStart: s,
      scheduledEnd: e,
      truncatedStart: s < from,
      truncatedEnd: e > to,
      turn: k,
      primary: p.r.people[mod(k, n)]!,
      backup: p.r.people[mod(k + p.r.backupOffset, n)]!,
    });
  }
}

/**
 * Every rotation's shifts overlapping [from, to), cut at the window's edges (flagged), ordered by
 * start then by the rotation's place in the schedule.
 */
export function shiftsBetween(schedule: Schedule, from: Instant, to: Instant): ShiftInstance[] {
  const f = ms(from);
  const t = ms(to);
  if (!(t > f)) return [];
  const out: ShiftInstance[] = [];
  const order = new Map<string, number>();
  schedule.rotations.forEach((r, i) => {
    order.set(r.id, i);
    rotationShifts(prepareRotation(r, i), f, t, out);
  });
  return out.sort((a, b) => a.start - b.start || order.get(a.rotationId)! - order.get(b.rotationId)!);
}

// ── Timeline ───────────────────────────────────────────────────────────────────────────────

interface Timed<T> {
  item: T;
  index: number;
  start: number;
  end: number;
}

function timed<T extends { start: string; end: string }>(items: readonly T[], from: number, to: number): Timed<T>[] {
  const out: Timed<T>[] = [];
  items.forEach((item, index) => {
    const start = Date.parse(item.start);
    const end = Date.parse(item.end);
    if (end > from && start < to && end > start) out.push({ item, index, start, end });
  });
  return out.sort((a, b) => a.start - b.start || a.index - b.index);
}

/** Earlier start first, then list order: the order swaps apply in and overrides are ranked by. */
const byStartThenIndex = (a: Timed<unknown>, b: Timed<unknown>) => a.start - b.start || a.index - b.index;

function evaluate(
  shifts: readonly ShiftInstance[],
  rotations: ReadonlyMap<string, PreparedRotation>,
  swaps: readonly Timed<Swap>[],
  overrides: readonly Timed<Override>[],
): OnCallState {
  const swapIds: string[] = [];
  /** A name after every active swap, earliest first. */
  const swapped = (name: string): string => {
    let v = name;
    for (const s of swaps) {
      if (v === s.item.a) v = s.item.b;
      else if (v === s.item.b) v = s.item.a;
    }
    return v;
  };
  const incoming = (from: number): IncomingShift[] =>
    shifts.slice(from).map((s) => ({ shiftId: s.id, rotationId: s.rotationId, region: s.region, start: s.scheduledStart, end: s.scheduledEnd, primary: swapped(s.primary), backup: swapped(s.backup) }));
  const lead = shifts[0];
  if (!lead) return { primary: null, backup: null, rotationId: null, region: null, shift: null, incoming: [], overrides: [], swaps: [], backupFallback: false };

  let p0 = lead.primary;
  let b0 = lead.backup;
  for (const s of swaps) {
    const { a, b } = s.item;
    if (p0 !== a && p0 !== b && b0 !== a && b0 !== b) continue;
    swapIds.push(s.item.id);
    p0 = p0 === a ? b : p0 === b ? a : p0;
    b0 = b0 === a ? b : b0 === b ? a : b0;
  }

  let ovP: Timed<Override> | null = null;
  let ovB: Timed<Override> | null = null;
  for (const o of overrides) {
    if (o.item.rotationId !== undefined && o.item.rotationId !== lead.rotationId) continue;
    // `overrides` is sorted by start then list order: the last match wins.
    if (o.item.role === 'primary') ovP = o;
    else ovB = o;
  }
  let primary = p0;
  let backup: string | null = b0;
  const displaced = new Set<string>();
  const overrideIds: string[] = [];
  if (ovP) {
    primary = ovP.item.person;
    overrideIds.push(ovP.item.id);
    if (primary !== p0) displaced.add(p0);
  }
  if (ovB) {
    backup = ovB.item.person;
    overrideIds.push(ovB.item.id);
    if (backup !== b0) displaced.add(b0);
  }
  let backupFallback = false;
  if (backup === primary) {
    backupFallback = true;
    backup = null;
    const rot = rotations.get(lead.rotationId)!;
    const people = rot.r.people;
    const n = people.length;
    const place = mod(lead.turn + rot.r.backupOffset, n);
    for (let j = 1; j < n; j++) {
      const c = swapped(people[(place + j) % n]!);
      if (c !== primary && !displaced.has(c)) {
        backup = c;
        break;
      }
    }
  }
  return { primary, backup, rotationId: lead.rotationId, region: lead.region, shift: lead, incoming: incoming(1), overrides: overrideIds, swaps: swapIds, backupFallback };
}

function sameState(a: OnCallState, b: OnCallState): boolean {
  if (a.primary !== b.primary || a.backup !== b.backup || a.backupFallback !== b.backupFallback) return false;
  if ((a.shift?.id ?? null) !== (b.shift?.id ?? null)) return false;
  if (a.incoming.length !== b.incoming.length || a.overrides.length !== b.overrides.length || a.swaps.length !== b.swaps.length) return false;
  for (let i = 0; i < a.incoming.length; i++) {
    const x = a.incoming[i]!;
    const y = b.incoming[i]!;
    if (x.shiftId !== y.shiftId || x.primary !== y.primary || x.backup !== y.backup) return false;
  }
  for (let i = 0; i < a.overrides.length; i++) if (a.overrides[i] !== b.overrides[i]) return false;
  for (let i = 0; i < a.swaps.length; i++) if (a.swaps[i] !== b.swaps[i]) return false;
  return true;
}

/**
 * The on-call timeline over [from, to): maximal segments between change points (shift starts
 * and ends, override and swap starts and ends), each with who is on call. Built once per window:
 * O((shifts + overrides + swaps) · log) plus the work per segment.
 */
export function timeline(schedule: Schedule, from: Instant, to: Instant): Segment[] {
  const f = ms(from);
  const t = ms(to);
  if (!(t > f)) return [];
  const rotations = new Map<string, PreparedRotation>();
  const order = new Map<string, number>();
  const shifts: ShiftInstance[] = [];
  schedule.rotations.forEach((r, i) => {
    const p = prepareRotation(r, i);
    rotations.set(r.id, p);
    order.set(r.id, i);
    rotationShifts(p, f, t, shifts);
  });
  // Shifts in the order they supply roles: earlier scheduled start first, then schedule order.
  const rank = (a: ShiftInstance, b: ShiftInstance) => a.scheduledStart - b.scheduledStart || order.get(a.rotationId)! - order.get(b.rotationId)!;
  shifts.sort((a, b) => a.start - b.start || rank(a, b));
  const overrides = timed(schedule.overrides, f, t);
  const swaps = timed(schedule.swaps, f, t);

  const points: number[] = [f, t];
  for (const s of shifts) points.push(s.start, s.end);
  for (const o of overrides) points.push(Math.max(o.start, f), Math.min(o.end, t));
  for (const s of swaps) points.push(Math.max(s.start, f), Math.min(s.end, t));
  points.sort((a, b) => a - b);

  const out: Segment[] = [];
  let activeShifts: ShiftInstance[] = [];
  let activeOverrides: Timed<Override>[] = [];
  let activeSwaps: Timed<Swap>[] = [];
  let si = 0;
  let oi = 0;
  let wi = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    let changed = false;
    const shiftCount = activeShifts.length;
    activeShifts = activeShifts.filter((s) => s.end > a);
    if (activeShifts.length !== shiftCount) changed = true;
    while (si < shifts.length && shifts[si]!.start <= a) {
      if (shifts[si]!.end > a) activeShifts.push(shifts[si]!);
      si++;
      changed = true;
    }
    const ovCount = activeOverrides.length;
    activeOverrides = activeOverrides.filter((o) => o.end > a);
    if (activeOverrides.length !== ovCount) changed = true;
    while (oi < overrides.length && overrides[oi]!.start <= a) {
      if (overrides[oi]!.end > a) activeOverrides.push(overrides[oi]!);
      oi++;
      changed = true;
    }
    const swCount = activeSwaps.length;
    activeSwaps = activeSwaps.filter((s) => s.end > a);
    if (activeSwaps.length !== swCount) changed = true;
    while (wi < swaps.length && swaps[wi]!.start <= a) {
      if (swaps[wi]!.end > a) activeSwaps.push(swaps[wi]!);
      wi++;
      changed = true;
    }
    const prev = out[out.length - 1];
    if (prev && prev.end === a && !changed) {
      prev.end = b;
      continue;
    }
    activeShifts.sort(rank);
    activeOverrides.sort(byStartThenIndex);
    activeSwaps.sort(byStartThenIndex);
    const state = evaluate(activeShifts, rotations, activeSwaps, activeOverrides);
    if (prev && prev.end === a && sameState(prev, state)) prev.end = b;
    else out.push({ start: a, end: b, ...state });
  }
  return out;
}

// ── Queries ────────────────────────────────────────────────────────────────────────────────

/** Who is primary and backup at instant t, with swaps and overrides applied (rules above). */
export function onCallAt(schedule: Schedule, t: Instant): OnCall {
  const at = ms(t);
  const seg = timeline(schedule, at, at + 1)[0]!;
  const { start: _s, end: _e, ...state } = seg;
  return { at, ...state };
}

const HORIZONS = [8, 35, 120, 400, 800].map((d) => d * DAY_MS);

/**
 * Now (as onCallAt), the next change of primary or backup after t, and the next handover (the
 * next instant a different person becomes primary). Looks ahead 8 days, then further (up to
 * ~2 years) only when nothing changes that soon.
 */
export function nowNext(schedule: Schedule, t: Instant): NowNext {
  const at = ms(t);
  let next: NextChange | null = null;
  let handover: Handover | null = null;
  let now: OnCall | null = null;
  for (const h of HORIZONS) {
    const segs = timeline(schedule, at, at + h);
    const first = segs[0]!;
    if (!now) {
      const { start: _s, end: _e, ...state } = first;
      now = { at, ...state };
    }
    let prevPrimary = first.primary;
    for (let i = 1; i < segs.length; i++) {
      const s = segs[i]!;
      if (!next && (s.primary !== now.primary || s.backup !== now.backup)) {
        const changed: Role[] = [];
        if (s.primary !== now.primary) changed.push('primary');
        if (s.backup !== now.backup) changed.push('backup');
        next = { at: s.start, inMs: s.start - at, primary: s.primary, backup: s.backup, changed };
      }
      if (!handover && s.primary !== null && s.primary !== prevPrimary) {
        handover = { at: s.start, inMs: s.start - at, from: prevPrimary, to: s.primary };
      }
      prevPrimary = s.primary;
      if (next && handover) break;
    }
    if (next && handover) break;
  }
  return { now: now!, next, handover };
}

/**
 * Every maximal span in [from, to) with no primary, no backup or neither, with the role missing.
 * Adjacent spans missing different roles are listed separately. From the timeline's change
 * points, so starts and ends are exact.
 */
export function coverageGaps(schedule: Schedule, from: Instant, to: Instant): Gap[] {
  const out: Gap[] = [];
  for (const s of timeline(schedule, from, to)) {
    const missing = s.primary === null ? (s.backup === null ? 'both' : 'primary') : s.backup === null ? 'backup' : null;
    if (!missing) continue;
    const prev = out[out.length - 1];
    if (prev && prev.end === s.start && prev.missing === missing) prev.end = s.end;
    else out.push({ start: s.start, end: s.end, missing });
  }
  return out;
}

/** Each person's on-call spans by role over a timeline, merged where they touch. */
function spansByPerson(segs: readonly Segment[]): Map<string, RoleSpan[]> {
  const out = new Map<string, RoleSpan[]>();
  const add = (person: string | null, role: Role, start: number, end: number) => {
    if (person === null) return;
    let list = out.get(person);
    if (!list) out.set(person, (list = []));
    // Segments arrive in time order, so the touching span (if any) is the last of this role.
    for (let i = list.length - 1; i >= 0; i--) {
      const sp = list[i]!;
      if (sp.role !== role) continue;
      if (sp.end === start) {
        sp.end = end;
        return;
      }
      break;
    }
    list.push({ role, start, end });
  };
  for (const s of segs) {
    add(s.primary, 'primary', s.start, s.end);
    add(s.backup, 'backup', s.start, s.end);
  }
  return out;
}

/** Parts of `a` not covered by `b` (both sorted, non-overlapping within a role). */
function subtract(a: readonly RoleSpan[], b: readonly RoleSpan[]): RoleSpan[] {
  const out: RoleSpan[] = [];
  for (const role of ['primary', 'backup'] as const) {
    const bs = b.filter((s) => s.role === role);
    for (const s of a) {
      if (s.role !== role) continue;
      let cur = s.start;
      for (const x of bs) {
        if (x.end <= cur || x.start >= s.end) continue;
        if (x.start > cur) out.push({ role, start: cur, end: x.start });
        cur = Math.max(cur, x.end);
        if (cur >= s.end) break;
      }
      if (cur < s.end) out.push({ role, start: cur, end: s.end });
    }
  }
  return out.sort((x, y) => x.start - y.start || (x.role === y.role ? 0 : x.role === 'primary' ? -1 : 1));
}

/**
 * The people whose on-call spans (as primary or backup) differ between two versions of a
 * schedule within [from, to) — whose future shifts an edit moves — with the spans added and
 * removed, by role. Sorted by person; people with no difference are left out.
 */
export function affectedPeople(before: Schedule, after: Schedule, from: Instant, to: Instant): PersonChange[] {
  const a = spansByPerson(timeline(before, from, to));
  const b = spansByPerson(timeline(after, from, to));
  const people = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: PersonChange[] = [];
  for (const person of people) {
    const was = a.get(person) ?? [];
    const now = b.get(person) ?? [];
    const added = subtract(now, was);
    const removed = subtract(was, now);
    if (added.length || removed.length) out.push({ person, added, removed });
  }
  return out;
}
