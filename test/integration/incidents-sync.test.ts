// Incident sync against the real demo platform over HTTP: the outbox sends each event once, in
// order, with its id as Idempotency-Key; a pull brings another console's events; the derived
// state is the same on both consoles; a refusal is a visible conflict, never dropped.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldIncident } from '../../shared/incidents/fold.ts';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { startDemoPlatform } from '../../electron/demo-platform/index.ts';
import { manualClock, openCore } from '../helpers/console.ts';
import { useScratch, type Scratch } from '../helpers/scratch.ts';
import { call, DemoControl, freePort, platformProfile, startDemo, tokenOf, value } from '../helpers/platform.ts';

const scratch = useScratch();
const FAST = { schedule: false, timeoutMs: 1500, baseBackoffMs: 5, maxBackoffMs: 20, pageLimit: 50 } as const;

function consoleOn(s: Scratch, urls: { adminUrl: string; gatewayUrl: string }, name: string, clockStart = '2026-03-11T03:14:00.000Z') {
  const profile = platformProfile(urls);
  const tokens = new MemoryTokenStore({ [profile.name]: tokenOf('operator') });
  const dataDir = join(s.tempDir(`switchyard-sync-${name}-`), 'profile');
  const clock = manualClock(clockStart);
  const core = openCore(s, { dataDir, profile, tokens, clock, actor: name, sync: FAST });
  return { core, clock, dataDir };
}

type Console = ReturnType<typeof consoleOn>;

async function declare(c: Console, title = 'UPI p99 450 ms on every brand') {
  return value(c.core, 'incidents.declare', { title, severity: 'SEV2', rails: ['upi'], runbookIds: [] });
}

async function note(c: Console, incidentId: string, text: string) {
  c.clock.advance(1000);
  return value(c.core, 'incidents.record', { incidentId, body: { type: 'note_added', text } });
}

async function platformEvents(control: DemoControl): Promise<{ incidents: Array<Record<string, unknown>>; events: Array<Record<string, unknown>> }> {
  const r = await control.send('admin', 'GET', '/api/v1/incidents?since=&limit=10000', { as: 'viewer' });
  expect(r.status).toBe(200);
  return r.body as { incidents: Array<Record<string, unknown>>; events: Array<Record<string, unknown>> };
}

/** Every event id the platform holds (the declaration rides on the incident record). */
async function platformIds(control: DemoControl): Promise<string[]> {
  const feed = await platformEvents(control);
  return [
    ...feed.incidents.map((i) => (i.switchyard as { event: IncidentEvent }).event.id),
    ...feed.events.map((e) => String(e.id)),
  ].sort();
}

const localIds = (c: Console, incidentId: string) => c.core.db.prepare('SELECT id FROM incident_events WHERE incident_id = ? ORDER BY id').all(incidentId).map((r) => (r as { id: string }).id);

