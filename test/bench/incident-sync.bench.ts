/**
 * Incident sync benchmark (`npm run bench -- incident-sync`), against the demo platform over
 * real HTTP on 127.0.0.1:
 *  (a) pulling 100,000 events (200 incidents, arriving interleaved) from the platform's feed into
 *      a fresh console's SQLite — pages, JSON, validation, merge by id, heads, cursor — beside a
 *      raw batched insert of the same rows into the same table in the same run (one transaction
 *      per page of the same size, prepared statement, no HTTP). Target ≤ 2×.
 *  (b) outbox replay of 10,000 events (what a console sends after a night offline) beside
 *      10,000 raw sequential POSTs of the same bodies with fresh keys to a second platform.
 * A missed target is reported, not thrown. BENCH_SYNC_PULL / BENCH_SYNC_REPLAY change the sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { createConsoleCore, type ConsoleCore } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { OutboxRepository } from '../../electron/core/incidents/outbox.ts';
import { IncidentRepository } from '../../electron/core/incidents/repository.ts';
import { wireBody } from '../../electron/core/incidents/sync.ts';
import { appPaths } from '../../electron/core/paths.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { DEMO_TOKENS, startDemoPlatform, type RunningDemoPlatform } from '../../electron/demo-platform/index.ts';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { ProfileConfig } from '../../shared/environment.ts';
import { elapsedMs, formatMs, renderTable } from './latency.ts';
import { SeededRandom } from './seeded-random.ts';

const PULL = Number(process.env.BENCH_SYNC_PULL ?? 100_000);
const REPLAY = Number(process.env.BENCH_SYNC_REPLAY ?? 10_000);
const INCIDENTS = 200;
const PAGE = 5000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = appPaths(root);
const scratch = mkdtempSync(join(tmpdir(), 'switchyard-bench-sync-'));
const rnd = new SeededRandom(20261201);
const T0 = Date.parse('2026-12-01T03:14:00.000Z');

function profileFor(demo: RunningDemoPlatform, name: string): ProfileConfig {
  return ProfileConfig.parse({ name, kind: 'platform', environmentName: 'bench', adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl, role: 'operator' });
}

function openConsole(demo: RunningDemoPlatform, name: string): ConsoleCore {
  const profile = profileFor(demo, name);
  return createConsoleCore({
    dataDir: join(scratch, name),
    version: 'bench',
    migrationsDir: paths.migrationsDir,
    bundledRunbooksDir: paths.bundledRunbooksDir,
    profile,
    tokens: new MemoryTokenStore({ [profile.name]: DEMO_TOKENS.operator }),
    actor: name,
    sync: { schedule: false, pageLimit: PAGE, timeoutMs: 60_000 },
  });
}

/** 200 incidents and their events, as consoles made them, in an interleaved arrival order. */
function makeEvents(total: number): IncidentEvent[] {
  const ids = Array.from({ length: INCIDENTS }, (_, i) => `INC-261201-${i.toString(16).padStart(6, '0')}`);
  const out: IncidentEvent[] = ids.map((incidentId, i) => {
    const at = new Date(T0 + i * 1000).toISOString();
    return { id: uuidv7(), incidentId, at, enteredAt: at, actor: 'asha', origin: 'console-a', type: 'declared', title: `Bench incident ${i}`, severity: 'SEV2', policyId: 'platform-runbook', rails: ['upi'], brands: [], runbookIds: [], breach: null, summary: '' } as IncidentEvent;
  });
  for (let i = out.length; i < total; i++) {
    const incidentId = ids[rnd.int(0, ids.length - 1)]!;
    const at = new Date(T0 + 600_000 + i * 50).toISOString();
    const origin = rnd.chance(0.5) ? 'console-a' : 'console-b';
    const body = rnd.chance(0.8) ? { type: 'note_added', text: `observation ${i}: p99 ${300 + (i % 200)} ms` } : { type: 'status_posted', audience: 'internal', text: `update ${i}: still degraded` };
    out.push({ id: uuidv7(), incidentId, at, enteredAt: at, actor: rnd.pick(['asha', 'ravi']), origin, ...body } as IncidentEvent);
  }
  return out;
}

/** The platform's records for those events, stored as POSTs would have stored them. */
function seedPlatform(demo: RunningDemoPlatform, events: readonly IncidentEvent[]): void {
  const now = new Date().toISOString();
  for (const e of events) {
    const { body } = wireBody(e);
    if (e.type === 'declared') demo.state.addIncident({ ...body, created_at: now, created_by: 'operator' } as never);
    else demo.state.addEvent({ ...body, incident_id: e.incidentId, created_at: now, created_by: 'operator' } as never);
  }
}

const results: string[][] = [['measure', 'time', 'baseline', 'ratio', 'target']];

