import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime's ABI (Electron passes its own). */
  nativeBinding?: string;
  readonly?: boolean;
  /** How long a writer waits for a lock held by another process before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Refuse a database newer than this before anything (even the journal mode) is changed. */
  maxSchemaVersion?: number;
}

export class StorageError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly reason: 'corrupt' | 'locked' | 'too_new' | 'unopenable',
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Opens a profile database: WAL so readers never block the writer, foreign keys on. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (e) {
    throw new StorageError(`Cannot open the database at ${path}: ${(e as Error).message}`, path, 'unopenable');
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // The first real read is where a non-database file shows itself.
    db.pragma('schema_version');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (options.maxSchemaVersion !== undefined && version > options.maxSchemaVersion) throw tooNew(path, version, options.maxSchemaVersion);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // REPLACE's implicit delete then fires DELETE triggers too (the audit log's guard).
    db.pragma('recursive_triggers = ON');
    // FULL: an audit intent must survive power loss, not only a crash of the process.
    db.pragma('synchronous = FULL');
  } catch (e) {
    db.close();
    throw e instanceof StorageError ? e : classify(e, path);
  }
  return db;
}

export function classify(e: unknown, path: string): StorageError {
  const code = (e as { code?: string }).code ?? '';
  const message = (e as Error).message;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StorageError(
      `The database at ${path} is damaged or is not a Switchyard database (${message}). ` +
        'Nothing was changed. Move the file aside (keep it for recovery) and start again to rebuild the cache.',
      path,
      'corrupt',
    );
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new StorageError(
      `The database at ${path} is locked by another process (${message}). ` +
        'Close the other Switchyard instance using this data folder, or start this one with another --data-dir.',
      path,
      'locked',
    );
  return new StorageError(`Cannot use the database at ${path}: ${message}`, path, 'unopenable');
}

/** A database written by a newer Switchyard: refused before anything touches it. */
export function tooNew(path: string, version: number, known: number): StorageError {
  return new StorageError(
    `The database at ${path} is at schema version ${version}, newer than this Switchyard ` +
      `(which knows up to ${known}). Update Switchyard, or start with another data folder; the database was not touched.`,
    path,
    'too_new',
  );
}
