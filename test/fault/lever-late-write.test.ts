// A write the platform is slow to apply: the console gives up waiting (write timeout), reads
// back "not applied", and the platform applies the write a moment later. The console must not
// be left believing the lever is not pulled.
import { expect, it } from 'vitest';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor } from '../helpers/wait.ts';
import { confirmArgs, expectAuditPair, leverCase, planEngage, startRig, value } from '../helpers/platform.ts';

const scratch = useScratch();

// Regression test (fixed in electron/core/levers/engine.ts, execute, step 5): after a write that timed out, a
// read-back that does not show the change yet is taken as proof ("read-back shows … not
// applied" → 'failed'). A slow platform applies the write after the client gave up (the demo's
// `slow` fault does exactly this, like a real slow server), so deposits end up halted
// platform-wide while the execution says 'failed', and recoveryPlan (which only counts
// verified/unknown engages) never offers to release it. Suggested fix: a write whose answer
// never came (timeout, connection cut, malformed) is 'unknown' whatever the first read-back
// shows, so re-verify settles it later; this changes the hang → failed expectation of
// lever-faults.test.ts to hang → unknown (then re-verify → failed).
it('a write that times out and lands late is not recorded as failed-and-forgotten', async () => {
  const c = leverCase('halt-deposits');
  const rig = await startRig(scratch);
  const plan = await planEngage(rig, c);
  await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: c.path, mode: 'slow', delay_ms: 1500 }]);

  const e = await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));
  await expectAuditPair(rig.core, e);
  await waitFor('the platform to apply the late write', async () => (await rig.control.applied(c)) === 1);
  expect(await rig.control.engaged(c)).toBe(true);
  expect(await rig.control.sent(c)).toBe(1);

  // Deposits are halted on the platform: the console must offer to release them.
  const recovery = await value(rig.core, 'levers.recoveryPlan');
  expect(recovery.steps.map((s) => s.lever)).toContain('halt-deposits');
});
