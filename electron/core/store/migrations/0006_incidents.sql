-- Incidents as immutable events (shared/incidents/events.ts). An incident's state is folded
-- from its events; nothing here is updated in place. Ids are made where the event was made
-- (UUID v7), so another console's events merge by id (INSERT OR IGNORE) and the sync issue
-- adds an outbox and a pull cursor beside this table without changing it.
CREATE TABLE incident_events (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
  incident_id TEXT NOT NULL CHECK (length(incident_id) BETWEEN 1 AND 100),
  type TEXT NOT NULL,
  at TEXT NOT NULL,               -- when it happened (a note may carry an earlier time)
  entered_at TEXT NOT NULL,       -- when it was entered where it was made
  actor TEXT NOT NULL,
  origin TEXT NOT NULL,           -- the console that made it
  body_json TEXT NOT NULL,        -- the event's own fields (EventBody without `type`)
  stored_seq INTEGER NOT NULL     -- arrival order on this console, for "what changed since"
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at);
CREATE UNIQUE INDEX incident_events_stored ON incident_events (stored_seq);

-- One row per incident for listing without folding every incident: written in the same
-- transaction as the events it summarises, and rebuilt from them whenever asked.
CREATE TABLE incident_heads (
  incident_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL,
  declared_at TEXT NOT NULL,
  resolved_at TEXT,
  owner TEXT,
  rails_json TEXT NOT NULL DEFAULT '[]',
  brands_json TEXT NOT NULL DEFAULT '[]',
  event_count INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX incident_heads_state ON incident_heads (state, declared_at);

-- The affected rails' series, copied from the metrics source while the incident is open, so
-- the postmortem keeps its charts after the source has expired them or is unreachable.
CREATE TABLE incident_series (
  incident_id TEXT NOT NULL,
  rail TEXT NOT NULL,
  metric TEXT NOT NULL CHECK (metric IN ('p99_ms', 'approval_pct')),
  t INTEGER NOT NULL,             -- epoch ms
  value REAL,
  PRIMARY KEY (incident_id, rail, metric, t)
) WITHOUT ROWID;

-- Facts about this console's data folder: its origin id (the events' tie-breaker).
CREATE TABLE console_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
