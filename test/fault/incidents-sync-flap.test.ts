// The sync fault test: two consoles make 1,000 edits between them on shared incidents while the
// platform's incident routes flap — faults switched on and off every 2 s, including a write
// applied and then its connection dropped. Afterwards both consoles and the platform hold exactly
// the same events (none lost, none duplicated, counted by id) and the same derived state.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventBody, IncidentEvent } from '../../shared/incidents/events.ts';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { openCore } from '../helpers/console.ts';
import { DemoControl, platformProfile, startDemo, tokenOf, value, type Fault } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor } from '../helpers/wait.ts';

const scratch = useScratch();
const EDITS = 1000;
const BURSTS = 10;
const FLAP_MS = 2000;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault sets the flapper switches between; each "on" period uses the next one. */
const FAULT_SETS: Array<Array<Fault | Record<string, unknown>>> = [
  [{ service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'apply_then_drop' }],
  [{ service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'error500' }],
  [{ service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'apply_then_500' }],
  [
    { service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'slow', delay_ms: 300 },
    { service: 'admin', method: 'GET', path: '/api/v1/incidents', mode: 'malformed' },
  ],
  [{ service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'hang' }],
  [
    { service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'malformed' },
    { service: 'admin', method: 'GET', path: '/api/v1/incidents', mode: 'error500' },
  ],
  [{ service: 'admin', method: 'POST', path: '/api/v1/incidents*', mode: 'apply_then_hang' }],
];

