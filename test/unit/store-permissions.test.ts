// The profile's databases hold who pulled which lever and why: owner-only, like profiles.json.
// New files and folders are made so, and ones left looser (by an older Switchyard, a restore,
// a hand-made copy) are tightened when they are opened.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, RUNBOOK_CACHE_FILE } from '../../electron/core/console-core.ts';
import { openCore } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const mode = (p: string) => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

describe.skipIf(!posix)('owner-only data files (POSIX)', () => {
  let umask = 0;
  // The usual desktop umask: what SQLite would create with is 0644, folders 0755.
  beforeAll(() => {
    umask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(umask);
  });

  const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, RUNBOOK_CACHE_FILE, `${RUNBOOK_CACHE_FILE}-wal`, `${RUNBOOK_CACHE_FILE}-shm`];

  it('a new profile folder is 0700 and every database file in it 0600', () => {
    const dataDir = join(scratch.tempDir(), 'profiles', 'prod');
    openCore(scratch, { dataDir });
    expect(mode(dataDir).toString(8)).toBe('700');
    for (const f of files) {
      expect(existsSync(join(dataDir, f)), f).toBe(true);
      expect(mode(join(dataDir, f)).toString(8), f).toBe('600');
    }
  });

  it('files and the folder left readable by others are tightened at open', () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    // Databases made by something else, world-readable, with their WAL and shared memory files.
    for (const name of [DATABASE_FILE, RUNBOOK_CACHE_FILE]) {
      const db = new Database(join(dataDir, name));
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE scratch (x)');
      db.close();
      chmodSync(join(dataDir, name), 0o644);
      writeFileSync(join(dataDir, `${name}-wal`), '');
      chmodSync(join(dataDir, `${name}-wal`), 0o666);
    }
    expect(mode(join(dataDir, DATABASE_FILE)).toString(8)).toBe('644');

    openCore(scratch, { dataDir });

    expect(mode(dataDir).toString(8)).toBe('700');
    for (const f of files) expect(mode(join(dataDir, f)).toString(8), f).toBe('600');
  });
});