describe('the outbox', () => {
  it('keeps what was written offline, in order, and sends each event once when the platform is back', async () => {
    const adminPort = await freePort();
    const gatewayPort = await freePort();
    const urls = { adminUrl: `http://127.0.0.1:${adminPort}`, gatewayUrl: `http://127.0.0.1:${gatewayPort}` };
    const a = consoleOn(scratch, urls, 'asha');

    // Offline: declared, two notes, an acknowledgement — all on this console, all waiting.
    const d = await declare(a);
    await note(a, d.incidentId, 'razorpay callbacks slow');
    await note(a, d.incidentId, 'p99 450 ms since 03:10');
    await value(a.core, 'incidents.record', { incidentId: d.incidentId, body: { type: 'acknowledged', owner: 'asha' } });
    await a.core.sync.pass();
    let status = await value(a.core, 'incidents.syncStatus');
    expect(status.enabled).toBe(true);
    expect(status.waiting).toBe(d.events.length + 3);
    expect(status.incidents).toEqual([expect.objectContaining({ incidentId: d.incidentId, waiting: d.events.length + 3, conflicts: [] })]);
    expect(status.lastReachedAt).toBeNull();
    expect(status.lastError).toMatch(/connection refused|unreachable/);
    expect(status.failingSince).not.toBeNull();

    // The platform comes up: one pass sends everything, in order, exactly once.
    const demo = await startDemoPlatform({ seed: 7, adminPort, gatewayPort });
    scratch.defer(() => demo.stop());
    const control = new DemoControl(demo);
    await value(a.core, 'incidents.syncNow');
    status = await value(a.core, 'incidents.syncStatus');
    expect(status.waiting).toBe(0);
    expect(status.lastError).toBeNull();
    expect(status.lastReachedAt).toBe(a.clock.iso());
    expect(await platformIds(control)).toEqual(localIds(a, d.incidentId));
    const sim = (await control.state()) as unknown as { writes: Record<string, number> };
    expect(sim.writes['POST /api/v1/incidents']).toBe(1);
    expect(sim.writes[`POST /api/v1/incidents/${d.incidentId}/events`]).toBe(d.events.length + 2);

    // Nothing is sent twice: a second pass finds nothing to send.
    await value(a.core, 'incidents.syncNow');
    const again = (await control.state()) as unknown as { requests: { admin: Record<string, number> } };
    expect(again.requests.admin[`POST /api/v1/incidents/${d.incidentId}/events`]).toBe(d.events.length + 2);
  });

  it('a write applied and then answered with 500 is retried with the same key and settles without a duplicate', async () => {
    const demo = await startDemo(scratch);
    const control = new DemoControl(demo);
    const a = consoleOn(scratch, demo, 'asha');
    const d = await declare(a);
    await a.core.sync.pass();
    await control.setFaults([{ service: 'admin', method: 'POST', path: '/api/v1/incidents/*/events', mode: 'apply_then_500', times: 2 }]);
    await note(a, d.incidentId, 'applied, then the answer was lost');
    await a.core.sync.pass(); // applied, 500
    expect((await value(a.core, 'incidents.syncStatus')).waiting).toBe(1);
    await a.core.sync.pass(); // the replay of the key: applied nothing new, still 500
    await a.core.sync.pass(); // the first answer, replayed
    expect((await value(a.core, 'incidents.syncStatus')).waiting).toBe(0);
    expect(await platformIds(control)).toEqual(localIds(a, d.incidentId));
  });

  it('a refused event is a conflict on its incident: later events of that incident wait behind it, others go on; retry and discard', async () => {
    const demo = await startDemo(scratch);
    const a = consoleOn(scratch, demo, 'asha');
    const d1 = await declare(a, 'UPI p99 450 ms');
    const d2 = await declare(a, 'IMPS approval 71 %');
    await a.core.sync.pass();

    // An event whose incident the platform does not know (a 404): refused.
    const ghost = await note(a, d1.incidentId, 'first');
    const ghostId = ghost.events.at(-1)!.id;
    a.core.db.prepare("UPDATE incident_events SET incident_id = 'INC-000000-ghost0' WHERE id = ?").run(ghostId);
    a.core.db.prepare("UPDATE incident_outbox SET incident_id = 'INC-000000-ghost0' WHERE event_id = ?").run(ghostId);
    await note(a, d2.incidentId, 'on imps');
    await a.core.sync.pass();
    const status = await value(a.core, 'incidents.syncStatus');
    expect(status.conflicts).toBe(1);
    const conflict = status.incidents.find((i) => i.incidentId === 'INC-000000-ghost0')!.conflicts[0]!;
    expect(conflict).toMatchObject({ eventId: ghostId, status: 404, type: 'note_added' });
    expect(conflict.reason).toMatch(/HTTP 404: no incident INC-000000-ghost0/);
    expect(status.incidents.find((i) => i.incidentId === d2.incidentId)).toBeUndefined(); // synced

    // Retrying does not lose it; it is refused again, and stays.
    expect((await call(a.core, 'incidents.syncRetry', { eventId: ghostId })).ok).toBe(true);
    await a.core.sync.pass();
    expect((await value(a.core, 'incidents.syncStatus')).conflicts).toBe(1);
    // Discarding takes it off the timeline and keeps it whole.
    const after = await value(a.core, 'incidents.syncDiscard', { eventId: ghostId });
    expect(after.conflicts).toBe(0);
    expect(after.waiting).toBe(0);
    const kept = a.core.db.prepare('SELECT event_json, reason FROM incident_discarded WHERE event_id = ?').get(ghostId) as { event_json: string; reason: string };
    expect(JSON.parse(kept.event_json)).toMatchObject({ id: ghostId, type: 'note_added', text: 'first' });
    expect(kept.reason).toMatch(/404/);
    // Only a refused event can be discarded.
    const n = await note(a, d2.incidentId, 'not refused');
    const r = await call(a.core, 'incidents.syncDiscard', { eventId: n.events.at(-1)!.id });
    expect(r.ok).toBe(false);
  });
});

