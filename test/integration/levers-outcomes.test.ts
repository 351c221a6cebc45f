// Every lever against what a real platform answers to its write: success, a token it does not
// know (401), a role too low (403), a config that moved since it was read (412). Each ends in
// the right outcome, leaves one intent and one outcome on the audit log, and sends its write
// at most once.
import { describe, expect, it } from 'vitest';
import { useScratch } from '../helpers/scratch.ts';
import {
  LEVER_CASES,
  call,
  confirmArgs,
  expectAuditPair,
  expectNoEvidence,
  planEngage,
  startRig,
  value,
  type LeverCase,
} from '../helpers/platform.ts';

const scratch = useScratch();

describe.each(LEVER_CASES)('$lever ($target)', (c: LeverCase) => {
  it('success: the write lands once, read-back and probe confirm it → verified', async () => {
    const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });
    const plan = await planEngage(rig, c);
    expect(plan).toMatchObject({ lever: c.lever, target: c.target, action: 'engage', requiresTypedEnvironment: c.platformScope, refusal: null });

    const execution = await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));

    expect(execution.status).toBe('verified');
    expect(await rig.control.sent(c)).toBe(1);
    expect(await rig.control.applied(c)).toBe(1);
    expect(await rig.control.engaged(c)).toBe(true);
    const { intent, outcome } = await expectAuditPair(rig.core, execution);
    expect(outcome.response).toMatchObject({ status: 200 });
    // 412 is only possible where the write carries the ETag it read.
    const headers = (intent.request as { headers: Record<string, string> }).headers;
    if (c.ifMatch) expect(headers['if-match']).toBe('"1"');
    else expect(headers['if-match']).toBeUndefined();
  });

  it('401 at planning: a token the platform does not know is refused before anything is written', async () => {
    const rig = await startRig(scratch, { role: c.writeRole, token: 'not-a-real-token-4711' });
    const plan = await value(rig.core, 'levers.plan', { lever: c.lever, target: c.target, action: 'engage' });
    expect(plan.planId).toBeNull();
    expect(plan.refusal?.code).toBe('unauthorized');
    expect(await rig.control.sent(c)).toBe(0);
    await expectNoEvidence(rig.core);
  });

  it('401 on the write: the token was revoked between plan and execute → failed, nothing applied', async () => {
    const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });
    const plan = await planEngage(rig, c);
    rig.tokens.set(rig.profile.name, 'revoked-token-0815');

    const execution = await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));

    expect(execution.status).toBe('failed');
    expect(execution.detail).toContain('401');
    expect(await rig.control.sent(c)).toBe(1);
    expect(await rig.control.applied(c)).toBe(0);
    expect(await rig.control.engaged(c)).toBe(false);
    const { outcome } = await expectAuditPair(rig.core, execution);
    expect(outcome.response).toMatchObject({ status: 401 });
  });

  it(`403: the platform refuses a ${c.forbidden.token} token (profile declares ${c.forbidden.profileRole}) → failed, nothing applied`, async () => {
    const rig = await startRig(scratch, { role: c.forbidden.profileRole, token: c.forbidden.token });
    const plan = await planEngage(rig, c);

    const execution = await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));

    expect(execution.status).toBe('failed');
    expect(execution.detail).toContain('403');
    expect(await rig.control.sent(c)).toBe(1);
    expect(await rig.control.applied(c)).toBe(0);
    expect(await rig.control.engaged(c)).toBe(false);
    const { outcome } = await expectAuditPair(rig.core, execution);
    expect(outcome.response).toMatchObject({ status: 403 });
  });

  if (c.ifMatch) {
    it('412: the config moved between plan and execute → failed with conflict, the other change kept', async () => {
      const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });
      const plan = await planEngage(rig, c);
      // Someone else edits the brand's payment policy (version 1 → 2) without touching our flag.
      const other = await rig.control.send('admin', 'PUT', c.path, {
        as: 'operator',
        headers: { 'if-match': '"1"' },
        body: { value: { deposit_enabled: true, withdraw_enabled: true } },
      });
      expect(other.status).toBe(200);
      const sentBefore = await rig.control.sent(c);
      const appliedBefore = await rig.control.applied(c);

      const execution = await value(rig.core, 'levers.execute', confirmArgs(c, plan.planId));

      expect(execution.status).toBe('failed');
      expect(execution.conflict).toBe(true);
      expect(await rig.control.sent(c)).toBe(sentBefore + 1);
      expect(await rig.control.applied(c)).toBe(appliedBefore);
      expect(await rig.control.engaged(c)).toBe(false);
      const { outcome } = await expectAuditPair(rig.core, execution);
      expect(outcome.response).toMatchObject({ status: 412 });
      // Planning again reads the new version and works.
      const again = await planEngage(rig, c);
      const second = await value(rig.core, 'levers.execute', confirmArgs(c, again.planId));
      expect(second.status).toBe('verified');
    });
  } else {
    it('412: N/A — this lever writes without If-Match, so the platform has no precondition to fail', async () => {
      const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });
      const plan = await planEngage(rig, c);
      const r = await call(rig.core, 'levers.execute', confirmArgs(c, plan.planId));
      expect(r.ok).toBe(true);
      const intent = (await value(rig.core, 'audit.list', { limit: 10 })).find((x) => x.kind === 'intent')!;
      expect((intent.request as { headers: Record<string, string> }).headers['if-match']).toBeUndefined();
    });
  }
});
