// The audit log is evidence: SQL cannot change or remove a record, a record changed or removed
// behind the app's back (triggers dropped) is named on the next start, and secrets never land.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditLog, GENESIS_HASH, hashRow, type AuditEntry } from '../../electron/core/audit/audit-log.ts';
import { DATABASE_FILE, type ConsoleCore } from '../../electron/core/console-core.ts';
import { openDatabase } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate } from '../../electron/core/store/migrate.ts';
import { PATHS, manualClock, openCore, value } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  kind: n % 2 ? 'intent' : 'outcome',
  executionId: `exec-${Math.ceil(n / 2)}`,
  actor: 'oncall',
  profile: 'prod',
  environment: 'production',
  lever: 'halt-deposits',
  action: 'engage',
  target: 'platform',
  reason: `reason ${n}`,
  request: { method: 'PUT', url: 'http://admin/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS', headers: { authorization: 'Bearer [REDACTED]' }, body: { value: '1' } },
  outcome: n % 2 ? null : 'verified',
  ...extra,
});

/** A core with `n` records on its audit log, and its data folder. */
function coreWithRecords(n: number): { core: ConsoleCore; dataDir: string } {
  const dataDir = join(scratch.tempDir('switchyard-audit-'), 'profile');
  const core = openCore(scratch, { dataDir });
  for (let i = 1; i <= n; i++) core.audit.append(entry(i));
  return { core, dataDir };
}

/** Opens the database behind the app's back, as someone with file access would. */
function tamper(dataDir: string, sql: string[]): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    for (const s of sql) db.exec(s);
  } finally {
    db.close();
  }
}

const DROP_TRIGGERS = ['DROP TRIGGER audit_records_no_update', 'DROP TRIGGER audit_records_no_delete'];

