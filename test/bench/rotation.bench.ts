/**
 * Rotation benchmark (`npm run bench -- rotation`): a year-long 3-region follow-the-sun rotation
 * (Asia/Kolkata 08–17, Europe/London 07–16, America/New_York 09–18: a nightly hole; weekly turns)
 * with 50 overrides and 5 swaps:
 *  (a) now/next (nowNext) at random instants of the year;
 *  (b) the 30-day coverage-gap report (coverageGaps) from random starts;
 *  (c) the whole year's timeline, once;
 * beside, in the same run, the brute-force computation of the same 30 days minute by minute
 * (43,200 minutes: the zone's clock at each minute, is a shift on, turn, swaps, overrides), whose
 * gaps must equal coverageGaps'. Targets: (a) p50 ≤ 5 ms, (b) p50 ≤ 20 ms and ≥ 50× faster than
 * the brute force. Figures are printed with their ratio; a missed target is reported, not thrown.
 */
import { IANAZone } from 'luxon';
import { coverageGaps, nowNext, timeline, type Gap } from '../../shared/rotation/oncall.ts';
import { Schedule } from '../../shared/rotation/schema.ts';
import { elapsedMs, formatMs, formatRatio, LatencySamples, renderTable } from './latency.ts';
import { SeededRandom } from './seeded-random.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const Y0 = Date.parse('2026-01-01T00:00:00Z');
const rnd = new SeededRandom(20260317);
const iso = (t: number) => new Date(t).toISOString();

const rotations = [
  { id: 'apac', name: 'APAC', region: 'APAC', timezone: 'Asia/Kolkata', from: '08:00', to: '17:00', every: 'week', start: '2026-01-05', people: ['asha', 'ravi', 'meera', 'vikram'] },
  { id: 'emea', name: 'EMEA', region: 'EMEA', timezone: 'Europe/London', from: '07:00', to: '16:00', every: 'week', start: '2026-01-05', people: ['oliver', 'amelia', 'jack'] },
  { id: 'amer', name: 'AMER', region: 'AMER', timezone: 'America/New_York', from: '09:00', to: '18:00', every: 'week', start: '2026-01-05', people: ['sofia', 'liam', 'ethan'] },
] as const;
const everyone = rotations.flatMap((r) => [...r.people]);
const overrides = Array.from({ length: 50 }, (_, i) => {
  const start = Y0 + rnd.int(0, 364 * 24 * 60) * MIN;
  const rot = rnd.chance(0.4) ? rnd.pick(rotations) : null;
  return { id: `o${i}`, role: rnd.pick(['primary', 'backup'] as const), person: rnd.chance(0.2) ? 'cover' : rnd.pick(everyone), start: iso(start), end: iso(start + rnd.int(30, 3 * 24 * 60) * MIN), ...(rot ? { rotationId: rot.id } : {}) };
});
const swaps = Array.from({ length: 5 }, (_, i) => {
  const start = Y0 + rnd.int(0, 355 * 24 * 60) * MIN;
  const [a, b] = rnd.sample(everyone, 2);
  return { id: `s${i}`, a: a!, b: b!, start: iso(start), end: iso(start + rnd.int(60, 7 * 24 * 60) * MIN) };
});
const schedule = Schedule.parse({ id: 'bench', name: 'Bench', rotations, overrides, swaps });

