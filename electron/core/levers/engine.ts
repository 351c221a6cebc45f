import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { describeFreeze, inFreeze, type FreezePolicy } from '../../../shared/freeze.ts';
import {
  LEVERS,
  ROLE_RANK,
  fillTarget,
  leverById,
  type ExecuteArgs,
  type LeverDefinition,
  type LeverExecution,
  type LeverId,
  type LeverPlan,
  type PlanArgs,
  type PlatformRole,
  type RecoveryArgs,
} from '../../../shared/levers.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { describeAnswer, type PlatformClient } from '../platform/client.ts';
import type { ExecutionRepository } from './executions.ts';
import { runProbe } from './probe.ts';
import { readLever, writeRequest, type LeverReading } from './reading.ts';
import { blastRadius, targetLabel, type BrandInfo } from './words.ts';

export interface LeverEnvironment {
  name: string;
  production: boolean;
  role: PlatformRole;
  freeze: FreezePolicy;
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

/**
 * The lever protocol of DESIGN.md: preflight → confirm → audit intent → write once →
 * read back and probe → audit outcome. A plan is consumed by its first execution, so a
 * double click, a retried request or a second window can never send the write twice.
 */
export class LeverEngine {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly t: { healthMs: number; readMs: number; writeMs: number; probeMs: number };

  constructor(private readonly d: LeverEngineDeps) {
    this.t = { healthMs: 3000, readMs: 5000, writeMs: 8000, probeMs: 5000, ...d.timeouts };
  }

  private now(): string {
    return this.d.clock().toISOString();
  }

  freeze() {
    return { active: inFreeze(this.d.clock(), this.d.environment.freeze), window: describeFreeze(this.d.environment.freeze) };
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
    const def = leverById(args.lever);
    const target = def.scope === 'platform' ? 'platform' : args.target;
    if (def.scope !== 'platform' && (target === 'platform' || target === '')) return err('invalid', `${def.title} needs a ${def.scope}`);
    const engage = args.action === 'engage';
    const brands = await this.d.brands().catch(() => [] as BrandInfo[]);
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
      blastRadius: blastRadius(def, target, engage, brands),
      requiresTypedEnvironment: def.scope === 'platform',
      freeze,
      requiredRole: def.requiredRole,
      profileRole: env.role,
      refusal: null,
      sqlFallback: def.sqlFallback ? fillTarget(engage ? def.sqlFallback.engage : def.sqlFallback.release, target) : null,
      expiresAt: null,
    };
    const refuse = (code: string, message: string) => ok({ ...base, refusal: { code, message } });

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
    // 3. Current state.
    const reading = await readLever(this.d.client, def, target, this.t.readMs);
    if (!reading.ok) {
      const a = reading.answer;
      if (a.kind === 'answer' && a.status === 401) return refuse('unauthorized', "The platform refused this profile's token (401). Check the token in Settings; nothing was sent.");
      if (a.kind === 'answer' && a.status === 403) return refuse('forbidden', 'The platform refused to show this state (403): the token lacks the viewer role.');
      if (a.kind === 'answer' && a.status === 404) return refuse('not_found', `The platform knows no ${def.scope} "${target}" (404).`);
      return refuse('upstream', `Could not read the current state: ${reading.problem}. Nothing was sent.`);
    }
    base.before = reading.engaged ? def.engagedLabel : def.releasedLabel;
    if (reading.engaged === engage) return refuse('conflict', `Already ${base.before.toLowerCase()} for ${base.targetLabel}: nothing to do.`);

    const planId = randomUUID();
    const expires = this.d.clock().getTime() + PLAN_TTL_MS;
    const plan = { ...base, planId, expiresAt: new Date(expires).toISOString() };
    this.plans.set(planId, { plan, def, reading, expires });
    return ok(plan);
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
    const context = { reason: args.reason, incidentId: args.incidentId ?? null, approvedBy: freeze.active ? args.approvedBy ?? null : args.approvedBy ?? null };

    // 3. Intent, committed before the write.
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
    this.d.onChanged();

