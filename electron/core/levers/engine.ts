import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { FreezePolicy } from '../../../shared/freeze.ts';
import { DEFAULT_CALENDAR, applyFreezePolicy, freezeCheckOf, type FreezeCheck } from '../../../shared/release-calendar.ts';
import {
  LEVERS,
  ROLE_RANK,
  fillTarget,
  leverById,
  type ExecuteArgs,
  type LeverDefinition,
  type LeverExecution,
  type LeverPlan,
  type LeverTargetState,
  type PlanArgs,
  type PlatformRole,
  type RecoveryArgs,
} from '../../../shared/levers.ts';
import type { LeverOutcome } from '../../../shared/audit.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import { describeAnswer, type PlatformAnswer, type PlatformClient } from '../platform/client.ts';
import { brandListWatch, describeBrandFailure, type BrandListWatch } from './brand-list.ts';
import type { ExecutionRepository } from './executions.ts';
import { readLever, writeRequest, type LeverReading } from './reading.ts';
import { FoundReleased } from './found-released.ts';
import { changedState, interruptedDetail, movedSince, type Interrupted } from './settle.ts';
import { LeverVerifier, type Verdict } from './verify.ts';
import { blastRadius, targetLabel, type BrandInfo } from './words.ts';

export interface LeverEnvironment {
  name: string;
  production: boolean;
  role: PlatformRole;
  /**
   * The release freeze: the release calendar's check (console-core builds it from the calendar
   * file and the profile's `freeze`). A bare FreezePolicy is still taken: it is read as the
   * default calendar with those freeze days (applyFreezePolicy), the same rule.
   */
  freeze: FreezeCheck | FreezePolicy;
  probePlayer: string;
}

export interface LeverEngineDeps {
  client: PlatformClient;
  audit: AuditLog;
  executions: ExecutionRepository;
  clock: () => Date;
  actor: string;
  profile: string;
  environment: LeverEnvironment;
  brands: () => Promise<BrandInfo[]>;
  timeouts?: Partial<{ healthMs: number; readMs: number; writeMs: number; probeMs: number }>;
  onChanged: () => void;
}

interface StoredPlan {
  plan: LeverPlan;
  def: LeverDefinition;
  reading: LeverReading;
  expires: number;
}

const PLAN_TTL_MS = 5 * 60_000;

const messageOf = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300);

/**
 * The lever protocol of DESIGN.md: preflight → confirm → audit intent → write once →
 * read back and probe → audit outcome. A plan is consumed by its first execution, so a
 * double click, a retried request or a second window can never send the write twice.
 */
export class LeverEngine {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly t: { healthMs: number; readMs: number; writeMs: number; probeMs: number };
  private readonly brandList: BrandListWatch;
  private readonly verifier: LeverVerifier;
  private readonly found: FoundReleased;
  private readonly freezeCheck: FreezeCheck;

  constructor(private readonly d: LeverEngineDeps) {
    const f = d.environment.freeze;
    this.freezeCheck = typeof f === 'function' ? f : freezeCheckOf(applyFreezePolicy(DEFAULT_CALENDAR, f));
    this.t = { healthMs: 3000, readMs: 5000, writeMs: 8000, probeMs: 5000, ...d.timeouts };
    this.brandList = brandListWatch(d.brands, d.clock);
    this.verifier = new LeverVerifier({
      client: d.client,
      brandList: this.brandList,
      probePlayer: d.environment.probePlayer,
      readMs: this.t.readMs,
      probeMs: this.t.probeMs,
      redact: (s) => d.audit.redact(s),
    });
    this.found = new FoundReleased({
      client: d.client,
      audit: d.audit,
      executions: d.executions,
      environment: d.environment.name,
      readMs: this.t.readMs,
      now: () => this.now(),
      auditBase: (lever, target, action) => this.auditBase(leverById(lever), target, action),
      notifyChanged: () => this.notifyChanged(),
    });
  }

  private now(): string {
    return this.d.clock().toISOString();
  }

  /** Whether the release calendar has a freeze in force now, and the freeze in words. */
  freeze(): { active: boolean; window: string } {
    const f = this.freezeCheck(this.d.clock());
    return { active: f.active, window: f.window };
  }

