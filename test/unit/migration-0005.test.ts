// Migration 5 (runbook checklists) on a records database at version 4 holding an audit record,
// a lever execution and a profile's dashboard settings: all of it survives untouched, and the
// new table keeps one tick per item of a runbook (or, later, of an incident working it).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChecklistRepository } from '../../electron/core/checklists/repository.ts';
import { openDatabase, type Db } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/store/migrate.ts';
import { PATHS } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

function seed(db: Db): void {
  db.prepare(
    `INSERT INTO audit_records (seq, at, kind, actor, profile, environment, prev_hash, hash)
     VALUES (1, '2026-03-11T03:14:00.000Z', 'intent', 'oncall', 'prod', 'production', '${'0'.repeat(64)}', 'hash-1')`,
  ).run();
  db.prepare(
    `INSERT INTO lever_executions (id, lever, action, target, environment, reason, started_at, status)
     VALUES ('e1', 'halt-deposits', 'engage', 'platform', 'production', 'upi down', '2026-03-11T03:14:00Z', 'verified')`,
  ).run();
  db.prepare(`INSERT INTO metrics_settings (profile, thresholds_json, updated_at) VALUES ('prod', '{"p99Ms":250}', '2026-03-12T00:00:00Z')`).run();
}

const snapshot = (db: Db) => ({
  audit: db.prepare('SELECT * FROM audit_records').all(),
  levers: db.prepare('SELECT * FROM lever_executions').all(),
  settings: db.prepare('SELECT * FROM metrics_settings').all(),
});

describe('migration 0005 (runbook checklists)', () => {
  it('migrates a version-4 records database to 5: earlier records intact, ticks stored one per item and scope', () => {
    const db = openDatabase(join(scratch.tempDir(), 'switchyard.db'));
    scratch.defer(() => db.close());
    const migrations = loadMigrations(PATHS.migrationsDir);
    const five = migrations.find((m) => m.version === 5);
    expect(five?.name).toBe('runbook_checklists');
    expect(migrate(db, migrations, db.name, 4)).toBe(4);
    seed(db);
    const before = snapshot(db);
    expect(() => db.prepare('SELECT * FROM runbook_checklist_ticks').all()).toThrow(/no such table/);

    expect(migrate(db, migrations, db.name, 5)).toBe(5);
    expect(schemaVersion(db)).toBe(5);
    expect(snapshot(db)).toEqual(before);
    // The audit log is still append-only after the migration.
    expect(() => db.prepare("UPDATE audit_records SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);

    const insert = db.prepare(
      'INSERT INTO runbook_checklist_ticks (runbook_id, incident_id, item_text, item_nth, ticked_by, ticked_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run('rail-latency-spike', null, 'Verify the lever', 1, 'asha', '2026-03-14T03:15:00.000Z');
    // Two NULL incidents are the same scope: the same item cannot be ticked twice.
    expect(() => insert.run('rail-latency-spike', null, 'Verify the lever', 1, 'ravi', '2026-03-14T03:16:00.000Z')).toThrow(/UNIQUE/);
    insert.run('rail-latency-spike', null, 'Verify the lever', 2, 'ravi', '2026-03-14T03:16:00.000Z');
    insert.run('rail-latency-spike', 'INC-1234', 'Verify the lever', 1, 'ravi', '2026-03-14T03:16:00.000Z');
    expect(() => insert.run('rail-latency-spike', 'INC-1234', 'Verify the lever', 1, 'asha', '2026-03-14T03:17:00.000Z')).toThrow(/UNIQUE/);
    expect(() => insert.run('rail-latency-spike', null, '', 1, 'asha', 'now')).toThrow(/CHECK/);
    expect(() => insert.run('rail-latency-spike', null, 'x', 0, 'asha', 'now')).toThrow(/CHECK/);
    expect(() => insert.run('rail-latency-spike', '', 'x', 1, 'asha', 'now')).toThrow(/CHECK/);
    expect(() => insert.run('rail-latency-spike', null, 'x', 1, null, 'now')).toThrow(/NOT NULL/);

    const repo = new ChecklistRepository(db);
    expect(repo.get({ runbookId: 'rail-latency-spike', incidentId: null }).ticks.map((t) => [t.nth, t.tickedBy])).toEqual([
      [1, 'asha'],
      [2, 'ravi'],
    ]);
    expect(repo.get({ runbookId: 'rail-latency-spike', incidentId: 'INC-1234' }).ticks).toHaveLength(1);
  });
});
