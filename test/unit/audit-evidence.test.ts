import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/audit/audit-log.ts';
import { DATABASE_FILE } from '../../electron/core/console-core.ts';
import { ExecutionRepository } from '../../electron/core/levers/executions.ts';
import { openCore, value } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

describe('audit evidence beyond the chain', () => {
  it('cutting the newest records (triggers dropped) is detected through the executions they belong to', async () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    const first = openCore(scratch, { dataDir });
    // Two executions, written the way the engine writes them: execution row + intent, then outcome.
    const clock = () => new Date('2026-11-18T10:00:00Z');
    const audit = new AuditLog(first.db, clock, () => []);
    const executions = new ExecutionRepository(first.db);
    for (const id of ['e1', 'e2']) {
      first.db.transaction(() => {
        executions.insert({ id, lever: 'halt-deposits', action: 'engage', target: 'platform', environment: 'test', reason: 'r', incident_id: null, approved_by: null, recovery_of: null, started_at: clock().toISOString() });
        audit.append({ kind: 'intent', executionId: id, actor: 'a', profile: 'p', environment: 'test', lever: 'halt-deposits' });
      })();
      first.db.transaction(() => {
        audit.append({ kind: 'outcome', executionId: id, actor: 'a', profile: 'p', environment: 'test', lever: 'halt-deposits', outcome: 'verified' });
        executions.finish(id, 'verified', 'ok', clock().toISOString());
      })();
    }
    expect(await value(first, 'audit.verify')).toMatchObject({ ok: true, checked: 4 });
    first.close();

    // The chain alone still verifies after its tail is cut: nothing follows the cut records.
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.exec('DROP TRIGGER audit_records_no_delete');
    db.prepare('DELETE FROM audit_records WHERE seq > 2').run();
    expect(new AuditLog(db, clock, () => []).verify()).toMatchObject({ ok: true, checked: 2 });
    db.close();

    const second = openCore(scratch, { dataDir });
    const info = await value(second, 'app.info');
    expect(info.audit).toMatchObject({ ok: false, firstBad: 3 });
    expect(info.audit.problem).toMatch(/records of 1 lever execution\(s\) are missing after record 2/);
  });
});
