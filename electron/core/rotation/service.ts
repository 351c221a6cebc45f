import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { foldIncident } from '../../../shared/incidents/fold.ts';
import type { SeverityPolicy } from '../../../shared/incidents/policy.ts';
import type { LeverExecution, LeverStateSnapshot } from '../../../shared/levers.ts';
import type { Dashboard } from '../../../shared/metrics.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { handoverFacts, handoverText, type FreezeFacts, type Handover, type HandoverDraft, type HandoverFact } from '../../../shared/rotation/handover.ts';
import type { ImportPlanInfo } from '../../../shared/rotation/api.ts';
import { Schedule } from '../../../shared/rotation/schema.ts';
import { applyImport, parseOnCallFeed, planImport, type ImportPlan } from './ical-import.ts';
import type { Db } from '../store/connection.ts';
import type { IncidentService } from '../incidents/service.ts';

export interface ScheduleInfo {
  schedule: Schedule;
  version: number | null;
  savedAt: string | null;
  savedBy: string | null;
  note: string;
  source: 'bundled' | 'saved';
}

export interface RotationDeps {
  db: Db;
  clock: () => Date;
  actor: string;
  /** The example rotation shipped in resources/rotations/ (used until a profile saves its own). */
  bundledPath: string;
  incidents: IncidentService;
  policy: () => SeverityPolicy;
  /** When the incidents were last pulled from the platform (null: never, or sync is off) and why sync is off. */
  incidentsSync: () => { lastPulledAt: string | null; disabledReason: string | null };
  levers: () => Promise<Result<LeverStateSnapshot>>;
  executions: () => Promise<Result<LeverExecution[]>>;
  /** The last audit record of a lever execution (its outcome), for the handover's lever facts. */
  auditSeq: (executionId: string) => number | null;
  dashboard: () => Promise<Result<Dashboard>>;
  freeze: (now: Date) => FreezeFacts | null;
  onChanged: () => void;
}

interface HandoverRow {
  id: string;
  from_person: string;
  to_person: string;
  drafted_at: string;
  facts_json: string;
  text: string;
  handed_at: string;
  handed_by: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

/** "path: problem" for the first issue zod found, as a person can act on it. */
export function describeScheduleIssue(e: z.ZodError): string {
  const i = e.issues[0];
  if (!i) return 'invalid schedule';
  return `${i.path.length ? i.path.map(String).join('.') : 'schedule'}: ${i.message}`;
}

/**
 * The rotation (a schedule document kept as versions) and handovers. Who is on call is computed
 * where it is shown, from the schedule, with shared/rotation (pure functions of the schedule and
 * the time), like the incident clocks.
 */
const DAY_MS = 86_400_000;
/** A feed's recurring events are expanded from a week back to 90 days ahead. */
const IMPORT_BACK_MS = 7 * DAY_MS;
const IMPORT_AHEAD_MS = 90 * DAY_MS;
/** A plan is applied within this long of being shown, or planned again. */
const PLAN_TTL_MS = 30 * 60_000;

export class RotationService {
  private readonly plans = new Map<string, { plan: ImportPlan; at: number; version: number | null }>();

  constructor(private readonly d: RotationDeps) {}

  bundled(): Result<Schedule> {
    try {
      const parsed = Schedule.safeParse(parseYaml(readFileSync(this.d.bundledPath, 'utf8')));
      return parsed.success ? ok(parsed.data) : err('invalid', `${this.d.bundledPath}: ${describeScheduleIssue(parsed.error)}`);
    } catch (e) {
      return err('invalid', `${this.d.bundledPath}: ${(e as Error).message}`);
    }
  }

  get(): Result<ScheduleInfo> {
    const row = this.d.db.prepare('SELECT * FROM rotation_versions ORDER BY version DESC LIMIT 1').get() as
      | { version: number; schedule_json: string; saved_at: string; saved_by: string; note: string }
      | undefined;
    if (row) {
      const parsed = Schedule.safeParse(JSON.parse(row.schedule_json));
      if (!parsed.success) return err('invalid', `Saved rotation version ${row.version} does not read: ${describeScheduleIssue(parsed.error)}`);
      return ok({ schedule: parsed.data, version: row.version, savedAt: row.saved_at, savedBy: row.saved_by, note: row.note, source: 'saved' });
    }
    const b = this.bundled();
    return b.ok ? ok({ schedule: b.value, version: null, savedAt: null, savedBy: null, note: '', source: 'bundled' }) : b;
  }

