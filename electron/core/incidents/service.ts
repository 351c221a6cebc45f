import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { DeclareArgs as DeclareInput, IncidentEvents, RecordArgs as RecordInput } from '../../../shared/incidents/api.ts';
import type { EventBody, IncidentEvent } from '../../../shared/incidents/events.ts';
import { checkTransition, foldIncident, type IncidentView } from '../../../shared/incidents/fold.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { z } from 'zod';
import type { DeclareArgs, RecordArgs } from '../../../shared/incidents/api.ts';
import type { OutboxRepository } from './outbox.ts';
import { IncidentRepository, UnreadableEvent, type IncidentHead } from './repository.ts';

type Declare = z.output<typeof DeclareArgs>;
type Record_ = z.output<typeof RecordArgs>;
export type { DeclareInput, RecordInput };

export interface IncidentServiceDeps {
  repo: IncidentRepository;
  clock: () => Date;
  /** The OS user: who declares, notes, acknowledges on this console. */
  actor: string;
  /** The runbook's current version, to pin a checklist to what was attached. */
  runbookVersion: (runbookId: string) => number | null;
  onChanged: (incidentId: string) => void;
  /** The outbox: every event made here is queued for the platform in its own transaction. */
  outbox?: OutboxRepository;
  /** Called after events made here are stored (the sync sends them). */
  onLocalWrite?: () => void;
}

