import { z } from 'zod';
import { IncidentEvent, Severity, type IncidentEvent as Event } from '../../../shared/incidents/events.ts';
import type { SyncStatus } from '../../../shared/incidents/sync.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { describeAnswer, type PlatformAnswer, type PlatformClient } from '../platform/client.ts';
import type { OutboxRepository } from './outbox.ts';
import type { IncidentRepository } from './repository.ts';
import type { IncidentService } from './service.ts';

/**
 * Incident sync with the platform (PLATFORM-API.md, incidents; the upload queue is PowerSync's
 * model): the outbox sends each event made here once, in order per incident, with its id as
 * `Idempotency-Key`; a pull with the platform's cursor brings every console's events, merged by
 * id. What an answer means:
 *
 *   2xx (a first answer or its replay)      settled: the row goes
 *   409 (same key in flight), 429, 5xx,     kept, retried after a backoff (1 s doubling to 60 s,
 *   timeout, unreachable, malformed body    with jitter); the pass stops there
 *   any other 4xx (400/401/403/404/422…)    refused: a conflict on the incident, shown with what
 *                                           the platform said, until retried or discarded; the
 *                                           incident's later events wait behind it, others go on
 *
 * A malformed or missing answer may still mean the write landed (apply-then-drop): the retry
 * carries the same key and body, so the platform answers with the first answer and creates
 * nothing. Offline for days costs nothing but rows: they wait, in order, and the backoff is
 * capped at a minute.
 */

export interface SyncOptions {
  /** Pull every this often while things go well. */
  pullEveryMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
  /** Records per pull page (`limit`); a platform without paging answers everything at once. */
  pageLimit: number;
  /** Rows read from the outbox at a time. */
  batch: number;
  random: () => number;
  /** Run the timers (false: tests and benches call pass() themselves). */
  schedule: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  pullEveryMs: 5000,
  baseBackoffMs: 1000,
  maxBackoffMs: 60_000,
  timeoutMs: 10_000,
  pageLimit: 1000,
  batch: 500,
  random: Math.random,
  schedule: true,
};

export interface IncidentSyncDeps {
  client: PlatformClient;
  repo: IncidentRepository;
  outbox: OutboxRepository;
  service: IncidentService;
  clock: () => Date;
  /** Null when the profile has a platform to sync with; otherwise why not, in words. */
  disabledReason: () => string | null;
  onStatus: () => void;
  log: (line: string) => void;
  options?: Partial<SyncOptions>;
}

type SendOutcome = { kind: 'settled' } | { kind: 'retry'; why: string } | { kind: 'refused'; status: number | null; why: string };

const FeedPage = z.object({
  incidents: z.array(z.record(z.string(), z.unknown())).default([]),
  events: z.array(z.record(z.string(), z.unknown())).default([]),
  cursor: z.string().max(500),
  has_more: z.boolean().optional(),
});

/** The body the platform gets for an event: the contract's few fields, and the event whole. */
export function wireBody(e: Event): { path: string; body: Record<string, unknown> } {
  if (e.type === 'declared') {
    return {
      path: '/api/v1/incidents',
      body: { id: e.incidentId, title: e.title, severity: e.severity, status: 'declared', switchyard: { event: e } },
    };
  }
  return {
    path: `/api/v1/incidents/${encodeURIComponent(e.incidentId)}/events`,
    body: { id: e.id, type: e.type, at: e.at, message: messageOf(e), switchyard: { event: e } },
  };
}

