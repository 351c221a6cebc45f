import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { StorageError, isDamage, openDatabase, type Db, type OpenOptions } from './connection.ts';
import { migrate, type Migration } from './migrate.ts';

/** Why a cache file was set aside and started again. */
export interface CacheRebuild {
  path: string;
  /** What was wrong, as SQLite or quick_check said it. */
  reason: string;
  /** Where the damaged file was kept (one copy: the next damage replaces it). */
  keptAs: string;
}

export interface OpenedCache {
  db: Db;
  /** Null when the file opened clean (or did not exist yet). */
  rebuilt: CacheRebuild | null;
}

/** The suffix of the one copy of a damaged cache that is kept. */
export const DAMAGED_SUFFIX = '.damaged';

/**
 * Up to this size (about 2,000 runbooks) the full-text index's own check runs at every open
 * (about a second at most); above it, it would cost seconds at every start (six on 10,000
 * runbooks), so only the tables' b-trees are checked, and damage inside the index is found by
 * the search that meets it.
 */
export const FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024;

const sizeOf = (p: string) => (existsSync(p) ? statSync(p).size : 0);

/**
 * Opens a database that only caches what can be made again (the runbook cache). A file that
 * does not open as a database, fails quick_check, or fails its migrations is moved aside (one
 * copy kept) and a new, empty one made in its place; the caller then fills it from the sources.
 * A file locked by another process is refused as it is: that is not damage.
 */
export function openCache(path: string, migrations: Migration[], options: Omit<OpenOptions, 'contents' | 'maxSchemaVersion' | 'check'> = {}): OpenedCache {
  const check = sizeOf(path) + sizeOf(`${path}-wal`) > FULL_CHECK_MAX_BYTES ? 'tables' : 'full';
  const open = () => openDatabase(path, { ...options, contents: 'cache', check });
  let reason: string | null = null;
  let db: Db | null = null;
  try {
    db = open();
  } catch (e) {
    // Damage, or a newer Switchyard's cache; anything else (a lock, no permission) is not ours to fix.
    if (!isDamage(e) && !(e instanceof StorageError && e.reason === 'too_new')) throw e;
    reason = damageSummary(e);
  }
  if (db) {
    try {
      migrate(db, migrations, path);
      return { db, rebuilt: null };
    } catch (e) {
      db.close();
      if (e instanceof StorageError && e.reason === 'locked') throw e;
      reason = damageSummary(e);
    }
  }
  const keptAs = setAside(path);
  const fresh = open();
  try {
    migrate(fresh, migrations, path);
  } catch (e) {
    fresh.close();
    throw e;
  }
  return { db: fresh, rebuilt: { path, reason: reason ?? 'damaged', keptAs } };
}

/** What was wrong with a cache file, in one short line for a report and a log. */
export function damageSummary(e: unknown): string {
  const text = e instanceof StorageError ? (e.reason === 'too_new' ? 'written by a newer Switchyard' : (e.detail ?? e.message)) : (e as Error).message;
  // quick_check can say a lot, over several lines: the first of it is enough to know what happened.
  const line = text.replace(/\*\*\* in database main \*\*\*\s*/g, '').replace(/\s*\n\s*/g, '; ');
  return line.length > 240 ? `${line.slice(0, 239)}…` : line;
}

/**
 * Moves a closed database and its journal aside as `<path>.damaged` (replacing an older copy),
 * so a stale WAL can never be replayed into the new file. Returns the kept copy's path.
 */
export function setAside(path: string): string {
  const kept = path + DAMAGED_SUFFIX;
  try {
    for (const side of ['-wal', '-journal']) {
      if (existsSync(path + side)) renameSync(path + side, kept + side);
      else rmSync(kept + side, { force: true });
    }
    rmSync(path + '-shm', { force: true });
    if (existsSync(path)) renameSync(path, kept);
  } catch (e) {
    throw new StorageError(
      `The runbook cache at ${path} is damaged and could not be moved aside to be rebuilt (${(e as Error).message}). ` +
        `Close Switchyard, delete ${path} (it holds only runbooks imported from their sources, never the audit log), and start again.`,
      path,
      'unopenable',
    );
  }
  return kept;
}
