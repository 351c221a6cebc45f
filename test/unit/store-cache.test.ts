// openCache: a database that only caches what can be made again. Damage, a newer schema or
// failing migrations set the file aside (one copy, with its WAL, so a stale WAL is never
// replayed into the new file) and start a new one; a lock held by another process is not
// damage and leaves the file where it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StorageError, quickCheck } from '../../electron/core/store/connection.ts';
import { loadMigrations, schemaVersion } from '../../electron/core/store/migrate.ts';
import { DAMAGED_SUFFIX, openCache } from '../../electron/core/store/rebuildable.ts';
import { PATHS } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const migrations = () => loadMigrations(join(PATHS.migrationsDir, 'cache'));

function open(path: string) {
  const opened = openCache(path, migrations());
  scratch.defer(() => opened.db.close());
  return opened;
}

const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);

describe('openCache', () => {
  it('a missing file is made and migrated, and that is not a rebuild', () => {
    const path = join(scratch.tempDir(), 'runbook-cache.db');
    const { db, rebuilt } = open(path);
    expect(rebuilt).toBeNull();
    expect(schemaVersion(db)).toBe(migrations().length);
    expect(tables(db)).toEqual(expect.arrayContaining(['runbooks', 'runbooks_fts', 'runbook_shadows']));
  });

  it('a file whose migrations fail is set aside and a new one made', () => {
    const path = join(scratch.tempDir(), 'runbook-cache.db');
    const other = new Database(path);
    other.exec("CREATE TABLE runbook_sources (something_else TEXT); INSERT INTO runbook_sources VALUES ('kept')");
    other.close();

    const { db, rebuilt } = open(path);

    expect(rebuilt).toEqual({ path, reason: expect.stringMatching(/^Migration 1 \(runbooks\) failed: .*already exists/), keptAs: path + DAMAGED_SUFFIX });
    const kept = new Database(path + DAMAGED_SUFFIX, { readonly: true });
    expect(kept.prepare('SELECT something_else FROM runbook_sources').all()).toEqual([{ something_else: 'kept' }]);
    kept.close();
    expect(schemaVersion(db)).toBe(migrations().length);
    expect(db.prepare('SELECT count(*) AS n FROM runbook_sources').get()).toEqual({ n: 0 });
  });

  it('a cache written by a newer Switchyard is rebuilt, not refused', () => {
    const path = join(scratch.tempDir(), 'runbook-cache.db');
    const newer = new Database(path);
    newer.pragma('user_version = 99');
    newer.close();
    const { rebuilt, db } = open(path);
    expect(rebuilt?.reason).toBe('written by a newer Switchyard');
    expect(schemaVersion(db)).toBe(migrations().length);
  });

  it('a file that is not a database is set aside, replacing an older kept copy, and no WAL is left to replay into the new file', () => {
    const dir = scratch.tempDir();
    const path = join(dir, 'runbook-cache.db');
    writeFileSync(path + DAMAGED_SUFFIX, 'an older damaged copy');
    writeFileSync(path + DAMAGED_SUFFIX + '-wal', 'its old WAL');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    writeFileSync(path + '-wal', 'a WAL that must never be replayed into the new file');
    writeFileSync(path + '-shm', 'x');

    const { rebuilt, db } = open(path);

    expect(rebuilt?.reason).toMatch(/not a database/);
    expect(readFileSync(path + DAMAGED_SUFFIX).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
    // (SQLite drops a WAL it cannot use when the damaged file's connection closes; a surviving one would go aside with it.)
    expect(existsSync(path + DAMAGED_SUFFIX + '-wal') && readFileSync(path + DAMAGED_SUFFIX + '-wal', 'utf8')).not.toBe('its old WAL');
    expect(schemaVersion(db)).toBe(migrations().length);
    expect(db.prepare('SELECT count(*) AS n FROM runbooks').get()).toEqual({ n: 0 });
  });

  it("quick_check 'tables' checks every b-tree but not the search index's own consistency, which 'full' does", () => {
    const path = join(scratch.tempDir(), 'runbook-cache.db');
    const opened = openCache(path, migrations());
    opened.db.prepare("INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (1, 'Rail latency spike', 'upi', 'zanzibar above 200 ms')").run();
    opened.db.close();
    // One letter of the stored text changed on disk: every b-tree is sound, the index no longer matches its content.
    const bytes = readFileSync(path);
    const at = bytes.indexOf('zanzibar above');
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf('zanzibar above', at + 1)).toBe(-1);
    bytes[at] = 'q'.charCodeAt(0);
    writeFileSync(path, bytes);
    const db = new Database(path, { readonly: true });
    scratch.defer(() => db.close());
    expect(quickCheck(db, 'tables')).toBeNull();
    expect(quickCheck(db, 'full')).toMatch(/runbooks_fts/);
  });

  it('a cache locked by another process is refused as locked and stays where it is', () => {
    const path = join(scratch.tempDir(), 'runbook-cache.db');
    const holder = new Database(path);
    holder.exec('CREATE TABLE t (x)');
    holder.exec('BEGIN EXCLUSIVE');
    scratch.defer(() => holder.close());
    scratch.defer(() => holder.inTransaction && holder.exec('ROLLBACK'));

    let refused: unknown = null;
    try {
      openCache(path, migrations(), { busyTimeoutMs: 50 }).db.close();
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as StorageError).reason).toBe('locked');
    expect(existsSync(path + DAMAGED_SUFFIX)).toBe(false);
  });
});