    // 4. The write, once.
    const answer = await this.d.client.send(write);
    const refused = answer.kind === 'answer' && answer.status >= 400 && answer.status < 500;
    const conflict = answer.kind === 'answer' && answer.status === 412;
    // No answer at all: the write may still be on its way and land after the read-back.
    const unanswered = answer.kind === 'timeout' || answer.kind === 'unreachable';

    // 5. Verify: read back (reads are safe to repeat), then probe.
    const after = await this.readBack(def, plan.target);
    let status: LeverExecution['status'];
    let detail: string;
    let probe: string | null = null;
    const wrote = `write: ${describeAnswer(answer)}`;
    const shown = after.ok ? (after.engaged ? def.engagedLabel : def.releasedLabel) : `unreadable (${after.problem})`;
    if (refused) {
      // A 4xx is the platform saying no: this write changed nothing, whatever the state is now.
      status = 'failed';
      detail = conflict
        ? `${wrote}: the state moved since it was read (412). Nothing was changed; it now reads ${shown}. Review the lever again.`
        : `${wrote}; the platform refused it${roleHint(answer, def)}. Nothing was changed; it reads ${shown}.`;
    } else if (!after.ok) {
      status = 'unknown';
      detail = `${wrote}; read-back failed (${after.problem}). The write may or may not have applied: re-verify.`;
    } else if (after.engaged !== engage && unanswered) {
      status = 'unknown';
      detail = `${wrote}; read-back shows ${shown} for now, but a write that got no answer may still land. Re-verify in a moment.`;
    } else if (after.engaged !== engage) {
      status = 'failed';
      detail = `${wrote}; read-back shows ${shown}: not applied.`;
    } else {
      const [others, brands] = await Promise.all([engage ? [] : this.otherHolds(def, plan.target), this.liveBrandsFirst(def)]);
      const p = await runProbe({ client: this.d.client, brands, probePlayer: this.d.environment.probePlayer, timeoutMs: this.t.probeMs, otherHolds: others }, def, plan.target, engage);
      probe = p.detail;
      status = p.ok ? 'verified' : 'failed';
      detail = `${wrote}; read-back shows ${engage ? def.engagedLabel : def.releasedLabel}; ${p.detail}${p.ok ? '' : ' — the state is set but its effect is not confirmed'}`;
    }

    detail = this.d.audit.redact(detail) ?? '';
    probe = this.d.audit.redact(probe);
    // 6. Outcome, on the audit log and the execution.
    this.d.executions.db.transaction(() => {
      this.d.audit.append({
        ...base,
        ...context,
        kind: 'outcome',
        executionId: id,
        before: reading.body,
        request: this.d.client.describe(write),
        response: answer.kind === 'answer' ? { status: answer.status, body: answer.body } : { kind: answer.kind, detail: describeAnswer(answer) },
        after: after.body,
        outcome: status,
        detail,
      });
      this.d.executions.finish(id, status, detail, this.now());
    })();
    this.d.onChanged();
    return ok({ ...this.d.executions.get(id)!, conflict, probe });
  }

  /** Settles an `unknown` (or re-checks any) execution by reading the state and probing again. */
  async reverify(executionId: string): Promise<Result<LeverExecution>> {
    const e = this.d.executions.get(executionId);
    if (!e) return err('not_found', `No lever execution ${executionId}`);
    if (e.status === 'in_flight') return err('conflict', 'This execution is still in flight; wait for its outcome.');
    const def = leverById(e.lever);
    const engage = e.action === 'engage';
    const after = await this.readBack(def, e.target);
    let status: LeverExecution['status'];
    let detail: string;
    let probe: string | null = null;
    if (!after.ok) {
      status = 'unknown';
      detail = `re-verify: read failed (${after.problem}); still unknown.`;
    } else if (after.engaged !== engage) {
      status = 'failed';
      detail = `re-verify: the platform shows ${after.engaged ? def.engagedLabel : def.releasedLabel}: the ${e.action} did not apply.`;
    } else {
      const others = engage ? [] : await this.otherHolds(def, e.target);
      const p = await runProbe({ client: this.d.client, brands: await this.liveBrandsFirst(def), probePlayer: this.d.environment.probePlayer, timeoutMs: this.t.probeMs, otherHolds: others }, def, e.target, engage);
      probe = p.detail;
      status = p.ok ? 'verified' : 'failed';
      detail = `re-verify: the platform shows ${engage ? def.engagedLabel : def.releasedLabel}; ${p.detail}`;
    }
    detail = this.d.audit.redact(detail) ?? '';
    probe = this.d.audit.redact(probe);
    this.d.executions.db.transaction(() => {
      this.d.audit.append({ ...this.auditBase(def, e.target, e.action), kind: 'reverify', executionId: e.id, reason: e.reason, incidentId: e.incidentId, after: after.body, outcome: status, detail });
      this.d.executions.finish(e.id, status, detail, this.now());
    })();
    this.d.onChanged();
    return ok({ ...this.d.executions.get(e.id)!, probe });
  }

