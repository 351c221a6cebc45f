// kill -9 between the audit intent and the outcome: the next start finds the execution in
// flight, settles it as 'unknown' with an outcome record, keeps the chain intact, and
// re-verifying settles it by what the platform shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/core/console-core.ts';
import { REPO_ROOT } from '../helpers/console.ts';
import type { CrashChildConfig } from '../helpers/lever-crash-child.ts';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor, within } from '../helpers/wait.ts';
import { ENVIRONMENT, auditRecords, leverCase, startDemo, startRig, tokenOf, value, DemoControl } from '../helpers/platform.ts';

const scratch = useScratch();
const CHILD = join(REPO_ROOT, 'test', 'helpers', 'lever-crash-child.ts');

interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(config: CrashChildConfig): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  scratch.defer(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  });
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Reads the child's database without taking part in its writes. */
function peek<T>(dataDir: string, sql: string): T[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe.each([
  { mode: 'apply_then_hang' as const, settles: 'verified' as const, applied: 1 },
  { mode: 'hang' as const, settles: 'failed' as const, applied: 0 },
])('kill -9 while the write is open ($mode)', ({ mode, settles, applied }) => {
  it(`restart: 1 interrupted lever, 'unknown' with an outcome record, chain intact; re-verify → ${settles}`, async () => {
    const c = leverCase('halt-deposits');
    const demo = await startDemo(scratch);
    const control = new DemoControl(demo);
    await control.setFaults([{ service: 'admin', method: 'PUT', path: c.path, mode }]);
    const dataDir = join(scratch.tempDir('switchyard-crash-'), 'profile');
    const profile = {
      name: 'integration',
      kind: 'platform' as const,
      environmentName: ENVIRONMENT,
      adminUrl: demo.adminUrl,
      gatewayUrl: demo.gatewayUrl,
      role: 'operator' as const,
      // The child runs on the real clock: keep a weekend run of this test out of the freeze.
      freeze: { enabled: false },
    };

    const child = startChild({ dataDir, profile, token: tokenOf('operator'), lever: c.lever, target: c.target, typedEnvironment: ENVIRONMENT });
    await waitFor(`the child to plan (stdout: ${child.stdout()} stderr: ${child.stderr()})`, () => /^PLANNED /m.test(child.stdout()), { timeoutMs: 20_000 });
    await waitFor('the intent to be on disk', () => {
      const rows = peek<{ kind: string }>(dataDir, "SELECT kind FROM audit_records WHERE execution_id IS NOT NULL");
      return rows.length === 1 && rows[0]!.kind === 'intent';
    });
    // The write has reached the platform (and, for apply_then_hang, been applied) and is held open.
    await waitFor('the write to reach the platform', async () => (await control.sent(c)) === 1 && (await control.applied(c)) === applied);
    expect(peek<{ status: string }>(dataDir, 'SELECT status FROM lever_executions')).toEqual([{ status: 'in_flight' }]);

    child.proc.kill('SIGKILL');
    const exit = await within('the child to die', 10_000, child.exited);
    expect(exit.signal).toBe('SIGKILL');
    expect(child.stdout()).not.toMatch(/OUTCOME/);
    await control.clearFaults();

    const rig = await startRig(scratch, { demo, dataDir });
    const info = await value(rig.core, 'app.info');
    expect(info.interruptedLevers).toBe(1);
    expect(info.audit).toMatchObject({ ok: true, firstBad: null });

    const [execution] = await value(rig.core, 'levers.executions', { limit: 10 });
    expect(execution).toMatchObject({ lever: c.lever, status: 'unknown' });
    const records = (await auditRecords(rig.core)).filter((r) => r.executionId === execution!.id);
    expect(records.map((r) => [r.kind, r.outcome])).toEqual([
      ['intent', null],
      ['outcome', 'unknown'],
    ]);
    expect(records[1]!.detail).toMatch(/crash or kill/);

    const settled = await value(rig.core, 'levers.reverify', { executionId: execution!.id });
    expect(settled.status).toBe(settles);
    const after = (await auditRecords(rig.core)).filter((r) => r.executionId === execution!.id);
    expect(after.map((r) => [r.kind, r.outcome])).toEqual([
      ['intent', null],
      ['outcome', 'unknown'],
      ['reverify', settles],
    ]);
    expect((await value(rig.core, 'audit.verify')).ok).toBe(true);
    // Neither the restart nor the re-verify wrote again.
    expect(await control.sent(c)).toBe(1);
    expect(await control.applied(c)).toBe(applied);
    expect(await control.engaged(c)).toBe(applied === 1);

    // A third start has nothing left to settle.
    rig.core.close();
    const again = await startRig(scratch, { demo, dataDir });
    expect((await value(again.core, 'app.info')).interruptedLevers).toBe(0);
  });
});
