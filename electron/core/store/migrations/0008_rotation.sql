-- On-call rotation (shared/rotation/schema.ts) and handovers. The schedule is a document kept
-- as versions: every save is a new row with who saved it and when, so an edit can be compared
-- with the one before it (the people whose shifts it moves) and nothing is overwritten.
CREATE TABLE rotation_versions (
  version INTEGER PRIMARY KEY AUTOINCREMENT,
  schedule_json TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);

-- A handover: drafted from the console's own state (each fact with its age), edited and handed
-- over by the outgoing engineer, acknowledged by the incoming one.
CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  from_person TEXT NOT NULL,
  to_person TEXT NOT NULL,
  drafted_at TEXT NOT NULL,
  facts_json TEXT NOT NULL,
  text TEXT NOT NULL,
  handed_at TEXT NOT NULL,
  handed_by TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT
);
CREATE INDEX handovers_handed ON handovers (handed_at);
