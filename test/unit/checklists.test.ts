// A runbook's task list, ticked by the people working it: stored in the records database
// (switchyard.db) with who and when, per runbook, surviving a restart and an edit of the runbook
// around the ticked items, refused on a read-only wall.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistItems, itemKey } from '../../shared/checklists.ts';
import { ChecklistRepository } from '../../electron/core/checklists/repository.ts';
import { EventBus } from '../../electron/core/events.ts';
import { openDatabase, type Db } from '../../electron/core/store/connection.ts';
import { loadMigrations, migrate } from '../../electron/core/store/migrate.ts';
import { DATABASE_FILE } from '../../electron/core/console-core.ts';
import { PATHS, call, manualClock, openCore, value } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

function recordsDb(dir = scratch.tempDir()): { db: Db; path: string } {
  const path = join(dir, DATABASE_FILE);
  const db = openDatabase(path);
  scratch.defer(() => db.close());
  migrate(db, loadMigrations(PATHS.migrationsDir));
  return { db, path };
}

const rail = { runbookId: 'rail-latency-spike', incidentId: null };
const ack = { text: 'Acknowledge the incident and post "investigating rail latency" in the incident channel', nth: 1 };
const snap = { text: 'Snapshot gateway /health and the platform 5xx ratio', nth: 1 };

describe('the checklist repository (real SQLite)', () => {
  it('keeps a tick with who and when, per runbook, across a reopen of the database file', () => {
    const dir = scratch.tempDir();
    const first = recordsDb(dir);
    const repo = new ChecklistRepository(first.db);
    expect(repo.get(rail)).toEqual({ runbookId: 'rail-latency-spike', incidentId: null, ticks: [] });

    expect(repo.tick(rail, ack, 'asha', new Date('2026-03-14T03:15:00Z'))).toBe(true);
    expect(repo.tick(rail, snap, 'ravi', new Date('2026-03-14T03:17:00Z'))).toBe(true);
    expect(repo.tick({ runbookId: 'webhook-backlog', incidentId: null }, ack, 'asha', new Date('2026-03-14T03:20:00Z'))).toBe(true);
    first.db.close();

    const reopenedDb = openDatabase(first.path);
    scratch.defer(() => reopenedDb.close());
    const again = new ChecklistRepository(reopenedDb);
    const reopened = again.get(rail);
    expect(reopened.ticks).toEqual([
      { ...ack, tickedBy: 'asha', tickedAt: '2026-03-14T03:15:00.000Z' },
      { ...snap, tickedBy: 'ravi', tickedAt: '2026-03-14T03:17:00.000Z' },
    ]);
    expect(again.get({ runbookId: 'webhook-backlog', incidentId: null }).ticks.map((t) => t.text)).toEqual([ack.text]);
  });

  it('a second tick of the same item keeps the first one’s who and when; untick and reset remove only what they name', () => {
    const { db } = recordsDb();
    const repo = new ChecklistRepository(db);
    repo.tick(rail, ack, 'asha', new Date('2026-03-14T03:15:00Z'));
    expect(repo.tick(rail, ack, 'ravi', new Date('2026-03-14T03:16:00Z'))).toBe(false);
    expect(repo.get(rail).ticks).toEqual([{ ...ack, tickedBy: 'asha', tickedAt: '2026-03-14T03:15:00.000Z' }]);

    // The second item with the same words is another item.
    repo.tick(rail, { ...ack, nth: 2 }, 'ravi', new Date('2026-03-14T03:16:00Z'));
    repo.tick(rail, snap, 'ravi', new Date('2026-03-14T03:17:00Z'));
    expect(repo.untick(rail, ack)).toBe(true);
    expect(repo.untick(rail, ack)).toBe(false);
    expect(repo.get(rail).ticks.map(itemKey)).toEqual([itemKey({ ...ack, nth: 2 }), itemKey(snap)]);

    const other = { runbookId: 'webhook-backlog', incidentId: null };
    repo.tick(other, snap, 'asha', new Date('2026-03-14T03:18:00Z'));
    expect(repo.reset(rail)).toBe(2);
    expect(repo.get(rail).ticks).toEqual([]);
    expect(repo.get(other).ticks).toHaveLength(1);
  });

  it('an incident’s checklist of a runbook is kept apart from the runbook’s own (the key is open for an incident id)', () => {
    const { db } = recordsDb();
    const repo = new ChecklistRepository(db);
    const inc = { runbookId: 'rail-latency-spike', incidentId: 'INC-1234' };
    repo.tick(rail, ack, 'asha', new Date('2026-03-14T03:15:00Z'));
    repo.tick(inc, ack, 'ravi', new Date('2026-03-14T03:16:00Z'));
    repo.tick(inc, snap, 'ravi', new Date('2026-03-14T03:17:00Z'));
    expect(repo.get(rail).ticks.map((t) => t.tickedBy)).toEqual(['asha']);
    expect(repo.get(inc)).toMatchObject({ incidentId: 'INC-1234', ticks: [{ tickedBy: 'ravi' }, { tickedBy: 'ravi' }] });
    expect(repo.reset(rail)).toBe(1);
    expect(repo.get(inc).ticks).toHaveLength(2);
  });
});

