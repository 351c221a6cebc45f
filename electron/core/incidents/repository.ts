import type { Statement } from 'better-sqlite3';
import { compareEvents, EventBody, IncidentEvent, type Severity } from '../../../shared/incidents/events.ts';
import type { Db } from '../store/connection.ts';

interface EventRow {
  id: string;
  incident_id: string;
  type: string;
  at: string;
  entered_at: string;
  actor: string;
  origin: string;
  body_json: string;
}

interface HeadRow {
  incident_id: string;
  title: string;
  severity: string;
  state: string;
  declared_at: string;
  resolved_at: string | null;
  owner: string | null;
  rails_json: string;
  brands_json: string;
  event_count: number;
  updated_at: string;
}

/** What the list shows of an incident without folding it: kept beside its events. */
export interface IncidentHead {
  incidentId: string;
  title: string;
  severity: Severity;
  state: string;
  declaredAt: string;
  resolvedAt: string | null;
  owner: string | null;
  rails: string[];
  brands: string[];
  eventCount: number;
  updatedAt: string;
}

export interface HeadFilter {
  open?: boolean;
  severity?: Severity;
  q?: string;
  limit: number;
}

/** A stored event that no longer reads as one (an older or damaged row): reported, never dropped. */
export class UnreadableEvent extends Error {
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

function rowToEvent(r: EventRow): IncidentEvent {
  let body: unknown;
  try {
    body = JSON.parse(r.body_json);
  } catch {
    throw new UnreadableEvent(r.id, `incident event ${r.id}: its stored body is not JSON`);
  }
  const parsed = IncidentEvent.safeParse({
    ...(body as object),
    type: r.type,
    id: r.id,
    incidentId: r.incident_id,
    at: r.at,
    enteredAt: r.entered_at,
    actor: r.actor,
    origin: r.origin,
  });
  if (!parsed.success) throw new UnreadableEvent(r.id, `incident event ${r.id} (${r.type}): ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as IncidentEvent;
}

const OPEN_STATES = "('declared', 'acknowledged', 'mitigated')";

/**
 * Incident events and the heads that summarise them. Events are only ever inserted; a repeat
 * of an id (another console's copy, a replay) changes nothing.
 */
export class IncidentRepository {
  private readonly st: Record<'insert' | 'events' | 'head' | 'upsertHead' | 'nextSeq' | 'count' | 'meta' | 'setMeta' | 'exists', Statement>;

  constructor(readonly db: Db) {
    this.st = {
      insert: db.prepare(`INSERT OR IGNORE INTO incident_events (id, incident_id, type, at, entered_at, actor, origin, body_json, stored_seq)
                          VALUES (@id, @incident_id, @type, @at, @entered_at, @actor, @origin, @body_json, @stored_seq)`),
      events: db.prepare('SELECT * FROM incident_events WHERE incident_id = ?'),
      head: db.prepare('SELECT * FROM incident_heads WHERE incident_id = ?'),
      upsertHead: db.prepare(`INSERT INTO incident_heads (incident_id, title, severity, state, declared_at, resolved_at, owner, rails_json,
                                brands_json, event_count, updated_at)
                              VALUES (@incident_id, @title, @severity, @state, @declared_at, @resolved_at, @owner, @rails_json,
                                @brands_json, @event_count, @updated_at)
                              ON CONFLICT (incident_id) DO UPDATE SET title = excluded.title, severity = excluded.severity,
                                state = excluded.state, declared_at = excluded.declared_at, resolved_at = excluded.resolved_at,
                                owner = excluded.owner, rails_json = excluded.rails_json, brands_json = excluded.brands_json,
                                event_count = excluded.event_count, updated_at = excluded.updated_at`),
      nextSeq: db.prepare('SELECT ifnull(max(stored_seq), 0) + 1 AS n FROM incident_events'),
      count: db.prepare('SELECT count(*) AS n FROM incident_events WHERE incident_id = ?'),
      meta: db.prepare('SELECT value FROM console_meta WHERE key = ?'),
      setMeta: db.prepare('INSERT OR IGNORE INTO console_meta (key, value) VALUES (?, ?)'),
      exists: db.prepare('SELECT 1 FROM incident_events WHERE id = ?'),
    };
  }

  /**
   * Incidents read lately, validated and in fold order: the console re-reads the incident on
   * screen after every change anywhere, and a 2,000-event incident costs tens of milliseconds to
   * validate again. Every write to an incident's events goes through this repository (append,
   * remove), which drops its entry; a few incidents are kept.
   */
  private readonly cache = new Map<string, IncidentEvent[]>();
  private static readonly CACHED = 16;
  /** SQLite's data_version when the cache was last checked: another connection's commit (another process on this folder) moves it. */
  private seenVersion: number | null = null;

  /** The events of one incident in fold order. */
  events(incidentId: string): IncidentEvent[] {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.seenVersion) {
      this.cache.clear();
      this.seenVersion = version;
    }
    const hit = this.cache.get(incidentId);
    if (hit) {
      this.cache.delete(incidentId);
      this.cache.set(incidentId, hit);
      return hit.slice();
    }
    const events = (this.st.events.all(incidentId) as EventRow[]).map(rowToEvent).sort(compareEvents);
    this.cache.set(incidentId, events);
    if (this.cache.size > IncidentRepository.CACHED) this.cache.delete(this.cache.keys().next().value!);
    return events.slice();
  }

  /**
   * The same, read without re-validating each row: for the head written in the transaction
   * that just stored (and validated) them. A row that does not parse falls back to the
   * validating read, which names it.
   */
  eventsForHead(incidentId: string): IncidentEvent[] {
    const rows = this.st.events.all(incidentId) as EventRow[];
    try {
      return rows
        .map((r) => ({ ...(JSON.parse(r.body_json) as object), type: r.type, id: r.id, incidentId: r.incident_id, at: r.at, enteredAt: r.entered_at, actor: r.actor, origin: r.origin }) as IncidentEvent)
        .sort(compareEvents);
    } catch {
      return rows.map(rowToEvent).sort(compareEvents);
    }
  }

  /** One stored event by id (the outbox sends it as stored), or null. */
  event(eventId: string): IncidentEvent | null {
    const r = this.db.prepare('SELECT * FROM incident_events WHERE id = ?').get(eventId) as EventRow | undefined;
    return r ? rowToEvent(r) : null;
  }

  /** Removes one event (a discard after the platform refused it); the caller keeps a copy and rewrites the head. */
  remove(eventId: string): void {
    const row = this.db.prepare('SELECT incident_id FROM incident_events WHERE id = ?').get(eventId) as { incident_id: string } | undefined;
    this.db.prepare('DELETE FROM incident_events WHERE id = ?').run(eventId);
    if (row) this.cache.delete(row.incident_id);
  }

  has(eventId: string): boolean {
    return this.st.exists.get(eventId) !== undefined;
  }

  /**
   * Stores events (one transaction with whatever `alsoInTransaction` writes: the head, later the
   * outbox row). Returns how many were new.
   */
  append(events: readonly IncidentEvent[], alsoInTransaction?: (incidentIds: Set<string>, added: IncidentEvent[]) => void, opts: { validated?: boolean } = {}): number {
    try {
      return this.appendInTransaction(events, alsoInTransaction, opts);
    } catch (e) {
      this.cache.clear(); // the hook may have read rows that were rolled back
      throw e;
    }
  }

  private appendInTransaction(events: readonly IncidentEvent[], alsoInTransaction: ((incidentIds: Set<string>, added: IncidentEvent[]) => void) | undefined, opts: { validated?: boolean }): number {
    return this.db.transaction(() => {
      let seq = (this.st.nextSeq.get() as { n: number }).n;
      let added = 0;
      const touched = new Set<string>();
      const fresh: IncidentEvent[] = [];
      for (const e of events) {
        const { id, incidentId, type, at, enteredAt, actor, origin, ...rest } = e;
        // Validate the body on the way in: nothing unreadable is ever stored. (A pull has
        // validated each event whole with IncidentEvent already.)
        if (!opts.validated) EventBody.parse({ type, ...rest });
        const r = this.st.insert.run({
          id,
          incident_id: incidentId,
          type,
          at: new Date(at).toISOString(),
          entered_at: new Date(enteredAt).toISOString(),
          actor,
          origin,
          body_json: JSON.stringify(rest),
          stored_seq: seq,
        });
        if (r.changes > 0) {
          seq += 1;
          added += 1;
          touched.add(incidentId);
          fresh.push(e);
        }
      }
      // Dropped before the hook reads them (heads), and again if the transaction rolls back.
      for (const id of touched) this.cache.delete(id);
      alsoInTransaction?.(touched, fresh);
      return added;
    })();
  }

  writeHead(h: IncidentHead): void {
    this.st.upsertHead.run({
      incident_id: h.incidentId,
      title: h.title,
      severity: h.severity,
      state: h.state,
      declared_at: h.declaredAt,
      resolved_at: h.resolvedAt,
      owner: h.owner,
      rails_json: JSON.stringify(h.rails),
      brands_json: JSON.stringify(h.brands),
      event_count: h.eventCount,
      updated_at: h.updatedAt,
    });
  }

  head(incidentId: string): IncidentHead | null {
    const r = this.st.head.get(incidentId) as HeadRow | undefined;
    return r ? toHead(r) : null;
  }

  heads(f: HeadFilter): IncidentHead[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.open === true) where.push(`state IN ${OPEN_STATES}`);
    if (f.open === false) where.push(`state NOT IN ${OPEN_STATES}`);
    if (f.severity) {
      where.push('severity = ?');
      params.push(f.severity);
    }
    if (f.q) {
      where.push("(title LIKE ? ESCAPE '\\' OR incident_id LIKE ? ESCAPE '\\' OR rails_json LIKE ? ESCAPE '\\' OR brands_json LIKE ? ESCAPE '\\' OR owner LIKE ? ESCAPE '\\')");
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like, like, like, like);
    }
    const sql = `SELECT * FROM incident_heads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY CASE WHEN state IN ${OPEN_STATES} THEN 0 ELSE 1 END, declared_at DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, f.limit) as HeadRow[]).map(toHead);
  }

  /** Every incident id that has events: to rebuild heads. */
  incidentIds(): string[] {
    return (this.db.prepare('SELECT DISTINCT incident_id FROM incident_events').all() as Array<{ incident_id: string }>).map((r) => r.incident_id);
  }

  /** A stable value for this data folder, made once (the console's origin id). */
  meta(key: string, make: () => string): string {
    const found = this.st.meta.get(key) as { value: string } | undefined;
    if (found) return found.value;
    this.st.setMeta.run(key, make());
    return (this.st.meta.get(key) as { value: string }).value;
  }

  // ---- stored series (the incident's own charts) ----

  storeSeries(incidentId: string, rail: string, metric: 'p99_ms' | 'approval_pct', points: ReadonlyArray<{ t: number; value: number | null }>): number {
    const ins = this.db.prepare('INSERT OR IGNORE INTO incident_series (incident_id, rail, metric, t, value) VALUES (?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      let n = 0;
      for (const p of points) n += ins.run(incidentId, rail, metric, Math.round(p.t), p.value).changes;
      return n;
    })();
  }

  series(incidentId: string): Array<{ rail: string; metric: 'p99_ms' | 'approval_pct'; t: number; value: number | null }> {
    return this.db
      .prepare('SELECT rail, metric, t, value FROM incident_series WHERE incident_id = ? ORDER BY rail, metric, t')
      .all(incidentId) as Array<{ rail: string; metric: 'p99_ms' | 'approval_pct'; t: number; value: number | null }>;
  }
}

function toHead(r: HeadRow): IncidentHead {
  return {
    incidentId: r.incident_id,
    title: r.title,
    severity: r.severity as Severity,
    state: r.state,
    declaredAt: r.declared_at,
    resolvedAt: r.resolved_at,
    owner: r.owner,
    rails: JSON.parse(r.rails_json) as string[],
    brands: JSON.parse(r.brands_json) as string[],
    eventCount: r.event_count,
    updatedAt: r.updated_at,
  };
}
