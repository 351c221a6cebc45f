-- The audit log: append-only and hash-chained. Each record's hash covers the previous
-- record's hash and its own canonical content, so an edit, a deletion or a reordering
-- anywhere breaks every hash after it.
CREATE TABLE audit_records (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('intent', 'outcome', 'reverify', 'note')),
  execution_id TEXT,
  actor TEXT NOT NULL,            -- OS user
  profile TEXT NOT NULL,
  environment TEXT NOT NULL,
  lever TEXT,
  action TEXT,                    -- engage | release
  target TEXT,
  reason TEXT,
  incident_id TEXT,
  approved_by TEXT,               -- incident commander, during a release freeze
  before_json TEXT,
  request_json TEXT,              -- the token is redacted before it gets here
  response_json TEXT,
  after_json TEXT,
  outcome TEXT CHECK (outcome IN ('verified', 'failed', 'unknown')),
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_records_execution ON audit_records (execution_id);
CREATE INDEX audit_records_lever ON audit_records (lever, target);

CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- INSERT OR REPLACE deletes without firing DELETE triggers: only a new, next record may go in.
CREATE TRIGGER audit_records_append_only BEFORE INSERT ON audit_records
WHEN NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit_records)
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;

-- One row per lever execution, updated as it moves; the audit log is the evidence,
-- this table is the console's working memory (what is in flight, what is pulled).
CREATE TABLE lever_executions (
  id TEXT PRIMARY KEY,
  lever TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('engage', 'release')),
  target TEXT NOT NULL,
  environment TEXT NOT NULL,
  reason TEXT NOT NULL,
  incident_id TEXT,
  approved_by TEXT,
  recovery_of TEXT,
  started_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_flight', 'verified', 'failed', 'unknown')),
  detail TEXT,
  finished_at TEXT
);
CREATE INDEX lever_executions_started ON lever_executions (started_at);