  /** After a crash between intent and outcome: the write may or may not have happened. */
  settleInterrupted(): LeverExecution[] {
    const settled: LeverExecution[] = [];
    for (const e of this.d.executions.inFlight()) {
      const detail = 'Switchyard stopped between the intent and the outcome (crash or kill): the write may or may not have reached the platform. Re-verify to settle.';
      this.d.executions.db.transaction(() => {
        this.d.audit.append({ ...this.auditBase(leverById(e.lever), e.target, e.action), kind: 'outcome', executionId: e.id, reason: e.reason, incidentId: e.incidentId, outcome: 'unknown', detail });
        this.d.executions.finish(e.id, 'unknown', detail, this.now());
      })();
      settled.push(this.d.executions.get(e.id)!);
    }
    return settled;
  }

  async plan(args: z.output<typeof PlanArgs>): Promise<Result<LeverPlan>> {
    return (await this.prepare(args)).plan;
  }

  /** Planning, with the state it read (recovery needs it when the plan is refused as already done). */
  private async prepare(args: z.output<typeof PlanArgs>): Promise<{ plan: Result<LeverPlan>; reading: LeverReading | null }> {
    const def = leverById(args.lever);
    const target = def.scope === 'platform' ? 'platform' : args.target;
    if (def.scope !== 'platform' && (target === 'platform' || target === '')) return { plan: err('invalid', `${def.title} needs a ${def.scope}`), reading: null };
    const engage = args.action === 'engage';
    // Brands name the target and the blast radius; a list that cannot be read is said, never taken as empty.
    const brandRead = def.scope === 'provider' ? null : await this.brandList.read();
    const brands = brandRead?.ok ? brandRead.brands : [];
    const brandsProblem = brandRead && !brandRead.ok ? describeBrandFailure(brandRead.failure) : null;
    const env = this.d.environment;
    const freeze = this.freeze();
    const base: LeverPlan = {
      planId: null,
      lever: def.id,
      title: def.title,
      target,
      targetLabel: targetLabel(def, target, brands),
      action: args.action,
      environment: env.name,
      production: env.production,
      before: '?',
      after: engage ? def.engagedLabel : def.releasedLabel,
      blastRadius: blastRadius(def, target, engage, brands, brandsProblem),
      requiresTypedEnvironment: def.scope === 'platform',
      freeze,
      requiredRole: def.requiredRole,
      profileRole: env.role,
      refusal: null,
      sqlFallback: def.sqlFallback ? fillTarget(engage ? def.sqlFallback.engage : def.sqlFallback.release, target) : null,
      expiresAt: null,
    };
    const refuse = (code: string, message: string, reading: LeverReading | null = null) => ({ plan: ok({ ...base, refusal: { code, message } }), reading });

    // 1. Reachable: nothing is planned against a platform that cannot be reached.
    const health = await this.d.client.send({ service: def.write.service, method: 'GET', path: '/health', auth: false, timeoutMs: this.t.healthMs });
    if (health.kind !== 'answer' || health.status !== 200)
      return refuse(
        'offline',
        `The ${def.write.service === 'admin' ? 'admin service' : 'gateway'} is ${describeAnswer(health)}. Nothing was sent and nothing is queued: ` +
          (base.sqlFallback ? 'use the SQL fallback below through your database access, and record it in the incident.' : 'follow the runbook section for this lever.'),
      );
    // 2. Role.
    if (ROLE_RANK[env.role] < ROLE_RANK[def.requiredRole])
      return refuse('forbidden', `${def.title} needs the ${def.requiredRole} role; this profile's token is ${env.role}. Ask someone with ${def.requiredRole}.`);
    // A brand lever on a list the console could not read could neither name the brand nor check that the others stay live.
    if (def.scope === 'brand' && brandRead && !brandRead.ok)
      return refuse(
        brandRead.code,
        `The platform's brand list cannot be read: ${brandsProblem}. A brand lever is not planned without it: the console could not name the brand nor check that the other brands stay live.` +
          (brandRead.code === 'unauthorized' ? ' Check the token in Settings.' : '') +
          ' Nothing was sent.',
      );
    // 3. Current state.
    const reading = await readLever(this.d.client, def, target, this.t.readMs);
    if (!reading.ok) {
      const a = reading.answer;
      if (a.kind === 'answer' && a.status === 401) return refuse('unauthorized', "The platform refused this profile's token (401). Check the token in Settings; nothing was sent.", reading);
      if (a.kind === 'answer' && a.status === 403) return refuse('forbidden', 'The platform refused to show this state (403): the token lacks the viewer role.', reading);
      if (a.kind === 'answer' && a.status === 404) return refuse('not_found', `The platform knows no ${def.scope} "${target}" (404).`, reading);
      return refuse('upstream', `Could not read the current state: ${reading.problem}. Nothing was sent.`, reading);
    }
    base.before = reading.engaged ? def.engagedLabel : def.releasedLabel;
    if (reading.engaged === engage) return refuse('conflict', `Already ${base.before.toLowerCase()} for ${base.targetLabel}: nothing to do.`, reading);

    const planId = randomUUID();
    const expires = this.d.clock().getTime() + PLAN_TTL_MS;
    const plan = { ...base, planId, expiresAt: new Date(expires).toISOString() };
    this.plans.set(planId, { plan, def, reading, expires });
    return { plan: ok(plan), reading };
  }

