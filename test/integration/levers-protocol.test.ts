// The rules of the lever protocol that hold whatever the lever: a confirmation fires once,
// platform-wide levers need the environment typed, a confirmation expires, the release freeze
// needs a named approver, an unreachable platform gets the SQL fallback and nothing queued,
// and planning refuses what cannot or need not be done — all before any write or audit record.
import { describe, expect, it } from 'vitest';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor } from '../helpers/wait.ts';
import {
  ENVIRONMENT,
  LEVER_CASES,
  SATURDAY_IST,
  auditRecords,
  call,
  confirmArgs,
  expectAuditPair,
  expectNoEvidence,
  freePort,
  leverCase,
  openLeverCore,
  planEngage,
  startDemo,
  startRig,
  value,
} from '../helpers/platform.ts';

const scratch = useScratch();
const halt = leverCase('halt-deposits');
const brandDeposits = leverCase('brand-deposits-off');

describe('a confirmation fires once', () => {
  it('a second execute of the same plan is a conflict; the write count stays 1', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, halt);
    const first = await value(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));
    expect(first.status).toBe('verified');

    const second = await call(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));

    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe('conflict');
    expect(await rig.control.sent(halt)).toBe(1);
    expect((await auditRecords(rig.core)).length).toBe(2);
  });

  it('two concurrent executes of one plan (a double click, two windows) send exactly one write', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, brandDeposits);

    const results = await Promise.all([
      call(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId)),
      call(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId)),
    ]);

    const done = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(done).toHaveLength(1);
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(['conflict']);
    expect(await rig.control.sent(brandDeposits)).toBe(1);
    expect(await rig.control.applied(brandDeposits)).toBe(1);
    if (done[0]?.ok) await expectAuditPair(rig.core, done[0].value);
    expect((await auditRecords(rig.core)).length).toBe(2);
  });

  it('two plans of the same lever: while the first is in flight the second is refused, one write in all', async () => {
    const rig = await startRig(scratch);
    const a = await planEngage(rig, halt);
    const b = await planEngage(rig, halt);
    await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: halt.path, mode: 'slow', delay_ms: 400 }]);

    const first = call(rig.core, 'levers.execute', confirmArgs(halt, a.planId));
    await waitFor('the first execution to be in flight', async () => (await value(rig.core, 'levers.executions', { limit: 5 }))[0]?.status === 'in_flight');
    const second = await call(rig.core, 'levers.execute', confirmArgs(halt, b.planId));

    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe('conflict');
    const r = await first;
    expect(r.ok && r.value.status).toBe('verified');
    expect(await rig.control.sent(halt)).toBe(1);
    expect((await auditRecords(rig.core)).length).toBe(2);
  });

  it('an unknown confirmation is a conflict, nothing sent', async () => {
    const rig = await startRig(scratch);
    const r = await call(rig.core, 'levers.execute', { planId: 'no-such-plan', reason: 'testing', typedEnvironment: ENVIRONMENT });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    await expectNoEvidence(rig.core);
  });
});

describe.each(LEVER_CASES.filter((c) => c.platformScope))('$lever: the environment name must be typed', (c) => {
  it.each([
    ['missing', undefined],
    ['wrong', 'production'],
    ['almost right', ` ${ENVIRONMENT.toUpperCase()}`],
  ])('%s → invalid, no write, no audit intent', async (_label, typed) => {
    const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });
    const plan = await planEngage(rig, c);
    expect(plan.requiresTypedEnvironment).toBe(true);

    const r = await call(rig.core, 'levers.execute', { planId: plan.planId, reason: 'halt the bleeding', ...(typed === undefined ? {} : { typedEnvironment: typed }) });

    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid');
      expect(r.error.message).toContain(ENVIRONMENT);
    }
    expect(await rig.control.sent(c)).toBe(0);
    await expectNoEvidence(rig.core);
    // Reviewed again and typed right, it goes through once.
    const again = await planEngage(rig, c);
    const e = await value(rig.core, 'levers.execute', confirmArgs(c, again.planId));
    expect(e.status).toBe('verified');
    expect(await rig.control.sent(c)).toBe(1);
  });
});