  /** A new version; a schedule that does not validate is refused with where and what. */
  save(raw: unknown, note: string, baseVersion: number | null): Result<ScheduleInfo> {
    const parsed = Schedule.safeParse(raw);
    if (!parsed.success) return err('invalid', `Not saved: ${describeScheduleIssue(parsed.error)}`);
    const current = this.get();
    const currentVersion = current.ok ? current.value.version : null;
    if (baseVersion !== currentVersion)
      return err('conflict', `Not saved: the rotation changed since you opened it (now version ${currentVersion ?? 'bundled'}, you edited ${baseVersion ?? 'bundled'}). Reload and edit again.`);
    this.d.db
      .prepare('INSERT INTO rotation_versions (schedule_json, saved_at, saved_by, note) VALUES (?, ?, ?, ?)')
      .run(JSON.stringify(parsed.data), this.d.clock().toISOString(), this.d.actor, note);
    this.d.onChanged();
    return this.get();
  }

  /** Earlier versions, newest first (what changed, by whom). */
  versions(limit: number): Array<{ version: number; savedAt: string; savedBy: string; note: string }> {
    return this.d.db.prepare('SELECT version, saved_at AS savedAt, saved_by AS savedBy, note FROM rotation_versions ORDER BY version DESC LIMIT ?').all(limit) as Array<{
      version: number;
      savedAt: string;
      savedBy: string;
      note: string;
    }>;
  }

  // ---- iCal import ----

  /**
   * Reads a feed and says what importing it would change (nothing is applied): overrides from
   * this feed added, moved or gone, matched by UID, or the feed's problems with where they are.
   */
  planImport(args: { text: string; feed: string; role: 'primary' | 'backup'; rotationId?: string }): Result<ImportPlanInfo> {
    const current = this.get();
    if (!current.ok) return current;
    if (args.rotationId && !current.value.schedule.rotations.some((r) => r.id === args.rotationId)) return err('invalid', `No rotation ${args.rotationId} in the schedule.`);
    const now = this.d.clock().getTime();
    const window = { fromMs: now - IMPORT_BACK_MS, toMs: now + IMPORT_AHEAD_MS };
    const feed = parseOnCallFeed(args.text, { feed: args.feed, role: args.role, ...window });
    const planId = uuidv7();
    const base = { planId, feed: args.feed, role: args.role, window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() } };
    if (!feed.ok) return ok({ ...base, add: [], update: [], remove: [], unchanged: 0, problems: feed.problems });
    const plan = planImport(current.value.schedule.overrides, feed.entries, { feed: args.feed, role: args.role, rotationId: args.rotationId, window });
    for (const [id, p] of this.plans) if (now - p.at > PLAN_TTL_MS) this.plans.delete(id);
    this.plans.set(planId, { plan, at: now, version: current.value.version });
    return ok({ ...base, add: plan.add, update: plan.update, remove: plan.remove, unchanged: plan.unchanged, problems: [] });
  }

  /** Applies a plan shown to the person: a new version of the schedule. */
  applyImport(planId: string, baseVersion: number | null): Result<ScheduleInfo> {
    const p = this.plans.get(planId);
    if (!p || this.d.clock().getTime() - p.at > PLAN_TTL_MS) return err('conflict', 'That import plan has expired or was already applied: read the feed again.');
    if (p.version !== baseVersion) return err('conflict', 'The rotation changed since the feed was read: read the feed again.');
    const current = this.get();
    if (!current.ok) return current;
    const schedule = { ...current.value.schedule, overrides: applyImport(current.value.schedule.overrides, p.plan) };
    const n = p.plan.add.length + p.plan.update.length + p.plan.remove.length;
    const r = this.save(schedule, `iCal import: ${n} change${n === 1 ? '' : 's'}`, baseVersion);
    if (r.ok) this.plans.delete(planId);
    return r;
  }

  // ---- handovers ----

