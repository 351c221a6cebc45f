import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { AuditRecord, AuditVerification, LeverOutcome } from '../../../shared/audit.ts';
import { redactorOf, type Db } from '../store/connection.ts';
import { redact, redactValue } from '../store/redact.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller appends; the log adds seq, time, chain. */
export interface AuditEntry {
  kind: AuditRecord['kind'];
  executionId?: string | null;
  actor: string;
  profile: string;
  environment: string;
  lever?: string | null;
  action?: string | null;
  target?: string | null;
  reason?: string | null;
  incidentId?: string | null;
  approvedBy?: string | null;
  before?: unknown;
  request?: unknown;
  response?: unknown;
  after?: unknown;
  outcome?: LeverOutcome | null;
  detail?: string | null;
}

interface Row {
  seq: number;
  at: string;
  kind: AuditRecord['kind'];
  execution_id: string | null;
  actor: string;
  profile: string;
  environment: string;
  lever: string | null;
  action: string | null;
  target: string | null;
  reason: string | null;
  incident_id: string | null;
  approved_by: string | null;
  before_json: string | null;
  request_json: string | null;
  response_json: string | null;
  after_json: string | null;
  outcome: LeverOutcome | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = [
  'seq', 'at', 'kind', 'execution_id', 'actor', 'profile', 'environment', 'lever', 'action', 'target', 'reason',
  'incident_id', 'approved_by', 'before_json', 'request_json', 'response_json', 'after_json', 'outcome', 'detail', 'prev_hash',
] as const;

/** The hash of a record: its predecessor's hash and every column but its own hash, in a fixed order. */
export function hashRow(row: Omit<Row, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(COLUMNS.map((c) => row[c]))).digest('hex');
}

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const fromJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

/**
 * The append-only, hash-chained audit log of one profile. Appends are synchronous SQLite
 * commits: when `append` returns, the record is on disk.
 */