describe('two consoles, 1,000 edits, a flapping platform', () => {
  it('end with exactly the same events as the platform, none lost or duplicated, and the same state', { timeout: 300_000 }, async () => {
    const demo = await startDemo(scratch);
    const control = new DemoControl(demo);
    const profile = platformProfile(demo);
    const open = (name: string) =>
      openCore(scratch, {
        dataDir: join(scratch.tempDir(`switchyard-flap-${name}-`), 'profile'),
        profile,
        tokens: new MemoryTokenStore({ [profile.name]: tokenOf('operator') }),
        clock: () => new Date(),
        actor: name,
        sync: { schedule: true, pullEveryMs: 100, baseBackoffMs: 20, maxBackoffMs: 300, timeoutMs: 1000 },
      });
    const a = open('asha');
    const b = open('ravi');
    const consoles = [a, b];

    // Three incidents declared on a, seen by b.
    const incidents: string[] = [];
    for (const title of ['UPI p99 450 ms', 'IMPS approval 71 %', 'Paytm callbacks 503']) {
      incidents.push((await value(a, 'incidents.declare', { title, severity: 'SEV2', rails: ['upi'], runbookIds: [] })).incidentId);
    }
    await waitFor('b to pull the three incidents', async () => {
      await b.sync.now();
      return (await value(b, 'incidents.list', { limit: 10 })).length === 3;
    }, { timeoutMs: 30_000 });

    // The flapper: on, off, on, … every 2 s, each "on" with the next set of faults.
    let toggles = 0;
    let on = false;
    const flapper = setInterval(() => {
      on = !on;
      const set = FAULT_SETS[Math.floor(toggles / 2) % FAULT_SETS.length]!;
      toggles += 1;
      void (on ? control.setFaults(set as Fault[]) : control.clearFaults()).catch(() => undefined);
    }, FLAP_MS);
    scratch.defer(() => clearInterval(flapper));

    const rnd = mulberry32(20261201);
    const made: string[] = [];
    let refused = 0;
    const bodyFor = (n: number): EventBody => {
      const r = rnd();
      if (r < 0.7) return { type: 'note_added', text: `edit ${n}: p99 ${300 + Math.floor(rnd() * 300)} ms` };
      if (r < 0.85) return { type: 'status_posted', audience: 'internal', text: `update ${n}: still degraded` };
      if (r < 0.95) return { type: 'severity_changed', severity: rnd() < 0.5 ? 'SEV1' : 'SEV2', reason: `edit ${n}` };
      return { type: 'role_assigned', role: 'responder', person: rnd() < 0.5 ? 'asha' : 'ravi' };
    };
    for (let burst = 0; burst < BURSTS; burst++) {
      // Each burst lands in a different fault period: wait for the flapper to move on.
      const seen = toggles;
      await waitFor('the flapper to switch', () => toggles > seen, { timeoutMs: 3 * FLAP_MS + 5000 });
      for (let i = 0; i < EDITS / BURSTS; i++) {
        const n = burst * (EDITS / BURSTS) + i;
        const core = consoles[n % 2]!;
        const incidentId = incidents[Math.floor(rnd() * incidents.length)]!;
        const ctx = { transport: 'ipc', role: 'operator' } as const;
        let r = await core.handlers['incidents.record']({ incidentId, body: bodyFor(n) } as never, ctx);
        // A severity it already has, a role the person already holds: the lifecycle refuses
        // those (as it should); the edit becomes a note instead, so there are still 1,000.
        if (!r.ok && r.error.code === 'conflict') r = await core.handlers['incidents.record']({ incidentId, body: { type: 'note_added', text: `edit ${n}` } } as never, ctx);
        if (r.ok) made.push(r.value.events.at(-1)!.id);
        else refused += 1;
      }
    }
    clearInterval(flapper);
    await control.clearFaults();
    expect(refused).toBe(0);
    expect(made).toHaveLength(EDITS);
    expect(toggles).toBeGreaterThanOrEqual(BURSTS);

    // Once the platform is steady, both consoles drain their outboxes and pull everything.
    const ids = (core: typeof a) => (core.db.prepare('SELECT id FROM incident_events ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
    const platformIds = async () => {
      const r = await control.send('admin', 'GET', '/api/v1/incidents?since=&limit=10000', { as: 'viewer' });
      const feed = r.body as { incidents: Array<{ switchyard: { event: IncidentEvent } }>; events: Array<{ id: string }> };
      return [...feed.incidents.map((i) => i.switchyard.event.id), ...feed.events.map((e) => e.id)];
    };
    await waitFor(
      'both consoles to hold what the platform holds',
      async () => {
        for (const core of consoles) await core.sync.now();
        const s = await Promise.all(consoles.map((core) => value(core, 'incidents.syncStatus')));
        if (s.some((x) => x.waiting > 0 || x.conflicts > 0)) return false;
        const p = (await platformIds()).sort().join();
        return ids(a).join() === p && ids(b).join() === p;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );

    const onPlatform = await platformIds();
    expect(new Set(onPlatform).size).toBe(onPlatform.length); // none duplicated
    for (const id of made) expect(onPlatform).toContain(id); // none lost
    const declaredEvents = incidents.length;
    expect(onPlatform).toHaveLength(EDITS + declaredEvents);
    expect(ids(a)).toEqual(ids(b));
    // The platform created each exactly once, whatever the faults did to the answers.
    const sim = (await control.state()) as unknown as { writes: Record<string, number>; requests: { admin: Record<string, number> } };
    const sum = (m: Record<string, number>) => Object.entries(m).filter(([k]) => k.startsWith('POST /api/v1/incidents')).reduce((n, [, v]) => n + v, 0);
    const created = sum(sim.writes);
    expect(created).toBe(EDITS + declaredEvents);
    // The faults did bite: many sends were cut off or refused and sent again.
    const sent = sum(sim.requests.admin);
    expect(sent - created).toBeGreaterThan(20);
    console.info(`[sync-flap] ${created} events created by ${sent} POSTs over ${toggles} fault switches`);
    // The same derived state on both consoles, incident by incident.
    for (const incidentId of incidents) {
      const ea = (await value(a, 'incidents.get', { incidentId })).events;
      const eb = (await value(b, 'incidents.get', { incidentId })).events;
      expect(foldIncident(eb)).toEqual(foldIncident(ea));
    }
  });
});