  recoverySteps(): LeverExecution[] {
    return this.d.executions.pulled(this.d.environment.name).reverse();
  }

  /**
   * Releases every lever this console pulled, newest first, verifying each; stops at the first
   * that is not verified. Confirmation (typed environment, approver) is checked before the
   * first release, so a recovery never stops half-way for a typo.
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
      const planned = await this.plan({ lever: engaged.lever, target: engaged.target, action: 'release' });
      if (!planned.ok) return ok({ executions: done, stopped: `stopped at ${where}: ${planned.error.message}` });
      const plan = planned.value;
      if (plan.refusal?.code === 'conflict') continue; // already released by someone else: nothing to do
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

  catalog(): readonly LeverDefinition[] {
    return LEVERS;
  }

  private async readBack(def: LeverDefinition, target: string): Promise<LeverReading> {
    let last: LeverReading | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await readLever(this.d.client, def, target, this.t.readMs);
      const a = last.answer;
      // Retry only what a retry can fix: a 4xx (401, 403, 404) will say the same again.
      if (last.ok || a.kind === 'timeout' || (a.kind === 'answer' && a.status >= 400 && a.status < 500)) return last;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return last!;
  }

  /** Pulled platform levers (and the brand's own flag) that also stop the flow this lever's probe uses. */
  private async otherHolds(def: LeverDefinition, target: string): Promise<string[]> {
    const candidates: { id: LeverId; target: string }[] = [];
    if (def.id !== 'platform-freeze') candidates.push({ id: 'platform-freeze', target: 'platform' });
    if (def.probe === 'deposit' && def.id !== 'halt-deposits') candidates.push({ id: 'halt-deposits', target: 'platform' });
    const reads = await Promise.all(candidates.map((c) => readLever(this.d.client, leverById(c.id), c.target, this.t.readMs)));
    return candidates.filter((_, i) => reads[i]!.ok && reads[i]!.engaged).map((c) => c.id);
  }

  /** Probe a brand whose own flag leaves the flow open, so another brand's lever does not mislead the probe. */
  private async liveBrandsFirst(def: LeverDefinition): Promise<string[]> {
    const brands = (await this.d.brands().catch(() => [] as BrandInfo[])).map((b) => b.brandId);
    if (def.probe === 'callback') return brands;
    const flagLever = leverById(def.probe === 'deposit' ? 'brand-deposits-off' : 'brand-withdrawals-off');
    const reads = await Promise.all(brands.map((b) => readLever(this.d.client, flagLever, b, this.t.readMs)));
    const off = (i: number) => reads[i]!.ok && reads[i]!.engaged === true;
    return [...brands.filter((_, i) => !off(i)), ...brands.filter((_, i) => off(i))];
  }

  private auditBase(def: LeverDefinition, target: string, action: string) {
    return { actor: this.d.actor, profile: this.d.profile, environment: this.d.environment.name, lever: def.id, target, action };
  }
}

function roleHint(answer: { kind: string; status?: number }, def: LeverDefinition): string {
  if (answer.kind !== 'answer') return '';
  if (answer.status === 401) return " (401: the platform does not accept this profile's token)";
  if (answer.status === 403) return ` (403: this lever needs ${def.requiredRole})`;
  return '';
}
