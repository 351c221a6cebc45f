// Migration 2 (audit log and lever executions) on a database that already holds a runbook
// library at version 1: the runbooks survive untouched, the new tables and their append-only
// triggers exist and do their job.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/store/migrate.ts';
import { PATHS } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

const names = (db: Db, type: 'table' | 'trigger' | 'index') =>
  (db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as { name: string }[]).map((r) => r.name);

function seedRunbooks(db: Db): void {
  db.prepare("INSERT INTO runbook_sources (id, kind, location, added_at) VALUES (1, 'bundled', '/resources/runbooks', '2026-03-01T00:00:00Z')").run();
  db.prepare(
    `INSERT INTO runbooks (key, id, current_version, source_id, path, title, severity_hint, tags_json, updated_at)
     VALUES (7, 'rail-latency-spike', 2, 1, 'rail-latency-spike.md', 'Rail latency spike', 'SEV2', '["upi","latency"]', '2026-03-02T00:00:00Z')`,
  ).run();
  const version = db.prepare(
    `INSERT INTO runbook_versions (runbook_id, version, source_id, path, content_hash, markdown, body_text, title, severity_hint,
       triggers_json, levers_json, owners_json, last_tested, tags_json, imported_at)
     VALUES ('rail-latency-spike', ?, 1, 'rail-latency-spike.md', ?, ?, ?, 'Rail latency spike', 'SEV2', '[]', '["halt-deposits"]', '["payments"]', NULL, '["upi"]', ?)`,
  );
  version.run(1, 'h1', '# v1', 'p99 above 200 ms', '2026-03-01T00:00:00Z');
  version.run(2, 'h2', '# v2', 'p99 above 200 ms for 5 minutes', '2026-03-02T00:00:00Z');
  db.prepare("INSERT INTO runbook_tags (runbook_key, tag) VALUES (7, 'upi'), (7, 'latency')").run();
  db.prepare("INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (7, 'Rail latency spike', 'upi latency', 'p99 above 200 ms for 5 minutes')").run();
  db.prepare("INSERT INTO import_reports (source_id, report_json) VALUES (1, '{\"imported\":1}')").run();
}

const snapshot = (db: Db) => ({
  sources: db.prepare('SELECT * FROM runbook_sources').all(),
  runbooks: db.prepare('SELECT * FROM runbooks').all(),
  versions: db.prepare('SELECT * FROM runbook_versions ORDER BY version').all(),
  tags: db.prepare('SELECT * FROM runbook_tags ORDER BY tag').all(),
  reports: db.prepare('SELECT * FROM import_reports').all(),
  search: db.prepare("SELECT rowid FROM runbooks_fts WHERE runbooks_fts MATCH 'latency'").all(),
});

const auditRow = (seq: number, prev: string) => ({
  seq,
  at: '2026-03-11T03:14:00.000Z',
  kind: 'intent',
  actor: 'oncall',
  profile: 'prod',
  environment: 'production',
  prev_hash: prev,
  hash: `hash-${seq}`,
});

describe('migration 0002 (audit log, lever executions)', () => {
  it('migrates a version-1 library to 2: runbooks intact, audit and lever tables with working triggers', () => {
    const db = openDatabase(join(scratch.tempDir(), 'switchyard.db'));
    scratch.defer(() => db.close());
    const migrations = loadMigrations(PATHS.migrationsDir);
    expect(migrations.map((m) => m.version).slice(0, 2)).toEqual([1, 2]);

    expect(migrate(db, migrations, db.name, 1)).toBe(1);
    seedRunbooks(db);
    const before = snapshot(db);
    expect(names(db, 'table')).not.toContain('audit_records');

    expect(migrate(db, migrations, db.name, 2)).toBe(2);
    expect(schemaVersion(db)).toBe(2);

    // The runbook library is exactly as it was, and still searchable.
    expect(snapshot(db)).toEqual(before);
    expect(before.search).toEqual([{ rowid: 7 }]);

    expect(names(db, 'table')).toEqual(expect.arrayContaining(['audit_records', 'lever_executions']));
    expect(names(db, 'trigger')).toEqual(expect.arrayContaining(['audit_records_no_update', 'audit_records_no_delete']));
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['audit_records_execution', 'audit_records_lever', 'lever_executions_started']));

    // The audit log takes appends and refuses changes.
    const insert = db.prepare('INSERT INTO audit_records (seq, at, kind, actor, profile, environment, prev_hash, hash) VALUES (@seq, @at, @kind, @actor, @profile, @environment, @prev_hash, @hash)');
    insert.run(auditRow(1, '0'.repeat(64)));
    insert.run(auditRow(2, 'hash-1'));
    expect(() => db.prepare("UPDATE audit_records SET actor = 'someone else' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_records WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => insert.run({ ...auditRow(3, 'hash-2'), kind: 'rumour' })).toThrow(/CHECK/);
    expect(() => insert.run({ ...auditRow(4, 'hash-2'), hash: 'hash-1' })).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT seq, actor FROM audit_records ORDER BY seq').all()).toEqual([
      { seq: 1, actor: 'oncall' },
      { seq: 2, actor: 'oncall' },
    ]);

    // Lever executions move through their states; an unknown state is refused.
    db.prepare(
      `INSERT INTO lever_executions (id, lever, action, target, environment, reason, started_at, status)
       VALUES ('e1', 'halt-deposits', 'engage', 'platform', 'production', 'upi down', '2026-03-11T03:14:00Z', 'in_flight')`,
    ).run();
    db.prepare("UPDATE lever_executions SET status = 'verified', finished_at = '2026-03-11T03:14:05Z' WHERE id = 'e1'").run();
    expect(db.prepare("SELECT status FROM lever_executions WHERE id = 'e1'").get()).toEqual({ status: 'verified' });
    expect(() => db.prepare("UPDATE lever_executions SET status = 'done' WHERE id = 'e1'").run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare("INSERT INTO lever_executions (id, lever, action, target, environment, reason, started_at, status) VALUES ('e2', 'x', 'pull', 't', 'p', 'r', 'now', 'in_flight')")
        .run(),
    ).toThrow(/CHECK/);
  });
});
