// Migration 3 (metrics settings) on a version-2 database holding a runbook, an audit record
// and a lever execution: all of it survives untouched; the settings table takes a profile's
// thresholds and wall playlist and refuses what is not JSON.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../shared/metrics.ts';
import { DEFAULT_WALL } from '../../shared/wall.ts';
import { MetricsSettingsRepository } from '../../electron/core/metrics/settings-repository.ts';
import { openDatabase, type Db } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/store/migrate.ts';
import { PATHS } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

function seed(db: Db): void {
  db.prepare("INSERT INTO runbook_sources (id, kind, location, added_at) VALUES (1, 'bundled', '/resources/runbooks', '2026-03-01T00:00:00Z')").run();
  db.prepare(
    `INSERT INTO runbooks (key, id, current_version, source_id, path, title, severity_hint, tags_json, updated_at)
     VALUES (7, 'rail-latency-spike', 1, 1, 'rail-latency-spike.md', 'Rail latency spike', 'SEV2', '["upi"]', '2026-03-02T00:00:00Z')`,
  ).run();
  db.prepare(
    `INSERT INTO audit_records (seq, at, kind, actor, profile, environment, prev_hash, hash)
     VALUES (1, '2026-03-11T03:14:00.000Z', 'intent', 'oncall', 'prod', 'production', '${'0'.repeat(64)}', 'hash-1')`,
  ).run();
  db.prepare(
    `INSERT INTO lever_executions (id, lever, action, target, environment, reason, started_at, status)
     VALUES ('e1', 'halt-deposits', 'engage', 'platform', 'production', 'upi down', '2026-03-11T03:14:00Z', 'verified')`,
  ).run();
}

const snapshot = (db: Db) => ({
  runbooks: db.prepare('SELECT * FROM runbooks').all(),
  sources: db.prepare('SELECT * FROM runbook_sources').all(),
  audit: db.prepare('SELECT * FROM audit_records').all(),
  levers: db.prepare('SELECT * FROM lever_executions').all(),
});

describe('migration 0003 (metrics settings)', () => {
  it('migrates a version-2 database to 3: earlier data intact, per-profile settings stored and validated', () => {
    const db = openDatabase(join(scratch.tempDir(), 'switchyard.db'));
    scratch.defer(() => db.close());
    const migrations = loadMigrations(PATHS.migrationsDir);
    expect(migrations.map((m) => m.version).slice(0, 3)).toEqual([1, 2, 3]);
    expect(migrate(db, migrations, db.name, 2)).toBe(2);
    seed(db);
    const before = snapshot(db);
    expect(() => db.prepare('SELECT * FROM metrics_settings').all()).toThrow(/no such table/);

    expect(migrate(db, migrations, db.name, 3)).toBe(3);
    expect(schemaVersion(db)).toBe(3);
    expect(snapshot(db)).toEqual(before);
    // The audit log is still append-only after the migration.
    expect(() => db.prepare("UPDATE audit_records SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);

    const repo = new MetricsSettingsRepository(db);
    expect(repo.thresholds('prod')).toBeNull();
    expect(repo.wall('prod')).toBeNull();
    const at = new Date('2026-03-14T03:14:00Z');
    repo.setThresholds('prod', { ...DEFAULT_THRESHOLDS, p99Ms: 250 }, at);
    repo.setWall('prod', { ...DEFAULT_WALL, rotateSeconds: 45 }, at);
    repo.setThresholds('staging', { ...DEFAULT_THRESHOLDS, errorRatio: 0.05 }, at);
    expect(repo.thresholds('prod')).toEqual({ ...DEFAULT_THRESHOLDS, p99Ms: 250 });
    expect(repo.wall('prod')!.rotateSeconds).toBe(45);
    expect(repo.thresholds('staging')!.errorRatio).toBe(0.05);
    expect(repo.wall('staging')).toBeNull();
    // Setting one column keeps the other.
    repo.setThresholds('prod', DEFAULT_THRESHOLDS, at);
    expect(repo.wall('prod')!.rotateSeconds).toBe(45);
    expect(db.prepare('SELECT count(*) AS n FROM metrics_settings').get()).toEqual({ n: 2 });

    expect(() => db.prepare("INSERT INTO metrics_settings (profile, thresholds_json, updated_at) VALUES ('x', '{not json', 'now')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO metrics_settings (profile, thresholds_json) VALUES ('y', '{}')").run()).toThrow(/NOT NULL/);
    // A row that parses as JSON but not as thresholds reads as "not set", never as garbage.
    db.prepare(`INSERT INTO metrics_settings (profile, thresholds_json, wall_json, updated_at) VALUES ('odd', '{"p99Ms": -5}', '{"playlist": []}', 'now')`).run();
    expect(repo.thresholds('odd')).toBeNull();
    expect(repo.wall('odd')).toBeNull();
  });
});