export class AuditLog {
  private readonly st: Record<'last' | 'insert' | 'all' | 'bySeq' | 'count', Statement>;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    /** Secrets that must never be written, whatever shape they arrive in. */
    private readonly secrets: () => string[],
  ) {
    this.st = {
      last: db.prepare('SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(`INSERT INTO audit_records (${[...COLUMNS, 'hash'].join(', ')})
                          VALUES (${[...COLUMNS, 'hash'].map((c) => `@${c}`).join(', ')})`),
      all: db.prepare('SELECT * FROM audit_records ORDER BY seq'),
      bySeq: db.prepare('SELECT * FROM audit_records WHERE seq = ?'),
      count: db.prepare('SELECT count(*) AS n FROM audit_records'),
    };
  }

  append(entry: AuditEntry): AuditRecord {
    const scrub = (v: unknown) => this.redact(toJson(v));
    return this.db
      .transaction(() => {
        const last = this.st.last.get() as { seq: number; hash: string } | undefined;
        const row: Omit<Row, 'hash'> = this.asStored({
          seq: (last?.seq ?? 0) + 1,
          at: this.clock().toISOString(),
          kind: entry.kind,
          execution_id: entry.executionId ?? null,
          actor: entry.actor,
          profile: entry.profile,
          environment: entry.environment,
          lever: entry.lever ?? null,
          action: entry.action ?? null,
          target: entry.target ?? null,
          reason: this.redact(entry.reason ?? null),
          incident_id: entry.incidentId ?? null,
          approved_by: entry.approvedBy ?? null,
          before_json: scrub(entry.before),
          request_json: scrub(entry.request),
          response_json: scrub(entry.response),
          after_json: scrub(entry.after),
          outcome: entry.outcome ?? null,
          detail: this.redact(entry.detail ?? null),
          prev_hash: last?.hash ?? GENESIS_HASH,
        });
        const full: Row = { ...row, hash: hashRow(row) };
        this.st.insert.run(full);
        return mapRow(full);
      })
      .immediate();
  }

  /** Removes every known secret from a text (also used for what is stored beside the log). */
  redact(s: string | null): string | null {
    return s === null ? null : redactorOf(this.db).text(redact(s, this.secrets()));
  }

  /**
   * Every column as the store will keep it: the database redacts whatever is bound to it, so the
   * hash is made over the redacted row (any column, not only the free-text ones), or it would not verify.
   */
  private asStored<T>(row: T): T {
    return redactorOf(this.db).value(redactValue(row, this.secrets()));
  }

  /** Walks the whole chain; names the first record that does not fit. */
  verify(): AuditVerification {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    const at = this.clock().toISOString();
    for (const row of this.st.all.iterate() as IterableIterator<Row>) {
      if (row.seq !== expectedSeq)
        return { ok: false, checked, firstBad: row.seq, problem: `record ${expectedSeq} is missing (found ${row.seq} next)`, at };
      if (row.prev_hash !== prev)
        return { ok: false, checked, firstBad: row.seq, problem: `record ${row.seq} does not follow record ${row.seq - 1} (chain broken)`, at };
      const { hash, ...rest } = row;
      if (hashRow(rest) !== hash)
        return { ok: false, checked, firstBad: row.seq, problem: `record ${row.seq} was altered after it was written`, at };
      prev = hash;
      expectedSeq++;
      checked++;
    }
    return { ok: true, checked, firstBad: null, problem: null, at };
  }

  /**
   * The newest records matching the filter. An intent and its outcome are one execution: a
   * record that matches brings the other records of its execution with it.
   */
  list(filter: { lever?: string; outcome?: LeverOutcome; incidentId?: string; text?: string; beforeSeq?: number; limit: number }): AuditRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.lever) (where.push('lever = ?'), params.push(filter.lever));
    if (filter.outcome) (where.push('outcome = ?'), params.push(filter.outcome));
    if (filter.incidentId) (where.push("instr(lower(coalesce(incident_id,'')), lower(?)) > 0"), params.push(filter.incidentId.trim()));
    if (filter.text) {
      where.push(
        "(instr(lower(coalesce(reason,'') || ' ' || coalesce(target,'') || ' ' || coalesce(detail,'') || ' ' || coalesce(incident_id,'') || ' ' || coalesce(approved_by,'') || ' ' || actor), lower(?)) > 0)",
      );
      params.push(filter.text);
    }
    const match = where.join(' AND ');
    const matching = match ? `((${match}) OR execution_id IN (SELECT execution_id FROM audit_records WHERE execution_id IS NOT NULL AND ${match}))` : '1';
    const rows = this.db
      .prepare(`SELECT * FROM audit_records WHERE ${matching}${filter.beforeSeq ? ' AND seq < ?' : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...params, ...(match ? params : []), ...(filter.beforeSeq ? [filter.beforeSeq] : []), filter.limit) as Row[];
    return rows.map(mapRow);
  }

  /** The records of one lever execution, oldest first (its intent, outcome, re-verifications). */
  ofExecution(executionId: string): AuditRecord[] {
    return (this.db.prepare('SELECT * FROM audit_records WHERE execution_id = ? ORDER BY seq').all(executionId) as Row[]).map(mapRow);
  }

  all(): AuditRecord[] {
    return (this.st.all.all() as Row[]).map(mapRow);
  }

  count(): number {
    return (this.st.count.get() as { n: number }).n;
  }
}

function mapRow(r: Row): AuditRecord {
  return {
    seq: r.seq,
    at: r.at,
    kind: r.kind,
    executionId: r.execution_id,
    actor: r.actor,
    profile: r.profile,
    environment: r.environment,
    lever: r.lever,
    action: r.action,
    target: r.target,
    reason: r.reason,
    incidentId: r.incident_id,
    approvedBy: r.approved_by,
    before: fromJson(r.before_json),
    request: fromJson(r.request_json),
    response: fromJson(r.response_json),
    after: fromJson(r.after_json),
    outcome: r.outcome,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** JSON Lines: one record per line, exactly as stored (with its hashes, so the export can be re-verified). */
export function toJsonLines(records: AuditRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}

const CSV_COLUMNS: (keyof AuditRecord)[] = [
  'seq', 'at', 'kind', 'executionId', 'actor', 'profile', 'environment', 'lever', 'action', 'target', 'reason',
  'incidentId', 'approvedBy', 'outcome', 'detail', 'before', 'request', 'response', 'after', 'prevHash', 'hash',
];

/** RFC 4180 CSV; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function toCsv(records: AuditRecord[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
