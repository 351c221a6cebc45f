import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { NO_REDACTION, redactor, type Redactor, type Secrets } from './redact.ts';

export type Db = Database.Database;

/**
 * What a database file holds. The records (audit log, lever executions, settings) exist
 * nowhere else: damage is refused, never worked around. A cache is rebuilt from its sources.
 */
export type Contents = 'records' | 'cache';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime's ABI (Electron passes its own). */
  nativeBinding?: string;
  readonly?: boolean;
  /** How long a writer waits for a lock held by another process before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Refuse a database newer than this before anything (even the journal mode) is changed. */
  maxSchemaVersion?: number;
  /** Decides the advice a damaged file gets. Default: records. */
  contents?: Contents;
  /** Every secret the console holds: replaced in every string bound to a statement. */
  secrets?: Secrets;
  /**
   * What quick_check covers at open: `full` (default) includes full-text indexes' own check,
   * which costs seconds on a large runbook cache; `tables` checks every table's b-tree only.
   */
  check?: CheckDepth;
}

export type CheckDepth = 'full' | 'tables';

export class StorageError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly reason: 'corrupt' | 'locked' | 'too_new' | 'unopenable',
    /** What SQLite (or quick_check) said, without the advice around it. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Owner-only, like profiles.json: the records name who pulled which lever and why. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const SIDE_FILES = ['-wal', '-shm', '-journal'];

const redactors = new WeakMap<Db, Redactor>();

/** The redaction a database applies to what is bound to its statements (AuditLog hashes what will be stored). */
export function redactorOf(db: Db): Redactor {
  return redactors.get(db) ?? NO_REDACTION;
}

