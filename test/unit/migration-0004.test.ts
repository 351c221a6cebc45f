// Migration 4 (the runbook cache moves to its own file) on a version-3 database holding a
// runbook cache, a folder the user added, a folder they removed, an audit record, a lever
// execution and metrics settings: the records stay as they were, the configured folder is kept
// as configuration, and the cache tables leave switchyard.db. The console started on it
// imports the runbooks again, from the bundled set and the folder, into runbook-cache.db.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, RUNBOOK_CACHE_FILE } from '../../electron/core/console-core.ts';
import { openDatabase, type Db } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/store/migrate.ts';
import { BUNDLED_IDS, PATHS, openCore, runbookMarkdown, value, writeFile } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

function seed(db: Db, folder: string): void {
  db.prepare("INSERT INTO runbook_sources (id, kind, location, added_at) VALUES (1, 'bundled', '/resources/runbooks', '2026-03-01T00:00:00Z')").run();
  db.prepare('INSERT INTO runbook_sources (id, kind, location, added_at, last_synced_at) VALUES (2, ?, ?, ?, ?)').run(
    'folder',
    folder,
    '2026-03-02T00:00:00Z',
    '2026-03-09T00:00:00Z',
  );
  db.prepare("INSERT INTO runbook_sources (id, kind, location, added_at, removed_at) VALUES (3, 'folder', '/old/checkout', '2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z')").run();
  db.prepare(
    `INSERT INTO runbook_versions (runbook_id, version, source_id, path, content_hash, markdown, body_text, title,
       severity_hint, triggers_json, levers_json, owners_json, tags_json, imported_at)
     VALUES ('upi-timeouts', 1, 2, 'upi-timeouts.md', 'h1', '# UPI', 'UPI timeouts', 'UPI timeouts', 'SEV2', '[]', '[]', '[]', '["upi"]', 'then')`,
  ).run();
  db.prepare(
    `INSERT INTO runbooks (key, id, current_version, source_id, path, title, severity_hint, tags_json, updated_at)
     VALUES (7, 'upi-timeouts', 1, 2, 'upi-timeouts.md', 'UPI timeouts', 'SEV2', '["upi"]', 'then')`,
  ).run();
  db.prepare("INSERT INTO runbook_tags (runbook_key, tag) VALUES (7, 'upi')").run();
  db.prepare("INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (7, 'UPI timeouts', 'upi', 'UPI timeouts')").run();
  db.prepare(`INSERT INTO import_reports (source_id, report_json) VALUES (2, '{}')`).run();
  db.prepare(
    `INSERT INTO audit_records (seq, at, kind, actor, profile, environment, reason, prev_hash, hash)
     VALUES (1, '2026-03-11T03:14:00.000Z', 'intent', 'oncall', 'prod', 'production', 'upi down', '${'0'.repeat(64)}', 'hash-1')`,
  ).run();
  db.prepare(
    `INSERT INTO lever_executions (id, lever, action, target, environment, reason, started_at, status)
     VALUES ('e1', 'halt-deposits', 'engage', 'platform', 'production', 'upi down', '2026-03-11T03:14:00Z', 'unknown')`,
  ).run();
  db.prepare(`INSERT INTO metrics_settings (profile, thresholds_json, updated_at) VALUES ('prod', '{"p99Ms": 250}', 'then')`).run();
}

const records = (db: Db) => ({
  audit: db.prepare('SELECT * FROM audit_records').all(),
  levers: db.prepare('SELECT * FROM lever_executions').all(),
  settings: db.prepare('SELECT * FROM metrics_settings').all(),
});

const tables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('migration 0004 (the runbook cache moves to its own file)', () => {
  it('keeps the records and the configured folder, drops the cache tables, and the next start re-imports into runbook-cache.db', async () => {
    const folder = scratch.tempDir('team-runbooks-');
    writeFile(folder, 'upi-timeouts.md', runbookMarkdown({ id: 'upi-timeouts', title: 'UPI timeouts', severity: 'SEV2', tags: ['upi'], body: 'Escalate to the zanzibar bridge.\n' }));
    const dataDir = join(scratch.tempDir(), 'profile');
    const path = join(dataDir, DATABASE_FILE);
    const migrations = loadMigrations(PATHS.migrationsDir);
    expect(migrations.map((m) => m.version).slice(0, 4)).toEqual([1, 2, 3, 4]);

    const db = openDatabase(path);
    expect(migrate(db, migrations, path, 3)).toBe(3);
    seed(db, folder);
    const before = records(db);

    expect(migrate(db, migrations, path, 4)).toBe(4);
    expect(schemaVersion(db)).toBe(4);
    expect(records(db)).toEqual(before);
    // The configured folder survives as configuration; the removed one and the bundled set do not.
    expect(db.prepare('SELECT location, added_at FROM runbook_folders').all()).toEqual([{ location: folder, added_at: '2026-03-02T00:00:00Z' }]);
    const left = tables(db);
    for (const gone of ['runbook_sources', 'runbooks', 'runbook_versions', 'runbook_tags', 'runbooks_fts', 'import_reports', 'runbooks_severity', 'runbook_tags_tag'])
      expect(left, gone).not.toContain(gone);
    expect(left).toEqual(expect.arrayContaining(['audit_records', 'lever_executions', 'metrics_settings', 'runbook_folders', 'audit_records_no_update']));
    // The audit log is still append-only, and the folder list takes one row per location.
    expect(() => db.prepare("UPDATE audit_records SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO runbook_folders (location, added_at) VALUES (?, 'now')").run(folder)).toThrow(/UNIQUE/);
    db.close();

    // First start after the upgrade: the cache is made and filled from the sources.
    expect(existsSync(join(dataDir, RUNBOOK_CACHE_FILE))).toBe(false);
    const core = openCore(scratch, { dataDir });
    expect(core.startupReports.map((r) => [r.source, r.location, r.imported, r.error])).toEqual([
      ['bundled', PATHS.bundledRunbooksDir, BUNDLED_IDS.length, null],
      ['folder', folder, 1, null],
    ]);
    expect(existsSync(join(dataDir, RUNBOOK_CACHE_FILE))).toBe(true);
    expect((await value(core, 'runbooks.search', { query: 'zanzibar' })).hits.map((h) => h.id)).toEqual(['upi-timeouts']);
    expect((await value(core, 'runbooks.sources')).map((s) => [s.kind, s.location])).toEqual([
      ['bundled', PATHS.bundledRunbooksDir],
      ['folder', folder],
    ]);
    // The version history the old cache held is not carried over: version 1 again, from the folder.
    expect((await value(core, 'runbooks.history', { id: 'upi-timeouts' })).map((v) => v.version)).toEqual([1]);
    expect((await value(core, 'audit.list', { limit: 10 })).map((r) => r.reason)).toEqual(['upi down']);
  });
});
