// A lever is verified only when the platform behaves as a player or a provider would meet it:
// the probe makes a test deposit, withdrawal or provider callback after the read-back.
import { describe, expect, it } from 'vitest';
import { useScratch } from '../helpers/scratch.ts';
import { LEVER_CASES, expectAuditPair, leverCase, pull, startRig, type LeverCase, type SimState } from '../helpers/platform.ts';

const scratch = useScratch();

interface ProbeCase {
  lever: LeverCase['lever'];
  /** What the execution says its probe saw. */
  saw: RegExp[];
  /** What the platform counted: the probe really went through the gateway. */
  counted: (s: SimState) => Record<string, number>;
  expected: Record<string, number>;
}

const PROBES: ProbeCase[] = [
  {
    lever: 'platform-freeze',
    saw: [/probe deposit for \w+: refused "Finance maintenance"/],
    counted: (s) => s.wallet,
    expected: { 'deposit refused': 1 },
  },
  {
    lever: 'halt-deposits',
    saw: [/probe deposit for \w+: refused "Finance maintenance"/],
    counted: (s) => s.wallet,
    expected: { 'deposit refused': 1 },
  },
  {
    lever: 'brand-deposits-off',
    saw: [/probe deposit for royalspin: refused "Finance maintenance"/, /other brand (?!royalspin)\w+: accepted \(dep_/],
    counted: (s) => s.wallet,
    expected: { 'deposit refused': 1, 'deposit accepted': 1 },
  },
  {
    lever: 'brand-withdrawals-off',
    saw: [/probe withdraw for lucky7: refused "Finance maintenance"/, /other brand (?!lucky7)\w+: accepted \(wdr_/],
    counted: (s) => s.wallet,
    expected: { 'withdraw refused': 1, 'withdraw accepted': 1 },
  },
  {
    lever: 'provider-ingress-block',
    saw: [/probe callback from razorpay: HTTP 503 \(refused, as expected\)/],
    counted: (s) => s.callbacks,
    expected: { 'razorpay refused': 1 },
  },
];

describe.each(PROBES)('$lever', (p) => {
  it('is verified by a probe that meets the effect', async () => {
    const c = leverCase(p.lever);
    const rig = await startRig(scratch, { role: c.writeRole, token: c.writeRole });

    const e = await pull(rig, c);

    expect(e.status).toBe('verified');
    for (const re of p.saw) expect(e.probe).toMatch(re);
    expect(p.counted(await rig.control.state())).toEqual(p.expected);
    const { outcome } = await expectAuditPair(rig.core, e);
    for (const re of p.saw) expect(outcome.detail).toMatch(re);
  });
});

describe('a probe that does not meet the effect', () => {
  it('provider-ingress-block: the block is set but callbacks fail with 500, not 503 → failed, state kept', async () => {
    const c = leverCase('provider-ingress-block');
    const rig = await startRig(scratch);
    await rig.control.setFaults([{ service: 'gateway', method: 'POST', path: '/api/v1/provider-callbacks/*', mode: 'error500' }]);

    const e = await pull(rig, c);

    expect(e.status).toBe('failed');
    expect(e.probe).toMatch(/HTTP 500 — NOT refused/);
    expect(e.detail).toMatch(/effect is not confirmed/);
    expect(await rig.control.sent(c)).toBe(1);
    await rig.control.clearFaults();
    expect(await rig.control.engaged(c)).toBe(true);
    await expectAuditPair(rig.core, e);
  });

  it('brand-deposits-off: the wallet cannot be reached for the probe → failed', async () => {
    const c = leverCase('brand-deposits-off');
    const rig = await startRig(scratch);
    await rig.control.setFaults([{ service: 'gateway', method: 'POST', path: '/api/v1/wallet/*', mode: 'hang' }]);

    const e = await pull(rig, c);

    expect(e.status).toBe('failed');
    expect(e.probe).toMatch(/probe deposit for royalspin: no answer/);
    expect(await rig.control.sent(c)).toBe(1);
  });
});

it('the probe table covers every lever', () => {
  expect(PROBES.map((p) => p.lever).sort()).toEqual(LEVER_CASES.map((c) => c.lever).sort());
});