describe('two consoles', () => {
  it('see the same events and the same state, whatever order they arrived in', async () => {
    const demo = await startDemo(scratch);
    const control = new DemoControl(demo);
    const a = consoleOn(scratch, demo, 'asha');
    const b = consoleOn(scratch, demo, 'ravi');
    const d = await declare(a);
    await a.core.sync.pass();
    await b.core.sync.pass();
    expect(localIds(b, d.incidentId)).toEqual(localIds(a, d.incidentId));

    // Both work the incident at once, offline from each other; b acknowledges 5 s before a does.
    a.clock.advance(10_000);
    b.clock.advance(5_000);
    await value(a.core, 'incidents.record', { incidentId: d.incidentId, body: { type: 'acknowledged', owner: 'asha' } });
    await value(b.core, 'incidents.record', { incidentId: d.incidentId, body: { type: 'acknowledged', owner: 'ravi' } });
    for (let i = 0; i < 5; i++) {
      await note(a, d.incidentId, `asha ${i}`);
      await note(b, d.incidentId, `ravi ${i}`);
    }
    await value(b.core, 'incidents.record', { incidentId: d.incidentId, body: { type: 'severity_changed', severity: 'SEV1', reason: 'all brands' } });
    // b sends first, a second; then both pull.
    await b.core.sync.pass();
    await a.core.sync.pass();
    await b.core.sync.pass();

    const ea = (await value(a.core, 'incidents.get', { incidentId: d.incidentId })).events;
    const eb = (await value(b.core, 'incidents.get', { incidentId: d.incidentId })).events;
    expect(eb.map((e) => e.id)).toEqual(ea.map((e) => e.id));
    expect(await platformIds(control)).toEqual(localIds(a, d.incidentId));
    const va = foldIncident(ea);
    const vb = foldIncident(eb);
    expect(vb).toEqual(va);
    // The earlier acknowledgement (ravi's, by its time) wins on both; the other is shown as not applied.
    expect(va.owner).toBe('ravi');
    expect(va.severity).toBe('SEV1');
    // Reversed arrival gives the same fold.
    expect(foldIncident([...ea].reverse())).toEqual(va);
  });

  it('pulls in pages and keeps the cursor with the events (a restart pulls nothing twice)', async () => {
    const demo = await startDemo(scratch);
    const a = consoleOn(scratch, demo, 'asha');
    const d = await declare(a);
    for (let i = 0; i < 120; i++) await note(a, d.incidentId, `n${i}`);
    await a.core.sync.pass();
    const b = consoleOn(scratch, demo, 'ravi');
    await b.core.sync.pass();
    expect(localIds(b, d.incidentId)).toEqual(localIds(a, d.incidentId));
    const cursor = b.core.db.prepare("SELECT value FROM incident_sync_state WHERE key = 'cursor'").get() as { value: string };
    expect(cursor.value).toMatch(/\.\d+$/);
    b.core.close();
    const b2 = openCore(scratch, { dataDir: b.dataDir, profile: platformProfile(demo), tokens: new MemoryTokenStore({ [platformProfile(demo).name]: tokenOf('operator') }), clock: manualClock(), sync: FAST });
    const control = new DemoControl(demo);
    const before = ((await control.state()) as unknown as { requests: { admin: Record<string, number> } }).requests.admin['GET /api/v1/incidents'] ?? 0;
    await b2.sync.pass();
    const afterRequests = ((await control.state()) as unknown as { requests: { admin: Record<string, number> } }).requests.admin['GET /api/v1/incidents'] ?? 0;
    expect(afterRequests - before).toBe(1); // one page, empty: it started where it stopped
  });
});
