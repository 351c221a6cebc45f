// Something inside the console throws between a lever's intent and its outcome: the read-back,
// the probe, the audit log itself. The execution must still end — `unknown`, saying what failed
// and where — while the process lives: one left `in_flight` would block the lever (and profile
// switching) until the next start. Real demo platform, real SQLite; one dependency made to throw.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import { DEFAULT_FREEZE } from '../../shared/freeze.ts';
import { AuditLog, type AuditEntry } from '../../electron/core/audit/audit-log.ts';
import { fetchBrands } from '../../electron/core/levers/live-state.ts';
import { LeverEngine } from '../../electron/core/levers/engine.ts';
import { ExecutionRepository } from '../../electron/core/levers/executions.ts';
import { PlatformClient, type PlatformAnswer, type PlatformRequest } from '../../electron/core/platform/client.ts';
import { DEMO_TOKENS } from '../../electron/demo-platform/index.ts';
import { manualClock, openCore } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';
import { DemoControl, ENVIRONMENT, SHORT_TIMEOUTS, WEEKDAY, leverCase, startDemo } from '../helpers/platform.ts';

const scratch = useScratch();
const halt = leverCase('halt-deposits');

/** The real client, except that the requests `breaks` picks throw, as a bug in a parser would. */
class BreakingClient extends PlatformClient {
  broken = true;
  private writes = 0;
  constructor(
    urls: { adminUrl: string; gatewayUrl: string },
    private readonly breaks: (req: PlatformRequest, writesSoFar: number) => boolean,
  ) {
    super(urls, () => DEMO_TOKENS.operator);
  }

  override async send(req: PlatformRequest): Promise<PlatformAnswer> {
    if (this.broken && this.breaks(req, this.writes)) throw new TypeError('cannot read properties of undefined (injected)');
    if (req.method === 'PUT') this.writes++;
    return super.send(req);
  }
}

/** The real audit log, except that appending an outcome fails `failOutcomes` times, as a full disk would. */
class FailingAudit extends AuditLog {
  failOutcomes = 0;

  override append(entry: AuditEntry): AuditRecord {
    if (entry.kind === 'outcome' && this.failOutcomes-- > 0) throw new Error('SQLITE_FULL: database or disk is full (injected)');
    return super.append(entry);
  }
}

async function rig(opts: { breaks?: (req: PlatformRequest, writesSoFar: number) => boolean; failOutcomes?: number } = {}) {
  const demo = await startDemo(scratch);
  const core = openCore(scratch);
  const clock = manualClock(WEEKDAY);
  const client = new BreakingClient(demo, opts.breaks ?? (() => false));
  const audit = new FailingAudit(core.db, clock, () => []);
  audit.failOutcomes = opts.failOutcomes ?? 0;
  const executions = new ExecutionRepository(core.db);
  const engine = new LeverEngine({
    client,
    audit,
    executions,
    clock,
    actor: 'test-oncall',
    profile: 'integration',
    environment: { name: ENVIRONMENT, production: false, role: 'operator', freeze: DEFAULT_FREEZE, probePlayer: 'switchyard-probe' },
    brands: () => fetchBrands(client, SHORT_TIMEOUTS.readMs),
    timeouts: SHORT_TIMEOUTS,
    onChanged: () => {},
  });
  return { demo, control: new DemoControl(demo), core, client, audit, executions, engine };
}

type Rig = Awaited<ReturnType<typeof rig>>;

async function pullHalt(r: Rig, action: 'engage' | 'release' = 'engage') {
  const planned = await r.engine.plan({ lever: 'halt-deposits', target: 'platform', action });
  if (!planned.ok || !planned.value.planId) throw new Error(`plan refused: ${JSON.stringify(planned)}`);
  const done = await r.engine.execute({ planId: planned.value.planId, reason: 'UPI rail melting', typedEnvironment: ENVIRONMENT });
  if (!done.ok) throw new Error(`execute: ${done.error.message}`);
  return done.value;
}