describe('append-only', () => {
  it('UPDATE of a record is refused by the database', () => {
    const { core } = coreWithRecords(3);
    expect(() => core.db.prepare("UPDATE audit_records SET reason = 'nothing happened' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => core.db.prepare("UPDATE audit_records SET outcome = 'failed'").run()).toThrow(/append-only/);
    expect(core.audit.all()[1]!.reason).toBe('reason 2');
  });

  it('DELETE of a record (or of all) is refused by the database', () => {
    const { core } = coreWithRecords(3);
    expect(() => core.db.prepare('DELETE FROM audit_records WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_records').run()).toThrow(/append-only/);
    expect(core.audit.count()).toBe(3);
  });

  // Regression test (fixed in electron/core/store/migrations/0002_audit_levers.sql + store/connection.ts): REPLACE
  // deletes the conflicting row without firing DELETE triggers unless recursive_triggers is on,
  // so INSERT OR REPLACE overwrites a record despite "append-only". The hash chain still catches
  // it on verify; the fix is a BEFORE INSERT trigger refusing NEW.seq <= max(seq) (or
  // PRAGMA recursive_triggers = ON at open).
  it('INSERT OR REPLACE cannot overwrite an existing record', () => {
    const { core } = coreWithRecords(3);
    expect(() =>
      core.db
        .prepare(
          `INSERT OR REPLACE INTO audit_records (seq, at, kind, actor, profile, environment, reason, prev_hash, hash)
           SELECT seq, at, kind, actor, profile, environment, 'nothing happened', prev_hash, hash FROM audit_records WHERE seq = 2`,
        )
        .run(),
    ).toThrow(/append-only/);
  });

  it('a record overwritten by INSERT OR REPLACE is still caught by the chain', () => {
    const { core } = coreWithRecords(3);
    try {
      core.db
        .prepare(
          `INSERT OR REPLACE INTO audit_records (seq, at, kind, actor, profile, environment, reason, prev_hash, hash)
           SELECT seq, at, kind, actor, profile, environment, 'nothing happened', prev_hash, 'f' || substr(hash, 2) FROM audit_records WHERE seq = 2`,
        )
        .run();
    } catch {
      // refused outright: better still
    }
    const v = core.audit.verify();
    if (core.audit.all()[1]!.reason === 'nothing happened') expect(v).toMatchObject({ ok: false, firstBad: 2 });
    else expect(v.ok).toBe(true);
  });

  it('appends chain each record to the one before it', () => {
    const { core } = coreWithRecords(4);
    const all = core.audit.all();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    expect(core.audit.verify()).toMatchObject({ ok: true, checked: 4, firstBad: null });
  });
});

describe('tamper detection on the next start', () => {
  it('a record whose reason was altered (triggers dropped) is named: ok false, firstBad = its seq', async () => {
    const { core, dataDir } = coreWithRecords(5);
    core.close();
    tamper(dataDir, [...DROP_TRIGGERS, "UPDATE audit_records SET reason = 'routine check' WHERE seq = 3"]);

    const reopened = openCore(scratch, { dataDir });
    const info = await value(reopened, 'app.info');

    expect(info.audit.ok).toBe(false);
    expect(info.audit.firstBad).toBe(3);
    expect(info.audit.problem).toMatch(/record 3 was altered/);
    expect(await value(reopened, 'audit.verify')).toMatchObject({ ok: false, firstBad: 3 });
    // The export carries the verdict with it.
    expect((await value(reopened, 'audit.export', { format: 'jsonl' })).verification).toMatchObject({ ok: false, firstBad: 3 });
  });

  it('an altered record whose own hash was recomputed still breaks the chain at the next record', async () => {
    const { core, dataDir } = coreWithRecords(5);
    core.close();
    const db = new Database(join(dataDir, DATABASE_FILE));
    for (const s of DROP_TRIGGERS) db.exec(s);
    const row = db.prepare('SELECT * FROM audit_records WHERE seq = 2').get() as Record<string, unknown> & { hash: string };
    const { hash: _old, ...rest } = { ...row, reason: 'routine check' };
    db.prepare('UPDATE audit_records SET reason = ?, hash = ? WHERE seq = 2').run('routine check', hashRow(rest as Parameters<typeof hashRow>[0]));
    db.close();

    const info = await value(openCore(scratch, { dataDir }), 'app.info');

    expect(info.audit).toMatchObject({ ok: false, firstBad: 3 });
    expect(info.audit.problem).toMatch(/chain broken/);
  });

  it('a deleted record is named: ok false, the gap reported at the seq that follows it', async () => {
    const { core, dataDir } = coreWithRecords(5);
    core.close();
    tamper(dataDir, [...DROP_TRIGGERS, 'DELETE FROM audit_records WHERE seq = 2']);

    const info = await value(openCore(scratch, { dataDir }), 'app.info');

    expect(info.audit.ok).toBe(false);
    expect(info.audit.firstBad).toBe(3);
    expect(info.audit.problem).toMatch(/record 2 is missing/);
  });

  it('an untouched log verifies on start', async () => {
    const { core, dataDir } = coreWithRecords(5);
    core.close();
    const info = await value(openCore(scratch, { dataDir }), 'app.info');
    expect(info.audit).toMatchObject({ ok: true, checked: 5, firstBad: null, problem: null });
  });
});

describe('secrets', () => {
  it('a secret is redacted wherever it appears: reason, detail, request, response, before, after', () => {
    const db = openDatabase(join(scratch.tempDir(), 'audit.db'));
    scratch.defer(() => db.close());
    migrate(db, loadMigrations(PATHS.migrationsDir));
    const SECRET = 'tok-super-secret-0042';
    const log = new AuditLog(db, manualClock(), () => [SECRET]);

    const r = log.append(
      entry(1, {
        reason: `pasted ${SECRET} by mistake`,
        detail: `HTTP 401: unknown token ${SECRET}`,
        before: { echoed: `Bearer ${SECRET}` },
        request: { headers: { authorization: `Bearer ${SECRET}` } },
        response: { status: 500, body: { headers: { authorization: `Bearer ${SECRET}` } } },
        after: [SECRET],
      }),
    );

    const stored = JSON.stringify(db.prepare('SELECT * FROM audit_records').all());
    expect(stored).not.toContain(SECRET);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(r.reason).toBe('pasted [REDACTED] by mistake');
    expect(log.verify().ok).toBe(true);
  });
});
