import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, createConsoleCore } from '../../electron/core/console-core.ts';
import { StorageError, openDatabase } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate } from '../../electron/core/store/migrate.ts';
import { PATHS } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const migrations = () => loadMigrations(PATHS.migrationsDir);

function catchStorageError(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StorageError) return e;
    throw new Error(`expected a StorageError, got ${String(e)}`);
  }
  throw new Error('expected a StorageError, nothing was thrown');
}

/** Deterministic junk: the same "random" bytes on every run. */
function junk(n: number, seed = 0x5eed): Buffer {
  const b = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

const config = (dataDir: string) => ({
  dataDir,
  version: '0.0.0-test',
  migrationsDir: PATHS.migrationsDir,
  bundledRunbooksDir: PATHS.bundledRunbooksDir,
});

describe('a database written by a newer Switchyard', () => {
  /** What a newer release leaves behind: a WAL database at a schema version this build does not know. */
  function newerDatabase(dataDir: string): string {
    const path = join(dataDir, DATABASE_FILE);
    const db = openDatabase(path);
    migrate(db, migrations());
    db.prepare("INSERT INTO runbook_folders (location, added_at) VALUES ('/docs/runbooks', 'then')").run();
    db.pragma('user_version = 99');
    db.close();
    return path;
  }

  it('is refused with reason too_new, and its bytes and version stay as they were', () => {
    const path = newerDatabase(scratch.tempDir());
    const before = readFileSync(path);

    const db = openDatabase(path);
    const e = catchStorageError(() => migrate(db, migrations(), path));
    db.close();

    expect(e.reason).toBe('too_new');
    expect(e.message).toMatch(/schema version 99/);
    expect(e.message).toMatch(/Update Switchyard/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('stops the console from starting, with the same clear error, and leaves the data intact', () => {
    const dataDir = scratch.tempDir();
    const path = newerDatabase(dataDir);
    const before = readFileSync(path);

    const e = catchStorageError(() => createConsoleCore(config(dataDir)));
    expect(e.reason).toBe('too_new');
    expect(readFileSync(path).equals(before)).toBe(true);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT location FROM runbook_folders').all()).toEqual([{ location: '/docs/runbooks' }]);
    check.close();
  });
});

describe('a file that is not a database', () => {
  it('is refused with reason corrupt, the file is unchanged and no journal is created beside it', () => {
    const dir = scratch.tempDir();
    const path = join(dir, DATABASE_FILE);
    const bytes = junk(64 * 1024);
    writeFileSync(path, bytes);

    const e = catchStorageError(() => openDatabase(path));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/Nothing was changed/);
    expect(e.path).toBe(path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual([DATABASE_FILE]);
  });

  it('stops the console from starting with reason corrupt, not a crash', () => {
    const dataDir = scratch.tempDir();
    const bytes = junk(8192, 7);
    writeFileSync(join(dataDir, DATABASE_FILE), bytes);
    const e = catchStorageError(() => createConsoleCore(config(dataDir)));
    expect(e.reason).toBe('corrupt');
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(bytes)).toBe(true);
    // The path and the next step; never "move it aside", which would hide the audit log.
    expect(e.message).toContain(join(dataDir, DATABASE_FILE));
    expect(e.message).toMatch(/\.recover/);
    expect(e.message).not.toMatch(/move the file aside/i);
    expect(readdirSync(dataDir)).toEqual([DATABASE_FILE]);
  });
});

describe('a database held by another Switchyard', () => {
  it('a migration waiting on another connection\'s write transaction fails with reason locked', () => {
    const path = join(scratch.tempDir(), DATABASE_FILE);
    const holder = openDatabase(path);
    scratch.defer(() => holder.close());
    holder.exec('BEGIN IMMEDIATE');
    scratch.defer(() => {
      if (holder.inTransaction) holder.exec('ROLLBACK');
    });

    const late = openDatabase(path, { busyTimeoutMs: 50 });
    scratch.defer(() => late.close());
    const started = Date.now();
    const e = catchStorageError(() => migrate(late, migrations(), path));
    expect(e.reason).toBe('locked');
    expect(e.message).toMatch(/locked by another process/);
    expect(e.message).toMatch(/--data-dir/);
    // busy_timeout is honoured: it waits about 50 ms, not the 5 s default.
    expect(Date.now() - started).toBeLessThan(3000);
    // Nothing of the migration landed.
    expect(late.pragma('user_version', { simple: true })).toBe(0);

    // Once the other instance lets go, the same database migrates normally.
    holder.exec('ROLLBACK');
    expect(migrate(late, migrations(), path)).toBe(migrations().length);
  });

  it('a database held EXCLUSIVE (rollback journal) refuses to open with reason locked', () => {
    const path = join(scratch.tempDir(), DATABASE_FILE);
    const holder = new Database(path);
    scratch.defer(() => holder.close());
    holder.exec('CREATE TABLE t (x)');
    holder.exec('BEGIN EXCLUSIVE');
    scratch.defer(() => {
      if (holder.inTransaction) holder.exec('ROLLBACK');
    });

    const e = catchStorageError(() => openDatabase(path, { busyTimeoutMs: 50 }));
    expect(e.reason).toBe('locked');
    expect(existsSync(path)).toBe(true);
  });
});