const recordsOf = (r: Rig, id: string) => r.audit.all().filter((x) => x.executionId === id);

/** Nothing is left in flight: the lever can be planned and pulled again at once. */
async function expectNotBlocked(r: Rig) {
  expect(r.executions.inFlight()).toEqual([]);
  expect(r.executions.hasInFlight('halt-deposits', 'platform', ENVIRONMENT)).toBe(false);
}

describe('an exception between the write and the outcome', () => {
  it('the read-back throws: unknown, saying the write was answered and the read-back failed; re-verify settles it', async () => {
    const r = await rig({ breaks: (req, writes) => writes > 0 && req.method === 'GET' && req.path === halt.path });

    const e = await pullHalt(r);

    expect(e.status).toBe('unknown');
    expect(e.detail).toBe(
      'write: HTTP 200; Switchyard failed while reading the state back (TypeError: cannot read properties of undefined (injected)): whether the write applied is not known. Re-verify to settle.',
    );
    expect(recordsOf(r, e.id).map((x) => [x.kind, x.outcome])).toEqual([
      ['intent', null],
      ['outcome', 'unknown'],
    ]);
    expect(recordsOf(r, e.id)[1]!.response).toMatchObject({ status: 200 });
    expect(r.audit.verify().ok).toBe(true);
    await expectNotBlocked(r);
    expect(await r.control.applied(halt)).toBe(1);

    r.client.broken = false;
    const settled = await r.engine.reverify(e.id);
    expect(settled.ok && settled.value.status).toBe('verified');
    // And the lever is usable: its release goes through.
    expect((await pullHalt(r, 'release')).status).toBe('verified');
  });

  it('the probe throws: unknown, saying the read-back showed it set and the effect is not confirmed', async () => {
    const r = await rig({ breaks: (req) => req.method === 'POST' && req.path === '/api/v1/wallet/deposit' });

    const e = await pullHalt(r);

    expect(e.status).toBe('unknown');
    expect(e.detail).toBe(
      'write: HTTP 200; read-back shows DEPOSITS HALTED; Switchyard failed while probing the effect (TypeError: cannot read properties of undefined (injected)): its effect is not confirmed. Re-verify to settle.',
    );
    expect(recordsOf(r, e.id).map((x) => [x.kind, x.outcome])).toEqual([
      ['intent', null],
      ['outcome', 'unknown'],
    ]);
    await expectNotBlocked(r);
  });

  it('the audit log refuses the outcome once: the outcome is recorded as unknown with what could not be recorded', async () => {
    const r = await rig({ failOutcomes: 1 });

    const e = await pullHalt(r);

    expect(e.status).toBe('unknown');
    expect(e.detail).toMatch(/^The outcome \(verified: write: HTTP 200; read-back shows DEPOSITS HALTED; probe deposit for \w+: refused "Finance maintenance"\) could not be recorded/);
    expect(e.detail).toContain('(Error: SQLITE_FULL: database or disk is full (injected)); recorded as unknown instead. Re-verify to settle.');
    expect(recordsOf(r, e.id).map((x) => [x.kind, x.outcome])).toEqual([
      ['intent', null],
      ['outcome', 'unknown'],
    ]);
    expect(r.audit.verify().ok).toBe(true);
    await expectNotBlocked(r);
  });

  it('the audit log refuses every outcome: the execution still ends, and its missing record is evident', async () => {
    const r = await rig({ failOutcomes: Number.POSITIVE_INFINITY });

    const e = await pullHalt(r);

    expect(e.status).toBe('unknown');
    expect(e.detail).toMatch(/The audit log refused this outcome \(Error: SQLITE_FULL: database or disk is full \(injected\)\): its record is missing\.$/);
    expect(recordsOf(r, e.id).map((x) => x.kind)).toEqual(['intent']);
    // The evidence check (run at every start and on audit.verify) names it.
    expect(r.executions.withoutEvidence()).toEqual([e.id]);
    await expectNotBlocked(r);
  });
});