  async execute(args: z.output<typeof ExecuteArgs>, recoveryOf: string | null = null): Promise<Result<LeverExecution>> {
    const stored = this.plans.get(args.planId);
    if (!stored) return err('conflict', 'This confirmation was already used or has expired. Nothing was sent. Review the lever again.');
    const { plan, def, reading } = stored;
    if (this.d.clock().getTime() > stored.expires) {
      this.plans.delete(args.planId);
      return err('conflict', 'This confirmation expired (5 minutes). Nothing was sent. Review the lever again.');
    }
    // A typo in the confirmation leaves the plan usable: fix it and confirm again.
    if (plan.requiresTypedEnvironment && args.typedEnvironment !== plan.environment)
      return err('invalid', `Type the environment name "${plan.environment}" to confirm a platform-wide lever. Nothing was sent.`);
    const freeze = this.freeze();
    if (freeze.active && (!args.approvedBy || args.approvedBy.length < 2))
      return err('invalid', `Release freeze in force (${freeze.window}): name the incident commander who approved this. Nothing was sent.`);
    // Consumed before anything is sent, synchronously: the same confirmation can never fire twice.
    if (!this.plans.delete(args.planId)) return err('conflict', 'This confirmation was already used. Nothing was sent.');
    if (this.d.executions.hasInFlight(def.id, plan.target, plan.environment))
      return err('conflict', `${def.title} for ${plan.targetLabel} is already being executed. Nothing was sent.`);

    const engage = plan.action === 'engage';
    const id = randomUUID();
    const message = `Switchyard: ${args.reason}`.slice(0, 200);
    const write = writeRequest(def, plan.target, engage, reading, message, this.t.writeMs);
    const base = this.auditBase(def, plan.target, plan.action);
    const context = { reason: args.reason, incidentId: args.incidentId ?? null, approvedBy: args.approvedBy ?? null };

    // 3. Intent, committed before the write. If this throws, nothing was sent and nothing is in flight.
    this.d.executions.db.transaction(() => {
      this.d.executions.insert({
        id,
        lever: def.id,
        action: plan.action,
        target: plan.target,
        environment: plan.environment,
        reason: args.reason,
        incident_id: context.incidentId,
        approved_by: context.approvedBy,
        recovery_of: recoveryOf,
        started_at: this.now(),
      });
      this.d.audit.append({ ...base, ...context, kind: 'intent', executionId: id, before: reading.body, request: this.d.client.describe(write), detail: `${plan.before} → ${plan.after}` });
    })();

    // From here the execution is in flight, and it gets an outcome whatever throws: an execution
    // left in flight would block this lever and profile switching until the next start.
    const outcome: Interrupted = {};
    let stage = 'sending the write';
    let failure: unknown = null;
    try {
      this.notifyChanged();
      // 4. The write, once.
      outcome.answer = await this.d.client.send(write);
      // 5. Verify: read back (reads are safe to repeat), then probe.
      stage = 'reading the state back';
      outcome.after = await this.verifier.readBack(def, plan.target);
      stage = 'probing the effect';
      outcome.verdict = await this.verifier.judgeWrite(def, plan.target, engage, outcome.answer, outcome.after);
      // 6. Outcome, on the audit log and the execution.
      stage = 'recording the outcome';
      const v = outcome.verdict;
      this.writeOutcome(id, { ...base, ...context, before: reading.body, request: this.d.client.describe(write), response: responseOf(outcome.answer), after: outcome.after.body }, v.status, v.detail);
    } catch (e) {
      failure = e;
    } finally {
      if (this.d.executions.get(id)?.status === 'in_flight')
        this.settleAfterError(id, def, { ...base, ...context, before: reading.body, request: this.d.client.describe(write) }, stage, failure, outcome);
    }
    this.notifyChanged();
    const conflict = outcome.answer?.kind === 'answer' && outcome.answer.status === 412;
    const probe = failure === null ? this.d.audit.redact(outcome.verdict?.probe ?? null) : null;
    return ok({ ...this.d.executions.get(id)!, conflict, probe });
  }

