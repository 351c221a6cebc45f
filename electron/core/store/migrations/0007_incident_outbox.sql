-- Incident sync (electron/core/incidents/sync.ts). Every event made on this console gets an
-- outbox row in the same transaction as the event itself; the row is deleted when the platform
-- has acknowledged the event (2xx, or the first answer replayed for its Idempotency-Key, which
-- is the event id). Rows of one incident are sent in `seq` order. A refused row (a 4xx other
-- than 409/429) stays, with what the platform said, until a person retries or discards it.
CREATE TABLE incident_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  incident_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT,
  last_error TEXT,
  conflict_status INTEGER,
  conflict_reason TEXT,
  conflict_at TEXT
);
CREATE INDEX incident_outbox_incident ON incident_outbox (incident_id, seq);

-- Events a person discarded after the platform refused them: kept whole, off the timeline.
CREATE TABLE incident_discarded (
  event_id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  event_json TEXT NOT NULL,
  reason TEXT NOT NULL,
  discarded_at TEXT NOT NULL,
  discarded_by TEXT NOT NULL
);

-- The pull cursor and what the console knows about reaching the platform (key → value).
CREATE TABLE incident_sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
