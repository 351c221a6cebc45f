import type { Statement } from 'better-sqlite3';
import type { LeverExecution, LeverId } from '../../../shared/levers.ts';
import type { Db } from '../store/connection.ts';

interface Row {
  id: string;
  lever: LeverId;
  action: 'engage' | 'release';
  target: string;
  environment: string;
  reason: string;
  incident_id: string | null;
  approved_by: string | null;
  recovery_of: string | null;
  started_at: string;
  status: LeverExecution['status'];
  detail: string | null;
  finished_at: string | null;
  found_released_at: string | null;
  /** Who pulled it: the actor of its intent record (the audit log is the evidence). */
  actor: string | null;
  found_released_detail: string | null;
}

export type NewExecution = Omit<Row, 'status' | 'detail' | 'finished_at' | 'found_released_at' | 'found_released_detail' | 'actor'>;

/** One of an execution's audit records, as far as judging it later needs. */
export interface ExecutionEvidence {
  seq: number;
  at: string;
  kind: 'intent' | 'outcome' | 'reverify' | 'note';
  action: string | null;
  before: unknown;
  after: unknown;
  outcome: LeverExecution['status'] | null;
}

/**
 * An engage is closed as "found released" by a `note` audit record on it with action `release`
 * (written by FoundReleased.close in found-released.ts): the audit log is the evidence, this is a view.
 */
const FOUND_RELEASED = `(SELECT a.at FROM audit_records a WHERE a.execution_id = e.id AND a.kind = 'note' AND a.action = 'release' ORDER BY a.seq LIMIT 1) AS found_released_at,
  (SELECT a.detail FROM audit_records a WHERE a.execution_id = e.id AND a.kind = 'note' AND a.action = 'release' ORDER BY a.seq LIMIT 1) AS found_released_detail,
  (SELECT a.actor FROM audit_records a WHERE a.execution_id = e.id AND a.kind = 'intent' ORDER BY a.seq LIMIT 1) AS actor`;
const SELECT = `SELECT e.*, ${FOUND_RELEASED} FROM lever_executions e`;

const json = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

/** Lever executions: what is in flight and what is pulled, as this console did it. */
export class ExecutionRepository {
  private readonly st: Record<
    'insert' | 'finish' | 'get' | 'recent' | 'inFlight' | 'inFlightFor' | 'verifiedFor' | 'withoutEvidence' | 'laterOn' | 'evidence',
    Statement
  >;

  constructor(readonly db: Db) {
    this.st = {
      insert: db.prepare(`INSERT INTO lever_executions (id, lever, action, target, environment, reason, incident_id, approved_by,
                            recovery_of, started_at, status)
                          VALUES (@id, @lever, @action, @target, @environment, @reason, @incident_id, @approved_by,
                            @recovery_of, @started_at, 'in_flight')`),
      finish: db.prepare('UPDATE lever_executions SET status = ?, detail = ?, finished_at = ? WHERE id = ?'),
      get: db.prepare(`${SELECT} WHERE e.id = ?`),
      recent: db.prepare(`${SELECT} ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?`),
      inFlight: db.prepare(`${SELECT} WHERE e.status = 'in_flight' ORDER BY e.started_at`),
      inFlightFor: db.prepare("SELECT id FROM lever_executions WHERE status = 'in_flight' AND lever = ? AND target = ? AND environment = ?"),
      withoutEvidence: db.prepare(`SELECT e.id FROM lever_executions e
        WHERE NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.execution_id = e.id AND a.kind = 'intent')
           OR (e.status <> 'in_flight' AND NOT EXISTS (
                SELECT 1 FROM audit_records a WHERE a.execution_id = e.id AND a.kind IN ('outcome', 'reverify')))`),
      verifiedFor: db.prepare(`${SELECT} WHERE e.environment = ? AND e.status IN ('verified', 'unknown')
                               ORDER BY e.started_at, e.rowid`),
      laterOn: db.prepare(`${SELECT} WHERE e.lever = ? AND e.target = ? AND e.environment = ?
                             AND e.rowid > (SELECT rowid FROM lever_executions WHERE id = ?) ORDER BY e.rowid`),
      evidence: db.prepare(`SELECT seq, at, kind, action, before_json, after_json, outcome FROM audit_records
                            WHERE execution_id = ? ORDER BY seq`),
    };
  }

  insert(e: NewExecution): void {
    this.st.insert.run(e);
  }

  finish(id: string, status: LeverExecution['status'], detail: string | null, at: string): void {
    this.st.finish.run(status, detail, at, id);
  }

  get(id: string): LeverExecution | null {
    const r = this.st.get.get(id) as Row | undefined;
    return r ? map(r) : null;
  }

  recent(limit: number): LeverExecution[] {
    return (this.st.recent.all(limit) as Row[]).map(map);
  }

  inFlight(): LeverExecution[] {
    return (this.st.inFlight.all() as Row[]).map(map);
  }

  /**
   * Executions whose audit records are gone. The chain alone cannot see its newest records
   * deleted (nothing follows them); this table, written in the same transactions, can.
   */
  withoutEvidence(): string[] {
    return (this.st.withoutEvidence.all() as { id: string }[]).map((r) => r.id);
  }

  /** Executions of this console on the same lever, target and environment, started after `e`, oldest first. */
  laterOn(e: Pick<LeverExecution, 'id' | 'lever' | 'target' | 'environment'>): LeverExecution[] {
    return (this.st.laterOn.all(e.lever, e.target, e.environment, e.id) as Row[]).map(map);
  }

  /** The audit records of one execution, oldest first, with the states they read. */
  evidence(id: string): ExecutionEvidence[] {
    type EvidenceRow = { seq: number; at: string; kind: ExecutionEvidence['kind']; action: string | null; before_json: string | null; after_json: string | null; outcome: ExecutionEvidence['outcome'] };
    return (this.st.evidence.all(id) as EvidenceRow[]).map((r) => ({
      seq: r.seq,
      at: r.at,
      kind: r.kind,
      action: r.action,
      before: json(r.before_json),
      after: json(r.after_json),
      outcome: r.outcome,
    }));
  }

  hasInFlight(lever: LeverId, target: string, environment: string): boolean {
    return this.st.inFlightFor.get(lever, target, environment) !== undefined;
  }

  /**
   * Levers this console pulled and has not released since, oldest first: recovery runs them
   * in reverse. An engage counts while no later release of the same lever and target succeeded
   * and the platform was not found released since (someone else released it).
   */
  pulled(environment: string): LeverExecution[] {
    const open = new Map<string, LeverExecution>();
    for (const e of (this.st.verifiedFor.all(environment) as Row[]).map(map)) {
      const key = `${e.lever}\u0000${e.target}`;
      if (e.action === 'engage' && e.foundReleased === null) open.set(key, e);
      else if (e.action === 'engage' || e.status === 'verified') open.delete(key);
    }
    return [...open.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
}

function map(r: Row): LeverExecution {
  return {
    id: r.id,
    lever: r.lever,
    action: r.action,
    target: r.target,
    environment: r.environment,
    reason: r.reason,
    incidentId: r.incident_id,
    approvedBy: r.approved_by,
    recoveryOf: r.recovery_of,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    detail: r.detail,
    conflict: false,
    probe: null,
    actor: r.actor,
    foundReleased: r.found_released_at !== null ? { at: r.found_released_at, detail: r.found_released_detail ?? '' } : null,
  };
}