  /** The outcome record and the execution's end, in one transaction. */
  private writeOutcome(id: string, entry: Omit<AuditEntry, 'kind' | 'executionId' | 'outcome' | 'detail'>, status: LeverOutcome, detail: string): void {
    this.d.executions.db.transaction(() => {
      this.d.audit.append({ ...entry, kind: 'outcome', executionId: id, outcome: status, detail });
      this.d.executions.finish(id, status, detail, this.now());
    })();
  }

  /**
   * The outcome when something threw between the intent and the outcome: `unknown`, saying what
   * failed and where. If even the audit log refuses it, the execution is still closed (the missing
   * outcome record then shows in the audit verification).
   */
  private settleAfterError(id: string, def: LeverDefinition, entry: Omit<AuditEntry, 'kind' | 'executionId' | 'outcome' | 'detail'>, stage: string, failure: unknown, got: Interrupted): void {
    console.error('[switchyard] lever execution failed between intent and outcome:', failure);
    const detail = this.d.audit.redact(interruptedDetail(def, stage, messageOf(failure), got))!;
    try {
      this.writeOutcome(id, { ...entry, response: got.answer ? responseOf(got.answer) : null, after: got.after?.body ?? null }, 'unknown', detail);
    } catch (e) {
      console.error('[switchyard] the outcome could not be written to the audit log:', e);
      this.d.executions.finish(id, 'unknown', this.d.audit.redact(`${detail} The audit log refused this outcome (${messageOf(e)}): its record is missing.`), this.now());
    }
  }

  /** Settles an `unknown` (or re-checks any) execution by reading the state and probing again. */
  async reverify(executionId: string): Promise<Result<LeverExecution>> {
    const e = this.d.executions.get(executionId);
    if (!e) return err('not_found', `No lever execution ${executionId}`);
    if (e.status === 'in_flight') return err('conflict', 'This execution is still in flight; wait for its outcome.');
    const kept: LeverOutcome = e.status;
    const def = leverById(e.lever);
    const engage = e.action === 'engage';
    const after = await this.verifier.readBack(def, e.target);
    let v: Verdict;
    if (!after.ok) v = { status: 'unknown', probe: null, detail: `re-verify: read failed (${after.problem}); still unknown.` };
    else {
      // Today's state judges this write only if nothing moved it since.
      const laterMovers = this.d.executions
        .laterOn(e)
        .map((l) => ({ execution: l, evidence: this.d.executions.evidence(l.id) }))
        .filter((l) => changedState(def, l.execution, l.evidence));
      const moved = movedSince({ def, execution: e, current: { engaged: after.engaged === true, body: after.body }, evidence: this.d.executions.evidence(e.id), laterMovers });
      if (moved) v = { status: kept, probe: null, detail: moved };
      else if (after.engaged !== engage)
        v = { status: 'failed', probe: null, detail: `re-verify: the platform shows ${after.engaged ? def.engagedLabel : def.releasedLabel}, exactly as before this ${e.action}: it did not apply.` };
      else {
        const p = await this.verifier.probe(def, e.target, engage);
        v = { status: p.ok ? 'verified' : 'failed', probe: p.detail, detail: `re-verify: the platform shows ${engage ? def.engagedLabel : def.releasedLabel}; ${p.detail}` };
      }
    }
    const detail = this.d.audit.redact(v.detail) ?? '';
    this.d.executions.db.transaction(() => {
      this.d.audit.append({ ...this.auditBase(def, e.target, e.action), kind: 'reverify', executionId: e.id, reason: e.reason, incidentId: e.incidentId, after: after.body, outcome: v.status, detail });
      this.d.executions.finish(e.id, v.status, detail, this.now());
    })();
    this.notifyChanged();
    return ok({ ...this.d.executions.get(e.id)!, probe: this.d.audit.redact(v.probe) });
  }

