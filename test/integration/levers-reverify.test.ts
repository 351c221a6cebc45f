// Re-verifying judges an old write by today's state — only while nothing has moved it since.
// A later release by this console, or someone else's change, is said for what it is; the old
// write is not recorded as "failed, did not apply" when it did apply.
import { describe, expect, it } from 'vitest';
import { useScratch } from '../helpers/scratch.ts';
import { auditRecords, confirmArgs, leverCase, planEngage, pull, startRig, value, type LeverRig } from '../helpers/platform.ts';

const scratch = useScratch();
const halt = leverCase('halt-deposits');
const ingress = leverCase('provider-ingress-block');

/** An engage that applied, but whose read-back came back garbled: `unknown`. */
async function unknownEngage(rig: LeverRig) {
  const plan = await planEngage(rig, halt);
  await rig.control.setFaults([{ service: 'admin', method: 'GET', path: halt.path, mode: 'malformed' }]);
  const e = await value(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));
  expect(e.status).toBe('unknown');
  await rig.control.clearFaults();
  expect(await rig.control.engaged(halt)).toBe(true);
  return e;
}

const lastReverify = async (rig: LeverRig, id: string) => (await auditRecords(rig.core)).filter((r) => r.executionId === id && r.kind === 'reverify').pop();

describe('re-verify after the state moved', () => {
  it('a later release by this console: the unknown engage stays unknown, naming the release — not "did not apply"', async () => {
    const rig = await startRig(scratch);
    const engaged = await unknownEngage(rig);
    rig.clock.advance(60_000);
    const released = await pull(rig, halt, 'release', 'rail recovered');
    expect(released.status).toBe('verified');

    const again = await value(rig.core, 'levers.reverify', { executionId: engaged.id });

    expect(again.status).toBe('unknown');
    expect(again.detail).toBe(
      `re-verify: the state has moved since: this console's release ${released.id.slice(0, 8)} (${released.startedAt}, verified) changed it after this engage. ` +
        'The platform now shows deposits live, which says nothing about this engage; it is not judged again. ' +
        `Before release ${released.id.slice(0, 8)}, the platform read DEPOSITS HALTED, which is what this engage wanted.`,
    );
    expect(await lastReverify(rig, engaged.id)).toMatchObject({ outcome: 'unknown', detail: again.detail });
    // Nothing was written by re-verifying.
    expect(await rig.control.sent(halt)).toBe(2);
  });

  it('someone else released it: "state changed since by someone else", not "did not apply"', async () => {
    const rig = await startRig(scratch);
    const engaged = await unknownEngage(rig);
    expect((await rig.control.send('admin', 'PUT', halt.path, { as: 'operator', body: { value: '0' } })).status).toBe(200);

    const again = await value(rig.core, 'levers.reverify', { executionId: engaged.id });

    expect(again.status).toBe('unknown');
    expect(again.detail).toMatch(
      /^re-verify: the platform shows deposits live, but no longer as it was before this engage \(updated_at "[^"]+" → "[^"]+"\): the state changed since by someone else, so whether this engage applied cannot be told from it\. Not judged again\.$/,
    );
    expect(await lastReverify(rig, engaged.id)).toMatchObject({ outcome: 'unknown' });
  });

  it('a verified engage someone else released since, back to the very same state: kept verified, the change said', async () => {
    // The gateway's release by hand leaves the record exactly as before our block ({blocked: false, reason: ""}):
    // only the engage's own read-back shows that it had applied.
    const rig = await startRig(scratch);
    const engaged = await pull(rig, ingress);
    expect(engaged.status).toBe('verified');
    expect((await rig.control.send('gateway', 'PUT', ingress.path, { as: 'operator', body: { blocked: false } })).status).toBe(200);

    const again = await value(rig.core, 'levers.reverify', { executionId: engaged.id });

    expect(again.status).toBe('verified');
    expect(again.detail).toMatch(/^re-verify: the platform read BLOCKED after this engage \([^)]+\) and now shows open: the state changed since by someone else \(no later execution of this console\)\. This engage is not judged again\.$/);
  });

  it('nothing moved: a write that never applied is still "did not apply"', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, halt);
    await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: halt.path, mode: 'hang' }]);
    const e = await value(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));
    await rig.control.clearFaults();

    const again = await value(rig.core, 'levers.reverify', { executionId: e.id });

    expect(again.status).toBe('failed');
    expect(again.detail).toBe('re-verify: the platform shows deposits live, exactly as before this engage: it did not apply.');
  });
});
