// kill -9 the console at random points during incident sync, 50 times, on one data folder and
// one demo platform: after every kill the database passes `PRAGMA integrity_check` and holds every
// event the console said it had committed; after the last, once the outbox has drained, the
// console and the platform hold exactly the same events, each once, and the platform created each
// exactly once (its write counters), however many times a send was cut off and retried.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { DATABASE_FILE } from '../../electron/core/console-core.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { openCore, REPO_ROOT } from '../helpers/console.ts';
import { DemoControl, platformProfile, startDemo, tokenOf, value } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor, within } from '../helpers/wait.ts';
import type { SyncChildConfig } from './fixtures/sync-child.ts';

const scratch = useScratch();
const CHILD = join(REPO_ROOT, 'test', 'fault', 'fixtures', 'sync-child.ts');
const RUNS = 50;
const SEED = 0x5eed_2026;

/** mulberry32: the same kill points (in committed edits) on every run of the test. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  proc: ChildProcess;
  /** Event ids the child printed as committed, in order (complete lines only). */
  ids: () => string[];
  stderr: () => string;
  /** Resolves once `n` ids are printed; rejects if the child exits first. */
  printed: (n: number) => Promise<void>;
  /** Settles when the process has exited and its pipes are drained. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(config: SyncChildConfig): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const ids: string[] = [];
  let waiter: { n: number; resolve: () => void } | null = null;
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      const m = /^committed (\S+)$/.exec(line);
      if (m) ids.push(m[1]!);
      else err += `[stdout] ${line}\n`;
    }
    if (waiter && ids.length >= waiter.n) waiter.resolve();
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('close', (code, signal) => resolve({ code, signal })));
  scratch.defer(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await closed;
  });
  return {
    proc,
    ids: () => ids,
    stderr: () => err,
    printed: (n) =>
      new Promise<void>((resolve, reject) => {
        if (ids.length >= n) return resolve();
        waiter = { n, resolve };
        void closed.then(({ code, signal }) => reject(new Error(`the child exited (code ${code}, signal ${signal}) after ${ids.length} of ${n} edits; stderr:\n${err}`)));
      }),
    closed,
  };
}

interface DiskCheck {
  integrity: string;
  foreignKeys: number;
  /** Outbox rows whose event is not stored (an outbox row must come with its event). */
  orphanRows: number;
  /** Rows waiting in the outbox at the kill: the kill came before sync had caught up. */
  waiting: number;
  eventIds: Set<string>;
}

/** Reads the killed console's database as found on disk, without writing to it. */
function checkDisk(dataDir: string): DiskCheck {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      foreignKeys: (db.pragma('foreign_key_check') as unknown[]).length,
      orphanRows: (db.prepare('SELECT count(*) AS n FROM incident_outbox o LEFT JOIN incident_events e ON e.id = o.event_id WHERE e.id IS NULL').get() as { n: number }).n,
      waiting: (db.prepare('SELECT count(*) AS n FROM incident_outbox').get() as { n: number }).n,
      eventIds: new Set((db.prepare('SELECT id FROM incident_events').all() as Array<{ id: string }>).map((r) => r.id)),
    };
  } finally {
    db.close();
  }
}