describe('a confirmation expires', () => {
  it('executing a plan older than 5 minutes is a conflict, nothing sent', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, brandDeposits);
    expect(Date.parse(plan.expiresAt!) - rig.clock().getTime()).toBe(5 * 60_000);
    rig.clock.advance(5 * 60_000 + 1);

    const r = await call(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId));

    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('conflict');
      expect(r.error.message).toMatch(/expired/);
    }
    expect(await rig.control.sent(brandDeposits)).toBe(0);
    await expectNoEvidence(rig.core);
  });

  it('a plan executed just before 5 minutes still goes through', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, brandDeposits);
    rig.clock.advance(5 * 60_000 - 1);
    const e = await value(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId));
    expect(e.status).toBe('verified');
  });
});

describe('release freeze (Saturday in Asia/Kolkata)', () => {
  it('without an approver: invalid and no write', async () => {
    const rig = await startRig(scratch, { clockStart: SATURDAY_IST });
    const plan = await planEngage(rig, brandDeposits);
    expect(plan.freeze.active).toBe(true);

    const r = await call(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId));

    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid');
      expect(r.error.message).toMatch(/freeze/i);
    }
    expect(await rig.control.sent(brandDeposits)).toBe(0);
    await expectNoEvidence(rig.core);
  });

  it('with the incident commander named: verified, and the audit log records who approved', async () => {
    const rig = await startRig(scratch, { clockStart: SATURDAY_IST });
    const plan = await planEngage(rig, brandDeposits);

    const e = await value(rig.core, 'levers.execute', { ...confirmArgs(brandDeposits, plan.planId), approvedBy: 'Priya (IC)' });

    expect(e.status).toBe('verified');
    expect(e.approvedBy).toBe('Priya (IC)');
    expect(await rig.control.sent(brandDeposits)).toBe(1);
    const { intent, outcome } = await expectAuditPair(rig.core, e);
    expect(intent.approvedBy).toBe('Priya (IC)');
    expect(outcome.approvedBy).toBe('Priya (IC)');
  });

  it('on a Wednesday no approver is needed', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, brandDeposits);
    expect(plan.freeze.active).toBe(false);
    const e = await value(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId));
    expect(e).toMatchObject({ status: 'verified', approvedBy: null });
  });
});

describe('offline: refuse clearly, show the SQL fallback, queue nothing', () => {
  it('an unreachable admin service: refusal "offline" with the fallback; a platform that appears later receives nothing', async () => {
    const [adminPort, gatewayPort] = [await freePort(), await freePort()];
    const urls = { adminUrl: `http://127.0.0.1:${adminPort}`, gatewayUrl: `http://127.0.0.1:${gatewayPort}` };
    const rig = openLeverCore(scratch, urls);

    const haltPlan = await value(rig.core, 'levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' });
    expect(haltPlan.planId).toBeNull();
    expect(haltPlan.refusal?.code).toBe('offline');
    expect(haltPlan.refusal?.message).toMatch(/nothing is queued/i);
    expect(haltPlan.sqlFallback).toContain('DEPOSIT_MAINTENANCE_STATUS');
    expect(haltPlan.sqlFallback).toContain("value='1'");

    const brandPlan = await value(rig.core, 'levers.plan', { lever: 'brand-deposits-off', target: 'royalspin', action: 'engage' });
    expect(brandPlan.refusal?.code).toBe('offline');
    expect(brandPlan.sqlFallback).toContain("brand_id = 'royalspin'");
    expect(brandPlan.sqlFallback).toContain('deposit_enabled');

    const providerPlan = await value(rig.core, 'levers.plan', { lever: 'provider-ingress-block', target: 'razorpay', action: 'engage' });
    expect(providerPlan.refusal?.code).toBe('offline');
    expect(providerPlan.sqlFallback).toBeNull();

    // The platform comes back on the very addresses the profile names.
    const demo = await startDemo(scratch, { adminPort, gatewayPort });
    await waitFor('the console to see the platform again', async () => {
      const s = await value(rig.core, 'levers.state', { fresh: true });
      return s.reachable.admin && s.reachable.gateway;
    });
    const state = (await (await fetch(`${demo.adminUrl}/sim/state`)).json()) as { writes: Record<string, number>; requests: Record<string, Record<string, number>> };
    expect(state.writes).toEqual({});
    const puts = Object.keys({ ...state.requests.admin, ...state.requests.gateway }).filter((k) => !k.startsWith('GET '));
    expect(puts).toEqual([]);
    await expectNoEvidence(rig.core);
  });

  it('the platform stops after it was working: the next plan is refused "offline" with the fallback', async () => {
    const rig = await startRig(scratch);
    await planEngage(rig, halt);
    await rig.demo.stop();

    const plan = await value(rig.core, 'levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' });

    expect(plan.refusal?.code).toBe('offline');
    expect(plan.sqlFallback).toContain('DEPOSIT_MAINTENANCE_STATUS');
    expect(plan.planId).toBeNull();
    await expectNoEvidence(rig.core);
  });
});

