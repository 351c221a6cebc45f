/**
 * Incident benchmark (`npm run bench -- incidents`):
 *  (a) folding one incident of 10,000 events into its state (foldIncident: sort, lifecycle
 *      checks, roles, checklists, timeline), beside a plain loop over the same rows in the
 *      same run (sort by the same key, then one switch per event setting the fields a list
 *      row needs);
 *  (b) evaluating the clocks of 1,000 open incidents (incidentClocks on folded views), beside
 *      a plain loop computing one fixed deadline per incident from its declaration time.
 * Targets: (a) ≤ 5× the plain loop; (b) ≤ 50×: up to six clocks per incident, each with its
 * state, ISO times and words, against one subtraction — and what matters on screen, the share
 * of one core that re-evaluating every open incident each second costs, is printed beside it.
 * Figures are printed with their ratio; a missed target is reported, not thrown.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { incidentClocks } from '../../shared/incidents/clocks.ts';
import { compareEvents, type IncidentEvent } from '../../shared/incidents/events.ts';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { parseSeverityPolicy } from '../../shared/incidents/policy.ts';
import { formatMs, LatencySamples, renderTable } from './latency.ts';
import { SeededRandom } from './seeded-random.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const parsed = parseSeverityPolicy(readFileSync(join(root, 'resources/severity-policies/platform-runbook.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('bundled policy does not parse');
const policy = parsed.value;
const rnd = new SeededRandom(20261130);
const T0 = Date.parse('2026-11-30T03:14:00.000Z');

let n = 0;
function ev(incidentId: string, atMs: number, body: Record<string, unknown>, origin = 'console-a'): IncidentEvent {
  n += 1;
  const at = new Date(atMs).toISOString();
  return { id: `e${String(n).padStart(8, '0')}`, incidentId, at, enteredAt: at, actor: rnd.pick(['asha', 'ravi', 'meera']), origin, ...body } as IncidentEvent;
}

/** One busy incident: declared, acknowledged, then notes, ticks, status updates, role changes, pins. */
function bigIncident(count: number): IncidentEvent[] {
  const id = 'INC-BENCH-BIG';
  const out = [
    ev(id, T0, { type: 'declared', title: 'UPI down', severity: 'SEV1', policyId: 'platform-runbook', rails: ['upi'], brands: [], runbookIds: [], breach: null, summary: '' }),
    ev(id, T0 + 60_000, { type: 'acknowledged', owner: 'asha' }),
    ev(id, T0 + 61_000, { type: 'runbook_attached', runbookId: 'rail-latency-spike', version: 1 }),
  ];
  for (let i = out.length; i < count; i++) {
    const at = T0 + 120_000 + i * 1000;
    const k = rnd.int(0, 9);
    const origin = rnd.chance(0.5) ? 'console-a' : 'console-b';
    if (k < 5) out.push(ev(id, at, { type: 'note_added', text: `observation ${i}` }, origin));
    else if (k < 7) out.push(ev(id, at, { type: 'checklist_ticked', runbookId: 'rail-latency-spike', version: 1, text: `step ${i % 20}`, nth: 1, ticked: rnd.chance(0.7) }, origin));
    else if (k < 8) out.push(ev(id, at, { type: 'status_posted', audience: rnd.chance(0.5) ? 'internal' : 'customer', text: `update ${i}` }, origin));
    else if (k < 9) out.push(ev(id, at, { type: 'role_assigned', role: 'responder', person: `eng${i % 7}` }, origin));
    else out.push(ev(id, at, { type: 'event_pinned', eventId: out[rnd.int(0, out.length - 1)]!.id, pinned: rnd.chance(0.8) }, origin));
  }
  // Arrival order is not event order (two consoles, a sync): shuffle.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function plainLoop(events: readonly IncidentEvent[]): { state: string; notes: number; updates: number; owner: string | null } {
  const sorted = [...events].sort(compareEvents);
  let state = 'declared';
  let notes = 0;
  let updates = 0;
  let owner: string | null = null;
  for (const e of sorted) {
    switch (e.type) {
      case 'acknowledged':
        state = 'acknowledged';
        owner = e.owner;
        break;
      case 'note_added':
        notes += 1;
        break;
      case 'status_posted':
        updates += 1;
        break;
      default:
        break;
    }
  }
  return { state, notes, updates, owner };
}

function time(samples: LatencySamples, fn: () => unknown): unknown {
  const t = process.hrtime.bigint();
  const r = fn();
  samples.add(process.hrtime.bigint() - t);
  return r;
}

// (a) fold
const big = bigIncident(10_000);
const foldS = new LatencySamples('foldIncident, 10,000 events');
const loopS = new LatencySamples('plain loop, same rows');
for (let i = 0; i < 3; i++) (foldIncident(big), plainLoop(big)); // warm-up
for (let i = 0; i < 30; i++) {
  const view = time(foldS, () => foldIncident(big)) as ReturnType<typeof foldIncident>;
  const plain = time(loopS, () => plainLoop(big)) as ReturnType<typeof plainLoop>;
  if (view.notes.length !== plain.notes || view.statusUpdates.length !== plain.updates) throw new Error('fold and loop disagree on the same rows');
}

// (b) clocks of 1,000 open incidents
const views = Array.from({ length: 1000 }, (_, i) => {
  const id = `INC-BENCH-${i}`;
  const at = T0 - rnd.int(0, 6 * 3600_000);
  const evs = [ev(id, at, { type: 'declared', title: `incident ${i}`, severity: rnd.pick(['SEV1', 'SEV2', 'SEV3', 'SEV4']), policyId: 'platform-runbook', rails: ['upi'], brands: [], runbookIds: [], breach: null, summary: '' })];
  if (rnd.chance(0.6)) evs.push(ev(id, at + rnd.int(1, 30) * 60_000, { type: 'acknowledged', owner: 'asha' }));
  if (rnd.chance(0.5)) evs.push(ev(id, at + rnd.int(1, 60) * 60_000, { type: 'status_posted', audience: 'internal', text: 'still on it' }));
  return foldIncident(evs);
});
const now = new Date(T0);
const clocksS = new LatencySamples('incidentClocks × 1,000 open incidents');
const baseS = new LatencySamples('plain loop: one deadline each');
const ACK_MS = { SEV1: 5, SEV2: 15, SEV3: 60, SEV4: 1440 } as const;
for (let i = 0; i < 3; i++) views.forEach((v) => incidentClocks(v, policy, now));
for (let i = 0; i < 30; i++) {
  time(clocksS, () => views.map((v) => incidentClocks(v, policy, now)));
  time(baseS, () => views.map((v) => Date.parse(v.declaredAt!) + ACK_MS[v.severity!] * 60_000 - now.getTime()));
}

const row = (s: LatencySamples, base: LatencySamples | null, target: number | null) => {
  const ratio = base ? s.p50 / base.p50 : null;
  return [
    s.label,
    formatMs(s.p50),
    formatMs(s.p95),
    ratio === null ? '—' : `${ratio.toFixed(1)}×`,
    target === null ? '' : ratio! <= target ? `✓ ≤ ${target}×` : `✗ target ≤ ${target}×`,
  ];
};
console.log(
  renderTable([
    ['measure', 'p50', 'p95', 'ratio', 'target'],
    row(foldS, loopS, 5),
    row(loopS, null, null),
    row(clocksS, baseS, 50),
    row(baseS, null, null),
  ]),
);
console.log(`\nRe-evaluating 1,000 open incidents' clocks every second (the top bar and wall tick): ${((clocksS.p50 / 1000) * 100).toFixed(1)} % of one core.`);