  recoverySteps(): LeverExecution[] {
    return this.d.executions.pulled(this.d.environment.name).reverse();
  }

  /**
   * Releases every lever this console pulled, newest first, verifying each; stops at the first
   * that is not verified. Confirmation (typed environment, approver) is checked before the
   * first release, so a recovery never stops half-way for a typo. A lever the platform shows
   * released already is recorded as found released and closed; it is listed with its engage.
   */
  async recover(args: z.output<typeof RecoveryArgs>): Promise<Result<{ executions: LeverExecution[]; stopped: string | null }>> {
    const steps = this.recoverySteps();
    if (steps.length === 0) return err('not_found', 'Nothing to recover: no lever pulled from this console is still engaged.');
    if (steps.some((e) => leverById(e.lever).scope === 'platform') && args.typedEnvironment !== this.d.environment.name)
      return err('invalid', `The recovery includes platform-wide levers: type the environment name "${this.d.environment.name}". Nothing was released.`);
    const freeze = this.freeze();
    if (freeze.active && (!args.approvedBy || args.approvedBy.length < 2))
      return err('invalid', `Release freeze in force (${freeze.window}): name the incident commander who approved the recovery. Nothing was released.`);
    const done: LeverExecution[] = [];
    for (const engaged of steps) {
      const where = `${leverById(engaged.lever).title} (${engaged.target})`;
      const { plan: planned, reading } = await this.prepare({ lever: engaged.lever, target: engaged.target, action: 'release' });
      if (!planned.ok) return ok({ executions: done, stopped: `stopped at ${where}: ${planned.error.message}` });
      const plan = planned.value;
      if (plan.refusal?.code === 'conflict' && reading?.ok && reading.engaged === false) {
        // Already released, and not by a release of ours that verified it: say so, and stop offering it.
        const closed = this.found.close(engaged, reading, 'during recovery', `Recovery: ${args.reason}`);
        if (closed) done.push(closed);
        this.notifyChanged();
        continue;
      }
      if (plan.refusal || !plan.planId) return ok({ executions: done, stopped: `stopped at ${where}: ${plan.refusal?.message ?? 'refused'}` });
      const r = await this.execute(
        { planId: plan.planId, reason: `Recovery: ${args.reason}`, incidentId: args.incidentId ?? engaged.incidentId ?? undefined, typedEnvironment: args.typedEnvironment, approvedBy: args.approvedBy },
        engaged.id,
      );
      if (!r.ok) return ok({ executions: done, stopped: `stopped at ${where}: ${r.error.message}` });
      done.push(r.value);
      if (r.value.status !== 'verified') return ok({ executions: done, stopped: `stopped at ${where}: ${r.value.status}` });
    }
    return ok({ executions: done, stopped: null });
  }

  /** After a state read: closes the levers this console pulled that someone else released. */
  noticeReleased(targets: readonly LeverTargetState[]): Promise<number> {
    return this.found.notice(targets);
  }

  catalog(): readonly LeverDefinition[] {
    return LEVERS;
  }

  /** Tells the windows; a listener that throws must not turn a recorded outcome into an error. */
  private notifyChanged(): void {
    try {
      this.d.onChanged();
    } catch (e) {
      console.error('[switchyard] levers.changed listener failed:', e);
    }
  }

  private auditBase(def: LeverDefinition, target: string, action: string) {
    return { actor: this.d.actor, profile: this.d.profile, environment: this.d.environment.name, lever: def.id, target, action };
  }
}

function responseOf(answer: PlatformAnswer): unknown {
  return answer.kind === 'answer' ? { status: answer.status, body: answer.body } : { kind: answer.kind, detail: describeAnswer(answer) };
}