/** The same rules, naively: every minute of [from, to) on its own (see test/unit/rotation-oncall.test.ts). */
function bruteGaps(s: Schedule, from: number, to: number): Gap[] {
  const wd = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const rots = s.rotations.map((r) => {
    const f = Number(r.from.slice(0, 2)) * 60 + Number(r.from.slice(3));
    const t = Number(r.to.slice(0, 2)) * 60 + Number(r.to.slice(3));
    return { r, zone: IANAZone.create(r.timezone), f, t, next: t <= f ? 1 : 0, startDay: Date.parse(`${r.start}T00:00:00Z`) / DAY, shown: -Infinity, cur: null as null | { day: number; since: number } };
  });
  const sw = s.swaps.map((x, idx) => ({ ...x, idx, s: Date.parse(x.start), e: Date.parse(x.end) }));
  const ov = s.overrides.map((x) => ({ ...x, s: Date.parse(x.start), e: Date.parse(x.end) }));
  const out: Gap[] = [];
  for (let u = from - 3 * DAY; u < to; u += MIN) {
    for (const z of rots) {
      const wall = u + z.zone.offset(u) * MIN;
      if (wall > z.shown) z.shown = wall;
      const day = Math.floor(z.shown / DAY);
      let on: number | null = null;
      for (const d of [day, day - 1]) {
        if (!z.r.days.includes(wd[(((d + 3) % 7) + 7) % 7] as never)) continue;
        if (d * DAY + z.f * MIN <= z.shown && z.shown < (d + z.next) * DAY + z.t * MIN) on = d;
      }
      if (on === null) z.cur = null;
      else if (!z.cur || z.cur.day !== on) z.cur = { day: on, since: u };
    }
    if (u < from) continue;
    let lead: (typeof rots)[number] | null = null;
    for (const z of rots) if (z.cur && (!lead || z.cur.since < lead.cur!.since)) lead = z;
    let primary: string | null = null;
    let backup: string | null = null;
    if (lead) {
      const n = lead.r.people.length;
      const days = lead.cur!.day - lead.startDay;
      const k = lead.r.every === 'day' ? days : Math.floor(days / 7);
      const at = (j: number) => lead.r.people[((j % n) + n) % n]!;
      const active = sw.filter((x) => x.s <= u && u < x.e).sort((a, b) => a.s - b.s || a.idx - b.idx);
      const swap = (name: string) => active.reduce((v, x) => (v === x.a ? x.b : v === x.b ? x.a : v), name);
      const p0 = swap(at(k));
      const b0 = swap(at(k + lead.r.backupOffset));
      const best = (role: string) => {
        let found: (typeof ov)[number] | null = null;
        for (const x of ov) if (x.role === role && x.s <= u && u < x.e && (!x.rotationId || x.rotationId === lead.r.id) && (!found || x.s >= found.s)) found = x;
        return found;
      };
      const op = best('primary');
      const ob = best('backup');
      primary = op ? op.person : p0;
      backup = ob ? ob.person : b0;
      if (backup === primary) {
        const off = [...(op && op.person !== p0 ? [p0] : []), ...(ob && ob.person !== b0 ? [b0] : [])];
        backup = null;
        for (let j = 1; j < n; j++) {
          const c = swap(at(k + lead.r.backupOffset + j));
          if (c !== primary && !off.includes(c)) {
            backup = c;
            break;
          }
        }
      }
    }
    const missing = primary === null ? (backup === null ? 'both' : 'primary') : backup === null ? 'backup' : null;
    if (!missing) continue;
    const last = out[out.length - 1];
    if (last && last.end === u && last.missing === missing) last.end = u + MIN;
    else out.push({ start: u, end: u + MIN, missing });
  }
  return out;
}

function time<T>(samples: LatencySamples, fn: () => T): T {
  const t = process.hrtime.bigint();
  const r = fn();
  samples.add(process.hrtime.bigint() - t);
  return r;
}

const randomInstant = () => Y0 + rnd.int(0, 330 * 24 * 60) * MIN + rnd.int(0, MIN - 1);

// First calls, before anything is warm (JIT, the zone formatter, the local-time memo).
let t = process.hrtime.bigint();
nowNext(schedule, randomInstant());
const coldNowNext = elapsedMs(t);
t = process.hrtime.bigint();
const coldFrom = randomInstant();
coverageGaps(schedule, coldFrom, coldFrom + 30 * DAY);
const coldGaps = elapsedMs(t);

const nowS = new LatencySamples('nowNext (now, next change, handover)');
const gapS = new LatencySamples('coverageGaps, 30 days');
const bruteS = new LatencySamples('brute force, same 30 days by minute');
const yearS = new LatencySamples('timeline, whole year');
for (let i = 0; i < 300; i++) time(nowS, () => nowNext(schedule, randomInstant()));
let gapCount = 0;
for (let i = 0; i < 30; i++) {
  const from = randomInstant();
  const gaps = time(gapS, () => coverageGaps(schedule, from, from + 30 * DAY));
  gapCount += gaps.length;
  if (i < 3) {
    // The baseline on the same windows, in the same run; the two must agree (minute-aligned window).
    const a = from - (from % MIN);
    const want = time(bruteS, () => bruteGaps(schedule, a, a + 30 * DAY));
    if (JSON.stringify(want) !== JSON.stringify(coverageGaps(schedule, a, a + 30 * DAY))) throw new Error(`brute force and coverageGaps disagree on ${iso(a)} + 30 days`);
  }
}
let segments = 0;
for (let i = 0; i < 5; i++) segments = time(yearS, () => timeline(schedule, Y0, Y0 + 365 * DAY)).length;

const target = (ok: boolean, text: string) => (ok ? `✓ ${text}` : `✗ target ${text}`);
const speedup = bruteS.p50 / gapS.p50;
console.log(
  renderTable([
    ['measure', 'p50', 'p95', 'vs brute force', 'target'],
    [nowS.label, formatMs(nowS.p50), formatMs(nowS.p95), formatRatio(bruteS.p50 / nowS.p50) + ' faster', target(nowS.p50 <= 5, '≤ 5 ms')],
    [gapS.label, formatMs(gapS.p50), formatMs(gapS.p95), formatRatio(speedup) + ' faster', target(gapS.p50 <= 20 && speedup >= 50, '≤ 20 ms, ≥ 50×')],
    [yearS.label, formatMs(yearS.p50), formatMs(yearS.p95), formatRatio(bruteS.p50 / yearS.p50) + ' faster', ''],
    [bruteS.label, formatMs(bruteS.p50), formatMs(bruteS.p95), '1×', ''],
  ]),
);
console.log(`\nFirst calls (cold): nowNext ${formatMs(coldNowNext)}, 30-day gap report ${formatMs(coldGaps)}.`);
console.log(`Schedule: 3 rotations, ${overrides.length} overrides, ${swaps.length} swaps; a year is ${segments} segments; ${(gapCount / 30).toFixed(1)} gaps per 30-day report on average.`);