describe('planning refuses what cannot or need not be done', () => {
  it('401 on the plan\'s read: refusal "unauthorized", nothing sent', async () => {
    const rig = await startRig(scratch, { token: 'nobody-knows-this-token' });
    const plan = await value(rig.core, 'levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' });
    expect(plan).toMatchObject({ planId: null, refusal: { code: 'unauthorized' } });
    expect(await rig.control.sent(halt)).toBe(0);
    await expectNoEvidence(rig.core);
  });

  it('already engaged: refusal "conflict", nothing to do', async () => {
    const rig = await startRig(scratch);
    const put = await rig.control.send('admin', 'PUT', halt.path, { as: 'operator', body: { value: '1' } });
    expect(put.status).toBe(200);

    const plan = await value(rig.core, 'levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' });

    expect(plan).toMatchObject({ planId: null, before: 'DEPOSITS HALTED', refusal: { code: 'conflict' } });
    expect(await rig.control.sent(halt)).toBe(1); // only the test's own PUT
    await expectNoEvidence(rig.core);
  });

  it('releasing what is not engaged is a conflict too', async () => {
    const rig = await startRig(scratch);
    const plan = await value(rig.core, 'levers.plan', { lever: 'provider-ingress-block', target: 'razorpay', action: 'release' });
    expect(plan.refusal?.code).toBe('conflict');
  });

  it("the profile's declared role is below the lever's: refusal \"forbidden\" before anything is read", async () => {
    const rig = await startRig(scratch, { role: 'operator', token: 'super_admin' });
    const plan = await value(rig.core, 'levers.plan', { lever: 'platform-freeze', target: 'platform', action: 'engage' });
    expect(plan).toMatchObject({ planId: null, requiredRole: 'super_admin', profileRole: 'operator', refusal: { code: 'forbidden' } });
    const state = await rig.control.state();
    expect(state.requests.admin['GET /api/v1/maintenance'] ?? 0).toBe(0);
    expect(await rig.control.sent(leverCase('platform-freeze'))).toBe(0);
  });

  it('a viewer profile cannot plan an operator lever', async () => {
    const rig = await startRig(scratch, { role: 'viewer', token: 'viewer' });
    const plan = await value(rig.core, 'levers.plan', { lever: 'brand-withdrawals-off', target: 'lucky7', action: 'engage' });
    expect(plan.refusal?.code).toBe('forbidden');
  });

  it('an unknown brand: refusal "not_found"; a brand lever without a brand: invalid', async () => {
    const rig = await startRig(scratch);
    const plan = await value(rig.core, 'levers.plan', { lever: 'brand-deposits-off', target: 'nosuchbrand', action: 'engage' });
    expect(plan.refusal?.code).toBe('not_found');
    const r = await call(rig.core, 'levers.plan', { lever: 'brand-deposits-off', action: 'engage' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid');
  });

  it('a read-only wall console cannot plan or execute', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, halt);
    const r = await call(rig.core, 'levers.execute', confirmArgs(halt, plan.planId), 'wall');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
    const p = await call(rig.core, 'levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' }, 'wall');
    expect(p.ok).toBe(false);
    expect(await rig.control.sent(halt)).toBe(0);
  });
});
