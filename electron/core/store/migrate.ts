import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError, classify, tooNew, type Db } from './connection.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_snake_name.sql` files, in order; a gap or a duplicate number is a packaging bug. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((f) => ({ f, m: FILE.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, m }) => ({ version: Number(m[1]), name: m[2] ?? f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations in ${dir} are not numbered 1..n: found ${m.version} at ${i + 1}`);
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the pending migrations, each in its own transaction with the version bump, so a
 * crash leaves the database at a whole version. A database newer than this app is refused:
 * writing to it with old code would lose data.
 */
export function migrate(db: Db, migrations: Migration[], path = db.name, upTo = migrations.length): number {
  const current = schemaVersion(db);
  if (current > migrations.length) throw tooNew(path, current, migrations.length);
  for (const m of migrations.slice(current, upTo)) {
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      if (e instanceof StorageError) throw e;
      const c = (e as { code?: string }).code ?? '';
      if (c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_NOTADB') || c.startsWith('SQLITE_CORRUPT')) throw classify(e, path);
      throw new Error(`Migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  return schemaVersion(db);
}
