// The platform's brand list failing (401, a timeout, a 500, malformed JSON) is an error the
// Levers page shows — what failed and since when — never an empty platform: the platform-wide
// and provider rows are still read, a brand lever refuses to plan with the reason, and whatever
// the list would have let the console check says it could not.
import { describe, expect, it } from 'vitest';
import { DEMO_PROVIDERS } from '../../shared/environment.ts';
import { useScratch } from '../helpers/scratch.ts';
import {
  WEEKDAY,
  confirmArgs,
  expectNoEvidence,
  leverCase,
  planEngage,
  startRig,
  value,
  type Fault,
  type LeverRig,
} from '../helpers/platform.ts';

const scratch = useScratch();
const BRANDS_PATH = '/api/v1/brands';
const halt = leverCase('halt-deposits');
const brandDeposits = leverCase('brand-deposits-off');

interface ListFailure {
  name: string;
  /** A fault on GET /api/v1/brands, or a token the platform does not know. */
  fault?: Fault['mode'];
  token?: string;
  /** What the screen says failed. */
  problem: string;
  refusal: string;
}

const FAILURES: ListFailure[] = [
  { name: '401', token: 'not-a-real-token-4711', problem: 'brand list: HTTP 401 — the token was refused', refusal: 'unauthorized' },
  { name: 'timeout', fault: 'hang', problem: 'brand list: timeout after 0.8 s', refusal: 'upstream' },
  { name: '500', fault: 'error500', problem: 'brand list: HTTP 500: injected fault', refusal: 'upstream' },
  { name: 'malformed JSON', fault: 'malformed', problem: 'brand list: HTTP 200 with a malformed (non-JSON or truncated) body', refusal: 'upstream' },
];

async function failingRig(f: ListFailure): Promise<LeverRig> {
  const rig = await startRig(scratch, f.token ? { token: f.token } : {});
  if (f.fault) await rig.control.setFaults([{ service: 'admin', method: 'GET', path: BRANDS_PATH, mode: f.fault }]);
  return rig;
}

describe.each(FAILURES)('the brand list fails: $name', (f) => {
  it('the state says what failed and since when; platform and provider rows are still there', async () => {
    const rig = await failingRig(f);

    const s = await value(rig.core, 'levers.state', { fresh: true });

    expect(s.brands).toEqual([]);
    expect(s.brandsError).not.toBeNull();
    expect(s.brandsError).toEqual({ problem: f.problem, since: WEEKDAY, at: WEEKDAY });
    // Not one brand row is made up; the platform-wide and provider rows are read as ever.
    expect(s.targets.filter((t) => t.lever.startsWith('brand-'))).toEqual([]);
    expect(s.targets.filter((t) => t.target === 'platform').map((t) => t.lever).sort()).toEqual(['halt-deposits', 'platform-freeze']);
    expect(s.targets.filter((t) => t.lever === 'provider-ingress-block').map((t) => t.target)).toEqual(DEMO_PROVIDERS);
    if (!f.token) for (const t of s.targets) expect(t).toMatchObject({ engaged: false, error: null });
  });

  it(`planning a brand lever refuses with the reason ("${f.refusal}"); nothing sent, nothing recorded`, async () => {
    const rig = await failingRig(f);

    const plan = await value(rig.core, 'levers.plan', { lever: 'brand-deposits-off', target: 'royalspin', action: 'engage' });

    expect(plan.planId).toBeNull();
    expect(plan.refusal?.code).toBe(f.refusal);
    expect(plan.refusal?.message).toContain(`brand list cannot be read: ${f.problem} (failing since 03:14:00 UTC)`);
    expect(await rig.control.sent(brandDeposits)).toBe(0);
    await expectNoEvidence(rig.core);
  });
});

describe('since when, and back', () => {
  it('"since" stays at the first failure while it keeps failing; a list that reads again clears it', async () => {
    const rig = await failingRig(FAILURES[2]!);
    expect((await value(rig.core, 'levers.state', { fresh: true })).brandsError).toMatchObject({ since: WEEKDAY, at: WEEKDAY });

    rig.clock.advance(90_000);
    const later = await value(rig.core, 'levers.state', { fresh: true });
    expect(later.brandsError).toMatchObject({ since: WEEKDAY, at: rig.clock.iso() });
    // The engine shares the same watch: its refusal names the same first failure.
    const plan = await value(rig.core, 'levers.plan', { lever: 'brand-withdrawals-off', target: 'lucky7', action: 'engage' });
    expect(plan.refusal?.message).toMatch(/failing since 03:14:00 UTC/);

    await rig.control.clearFaults();
    const back = await value(rig.core, 'levers.state', { fresh: true });
    expect(back.brandsError).toBeNull();
    expect(back.brands.map((b) => b.brandId)).toContain('royalspin');
    expect(back.targets.filter((t) => t.lever === 'brand-deposits-off').length).toBe(back.brands.length);
  });
});

describe('what an empty list used to decide silently', () => {
  it('a platform-wide plan goes ahead, its blast radius saying which brands it cannot name', async () => {
    const rig = await failingRig(FAILURES[2]!);

    const plan = await planEngage(rig, halt);

    expect(plan.blastRadius.join(' ')).toMatch(/every brand \(which ones is not known: brand list: HTTP 500: injected fault \(failing since 03:14:00 UTC\)\)/);
  });

  it('a brand lever whose list fails after planning: the probe says it could not check the other brands', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, brandDeposits);
    // The console keeps a good list for 60 s; past that it asks again, and the list now fails.
    rig.clock.advance(61_000);
    await rig.control.setFaults([{ service: 'admin', method: 'GET', path: BRANDS_PATH, mode: 'error500' }]);

    const e = await value(rig.core, 'levers.execute', confirmArgs(brandDeposits, plan.planId));

    expect(e.probe).toMatch(/probe deposit for royalspin: refused "Finance maintenance"/);
    expect(e.probe).toMatch(/other brands not checked — brand list: HTTP 500: injected fault/);
    expect(e.detail).toMatch(/other brands not checked/);
    expect((await rig.control.state()).wallet).toEqual({ 'deposit refused': 1 });
  });

  it('a platform lever whose list fails after planning: the probe says it had no brand to probe with, and why', async () => {
    const rig = await startRig(scratch);
    const plan = await planEngage(rig, halt);
    rig.clock.advance(61_000);
    await rig.control.setFaults([{ service: 'admin', method: 'GET', path: BRANDS_PATH, mode: 'hang' }]);

    const e = await value(rig.core, 'levers.execute', confirmArgs(halt, plan.planId));

    expect(e.status).toBe('failed');
    expect(e.probe).toBe('probe: no brand to probe a deposit with — brand list: timeout after 0.8 s (failing since 03:15:01 UTC)');
    expect(e.detail).toMatch(/the state is set but its effect is not confirmed/);
    await rig.control.clearFaults();
    expect(await rig.control.engaged(halt)).toBe(true);
  });
});
