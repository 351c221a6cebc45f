// Migration 6 (incidents) on a records database at version 5 holding an audit record, a lever
// execution, dashboard settings and a checklist tick: all of it survives untouched, and the
// new tables keep each incident event once, whatever number of times it arrives.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncidentRepository } from '../../electron/core/incidents/repository.ts';
import { openDatabase, type Db } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/store/migrate.ts';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { PATHS } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

function seed(db: Db): void {
  db.prepare(
    `INSERT INTO audit_records (seq, at, kind, actor, profile, environment, prev_hash, hash)
     VALUES (1, '2026-03-11T03:14:00.000Z', 'intent', 'oncall', 'prod', 'production', '${'0'.repeat(64)}', 'hash-1')`,
  ).run();
  db.prepare(
    `INSERT INTO lever_executions (id, lever, action, target, environment, reason, incident_id, started_at, status)
     VALUES ('e1', 'halt-deposits', 'engage', 'platform', 'production', 'upi down', 'INC-1', '2026-03-11T03:14:00Z', 'verified')`,
  ).run();
  db.prepare(`INSERT INTO metrics_settings (profile, thresholds_json, updated_at) VALUES ('prod', '{"p99Ms":250}', '2026-03-12T00:00:00Z')`).run();
  db.prepare(
    `INSERT INTO runbook_checklist_ticks (runbook_id, incident_id, item_text, item_nth, ticked_by, ticked_at)
     VALUES ('rail-latency-spike', NULL, 'Verify the lever', 1, 'asha', '2026-03-14T03:15:00.000Z')`,
  ).run();
}

const snapshot = (db: Db) => ({
  audit: db.prepare('SELECT * FROM audit_records').all(),
  levers: db.prepare('SELECT * FROM lever_executions').all(),
  settings: db.prepare('SELECT * FROM metrics_settings').all(),
  ticks: db.prepare('SELECT * FROM runbook_checklist_ticks').all(),
});

const event = (id: string, over: Partial<IncidentEvent> = {}): IncidentEvent =>
  ({
    id,
    incidentId: 'INC-260314-abcdef',
    at: '2026-03-14T03:14:00.000Z',
    enteredAt: '2026-03-14T03:14:00.000Z',
    actor: 'asha',
    origin: 'console-a',
    type: 'note_added',
    text: `note ${id}`,
    ...over,
  }) as IncidentEvent;

describe('migration 0006 (incidents)', () => {
  it('migrates a version-5 records database to 6: earlier records intact, events kept once by id', () => {
    const db = openDatabase(join(scratch.tempDir(), 'switchyard.db'));
    scratch.defer(() => db.close());
    const migrations = loadMigrations(PATHS.migrationsDir);
    expect(migrations.find((m) => m.version === 6)?.name).toBe('incidents');
    expect(migrate(db, migrations, db.name, 5)).toBe(5);
    seed(db);
    const before = snapshot(db);
    expect(() => db.prepare('SELECT * FROM incident_events').all()).toThrow(/no such table/);

    expect(migrate(db, migrations, db.name, 6)).toBe(6);
    expect(schemaVersion(db)).toBe(6);
    expect(snapshot(db)).toEqual(before);
    expect(() => db.prepare("UPDATE audit_records SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);

    const repo = new IncidentRepository(db);
    expect(repo.append([event('a'), event('b', { at: '2026-03-14T03:10:00.000Z' })])).toBe(2);
    // The same ids again (a replay, another console's copy): nothing new.
    expect(repo.append([event('a'), event('b')])).toBe(0);
    expect(repo.events('INC-260314-abcdef').map((e) => e.id)).toEqual(['b', 'a']);
    // A body that is not an event is refused before anything is written.
    expect(() => repo.append([event('c'), event('d', { type: 'note_added', text: '' } as Partial<IncidentEvent>)])).toThrow();
    expect(repo.has('c')).toBe(false);
    // The origin is made once per data folder.
    const origin = repo.meta('origin', () => 'console-1');
    expect(repo.meta('origin', () => 'console-2')).toBe(origin);
  });
});