// ---- (a) pull 100,000 events ----
{
  const demo = await startDemoPlatform({ seed: 7 });
  try {
    const events = makeEvents(PULL);
    seedPlatform(demo, events);
    // Baseline: the same rows, the same table and page size, one transaction per page, no HTTP.
    const raw = new Database(join(scratch, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(`CREATE TABLE incident_events (id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, entered_at TEXT NOT NULL,
                actor TEXT NOT NULL, origin TEXT NOT NULL, body_json TEXT NOT NULL, stored_seq INTEGER NOT NULL);
              CREATE INDEX incident_events_incident ON incident_events (incident_id, at);
              CREATE UNIQUE INDEX incident_events_stored ON incident_events (stored_seq);`);
    const ins = raw.prepare('INSERT OR IGNORE INTO incident_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const rows = events.map((e, i) => {
      const { id, incidentId, type, at, enteredAt, actor, origin, ...rest } = e;
      return [id, incidentId, type, at, enteredAt, actor, origin, JSON.stringify(rest), i + 1] as const;
    });
    let t = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += PAGE) raw.transaction(() => rows.slice(i, i + PAGE).forEach((r) => ins.run(...r)))();
    const rawMs = elapsedMs(t);
    raw.close();

    const core = openConsole(demo, 'puller');
    t = process.hrtime.bigint();
    // A pull that fails part-way (a dropped keep-alive connection) resumes from its stored cursor.
    let ok = false;
    let retries = 0;
    for (; retries < 5 && !(ok = await core.sync.pull()); retries++) console.log(`  pull resumed after: ${core.sync.status().lastError}`);
    const pullMs = elapsedMs(t);
    const stored = (core.db.prepare('SELECT count(*) AS n FROM incident_events').get() as { n: number }).n;
    const heads = (core.db.prepare('SELECT count(*) AS n FROM incident_heads').get() as { n: number }).n;
    const why = core.sync.status().lastError;
    core.close();
    if (!ok) console.log(`pull failed: ${why}`);
    if (!ok || stored !== PULL || heads !== INCIDENTS) throw new Error(`pull stored ${stored} events and ${heads} heads (ok=${ok}); expected ${PULL} and ${INCIDENTS}`);
    const ratio = pullMs / rawMs;
    results.push([`pull ${PULL.toLocaleString('en-US')} events into SQLite (pages of ${PAGE})`, formatMs(pullMs), formatMs(rawMs), `${ratio.toFixed(2)}×`, ratio <= 2 ? '✓ ≤ 2×' : '✗ target ≤ 2×']);
    console.log(`(a) ${Math.round(PULL / (pullMs / 1000)).toLocaleString('en-US')} events/s pulled; raw insert ${Math.round(PULL / (rawMs / 1000)).toLocaleString('en-US')} rows/s`);
  } finally {
    await demo.stop();
  }
}

// ---- (b) outbox replay of 10,000 events ----
{
  const demo = await startDemoPlatform({ seed: 7 });
  const second = await startDemoPlatform({ seed: 7 });
  try {
    const core = openConsole(demo, 'replayer');
    const ctx = { transport: 'ipc', role: 'operator' } as const;
    const declared = await dispatch(core.handlers, 'incidents.declare', { title: 'A night offline', severity: 'SEV2', rails: ['upi'], runbookIds: [] }, ctx);
    if (!declared.ok) throw new Error(declared.error.message);
    const incidentId = (declared.value as { incidentId: string }).incidentId;
    // A night offline: the notes go in the way the service writes them (event and outbox row in
    // one transaction), without the per-write lifecycle fold, which is the incident bench's subject.
    const repo = new IncidentRepository(core.db);
    const outbox = new OutboxRepository(core.db);
    const origin = repo.meta('origin', () => 'console-bench');
    const notes: IncidentEvent[] = [];
    for (let i = 1; i < REPLAY; i++) {
      const at = new Date(Date.now() + i).toISOString();
      notes.push({ id: uuidv7(), incidentId, at, enteredAt: at, actor: 'asha', origin, type: 'note_added', text: `offline note ${i}` } as IncidentEvent);
    }
    for (let i = 0; i < notes.length; i += 1000) repo.append(notes.slice(i, i + 1000), (_t, fresh) => outbox.enqueue(fresh));
    const waiting = (core.db.prepare('SELECT count(*) AS n FROM incident_outbox').get() as { n: number }).n;
    let t = process.hrtime.bigint();
    const pushed = await core.sync.push();
    const replayMs = elapsedMs(t);
    const left = (core.db.prepare('SELECT count(*) AS n FROM incident_outbox').get() as { n: number }).n;
    if (!pushed || left !== 0) throw new Error(`replay left ${left} of ${waiting} rows`);
    // Baseline: the same bodies, raw sequential POSTs with fresh keys, to a second platform.
    // The same events, as sent (declaration first), read back through the repository.
    const ordered = [...new IncidentRepository(core.db).events(incidentId)].sort((x, y) => (x.type === 'declared' ? -1 : y.type === 'declared' ? 1 : 0));
    if (ordered.length !== waiting) throw new Error(`baseline has ${ordered.length} events, the outbox sent ${waiting}`);
    t = process.hrtime.bigint();
    for (const e of ordered) {
      const { path, body } = wireBody(e);
      const res = await fetch(`${second.adminUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKENS.operator}`, 'idempotency-key': `raw-${e.id}` },
        body: JSON.stringify(body),
      });
      await res.text();
      if (res.status >= 300) throw new Error(`raw POST: ${res.status}`);
    }
    const rawMs = elapsedMs(t);
    core.close();
    const ratio = replayMs / rawMs;
    results.push([`outbox replay of ${waiting.toLocaleString('en-US')} events`, formatMs(replayMs), formatMs(rawMs), `${ratio.toFixed(2)}×`, 'reported']);
  } finally {
    await demo.stop();
    await second.stop();
  }
}

console.log(renderTable(results));
console.log('\nBaselines: (a) raw batched INSERT of the same rows, same table and page size, no HTTP; (b) raw sequential fetch POSTs of the same bodies with fresh keys.');
rmSync(scratch, { recursive: true, force: true });
