import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/store/migrate.ts';
import { PATHS, openCore, value } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

function freshDb(file = 'switchyard.db') {
  const path = join(scratch.tempDir(), file);
  const db = openDatabase(path);
  scratch.defer(() => db.close());
  return { db, path };
}

/** A migrations folder with the real 0001 and extra test-only migrations after it. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = scratch.tempDir('switchyard-migrations-');
  copyFileSync(join(PATHS.migrationsDir, '0001_runbooks.sql'), join(dir, '0001_runbooks.sql'));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(join(dir, name), sql);
  return dir;
}

const tables = (db: ReturnType<typeof openDatabase>) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('profile database connection', () => {
  it('opens in WAL mode so the wall display can read while an import writes', () => {
    const { db } = freshDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('enforces foreign keys: a cached runbook cannot point at a source that does not exist', () => {
    const { db } = freshDb('runbook-cache.db');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    migrate(db, loadMigrations(join(PATHS.migrationsDir, 'cache')));
    expect(() =>
      db
        .prepare("INSERT INTO runbooks (id, current_version, source_id, title, updated_at) VALUES ('x', 1, 999, 'X', 'now')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('creates the profile folder when it does not exist yet', () => {
    const path = join(scratch.tempDir(), 'profiles', 'default', 'switchyard.db');
    const db = openDatabase(path);
    scratch.defer(() => db.close());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

describe('migrations', () => {
  it('migration 1 on an empty database creates the runbook library and records schema version 1', () => {
    const { db } = freshDb();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, loadMigrations(PATHS.migrationsDir), db.name, 1)).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['runbook_sources', 'runbooks', 'runbook_versions', 'runbook_tags', 'runbooks_fts', 'import_reports']));

    // What the library is for: a runbook stored after the migration is found by full text.
    db.prepare("INSERT INTO runbook_sources (id, kind, location, added_at) VALUES (1, 'bundled', '/r', 'now')").run();
    db.prepare("INSERT INTO runbooks (key, id, current_version, source_id, title, updated_at) VALUES (7, 'rail-latency-spike', 1, 1, 'Rail latency spike', 'now')").run();
    db.prepare("INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (7, 'Rail latency spike', 'upi', 'p99 above 200 ms')").run();
    expect(db.prepare("SELECT rowid FROM runbooks_fts WHERE runbooks_fts MATCH 'latency'").all()).toEqual([{ rowid: 7 }]);
  });

  it('migrate(upTo) stops at the requested version and the next start finishes the job', () => {
    const dir = migrationsWith({ '0002_incidents.sql': 'CREATE TABLE incidents (id INTEGER PRIMARY KEY, title TEXT NOT NULL);' });
    const migrations = loadMigrations(dir);
    const { db } = freshDb();

    expect(migrate(db, migrations, db.name, 1)).toBe(1);
    expect(tables(db)).toContain('runbooks');
    expect(tables(db)).not.toContain('incidents');

    // Rows written at version 1 survive migration 2.
    db.prepare("INSERT INTO runbook_sources (kind, location, added_at) VALUES ('folder', '/docs/runbooks', 'now')").run();
    expect(migrate(db, migrations)).toBe(2);
    expect(tables(db)).toContain('incidents');
    expect(db.prepare('SELECT location FROM runbook_sources').all()).toEqual([{ location: '/docs/runbooks' }]);
  });

  it('migrate(0) leaves a new database empty at version 0', () => {
    const { db } = freshDb();
    expect(migrate(db, loadMigrations(PATHS.migrationsDir), db.name, 0)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('running migrate again on an up-to-date database changes nothing', () => {
    const { db } = freshDb();
    const migrations = loadMigrations(PATHS.migrationsDir);
    migrate(db, migrations);
    db.prepare("INSERT INTO runbook_folders (location, added_at) VALUES ('/docs/runbooks', 'now')").run();
    const schemaBefore = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();

    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    expect(db.prepare('SELECT count(*) AS n FROM runbook_folders').get()).toEqual({ n: 1 });
  });

  // Migration 4 moves the cache to its own file (test/unit/migration-0004.test.ts): until then it stays put.
  it('runbooks cached at schema 1 survive migrations 2 and 3, one step at a time', () => {
    const migrations = loadMigrations(PATHS.migrationsDir);
    const { db } = freshDb();
    migrate(db, migrations, db.name, 1);
    db.prepare("INSERT INTO runbook_sources (id, kind, location, added_at) VALUES (1, 'folder', '/docs/runbooks', 'then')").run();
    db.prepare(
      `INSERT INTO runbook_versions (runbook_id, version, source_id, path, content_hash, markdown, body_text, title,
         severity_hint, triggers_json, levers_json, owners_json, tags_json, imported_at)
       VALUES ('upi-timeouts', 1, 1, 'upi.md', 'h1', '# UPI', 'UPI timeouts zanzibar', 'UPI timeouts', 'SEV2', '[]', '[]', '[]', '["upi"]', 'then')`,
    ).run();
    db.prepare("INSERT INTO runbooks (key, id, current_version, source_id, title, severity_hint, tags_json, updated_at) VALUES (5, 'upi-timeouts', 1, 1, 'UPI timeouts', 'SEV2', '[\"upi\"]', 'then')").run();
    db.prepare("INSERT INTO runbook_tags (runbook_key, tag) VALUES (5, 'upi')").run();
    db.prepare("INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (5, 'UPI timeouts', 'upi', 'UPI timeouts zanzibar')").run();

    for (const m of migrations.slice(1, 3)) {
      expect(migrate(db, migrations, db.name, m.version), `migration ${m.version} (${m.name})`).toBe(m.version);
      expect(db.prepare('SELECT id, current_version, title FROM runbooks').all(), `after ${m.name}`).toEqual([
        { id: 'upi-timeouts', current_version: 1, title: 'UPI timeouts' },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM runbook_versions').get(), `after ${m.name}`).toEqual({ n: 1 });
      expect(db.prepare("SELECT rowid FROM runbooks_fts WHERE runbooks_fts MATCH 'zanzibar'").all(), `after ${m.name}`).toEqual([{ rowid: 5 }]);
    }
    expect(schemaVersion(db)).toBe(3);
  });

  it('a failing migration leaves the database at the last whole version, with nothing half-applied', () => {
    const dir = migrationsWith({
      '0002_broken.sql': 'CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);',
    });
    const { db } = freshDb();
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/Migration 2 \(broken\) failed/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
  });

  it('a gap in the migration numbers is refused as a packaging bug', () => {
    const dir = migrationsWith({ '0003_skipped_two.sql': 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow(/not numbered 1\.\.n/);
  });

  it('files that are not NNNN_name.sql are not migrations', () => {
    const dir = migrationsWith({ 'README.md': '# notes', '0002_Bad-Name.sql': 'SELECT 1;' });
    mkdirSync(join(dir, 'old'));
    expect(loadMigrations(dir).map((m) => m.version)).toEqual([1]);
  });

  it('the console reports the schema version it runs on', async () => {
    const core = openCore(scratch);
    const info = await value(core, 'app.info');
    expect(info.storage.schemaVersion).toBe(loadMigrations(PATHS.migrationsDir).length);
  });
});
