import type { Statement } from 'better-sqlite3';
import type { IncidentEvent } from '../../../shared/incidents/events.ts';
import type { Db } from '../store/connection.ts';

export interface OutboxRow {
  seq: number;
  event_id: string;
  incident_id: string;
  attempts: number;
  last_attempt_at: string | null;
  last_error: string | null;
  conflict_status: number | null;
  conflict_reason: string | null;
  conflict_at: string | null;
}

export interface OutboxIncidentStats {
  incidentId: string;
  waiting: number;
  oldestWaitingAt: string | null;
}

export interface OutboxConflictRow extends OutboxRow {
  type: string;
  blocking: number;
}

/**
 * The incident outbox (migration 0007): one row per event made on this console that the
 * platform has not acknowledged. Rows are written in the event's own transaction (enqueue is
 * called from IncidentRepository.append's hook) and deleted when settled; nothing else edits
 * events. Also keeps the sync state (the pull cursor, when the platform was last reached).
 */
export class OutboxRepository {
  private readonly st: Record<'insert' | 'settle' | 'attempt' | 'conflict' | 'retry' | 'page' | 'blocked' | 'row' | 'getState' | 'setState' | 'count', Statement>;

  constructor(readonly db: Db) {
    this.st = {
      insert: db.prepare('INSERT OR IGNORE INTO incident_outbox (event_id, incident_id) VALUES (?, ?)'),
      settle: db.prepare('DELETE FROM incident_outbox WHERE event_id = ?'),
      attempt: db.prepare('UPDATE incident_outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE event_id = ?'),
      conflict: db.prepare(
        'UPDATE incident_outbox SET attempts = attempts + 1, last_attempt_at = @at, last_error = @reason, conflict_status = @status, conflict_reason = @reason, conflict_at = @at WHERE event_id = @id',
      ),
      retry: db.prepare('UPDATE incident_outbox SET conflict_status = NULL, conflict_reason = NULL, conflict_at = NULL WHERE event_id = ? AND conflict_at IS NOT NULL'),
      page: db.prepare('SELECT * FROM incident_outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      blocked: db.prepare('SELECT DISTINCT incident_id FROM incident_outbox WHERE conflict_at IS NOT NULL'),
      row: db.prepare('SELECT * FROM incident_outbox WHERE event_id = ?'),
      getState: db.prepare('SELECT value FROM incident_sync_state WHERE key = ?'),
      setState: db.prepare('INSERT INTO incident_sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      count: db.prepare('SELECT count(*) AS n FROM incident_outbox'),
    };
  }

  /**
   * Queues events made here. Called inside the transaction that stores them. A declaration
   * goes first (it creates the incident on the platform; a first-symptom note made with it
   * carries an earlier time but cannot be sent before the incident exists).
   */
  enqueue(events: readonly IncidentEvent[]): void {
    const ordered = [...events.filter((e) => e.type === 'declared'), ...events.filter((e) => e.type !== 'declared')];
    for (const e of ordered) this.st.insert.run(e.id, e.incidentId);
  }

  /** Rows in send order after `afterSeq` (a pass walks the outbox a page at a time). */
  page(afterSeq: number, limit: number): OutboxRow[] {
    return this.st.page.all(afterSeq, limit) as OutboxRow[];
  }

  /** Incidents whose queue is stopped by a refused event (their later events wait behind it). */
  blockedIncidents(): Set<string> {
    return new Set((this.st.blocked.all() as Array<{ incident_id: string }>).map((r) => r.incident_id));
  }

  row(eventId: string): OutboxRow | null {
    return (this.st.row.get(eventId) as OutboxRow | undefined) ?? null;
  }

  settle(eventId: string): void {
    this.st.settle.run(eventId);
  }

  attempted(eventId: string, at: string, error: string | null): void {
    this.st.attempt.run(at, error, eventId);
  }

  refused(eventId: string, at: string, status: number | null, reason: string): void {
    this.st.conflict.run({ id: eventId, at, status, reason });
  }

  /** A person asks to send a refused event again. True if it was refused. */
  retry(eventId: string): boolean {
    return this.st.retry.run(eventId).changes > 0;
  }

  /** Moves a refused event off the timeline into incident_discarded (kept whole). Inside the caller's transaction. */
  discard(event: IncidentEvent, reason: string, at: string, by: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO incident_discarded (event_id, incident_id, event_json, reason, discarded_at, discarded_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.id, event.incidentId, JSON.stringify(event), reason, at, by);
    this.st.settle.run(event.id);
  }

  count(): number {
    return (this.st.count.get() as { n: number }).n;
  }

  /** Waiting events per incident, with the oldest one's time of entry. */
  stats(): OutboxIncidentStats[] {
    return (
      this.db
        .prepare(
          `SELECT o.incident_id AS incidentId, count(*) AS waiting, min(e.entered_at) AS oldestWaitingAt
           FROM incident_outbox o LEFT JOIN incident_events e ON e.id = o.event_id
           GROUP BY o.incident_id ORDER BY o.incident_id`,
        )
        .all() as OutboxIncidentStats[]
    ).map((r) => ({ ...r, oldestWaitingAt: r.oldestWaitingAt ?? null }));
  }

  /** Refused rows with their event type and how many of the same incident's rows wait behind each. */
  conflicts(): OutboxConflictRow[] {
    return this.db
      .prepare(
        `SELECT o.*, ifnull(e.type, '?') AS type,
                (SELECT count(*) FROM incident_outbox b WHERE b.incident_id = o.incident_id AND b.seq > o.seq) AS blocking
         FROM incident_outbox o LEFT JOIN incident_events e ON e.id = o.event_id
         WHERE o.conflict_at IS NOT NULL ORDER BY o.seq`,
      )
      .all() as OutboxConflictRow[];
  }

  state(key: string): string | null {
    return (this.st.getState.get(key) as { value: string } | undefined)?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.st.setState.run(key, value);
  }
}