/** "INC-261130-3f9a2c": the day it was declared (UTC) and enough randomness for two consoles offline. */
export function newIncidentId(now: Date): string {
  const d = now.toISOString();
  return `INC-${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Declares incidents and records what people and the console do to them, as events. Every
 * write is checked against the lifecycle (shared/incidents/transitions.ts) on the events as
 * stored, and written with the incident's head in one transaction.
 */
export class IncidentService {
  readonly origin: string;
  /** Events made together in one millisecond keep the order they were made in (UUID v7 counter). */
  private seq = Math.floor(Math.random() * 2 ** 24);

  constructor(private readonly deps: IncidentServiceDeps) {
    this.origin = deps.repo.meta('origin', () => `console-${uuidv7()}`);
  }

  private envelope(incidentId: string, at: Date, actor = this.deps.actor): Omit<IncidentEvent, keyof EventBody> {
    const now = this.deps.clock();
    this.seq = (this.seq + 1) % 2 ** 31;
    return { id: uuidv7({ msecs: now.getTime(), seq: this.seq }), incidentId, at: at.toISOString(), enteredAt: now.toISOString(), actor, origin: this.origin };
  }

  read(incidentId: string): Result<IncidentEvents> {
    try {
      const events = this.deps.repo.events(incidentId);
      if (events.length === 0) return err('not_found', `No incident ${incidentId} on this console.`);
      return ok({ incidentId, events, unreadable: [] });
    } catch (e) {
      if (e instanceof UnreadableEvent) return err('invalid', `Incident ${incidentId} has a stored event that does not read: ${e.message}`);
      throw e;
    }
  }

  declare(args: Declare): Result<IncidentEvents> {
    const now = this.deps.clock();
    const incidentId = newIncidentId(now);
    const events: IncidentEvent[] = [];
    if (args.firstSymptomAt && Date.parse(args.firstSymptomAt) < now.getTime()) {
      events.push({ ...this.envelope(incidentId, new Date(args.firstSymptomAt)), type: 'note_added', text: 'First symptom.' } as IncidentEvent);
    }
    events.push({
      ...this.envelope(incidentId, now),
      type: 'declared',
      title: args.title,
      severity: args.severity,
      policyId: this.policyId(),
      rails: args.rails,
      brands: args.brands,
      runbookIds: args.runbookIds,
      breach: args.breach,
      summary: args.summary,
    } as IncidentEvent);
    for (const runbookId of args.runbookIds) {
      const version = this.deps.runbookVersion(runbookId);
      if (version !== null) events.push({ ...this.envelope(incidentId, now), type: 'runbook_attached', runbookId, version } as IncidentEvent);
    }
    this.write(incidentId, events);
    return this.read(incidentId);
  }

  /** What a person records: refused with a clear error when the lifecycle does not allow it. */
  record(args: Record_): Result<IncidentEvents> {
    const current = this.read(args.incidentId);
    if (!current.ok) return current;
    const now = this.deps.clock();
    const at = args.at ? new Date(args.at) : now;
    if (at.getTime() > now.getTime() + 1000) return err('invalid', 'An event cannot carry a time in the future.');
    let body: EventBody = args.body as EventBody;
    if (body.type === 'runbook_attached') {
      const version = this.deps.runbookVersion(body.runbookId);
      if (version === null) return err('not_found', `No runbook ${body.runbookId} in the cache.`);
      body = { ...body, version };
    }
    const view = foldIncident(current.value.events);
    const check = checkTransition(view, body);
    if (!check.ok) return err('conflict', check.message);
    this.write(args.incidentId, [{ ...this.envelope(args.incidentId, at), ...body } as IncidentEvent]);
    return this.read(args.incidentId);
  }

  /**
   * An event the console itself writes (a lever pulled for the incident, a breach starting or
   * ending while it is open): recorded when the incident exists here and the lifecycle allows.
   */
  recordByConsole(incidentId: string, body: EventBody, actor: string, at = this.deps.clock()): boolean {
    const current = this.read(incidentId);
    if (!current.ok) return false;
    if (!checkTransition(foldIncident(current.value.events), body).ok) return false;
    this.write(incidentId, [{ ...this.envelope(incidentId, at, actor), ...body } as IncidentEvent]);
    return true;
  }

  /**
   * Stores events made elsewhere (another console, the platform): merged by id in one
   * transaction with the heads they change and whatever `alsoInTransaction` writes (the pull
   * cursor), never queued for sending. The fold orders by (at, origin, id), so the state is the
   * same whatever order events arrive in.
   */
  merge(events: readonly IncidentEvent[], alsoInTransaction?: (touched: Set<string>) => void, opts: { validated?: boolean; deferHeads?: boolean } = {}): number {
    const touched = new Set<string>();
    const added = this.deps.repo.append(
      events,
      (ids) => {
        for (const id of ids) {
          // A pull of many pages writes the heads once at its end (writeHeads); the caller
          // records which are owed in this same transaction, so a crash cannot lose that.
          if (!opts.deferHeads) this.writeHead(id, true);
          touched.add(id);
        }
        alsoInTransaction?.(touched);
      },
      opts,
    );
    if (!opts.deferHeads) for (const id of touched) this.deps.onChanged(id);
    return added;
  }

  /** Writes the heads of these incidents from their events, in one transaction, and tells who listens. */
  writeHeads(incidentIds: Iterable<string>, alsoInTransaction?: () => void): void {
    const ids = [...incidentIds];
    this.deps.repo.db.transaction(() => {
      for (const id of ids) this.writeHead(id, true);
      alsoInTransaction?.();
    })();
    for (const id of ids) this.deps.onChanged(id);
  }

  /**
   * Takes an event the platform refused off this console (after a person chose to): it is
   * kept whole in incident_discarded, its outbox row goes, and the head is rewritten.
   */
  discard(eventId: string, reason: string): Result<{ incidentId: string }> {
    const { repo, outbox } = this.deps;
    if (!outbox) return err('invalid', 'This console does not sync incidents.');
    const row = outbox.row(eventId);
    if (!row || row.conflict_at === null) return err('conflict', 'Only an event the platform refused can be discarded.');
    const event = repo.event(eventId);
    if (!event) return err('not_found', `No event ${eventId} on this console.`);
    repo.db.transaction(() => {
      outbox.discard(event, reason, this.deps.clock().toISOString(), this.deps.actor);
      repo.remove(eventId);
      this.writeHead(event.incidentId);
    })();
    this.deps.onChanged(event.incidentId);
    return ok({ incidentId: event.incidentId });
  }

  heads(filter: Parameters<IncidentRepository['heads']>[0]): IncidentHead[] {
    return this.deps.repo.heads(filter);
  }

  openIncidents(): IncidentEvents[] {
    return this.deps.repo
      .heads({ open: true, limit: 1000 })
      .map((h) => this.read(h.incidentId))
      .filter((r): r is { ok: true; value: IncidentEvents } => r.ok)
      .map((r) => r.value);
  }

  /** Every incident this console holds, folded (reports). Unreadable ones are left out and logged by the caller. */
  allViews(): IncidentView[] {
    const out: IncidentView[] = [];
    for (const id of this.deps.repo.incidentIds()) {
      const r = this.read(id);
      if (r.ok) out.push(foldIncident(r.value.events));
    }
    return out;
  }

  /** Recomputes every head from its events (after a merge from another console, or a repair). */
  rebuildHeads(): number {
    const ids = this.deps.repo.incidentIds();
    for (const id of ids) this.deps.repo.db.transaction(() => this.writeHead(id))();
    return ids.length;
  }

  policyId(): string {
    return this.policyIdOf();
  }

  private policyIdOf: () => string = () => 'platform-runbook';
  setPolicyId(get: () => string): void {
    this.policyIdOf = get;
  }

  /** Events made on this console: stored with their heads and their outbox rows in one transaction. */
  private write(incidentId: string, events: readonly IncidentEvent[]): number {
    const added = this.deps.repo.append(events, (touched, fresh) => {
      for (const id of touched) this.writeHead(id);
      this.deps.outbox?.enqueue(fresh);
    });
    if (added > 0) {
      this.deps.onChanged(incidentId);
      this.deps.onLocalWrite?.();
    }
    return added;
  }

  private writeHead(incidentId: string, justStored = false): void {
    const events = justStored ? this.deps.repo.eventsForHead(incidentId) : this.deps.repo.events(incidentId);
    if (events.length === 0) {
      this.deps.repo.db.prepare('DELETE FROM incident_heads WHERE incident_id = ?').run(incidentId);
      return;
    }
    const v = foldIncident(events);
    if (!v.declaredAt || !v.severity) return; // events of an incident whose declaration has not arrived yet
    this.deps.repo.writeHead({
      incidentId,
      title: v.title ?? incidentId,
      severity: v.severity,
      state: v.state ?? 'declared',
      declaredAt: v.declaredAt,
      resolvedAt: v.resolvedAt ?? null,
      owner: v.owner ?? null,
      rails: v.rails,
      brands: v.brands,
      eventCount: events.length,
      updatedAt: this.deps.clock().toISOString(),
    });
  }
}
