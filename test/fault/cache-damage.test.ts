// Damage to the runbook cache never costs the records: the cache (runbook-cache.db) is rebuilt
// from the runbook sources whenever it is found damaged, at start or by a query later, and the
// audit log and lever executions in switchyard.db are never touched, moved or hidden. Damage to
// switchyard.db itself is refused with the file's path and how to recover it.
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import type { LeverExecution } from '../../shared/levers.ts';
import { DATABASE_FILE, RUNBOOK_CACHE_FILE, createConsoleCore, type ConsoleCore } from '../../electron/core/console-core.ts';
import { StorageError } from '../../electron/core/store/connection.ts';
import { BUNDLED_IDS, PATHS, call, manualClock, runbookMarkdown, value, writeFile } from '../helpers/console.ts';
import { ENVIRONMENT, SHORT_TIMEOUTS, WEEKDAY, confirmArgs, leverCase, planEngage, startRig, type LeverRig } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

/** mulberry32: the same "random" damage on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Overwrites `count` random bytes of the file (and, one time in four, a few bytes of its header). */
function damage(path: string, random: () => number, count: number): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    const at = (limit: number) => Math.floor(random() * limit);
    const offsets = Array.from({ length: count }, () => at(size));
    if (random() < 0.25) offsets.push(at(100), at(100));
    for (const offset of offsets) writeSync(fd, Buffer.from([at(256)]), 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

/** The console of the rig's profile, started again on the same data folder (no test-scoped close: each round closes it). */
function restart(rig: LeverRig): ConsoleCore {
  return createConsoleCore({
    dataDir: rig.dataDir,
    version: '0.0.0-test',
    migrationsDir: PATHS.migrationsDir,
    bundledRunbooksDir: PATHS.bundledRunbooksDir,
    clock: manualClock(WEEKDAY),
    profile: rig.profile,
    tokens: rig.tokens,
    actor: 'test-oncall',
    leverTimeouts: SHORT_TIMEOUTS,
  });
}

/** A team folder: one runbook of its own and its version of a bundled one (which it overrides). */
function teamFolder(): string {
  const folder = scratch.tempDir('team-runbooks-');
  writeFile(folder, 'upi-timeouts.md', runbookMarkdown({ id: 'upi-timeouts', title: 'UPI timeouts', tags: ['upi'], body: 'Escalate to the zanzibar bridge.\n' }));
  writeFile(folder, 'rail-latency-spike.md', runbookMarkdown({ id: 'rail-latency-spike', title: 'Rail latency spike (our version)', severity: 'SEV1', body: 'Call Priya first.\n' }));
  return folder;
}

async function evidence(core: ConsoleCore): Promise<{ records: AuditRecord[]; executions: LeverExecution[] }> {
  return { records: await value(core, 'audit.list', { limit: 500 }), executions: await value(core, 'levers.executions', { limit: 200 }) };
}

describe('a damaged runbook cache', () => {
  it('50 rounds of random damage: the console starts each time, the cache is rebuilt where damage is found, runbooks work, every audit record stays', async () => {
    // The records: real lever executions on the demo platform, and notes appended to the log.
    const rig = await startRig(scratch);
    for (const c of [leverCase('halt-deposits'), leverCase('brand-deposits-off'), leverCase('provider-ingress-block')]) {
      const plan = await planEngage(rig, c);
      expect((await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId, 'UPI rail melting'))).status).toBe('verified');
    }
    const recovered = await value(rig.core, 'levers.recover', { reason: 'rail recovered', typedEnvironment: ENVIRONMENT });
    expect(recovered.executions.map((e) => e.status)).toEqual(['verified', 'verified', 'verified']);
    for (let i = 0; i < 30; i++)
      rig.core.audit.append({ kind: 'note', actor: 'test-oncall', profile: rig.profile.name, environment: ENVIRONMENT, detail: `handover note ${i}` });
    const folder = teamFolder();
    await value(rig.core, 'runbooks.addFolder', { dir: folder });
    const before = await evidence(rig.core);
    expect(before.records.length).toBe(42);
    expect(before.executions.length).toBe(6);
    rig.core.close();

    const cache = join(rig.dataDir, RUNBOOK_CACHE_FILE);
    const records = join(rig.dataDir, DATABASE_FILE);
    const recordsBytes = () => readFileSync(records);
    const ids = [...BUNDLED_IDS, 'upi-timeouts'].sort();
    const random = seeded(20260314);
    const seen = { atStart: 0, byQuery: 0, unnoticed: 0 };
    const logged: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((line: unknown) => void logged.push(String(line)));
    scratch.defer(() => warn.mockRestore());

    for (let round = 0; round < 50; round++) {
      // Closed means checkpointed: everything is in the file being damaged, nothing in a WAL.
      expect(existsSync(`${cache}-wal`), `round ${round}: the cache's WAL after close`).toBe(false);
      expect(existsSync(`${records}-wal`), `round ${round}: the records' WAL after close`).toBe(false);
      const recordsBefore = recordsBytes();
      damage(cache, random, 1 + Math.floor(random() * 6));

      const core = restart(rig);
      try {
        const atStart = core.startupReports[0]!.error?.includes('rebuilt from the runbook sources') ?? false;
        const list = await call(core, 'runbooks.list');
        const search = await call(core, 'runbooks.search', { query: 'latency' });
        const rail = await call(core, 'runbooks.get', { id: 'rail-latency-spike' });
        const reports = await value(core, 'runbooks.lastReports');
        const rebuilt = reports[0]!.error?.includes('rebuilt from the runbook sources') ?? false;
        if (atStart) seen.atStart++;
        else if (rebuilt) seen.byQuery++;
        else seen.unnoticed++;

        // Runbooks answer, whatever was damaged.
        expect(list.ok && search.ok && rail.ok, `round ${round}: ${JSON.stringify([list, search, rail]).slice(0, 400)}`).toBe(true);
        if (!list.ok || !search.ok || !rail.ok) continue;
        expect(list.value.length, `round ${round}`).toBe(ids.length);
        if (rebuilt) {
          // Rebuilt from the sources, the configured folder included (configuration is a record).
          expect(list.value.map((r) => r.id).sort(), `round ${round}`).toEqual(ids);
          expect(search.value.hits.map((h) => h.id), `round ${round}`).toContain('rail-latency-spike');
          expect(rail.value).toMatchObject({ title: 'Rail latency spike (our version)', source: { kind: 'folder', location: folder } });
          expect(rail.value.overrides, `round ${round}`).toEqual([{ source: 'bundled', location: PATHS.bundledRunbooksDir, path: 'rail-latency-spike.md' }]);
          expect(reports[0]!.error).toMatch(/damaged .* kept as .*runbook-cache\.db\.damaged/);
          expect(existsSync(`${cache}.damaged`), `round ${round}`).toBe(true);
        }

        // The records: every one still there, the chain verifies, nothing about them moved.
        expect(await evidence(core), `round ${round}`).toEqual(before);
        expect(await value(core, 'audit.verify'), `round ${round}`).toMatchObject({ ok: true, checked: 42, firstBad: null });
        expect(readdirSync(rig.dataDir).filter((f) => f.startsWith(DATABASE_FILE)).sort(), `round ${round}`).toEqual(
          [DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`],
        );
      } finally {
        core.close();
      }
      // Starting, listing and verifying wrote nothing to the records.
      expect(recordsBytes().equals(recordsBefore), `round ${round}: switchyard.db changed`).toBe(true);
    }

    // The seed gives a mix: most damage is found at start, some lands where nothing reads.
    expect(seen.atStart, JSON.stringify(seen)).toBeGreaterThanOrEqual(20);
    // Each rebuild said so in one log line naming the file and where the damaged copy is.
    expect(logged.length).toBe(seen.atStart + seen.byQuery);
    for (const line of logged) expect(line).toMatch(/^\[switchyard\] runbook cache .*runbook-cache\.db was damaged \(.*\): rebuilt from the runbook sources; the damaged file is kept as .*runbook-cache\.db\.damaged$/s);
  });

  it('a cache damaged while the console runs is rebuilt by the query that meets the damage', async () => {
    const rig = await startRig(scratch);
    const folder = teamFolder();
    await value(rig.core, 'runbooks.addFolder', { dir: folder });
    const db = rig.core.cacheDb();
    // Every page of the search index's data, overwritten behind SQLite's back (as a failing disk would).
    const pages = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'runbooks_fts_data'").pluck().all() as number[]).filter((p) => p > 1);
    expect(pages.length).toBeGreaterThan(0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const fd = openSync(join(rig.dataDir, RUNBOOK_CACHE_FILE), 'r+');
    for (const p of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (p - 1) * pageSize);
    closeSync(fd);
    // SQLite's page cache may still hold the good pages: drop it, as a new read would.
    db.pragma('cache_size = 0');
    db.pragma('cache_size = -2000');

    const hits = await value(rig.core, 'runbooks.search', { query: 'zanzibar' });

    expect(hits.hits.map((h) => h.id)).toEqual(['upi-timeouts']);
    const [bundled] = await value(rig.core, 'runbooks.lastReports');
    expect(bundled!.error).toMatch(/The runbook cache was damaged .* rebuilt from the runbook sources/);
    expect(existsSync(join(rig.dataDir, `${RUNBOOK_CACHE_FILE}.damaged`))).toBe(true);
    expect((await value(rig.core, 'runbooks.list')).length).toBe(BUNDLED_IDS.length + 1);
  });
});

describe('a damaged records database (switchyard.db)', () => {
  it('is refused with its path and the next step, never moved aside, and the cache is not touched', async () => {
    const rig = await startRig(scratch);
    const c = leverCase('halt-deposits');
    const plan = await planEngage(rig, c);
    await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));
    rig.core.close();
    const records = join(rig.dataDir, DATABASE_FILE);
    const cache = join(rig.dataDir, RUNBOOK_CACHE_FILE);
    // Damage past the header: the file still opens as a database; quick_check finds it.
    const bytes = readFileSync(records);
    const pageSize = bytes.readUInt16BE(16);
    const fd = openSync(records, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, pageSize);
    closeSync(fd);
    const damaged = readFileSync(records);
    const cacheBytes = readFileSync(cache);
    const folder = readdirSync(rig.dataDir).sort();

    let refused: unknown = null;
    try {
      restart(rig).close();
    } catch (e) {
      refused = e;
    }

    expect(refused).toBeInstanceOf(StorageError);
    const e = refused as StorageError;
    expect(e.reason).toBe('corrupt');
    expect(e.path).toBe(records);
    expect(e.message).toContain(records);
    expect(e.message).toMatch(/audit log/);
    expect(e.message).toMatch(/copy .* somewhere safe/);
    expect(e.message).toContain(`sqlite3 "${records}" ".recover"`);
    expect(e.message).not.toMatch(/move (the file|it) aside/i);
    // Nothing was changed, moved or created.
    expect(readFileSync(records).equals(damaged)).toBe(true);
    expect(readFileSync(cache).equals(cacheBytes)).toBe(true);
    expect(readdirSync(rig.dataDir).sort()).toEqual(folder);
  });

  it('a file that is not a database at all is refused the same way', () => {
    const dataDir = scratch.tempDir();
    const records = join(dataDir, DATABASE_FILE);
    writeFile(dataDir, DATABASE_FILE, Buffer.alloc(4096, 0x42));
    let refused: unknown = null;
    try {
      createConsoleCore({ dataDir, version: '0.0.0-test', migrationsDir: PATHS.migrationsDir, bundledRunbooksDir: PATHS.bundledRunbooksDir }).close();
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as StorageError).message).toContain(`sqlite3 "${records}" ".recover"`);
    expect(readdirSync(dataDir)).toEqual([DATABASE_FILE]);
  });
});