/** A line for platform readers who do not fold Switchyard events. */
function messageOf(e: Event): string {
  switch (e.type) {
    case 'note_added':
      return e.text.slice(0, 2000);
    case 'status_posted':
      return `${e.audience} update: ${e.text}`.slice(0, 2000);
    case 'acknowledged':
      return `acknowledged by ${e.owner}`;
    case 'severity_changed':
      return `severity ${e.severity}`;
    case 'lever_executed':
      return `${e.lever} ${e.action} ${e.target}: ${e.outcome}`;
    default:
      return e.type.replace(/_/g, ' ');
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const iso = (v: unknown, fallback: string): string => {
  const s = str(v);
  return s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : fallback;
};

/**
 * A feed record as an event: a Switchyard console's event comes back whole; a record another
 * tool wrote becomes a declaration or a note that says where it came from. Null if it does not read.
 */
export function eventFromRecord(kind: 'incident' | 'event', r: Record<string, unknown>, now: string): Event | null {
  const carried = (r.switchyard as { event?: unknown } | undefined)?.event;
  if (carried !== undefined) {
    const parsed = IncidentEvent.safeParse(carried);
    return parsed.success ? (parsed.data as Event) : null;
  }
  const id = str(r.id);
  if (!id) return null;
  const at = iso(r.at ?? r.created_at, now);
  const actor = (str(r.created_by) ?? 'platform').slice(0, 200);
  if (kind === 'incident') {
    const sev = str(r.severity)?.toUpperCase() ?? '';
    const severity = Severity.safeParse(/^P[1-4]$/.test(sev) ? `SEV${sev[1]}` : sev);
    const parsed = IncidentEvent.safeParse({
      id: `platform-${id}-declared`,
      incidentId: id,
      at,
      enteredAt: at,
      actor,
      origin: 'platform',
      type: 'declared',
      title: (str(r.title) ?? id).slice(0, 300),
      severity: severity.success ? severity.data : 'SEV3',
      policyId: 'platform',
    });
    return parsed.success ? (parsed.data as Event) : null;
  }
  const incidentId = str(r.incident_id);
  if (!incidentId) return null;
  const text = [str(r.type), str(r.message)].filter(Boolean).join(': ') || 'event from the platform';
  const parsed = IncidentEvent.safeParse({ id, incidentId, at, enteredAt: iso(r.created_at, at), actor, origin: 'platform', type: 'note_added', text: text.slice(0, 20_000) });
  return parsed.success ? (parsed.data as Event) : null;
}

export class IncidentSync {
  private readonly o: SyncOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failures = 0;
  private nextAttemptAt: number | null = null;
  private unreadable = 0;

  constructor(private readonly deps: IncidentSyncDeps) {
    this.o = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
    this.unreadable = Number(deps.outbox.state('unreadable_pulled') ?? 0);
  }

  start(): void {
    if (this.o.schedule && this.deps.disabledReason() === null) this.plan(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Something was written here: send it now, unless backing off after a failure. */
  kick(): void {
    if (this.stopped || !this.o.schedule || this.deps.disabledReason() !== null) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.failures === 0) this.plan(0);
  }

  private plan(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pass();
    }, ms);
    this.timer.unref?.();
  }

  /** One pass: push what waits, then pull to the end of the feed. Passes never overlap. */
  pass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const reason = this.deps.disabledReason();
          if (reason !== null) return;
          const pushed = await this.push();
          const pulled = pushed ? await this.pull() : false;
          if (pushed && pulled) {
            this.failures = 0;
            this.nextAttemptAt = null;
            this.deps.outbox.setState('failing_since', '');
          } else {
            this.failures += 1;
            const backoff = Math.min(this.o.maxBackoffMs, this.o.baseBackoffMs * 2 ** Math.min(this.failures - 1, 16));
            const wait = Math.round(backoff * (0.5 + this.o.random() / 2));
            this.nextAttemptAt = this.deps.clock().getTime() + wait;
            if (this.o.schedule) this.plan(wait);
            this.deps.onStatus();
            return;
          }
        } while (this.again && !this.stopped);
        if (this.o.schedule) this.plan(this.o.pullEveryMs);
        this.deps.onStatus();
      } catch (e) {
        // After stop() (the profile is closing) an answer still on its way finds the database
        // closed: that is the end of the pass, not a failure to report.
        if (this.stopped) return;
        this.deps.log(`incident sync failed: ${(e as Error).message}`);
        if (this.o.schedule) this.plan(this.o.maxBackoffMs);
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Sends waiting rows in outbox order. False when it stopped at a retryable failure. */
  async push(): Promise<boolean> {
    const blocked = this.deps.outbox.blockedIncidents();
    let after = 0;
    for (;;) {
      const rows = this.deps.outbox.page(after, this.o.batch);
      if (rows.length === 0) {
        this.saveReach();
        return true;
      }
      for (const row of rows) {
        after = row.seq;
        if (this.stopped) return false;
        if (row.conflict_at !== null || blocked.has(row.incident_id)) continue;
        const event = this.deps.repo.event(row.event_id);
        if (!event) {
          // The event is gone (discarded elsewhere in this transaction's past): nothing to send.
          this.deps.outbox.settle(row.event_id);
          continue;
        }
        const outcome = await this.send(event);
        if (this.stopped) return false;
        const at = this.deps.clock().toISOString();
        if (outcome.kind === 'settled') this.deps.outbox.settle(row.event_id);
        else if (outcome.kind === 'refused') {
          this.deps.outbox.refused(row.event_id, at, outcome.status, outcome.why);
          blocked.add(row.incident_id);
          this.deps.log(`incident sync: the platform refused ${event.type} ${event.id} of ${event.incidentId}: ${outcome.why}`);
          this.deps.onStatus();
        } else {
          this.deps.outbox.attempted(row.event_id, at, outcome.why);
          this.failed(outcome.why);
          this.saveReach();
          return false;
        }
      }
    }
  }

  private async send(e: Event): Promise<SendOutcome> {
    const { path, body } = wireBody(e);
    const answer = await this.deps.client.send({
      service: 'admin',
      method: 'POST',
      path,
      body,
      headers: { 'Idempotency-Key': e.id },
      auth: true,
      timeoutMs: this.o.timeoutMs,
    });
    if (this.stopped) return { kind: 'retry', why: 'stopped' };
    this.reached(answer);
    if (answer.kind === 'answer') {
      const s = answer.status;
      if (s >= 200 && s < 300) return { kind: 'settled' };
      if (s === 409 || s === 429 || s >= 500) return { kind: 'retry', why: describeAnswer(answer) };
      if (s >= 400) return { kind: 'refused', status: s, why: describeAnswer(answer) };
      return { kind: 'retry', why: `unexpected ${describeAnswer(answer)}` };
    }
    return { kind: 'retry', why: describeAnswer(answer) };
  }

  /** Pulls every page after the cursor; each page's events and the new cursor in one transaction. */
  async pull(): Promise<boolean> {
    // Incidents whose heads a page changed: written once when the pull ends (or, after a crash,
    // when the next pull starts), not once per page.
    const owed = new Set<string>(this.headsOwed());
    try {
      return await this.pullPages(owed);
    } finally {
      if (owed.size) this.deps.service.writeHeads(owed, () => this.deps.outbox.setState('heads_owed', '[]'));
    }
  }

  private headsOwed(): string[] {
    try {
      const v = JSON.parse(this.deps.outbox.state('heads_owed') ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private async pullPages(owed: Set<string>): Promise<boolean> {
    for (let pages = 0; pages < 100_000; pages++) {
      const cursor = this.deps.outbox.state('cursor') ?? '';
      const answer = await this.deps.client.send({
        service: 'admin',
        method: 'GET',
        path: `/api/v1/incidents?since=${encodeURIComponent(cursor)}&limit=${this.o.pageLimit}`,
        auth: true,
        timeoutMs: this.o.timeoutMs,
        // A page of events can be large (a postmortem is up to 500 kB): read up to 64 MiB.
        maxBodyBytes: 64 * 1024 * 1024,
      });
      if (this.stopped) return false;
      this.reached(answer);
      if (answer.kind !== 'answer' || answer.status !== 200) {
        this.failed(`pull: ${describeAnswer(answer)}`);
        return false;
      }
      const page = FeedPage.safeParse(answer.body);
      if (!page.success) {
        this.failed(`pull: the platform's feed is not in the contract's shape (${page.error.issues[0]?.message ?? 'invalid'})`);
        return false;
      }
      const now = this.deps.clock().toISOString();
      const events: Event[] = [];
      let unreadable = 0;
      for (const r of page.data.incidents) {
        const e = eventFromRecord('incident', r, now);
        if (e) events.push(e);
        else unreadable += 1;
      }
      for (const r of page.data.events) {
        const e = eventFromRecord('event', r, now);
        if (e) events.push(e);
        else unreadable += 1;
      }
      if (unreadable) {
        this.unreadable += unreadable;
        this.deps.log(`incident sync: ${unreadable} record(s) from the platform's feed did not read as incident events; left out`);
      }
      this.deps.service.merge(
        events,
        (touched) => {
          this.deps.outbox.setState('cursor', page.data.cursor);
          if (unreadable) this.deps.outbox.setState('unreadable_pulled', String(this.unreadable));
          if (touched.size) {
            for (const id of touched) owed.add(id);
            this.deps.outbox.setState('heads_owed', JSON.stringify([...owed]));
          }
        },
        { validated: true, deferHeads: true },
      );
      const records = page.data.incidents.length + page.data.events.length;
      if (!page.data.has_more || records === 0 || page.data.cursor === cursor) break;
    }
    this.deps.outbox.setState('last_pulled_at', this.deps.clock().toISOString());
    this.saveReach();
    return true;
  }

  /**
   * When the platform last answered. Kept in memory and written to the database at most once a
   * second (a replay of 10,000 events is not 10,000 extra commits); status() reads the memory.
   */
  private lastReached: { at: string; savedMs: number } | null = null;
  private reached(a: PlatformAnswer): void {
    if (a.kind !== 'answer' && a.kind !== 'malformed') return;
    const now = this.deps.clock();
    const at = now.toISOString();
    if (!this.lastReached || now.getTime() - this.lastReached.savedMs >= 1000 || now.getTime() < this.lastReached.savedMs) {
      this.deps.outbox.setState('last_reached_at', at);
      this.lastReached = { at, savedMs: now.getTime() };
    } else {
      this.lastReached = { ...this.lastReached, at };
      this.unsavedReach = true;
    }
  }
  private unsavedReach = false;

  /** Writes the last reach if it was kept in memory only (end of a push or pull). */
  private saveReach(): void {
    if (this.unsavedReach && this.lastReached) {
      this.deps.outbox.setState('last_reached_at', this.lastReached.at);
      this.unsavedReach = false;
    }
  }

  private failed(why: string): void {
    this.saveReach();
    this.deps.outbox.setState('last_error', why);
    if (!this.deps.outbox.state('failing_since')) this.deps.outbox.setState('failing_since', this.deps.clock().toISOString());
  }

  /** "Sync now": forget the backoff and run a pass (the person knows the network is back). */
  async now(): Promise<void> {
    this.failures = 0;
    this.nextAttemptAt = null;
    await this.pass();
  }

  /** Sends a refused event again on the next pass. */
  retry(eventId: string): Result<SyncStatus> {
    if (!this.deps.outbox.retry(eventId)) return err('conflict', 'That event is not waiting on a refusal.');
    this.failures = 0;
    this.kick();
    return ok(this.status());
  }

  discard(eventId: string): Result<SyncStatus> {
    const row = this.deps.outbox.row(eventId);
    const r = this.deps.service.discard(eventId, row?.conflict_reason ?? 'refused by the platform');
    if (!r.ok) return r;
    this.kick();
    return ok(this.status());
  }

  status(): SyncStatus {
    const { outbox } = this.deps;
    const reason = this.deps.disabledReason();
    const stats = outbox.stats();
    const conflicts = outbox.conflicts();
    const byIncident = new Map(stats.map((s) => [s.incidentId, { ...s, conflicts: [] as SyncStatus['incidents'][number]['conflicts'] }]));
    for (const c of conflicts) {
      byIncident.get(c.incident_id)?.conflicts.push({
        eventId: c.event_id,
        incidentId: c.incident_id,
        type: c.type,
        reason: c.conflict_reason ?? 'refused',
        status: c.conflict_status,
        at: c.conflict_at ?? '',
        blocking: c.blocking,
      });
    }
    const failingSince = outbox.state('failing_since') || null;
    return {
      enabled: reason === null,
      disabledReason: reason,
      lastReachedAt: this.lastReached?.at ?? outbox.state('last_reached_at'),
      lastPulledAt: outbox.state('last_pulled_at'),
      lastError: failingSince ? outbox.state('last_error') : null,
      failingSince,
      nextAttemptAt: this.nextAttemptAt === null ? null : new Date(this.nextAttemptAt).toISOString(),
      waiting: stats.reduce((n, s) => n + s.waiting, 0),
      conflicts: conflicts.length,
      unreadablePulled: this.unreadable,
      incidents: [...byIncident.values()],
    };
  }
}