/**
 * Opens a profile database: WAL so readers never block the writer, foreign keys on, owner-only
 * files, checked with quick_check, and every string bound to a statement redacted.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const contents = options.contents ?? 'records';
  const onDisk = path !== ':memory:' && !options.readonly;
  if (onDisk) prepareFile(path);
  let db: Db;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (isDamageCode(code)) throw classify(e, path, contents);
    throw new StorageError(`Cannot open the database at ${path}: ${(e as Error).message}`, path, 'unopenable');
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // The first real read is where a non-database file shows itself.
    db.pragma('schema_version');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (options.maxSchemaVersion !== undefined && version > options.maxSchemaVersion) throw tooNew(path, version, options.maxSchemaVersion);
    const problems = quickCheck(db, options.check);
    if (problems !== null) throw damaged(path, `quick_check: ${problems}`, contents);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // REPLACE's implicit delete then fires DELETE triggers too (the audit log's guard).
    db.pragma('recursive_triggers = ON');
    // FULL: an audit intent must survive power loss, not only a crash of the process. A cache
    // can lose its last import to a power cut (WAL keeps it whole): it is imported again.
    db.pragma(`synchronous = ${contents === 'records' ? 'FULL' : 'NORMAL'}`);
  } catch (e) {
    db.close();
    throw e instanceof StorageError ? e : classify(e, path, contents);
  }
  if (onDisk) ownerOnly(path);
  const r = options.secrets ? redactor(options.secrets) : NO_REDACTION;
  redactors.set(db, r);
  guardStatements(db, path, contents, r);
  return db;
}

/** The first problems `PRAGMA quick_check` finds, or null when the file is sound. */
export function quickCheck(db: Db, depth: CheckDepth = 'full'): string | null {
  const check = (pragma: string) => (db.pragma(pragma, { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (depth === 'full') {
    const problems = check('quick_check(5)');
    return problems.length ? problems.join('; ') : null;
  }
  // Each table on its own (a virtual table's shadow tables included) skips the virtual tables' own checks.
  const names = db.pragma('table_list', { simple: false }) as { name: string; type: string; schema: string }[];
  for (const t of names) {
    if (t.schema !== 'main' || (t.type !== 'table' && t.type !== 'shadow')) continue;
    const problems = check(`quick_check("${t.name.replace(/"/g, '""')}")`);
    if (problems.length) return problems.slice(0, 5).join('; ');
  }
  return null;
}

/** A new database file is created owner-only, in an owner-only folder, before SQLite writes a byte. */
function prepareFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, 'wx', FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Tightens what is already there (a folder or file made by an older Switchyard, or by hand). */
function ownerOnly(path: string): void {
  if (process.platform === 'win32') return; // ACLs, not modes: the user profile folder is private already
  const tighten = (p: string, mode: number) => {
    try {
      chmodSync(p, mode);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A side file may come and go; a file system without modes is what it is.
      if (code !== 'ENOENT' && code !== 'ENOTSUP' && code !== 'EPERM') throw e;
    }
  };
  // Never a shared folder (a database opened straight in /tmp, sticky and world-writable, by design).
  if ((statSync(dirname(path)).mode & 0o1000) === 0) tighten(dirname(path), DIR_MODE);
  tighten(path, FILE_MODE);
  for (const s of SIDE_FILES) if (existsSync(path + s)) tighten(path + s, FILE_MODE);
}

type Bound = (...params: unknown[]) => unknown;
type StatementMethods = Record<'run' | 'get' | 'all' | 'iterate' | 'bind', Bound>;

/**
 * Every statement this connection prepares binds redacted values (at any depth of named
 * parameters), so a new repository cannot forget to redact; and damage met by a statement is
 * reported with the file's path and what to do, not as a bare "database disk image is malformed".
 */
function guardStatements(db: Db, path: string, contents: Contents, r: Redactor): void {
  const prepare = db.prepare.bind(db);
  const wrapped = (source: string) => {
    const st = prepare(source);
    const methods = st as unknown as StatementMethods;
    for (const name of ['run', 'get', 'all', 'iterate', 'bind'] as const) {
      const original = methods[name].bind(st);
      methods[name] = (...params: unknown[]) => {
        const bound = r.value(params);
        try {
          return original(...bound);
        } catch (e) {
          throw isDamageCode((e as { code?: string }).code ?? '') ? classify(e, path, contents) : e;
        }
      };
    }
    return st;
  };
  db.prepare = wrapped as Db['prepare'];
}

export function isDamageCode(code: string): boolean {
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
}

/** A file found damaged: SQLite refused it, or quick_check found problems. */
export function isDamage(e: unknown): boolean {
  if (e instanceof StorageError) return e.reason === 'corrupt';
  return isDamageCode((e as { code?: string } | null)?.code ?? '');
}

export function classify(e: unknown, path: string, contents: Contents = 'records'): StorageError {
  const code = (e as { code?: string }).code ?? '';
  const message = (e as Error).message;
  if (isDamageCode(code)) return damaged(path, message, contents);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StorageError(
      `The database at ${path} is locked by another process (${message}). ` +
        'Close the other Switchyard instance using this data folder, or start this one with another --data-dir.',
      path,
      'locked',
    );
  return new StorageError(`Cannot use the database at ${path}: ${message}`, path, 'unopenable');
}

/**
 * Damage, with the next step. The records are never to be moved aside or deleted (that hides
 * the audit log and any lever left `unknown`): copy, then recover with sqlite3's .recover.
 */
function damaged(path: string, detail: string, contents: Contents): StorageError {
  const message =
    contents === 'cache'
      ? `The runbook cache at ${path} is damaged or is not a Switchyard database (${detail}). ` +
        'It holds nothing that cannot be rebuilt: Switchyard moves it aside and imports the runbooks again from their sources.'
      : `The records database at ${path} (audit log, lever executions, settings) is damaged or is not a Switchyard database (${detail}). ` +
        'Nothing was changed, and Switchyard will not use it until it is repaired; do not delete or move it, it holds the audit log. ' +
        `Next step: close Switchyard, copy ${path} (with ${path}-wal and ${path}-shm if they exist) somewhere safe for investigation, ` +
        `then recover the records into a new file with: sqlite3 "${path}" ".recover" | sqlite3 "${path}.recovered" ` +
        `— check it (sqlite3 "${path}.recovered" "PRAGMA integrity_check"; then Audit → verify once started), ` +
        `put it in place of ${path} (removing ${path}-wal and ${path}-shm, which you copied), and start again.`;
  return new StorageError(message, path, 'corrupt', detail);
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