describe('incident sync under kill -9', () => {
  it(`${RUNS} kills at random points: integrity ok after each; nothing lost, nothing duplicated, console and platform agree`, async () => {
    const started = Date.now();
    const demo = await startDemo(scratch);
    const control = new DemoControl(demo);
    const dataDir = join(scratch.tempDir('switchyard-sync-crash-'), 'profile');
    const rand = mulberry32(SEED);
    const committed = new Set<string>();
    let printedLines = 0;
    let killsWithWaiting = 0;

    for (let run = 0; run < RUNS; run++) {
      const target = 1 + Math.floor(rand() * 40);
      const child = startChild({ dataDir, adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl, token: tokenOf('operator'), seed: SEED + run });
      await within(`run ${run}: the child to commit ${target} edits`, 60_000, child.printed(target));
      child.proc.kill('SIGKILL');
      const exit = await within(`run ${run}: the child to die`, 10_000, child.closed);
      expect(exit.signal, `run ${run}: stderr:\n${child.stderr()}`).toBe('SIGKILL');
      expect(child.stderr(), `run ${run}`).toBe('');

      const ids = child.ids();
      printedLines += ids.length;
      for (const id of ids) committed.add(id);
      const disk = checkDisk(dataDir);
      expect(disk.integrity, `run ${run}: PRAGMA integrity_check`).toBe('ok');
      expect(disk.foreignKeys, `run ${run}: PRAGMA foreign_key_check`).toBe(0);
      expect(disk.orphanRows, `run ${run}: outbox rows without their event`).toBe(0);
      const lost = [...committed].filter((id) => !disk.eventIds.has(id));
      expect(lost, `run ${run}: events printed as committed, missing after the kill`).toEqual([]);
      if (disk.waiting > 0) killsWithWaiting += 1;
    }
    // No restart made an event twice (the child prints only what an edit added).
    expect(committed.size).toBe(printedLines);
    const killedAt = Date.now();

    // Restart once more, in this process, and let the outbox drain.
    const profile = platformProfile(demo);
    const core = openCore(scratch, {
      dataDir,
      profile,
      tokens: new MemoryTokenStore({ [profile.name]: tokenOf('operator') }),
      clock: () => new Date(),
      actor: 'after-the-crashes',
      sync: { schedule: false, timeoutMs: 2000, baseBackoffMs: 5, maxBackoffMs: 50, pageLimit: 1000 },
    });
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const status = await waitFor(
      'the outbox to drain',
      async () => {
        await core.sync.pass();
        const s = await value(core, 'incidents.syncStatus');
        return s.waiting === 0 && s.conflicts === 0 && s;
      },
      { timeoutMs: 60_000 },
    );
    expect(status.lastError).toBeNull();
    expect(status.unreadablePulled).toBe(0);

    // The console: every committed event, each once; nothing discarded.
    const localRows = core.db.prepare('SELECT id FROM incident_events').all() as Array<{ id: string }>;
    const local = new Set(localRows.map((r) => r.id));
    expect(local.size).toBe(localRows.length);
    expect([...committed].filter((id) => !local.has(id))).toEqual([]);
    expect((core.db.prepare('SELECT count(*) AS n FROM incident_discarded').get() as { n: number }).n).toBe(0);

    // The platform: each event once, every committed one there, the same set as the console.
    const r = await control.send('admin', 'GET', '/api/v1/incidents?since=&limit=10000', { as: 'viewer' });
    expect(r.status).toBe(200);
    const feed = r.body as { incidents: Array<Record<string, unknown>>; events: Array<Record<string, unknown>>; has_more: boolean };
    expect(feed.has_more).toBe(false);
    const remoteIds = [...feed.incidents.map((i) => (i.switchyard as { event: IncidentEvent }).event.id), ...feed.events.map((e) => String(e.id))];
    const remote = new Set(remoteIds);
    const counts = new Map<string, number>();
    for (const id of remoteIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1), 'events the platform holds more than once').toEqual([]);
    expect([...committed].filter((id) => !remote.has(id)), 'committed events missing on the platform').toEqual([]);
    expect([...local].filter((id) => !remote.has(id)), 'events on the console, not on the platform').toEqual([]);
    expect([...remote].filter((id) => !local.has(id)), 'events on the platform, not on the console').toEqual([]);

    // The platform created each event exactly once, however often a send was cut off and retried.
    const sim = (await control.send('admin', 'GET', '/sim/state')).body as {
      writes: Record<string, number>;
      requests: { admin: Record<string, number> };
      incidents: number;
      events: number;
      idempotency_in_flight: number;
    };
    const creates = (counts: Record<string, number>) =>
      Object.entries(counts)
        .filter(([route]) => /^POST \/api\/v1\/incidents(\/[^/]+\/events)?$/.test(route))
        .reduce((n, [, c]) => n + c, 0);
    expect(creates(sim.writes)).toBe(remote.size);
    expect(sim.incidents + sim.events).toBe(remote.size);
    expect(sim.idempotency_in_flight).toBe(0);
    // The kills came while sync had work: rows were waiting in the outbox at most of them.
    expect(killsWithWaiting).toBeGreaterThan(RUNS / 5);

    console.info(
      `[sync-crash] ${RUNS} kills in ${((killedAt - started) / 1000).toFixed(1)} s; ${committed.size} committed, ${local.size} events in all; ` +
        `${killsWithWaiting} kills with rows waiting; ${creates(sim.requests.admin)} create requests for ${creates(sim.writes)} creates; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 600_000);
});