describe('which item a tick belongs to', () => {
  const v1 = [
    '## Checklist',
    '',
    '- [ ] Acknowledge the incident',
    '- [ ] Verify the lever',
    '* [x]   Snapshot   context',
    '',
    '```markdown',
    '- [ ] not an item: inside a fence',
    '```',
    '',
    '1. [ ] Verify the lever',
    '- [] not an item either',
  ].join('\n');

  it('reads the task list in order, by text and occurrence, outside code fences', () => {
    expect(checklistItems(v1)).toEqual([
      { text: 'Acknowledge the incident', nth: 1, line: 3, checkedInText: false },
      { text: 'Verify the lever', nth: 1, line: 4, checkedInText: false },
      { text: 'Snapshot context', nth: 1, line: 5, checkedInText: true },
      { text: 'Verify the lever', nth: 2, line: 11, checkedInText: false },
    ]);
  });

  it('an edit that adds and moves other items keeps each item’s key; a reworded item gets a new one', () => {
    const v2 = v1
      .replace('- [ ] Acknowledge the incident', '- [ ] Page the provider\n- [ ] Acknowledge the incident')
      .replace('1. [ ] Verify the lever', '1. [ ] Verify the lever with a probe');
    const keys = (md: string) => checklistItems(md).map(itemKey);
    const before = keys(v1);
    const after = keys(v2);
    expect(after).toEqual(expect.arrayContaining([before[0], before[1], before[2]]));
    expect(after).not.toContain(before[3]);
    expect(checklistItems(v2)[0]).toMatchObject({ text: 'Page the provider', nth: 1 });
  });
});

describe('checklists.* through the core', () => {
  it('ticks as the console’s user, at the core’s time, and keeps it across a restart; a wall may read but not tick', async () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    const events = new EventBus();
    const seen: unknown[] = [];
    events.subscribe((name, payload) => {
      if (name === 'checklists.changed') seen.push(payload);
    });
    const clock = manualClock('2026-03-14T03:14:00.000Z');
    const core = openCore(scratch, { dataDir, actor: 'asha', clock, events });

    expect(await value(core, 'checklists.get', { runbookId: 'rail-latency-spike' })).toEqual({
      runbookId: 'rail-latency-spike',
      incidentId: null,
      ticks: [],
    });
    clock.advance(60_000);
    // Whitespace is not part of an item's identity.
    const ticked = await value(core, 'checklists.tick', { runbookId: 'rail-latency-spike', text: `  ${snap.text.replace(/ /g, '  ')} `, nth: 1, ticked: true });
    expect(ticked.ticks).toEqual([{ ...snap, tickedBy: 'asha', tickedAt: '2026-03-14T03:15:00.000Z' }]);
    expect(seen).toEqual([{ runbookId: 'rail-latency-spike', incidentId: null }]);

    expect(await call(core, 'checklists.tick', { runbookId: 'rail-latency-spike', ...ack, ticked: true }, 'wall')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call(core, 'checklists.reset', { runbookId: 'rail-latency-spike' }, 'wall')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(core, 'checklists.tick', { runbookId: 'rail-latency-spike', text: '   ', nth: 1, ticked: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect((await call(core, 'checklists.get', { runbookId: 'rail-latency-spike' }, 'wall')).ok).toBe(true);
    core.close();

    const restarted = openCore(scratch, { dataDir, actor: 'ravi', clock });
    expect((await value(restarted, 'checklists.get', { runbookId: 'rail-latency-spike' })).ticks).toEqual([
      { ...snap, tickedBy: 'asha', tickedAt: '2026-03-14T03:15:00.000Z' },
    ]);
    // Unticking an item nobody ticked changes nothing and says so by its answer.
    expect((await value(restarted, 'checklists.tick', { runbookId: 'rail-latency-spike', ...ack, ticked: false })).ticks).toHaveLength(1);
    expect((await value(restarted, 'checklists.reset', { runbookId: 'rail-latency-spike' })).ticks).toEqual([]);
    expect((await value(restarted, 'checklists.get', { runbookId: 'rail-latency-spike' })).ticks).toEqual([]);
  });
});
