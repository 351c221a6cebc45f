// Recovery: every lever this console pulled is released, newest first, each re-verified, until
// the platform is back as it was — and the audit log shows the releases in that order.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import { useScratch } from '../helpers/scratch.ts';
import {
  ENVIRONMENT,
  SATURDAY_IST,
  auditRecords,
  call,
  confirmArgs,
  expectAuditPair,
  leverCase,
  planEngage,
  startRig,
  value,
  type LeverRig,
} from '../helpers/platform.ts';

const scratch = useScratch();
const brand = leverCase('brand-deposits-off');
const halt = leverCase('halt-deposits');
const ingress = leverCase('provider-ingress-block');
const ORDER = [brand, halt, ingress];

async function engageThree(rig: LeverRig, approvedBy?: string) {
  const engaged = [];
  for (const c of ORDER) {
    const plan = await planEngage(rig, c);
    const e = await value(rig.core, 'levers.execute', { ...confirmArgs(c, plan.planId, 'UPI rail melting'), ...(approvedBy ? { approvedBy } : {}) });
    expect(e.status).toBe('verified');
    engaged.push(e);
    rig.clock.advance(60_000);
  }
  return engaged;
}

describe('recovery', () => {
  it('releases brand-deposits-off, halt-deposits and provider-ingress-block in exactly reverse order, each verified', async () => {
    const rig = await startRig(scratch);
    const engaged = await engageThree(rig);
    expect((await rig.control.deposit('royalspin')).status).toBe(1);

    const plan = await value(rig.core, 'levers.recoveryPlan');
    expect(plan.steps.map((s) => [s.lever, s.target])).toEqual([
      ['provider-ingress-block', 'razorpay'],
      ['halt-deposits', 'platform'],
      ['brand-deposits-off', 'royalspin'],
    ]);
    expect(plan.steps.map((s) => s.engagedBy.id)).toEqual([...engaged].reverse().map((e) => e.id));
    expect(plan.requiresTypedEnvironment).toBe(true);
    const auditBefore = (await auditRecords(rig.core)).length;

    const { executions: released } = await value(rig.core, 'levers.recover', { reason: 'rail recovered', typedEnvironment: ENVIRONMENT });

    expect(released.map((e) => [e.lever, e.action, e.status])).toEqual([
      ['provider-ingress-block', 'release', 'verified'],
      ['halt-deposits', 'release', 'verified'],
      ['brand-deposits-off', 'release', 'verified'],
    ]);
    expect(released.map((e) => e.recoveryOf)).toEqual([...engaged].reverse().map((e) => e.id));
    for (const e of released) await expectAuditPair(rig.core, e);

    // The log: intent, outcome per release, one release finished before the next began.
    const log = (await auditRecords(rig.core)).slice(auditBefore);
    expect(log.map((r: AuditRecord) => `${r.kind} ${r.lever} ${r.action}`)).toEqual([
      'intent provider-ingress-block release',
      'outcome provider-ingress-block release',
      'intent halt-deposits release',
      'outcome halt-deposits release',
      'intent brand-deposits-off release',
      'outcome brand-deposits-off release',
    ]);
    expect(log.every((r) => r.outcome === null || r.outcome === 'verified')).toBe(true);

    // The platform is as it was: nothing engaged, each route written exactly twice (pull, release).
    for (const c of ORDER) {
      expect(await rig.control.engaged(c)).toBe(false);
      expect(await rig.control.sent(c)).toBe(2);
      expect(await rig.control.applied(c)).toBe(2);
    }
    expect((await value(rig.core, 'levers.recoveryPlan')).steps).toEqual([]);
    expect((await rig.control.deposit('royalspin')).status).toBe(0);
    expect((await value(rig.core, 'audit.verify')).ok).toBe(true);
  });

  it('with nothing pulled, recover says so and sends nothing', async () => {
    const rig = await startRig(scratch);
    const r = await call(rig.core, 'levers.recover', { reason: 'nothing to do', typedEnvironment: ENVIRONMENT });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not_found');
  });

  it('a lever someone else already released: recorded as found released (read, when, by whom), closed, and never offered again', async () => {
    const rig = await startRig(scratch);
    const [, , blocked] = await engageThree(rig);
    // Another operator unblocks the provider by hand.
    expect((await rig.control.send('gateway', 'PUT', ingress.path, { as: 'operator', body: { blocked: false } })).status).toBe(200);
    const at = rig.clock.iso();

    const { executions: steps, stopped } = await value(rig.core, 'levers.recover', { reason: 'rail recovered', typedEnvironment: ENVIRONMENT });

    expect(stopped).toBeNull();
    // The provider step comes back as its engage, closed as found released; nothing was sent for it.
    expect(steps.map((e) => [e.lever, e.action, e.foundReleased !== null])).toEqual([
      ['provider-ingress-block', 'engage', true],
      ['halt-deposits', 'release', false],
      ['brand-deposits-off', 'release', false],
    ]);
    expect(steps[0]!.id).toBe(blocked!.id);
    expect(steps[0]!.foundReleased).toEqual({
      at,
      detail: `found released by reading the platform during recovery at ${at}: it shows open for razorpay; released by someone else: this console sent no release. Closed: no longer offered for recovery.`,
    });
    expect(await rig.control.sent(ingress)).toBe(2); // our block and their unblock; nothing from recovery

    // The audit log says so, with the state read as evidence, on the engage it closes.
    const notes = (await auditRecords(rig.core)).filter((r) => r.kind === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ executionId: blocked!.id, lever: 'provider-ingress-block', target: 'razorpay', action: 'release', outcome: null, at, reason: 'Recovery: rail recovered' });
    expect(notes[0]!.after).toMatchObject({ provider: 'razorpay', blocked: false });
    expect((await value(rig.core, 'audit.verify')).ok).toBe(true);

    // Closed: not offered again, and the engage still says what it was (verified) and that it was found released.
    expect((await value(rig.core, 'levers.recoveryPlan')).steps).toEqual([]);
    const listed = (await value(rig.core, 'levers.executions', { limit: 10 })).find((e) => e.id === blocked!.id)!;
    expect(listed).toMatchObject({ status: 'verified', foundReleased: { at } });
  });

  it('a state read that finds a pulled lever released by someone else closes it the same way, once', async () => {
    const rig = await startRig(scratch);
    const [pulledBrand] = await engageThree(rig);
    expect((await rig.control.send('admin', 'PUT', brand.path, { as: 'operator', headers: { 'if-match': '"2"' }, body: { value: { deposit_enabled: true, withdraw_enabled: true } } })).status).toBe(200);
    const at = rig.clock.iso();

    await value(rig.core, 'levers.state', { fresh: true });

    const plan = await value(rig.core, 'levers.recoveryPlan');
    expect(plan.steps.map((s) => s.lever)).toEqual(['provider-ingress-block', 'halt-deposits']);
    const notes = (await auditRecords(rig.core)).filter((r) => r.kind === 'note');
    expect(notes.map((n) => [n.executionId, n.action, n.at])).toEqual([[pulledBrand!.id, 'release', at]]);
    expect(notes[0]!.detail).toBe(
      `found released by reading the platform on a state read at ${at}: it shows deposits on for royalspin; released by someone else: this console sent no release. Closed: no longer offered for recovery.`,
    );
    expect(notes[0]!.after).toMatchObject({ brand_id: 'royalspin', value: { deposit_enabled: true }, version: 3 });

    // Another read records nothing more; the rest of the recovery is untouched.
    rig.clock.advance(5_000);
    await value(rig.core, 'levers.state', { fresh: true });
    expect((await auditRecords(rig.core)).filter((r) => r.kind === 'note')).toHaveLength(1);
    expect(await rig.control.sent(brand)).toBe(2);
  });

  it('a state read leaves an engage whose outcome is unknown alone: its write may still land', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, halt);
    await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: halt.path, mode: 'hang' }]);
    const e = await value(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));
    expect(e.status).toBe('unknown');
    await rig.control.clearFaults();

    const s = await value(rig.core, 'levers.state', { fresh: true });

    expect(s.targets.find((t) => t.lever === 'halt-deposits')?.engaged).toBe(false);
    expect((await value(rig.core, 'levers.recoveryPlan')).steps.map((x) => x.engagedBy.id)).toEqual([e.id]);
    expect((await auditRecords(rig.core)).filter((r) => r.kind === 'note')).toEqual([]);
  });

  it('recovery finds released an engage whose outcome was unknown: closed, saying it may never have applied', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, halt);
    await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: halt.path, mode: 'hang' }]);
    const e = await value(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));
    expect(e.status).toBe('unknown');
    await rig.control.clearFaults();

    const { executions: steps } = await value(rig.core, 'levers.recover', { reason: 'rail recovered', typedEnvironment: ENVIRONMENT });

    expect(steps.map((x) => [x.id, x.foundReleased !== null])).toEqual([[e.id, true]]);
    expect(steps[0]!.foundReleased!.detail).toContain("this engage's outcome was unknown: it never applied, or someone else released it since");
    expect((await value(rig.core, 'levers.recoveryPlan')).steps).toEqual([]);
    expect(await rig.control.sent(halt)).toBe(1);
  });

  it('a release whose write fails stops the recovery there: the older levers stay pulled', async () => {
    const rig = await startRig(scratch);
    await engageThree(rig);
    await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: halt.path, mode: 'error500' }]);

    const { executions: released } = await value(rig.core, 'levers.recover', { reason: 'rail recovered', typedEnvironment: ENVIRONMENT });

    expect(released.map((e) => [e.lever, e.status])).toEqual([
      ['provider-ingress-block', 'verified'],
      ['halt-deposits', 'failed'],
    ]);
    await rig.control.clearFaults();
    expect(await rig.control.engaged(halt)).toBe(true);
    expect(await rig.control.engaged(brand)).toBe(true);
    expect(await rig.control.sent(brand)).toBe(1);
    expect((await value(rig.core, 'levers.recoveryPlan')).steps.map((s) => s.lever)).toEqual(['halt-deposits', 'brand-deposits-off']);
  });

  it('during a release freeze, recovery with the approver named releases everything', async () => {
    const rig = await startRig(scratch, { clockStart: SATURDAY_IST });
    await engageThree(rig, 'Priya (IC)');

    const { executions: released } = await value(rig.core, 'levers.recover', { reason: 'rail recovered', typedEnvironment: ENVIRONMENT, approvedBy: 'Priya (IC)' });

    expect(released.map((e) => e.status)).toEqual(['verified', 'verified', 'verified']);
    expect(released.every((e) => e.approvedBy === 'Priya (IC)')).toBe(true);
  });

  // Regression (was hard-coded): the recovery plan carries the release freeze in force,
  // so the recovery dialog asks for the approver.
  it('the recovery plan shows the release freeze that is in force', async () => {
    const rig = await startRig(scratch, { clockStart: SATURDAY_IST });
    const plan = await planEngage(rig, halt);
    await value(rig.core, 'levers.execute', { ...confirmArgs(halt, plan.planId), approvedBy: 'Priya (IC)' });

    const recovery = await value(rig.core, 'levers.recoveryPlan');

    expect(recovery.steps).toHaveLength(1);
    expect(recovery.freeze.active).toBe(true);
    expect(recovery.freeze.window).toContain('Asia/Kolkata');
  });

  // Regression test (fixed in electron/core/levers/engine.ts, recover): the typed environment is only checked when the
  // first platform-wide step is reached, so the provider is released before the refusal, and the
  // refusal (an error, not the list) hides that anything was released.
  it('recovery without the environment name typed refuses before releasing anything', async () => {
    const rig = await startRig(scratch);
    await engageThree(rig);

    const r = await call(rig.core, 'levers.recover', { reason: 'rail recovered' });

    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid');
    expect(await rig.control.engaged(ingress)).toBe(true);
    expect(await rig.control.sent(ingress)).toBe(1);
  });
});
