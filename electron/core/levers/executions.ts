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
}

export type NewExecution = Omit<Row, 'status' | 'detail' | 'finished_at'>;

/** Lever executions: what is in flight and what is pulled, as this console did it. */
export class ExecutionRepository {
  private readonly st: Record<'insert' | 'finish' | 'get' | 'recent' | 'inFlight' | 'inFlightFor' | 'verifiedFor' | 'withoutEvidence', Statement>;

  constructor(readonly db: Db) {
    this.st = {
      insert: db.prepare(`INSERT INTO lever_executions (id, lever, action, target, environment, reason, incident_id, approved_by,
                            recovery_of, started_at, status)
                          VALUES (@id, @lever, @action, @target, @environment, @reason, @incident_id, @approved_by,
                            @recovery_of, @started_at, 'in_flight')`),
      finish: db.prepare('UPDATE lever_executions SET status = ?, detail = ?, finished_at = ? WHERE id = ?'),
      get: db.prepare('SELECT * FROM lever_executions WHERE id = ?'),
      recent: db.prepare('SELECT * FROM lever_executions ORDER BY started_at DESC, rowid DESC LIMIT ?'),
      inFlight: db.prepare("SELECT * FROM lever_executions WHERE status = 'in_flight' ORDER BY started_at"),
      inFlightFor: db.prepare("SELECT id FROM lever_executions WHERE status = 'in_flight' AND lever = ? AND target = ? AND environment = ?"),
      withoutEvidence: db.prepare(`SELECT e.id FROM lever_executions e
        WHERE NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.execution_id = e.id AND a.kind = 'intent')
           OR (e.status <> 'in_flight' AND NOT EXISTS (
                SELECT 1 FROM audit_records a WHERE a.execution_id = e.id AND a.kind IN ('outcome', 'reverify')))`),
      verifiedFor: db.prepare(`SELECT * FROM lever_executions WHERE environment = ? AND status IN ('verified', 'unknown')
                               ORDER BY started_at, rowid`),
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

  hasInFlight(lever: LeverId, target: string, environment: string): boolean {
    return this.st.inFlightFor.get(lever, target, environment) !== undefined;
  }

  /**
   * Levers this console pulled and has not released since, oldest first: recovery runs them
   * in reverse. An engage counts while no later release of the same lever and target succeeded.
   */
  pulled(environment: string): LeverExecution[] {
    const open = new Map<string, LeverExecution>();
    for (const e of (this.st.verifiedFor.all(environment) as Row[]).map(map)) {
      const key = `${e.lever}\u0000${e.target}`;
      if (e.action === 'engage') open.set(key, e);
      else if (e.status === 'verified') open.delete(key);
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
  };
}