  async draft(from: string, to: string): Promise<HandoverDraft> {
    const now = this.d.clock();
    const sync = this.d.incidentsSync();
    const views = this.d.incidents.openIncidents().map((i) => foldIncident(i.events));
    const [levers, executions, dashboard] = await Promise.all([this.d.levers(), this.d.executions(), this.d.dashboard()]);
    const facts = handoverFacts({
      now,
      from,
      to,
      incidents: {
        views,
        policy: this.d.policy(),
        // Local incidents are as current as this console's last pull; with sync off, as the console itself.
        asOf: sync.disabledReason ? now.toISOString() : sync.lastPulledAt,
        source: sync.disabledReason ? 'incidents on this console (not synced)' : `incidents on this console, last pulled from the platform ${sync.lastPulledAt ? `at ${sync.lastPulledAt.slice(11, 16)} UTC` : 'never'}`,
      },
      levers: {
        snapshot: levers.ok ? levers.value : null,
        error: levers.ok ? null : levers.error.message,
        unsettled: executions.ok ? executions.value : [],
        auditSeq: this.d.auditSeq,
      },
      dashboard: { value: dashboard.ok ? dashboard.value : null, error: dashboard.ok ? dashboardProblem(dashboard.value) : dashboard.error.message },
      freeze: this.d.freeze(now),
    });
    return { from, to, draftedAt: now.toISOString(), facts, text: handoverText(from, to, facts, now) };
  }

  /** The outgoing engineer hands over: recorded, and on every open incident's timeline. */
  handOver(args: { from: string; to: string; draftedAt: string; facts: HandoverFact[]; text: string }): Result<Handover> {
    if (args.from.trim() === args.to.trim()) return err('invalid', 'A handover needs two different people.');
    const now = this.d.clock().toISOString();
    const id = uuidv7();
    this.d.db
      .prepare('INSERT INTO handovers (id, from_person, to_person, drafted_at, facts_json, text, handed_at, handed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, args.from, args.to, args.draftedAt, JSON.stringify(args.facts), args.text, now, this.d.actor);
    // Every open incident's timeline shows the shift handover. Where the outgoing engineer owns
    // the incident, ownership moves with it (the incident's own handover event); otherwise it is
    // a note, and the owner stays.
    for (const i of this.d.incidents.openIncidents()) {
      const owner = foldIncident(i.events).owner;
      if (owner === args.from) {
        this.d.incidents.recordByConsole(i.incidentId, { type: 'handover', from: args.from, to: args.to, text: args.text.slice(0, 20_000) }, this.d.actor);
      } else {
        this.d.incidents.recordByConsole(
          i.incidentId,
          { type: 'note_added', text: `Shift handover ${args.from} → ${args.to}; ${owner ? `${owner} still owns this incident` : 'nobody owns this incident yet'}.` },
          this.d.actor,
        );
      }
    }
    this.d.onChanged();
    return this.one(id);
  }

  acknowledge(id: string, by: string): Result<Handover> {
    const h = this.one(id);
    if (!h.ok) return h;
    if (h.value.acknowledgedAt) return err('conflict', `Already acknowledged by ${h.value.acknowledgedBy} at ${h.value.acknowledgedAt.slice(11, 16)} UTC.`);
    const now = this.d.clock().toISOString();
    this.d.db.prepare('UPDATE handovers SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL').run(now, by, id);
    for (const i of this.d.incidents.openIncidents()) {
      this.d.incidents.recordByConsole(i.incidentId, { type: 'note_added', text: `Handover from ${h.value.from} to ${h.value.to} acknowledged by ${by}.` }, by);
    }
    this.d.onChanged();
    return this.one(id);
  }

  list(limit: number): Handover[] {
    return (this.d.db.prepare('SELECT * FROM handovers ORDER BY handed_at DESC LIMIT ?').all(limit) as HandoverRow[]).map(toHandover);
  }

  private one(id: string): Result<Handover> {
    const r = this.d.db.prepare('SELECT * FROM handovers WHERE id = ?').get(id) as HandoverRow | undefined;
    return r ? ok(toHandover(r)) : err('not_found', `No handover ${id}.`);
  }
}

/** The dashboard's own words when its data cannot back a claim (source down, never answered). */
function dashboardProblem(d: Dashboard): string | null {
  if (d.source.kind === 'none') return 'no metrics source configured';
  if (d.source.lastSuccessAt === null) return d.source.error ?? 'metrics not read yet';
  if (d.source.state === 'failing' || d.source.state === 'down' || !d.source.up) return `metrics source ${d.source.state ?? 'down'}: ${d.source.error ?? 'no answer'}`;
  return null;
}

function toHandover(r: HandoverRow): Handover {
  return {
    id: r.id,
    from: r.from_person,
    to: r.to_person,
    draftedAt: r.drafted_at,
    facts: JSON.parse(r.facts_json) as HandoverFact[],
    text: r.text,
    handedAt: r.handed_at,
    handedBy: r.handed_by,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
  };
}
