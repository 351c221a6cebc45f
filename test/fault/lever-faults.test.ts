// Every lever against a platform that breaks around its write: a 500 before or after applying,
// a write that never answers (before or after applying), a read-back that comes back garbled.
// The outcome follows what the platform shows, the audit log holds one intent and one outcome,
// and the write is never sent twice — no blind retry after a timeout or a 500.
import { describe, expect, it } from 'vitest';
import type { LeverExecution } from '../../shared/levers.ts';
import { useScratch } from '../helpers/scratch.ts';
import { LEVER_CASES, confirmArgs, expectAuditPair, planEngage, startRig, value, type Fault, type LeverCase } from '../helpers/platform.ts';

const scratch = useScratch();

interface FaultCase {
  name: string;
  fault: (c: LeverCase) => Fault;
  status: LeverExecution['status'];
  /** For an unknown outcome: what re-verifying settles it to. */
  settlesTo?: LeverExecution['status'];
  /** Writes the platform applied: the write reached it exactly once either way. */
  applied: 0 | 1;
  /** What the outcome record keeps of the write's answer. */
  response: Record<string, unknown>;
}

const FAULTS: FaultCase[] = [
  {
    name: '500 on the write, nothing applied',
    fault: (c) => ({ service: c.service, method: 'PUT', path: c.path, mode: 'error500' }),
    status: 'failed',
    applied: 0,
    response: { status: 500 },
  },
  {
    name: '500 after the write applied (read-back shows it)',
    fault: (c) => ({ service: c.service, method: 'PUT', path: c.path, mode: 'apply_then_500' }),
    status: 'verified',
    applied: 1,
    response: { status: 500 },
  },
  {
    // Not failed: a write that got no answer may still land after the read-back (see lever-late-write).
    name: 'the write hangs, nothing applied yet (read-back shows not applied)',
    fault: (c) => ({ service: c.service, method: 'PUT', path: c.path, mode: 'hang' }),
    status: 'unknown',
    settlesTo: 'failed',
    applied: 0,
    response: { kind: 'timeout' },
  },
  {
    name: 'the write applies, then hangs (read-back shows it)',
    fault: (c) => ({ service: c.service, method: 'PUT', path: c.path, mode: 'apply_then_hang' }),
    status: 'verified',
    applied: 1,
    response: { kind: 'timeout' },
  },
  {
    name: 'the write lands but every read-back is malformed',
    fault: (c) => ({ service: c.service, method: 'GET', path: c.path, mode: 'malformed' }),
    status: 'unknown',
    settlesTo: 'verified',
    applied: 1,
    response: { status: 200 },
  },
];

describe.each(LEVER_CASES)('$lever ($target)', (c: LeverCase) => {
  it.each(FAULTS.map((f) => [`${f.name} → ${f.status}`, f] as const))('%s', async (_title, f: FaultCase) => {
    const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });
    const plan = await planEngage(rig, c);
    // Armed after planning: the plan's own read is not what is under test.
    await rig.control.setFaults([f.fault(c)]);

    const execution = await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));

    expect(execution.status).toBe(f.status);
    expect(await rig.control.sent(c)).toBe(1);
    expect(await rig.control.applied(c)).toBe(f.applied);
    await rig.control.clearFaults();
    expect(await rig.control.engaged(c)).toBe(f.applied === 1);
    const { outcome } = await expectAuditPair(rig.core, execution);
    expect(outcome.response).toMatchObject(f.response);
    if (f.status === 'unknown') {
      expect(execution.detail).toMatch(f.applied ? /read-back failed/ : /may still land/);
      if (f.applied) expect(outcome.after).toBeNull();
      // Once the platform answers properly, re-verifying settles it by what the platform shows.
      const settled = await value(rig.core, 'levers.reverify', { executionId: execution.id });
      expect(settled.status).toBe(f.settlesTo);
    }
    // Still exactly one write, whatever re-verifying read.
    expect(await rig.control.sent(c)).toBe(1);
  });
});
