-- The runbook cache (runbook-cache.db): everything here is rebuilt from the sources (the
-- bundled set and the folders configured in switchyard.db) whenever the file is damaged or
-- missing. It starts as a copy of the records database's 0001_runbooks.sql, plus the
-- runbooks each source provides but does not serve because another source takes precedence.
CREATE TABLE runbook_sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('bundled', 'folder', 'platform')),
  location TEXT NOT NULL,
  added_at TEXT NOT NULL,
  last_synced_at TEXT,
  last_error TEXT,
  removed_at TEXT,                   -- a removed folder stops syncing; what it imported stays cached
  UNIQUE (kind, location)
);

CREATE TABLE runbooks (
  key INTEGER PRIMARY KEY,            -- rowid shared with runbooks_fts
  id TEXT NOT NULL UNIQUE,
  current_version INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES runbook_sources (id),
  path TEXT,
  title TEXT NOT NULL,
  severity_hint TEXT CHECK (severity_hint IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
  tags_json TEXT NOT NULL DEFAULT '[]',
  updated_at TEXT NOT NULL
);
CREATE INDEX runbooks_severity ON runbooks (severity_hint);

CREATE TABLE runbook_versions (
  runbook_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES runbook_sources (id),
  path TEXT,
  content_hash TEXT NOT NULL,
  markdown TEXT NOT NULL,
  body_text TEXT NOT NULL,
  title TEXT NOT NULL,
  severity_hint TEXT,
  triggers_json TEXT NOT NULL,
  levers_json TEXT NOT NULL,
  owners_json TEXT NOT NULL,
  last_tested TEXT,
  tags_json TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (runbook_id, version)
);

CREATE TABLE runbook_tags (
  runbook_key INTEGER NOT NULL REFERENCES runbooks (key) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (runbook_key, tag)
);
CREATE INDEX runbook_tags_tag ON runbook_tags (tag, runbook_key);

-- Full text of the current version only; structured filters stay on the base tables.
CREATE VIRTUAL TABLE runbooks_fts USING fts5 (
  title,
  tags,
  body,
  tokenize = 'porter unicode61 remove_diacritics 2',
  -- Search as you type: most queries end in a 2- or 3-letter prefix of the word being typed.
  prefix = '2 3'
);

CREATE TABLE import_reports (
  source_id INTEGER PRIMARY KEY REFERENCES runbook_sources (id) ON DELETE CASCADE,
  report_json TEXT NOT NULL
);

-- A source's file whose id another source of higher precedence provides: the runbook says
-- which copies it replaces, and the shadowed source's import report says why its file is skipped.
CREATE TABLE runbook_shadows (
  runbook_id TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES runbook_sources (id) ON DELETE CASCADE,
  path TEXT,
  PRIMARY KEY (runbook_id, source_id)
);

-- A match in the title outweighs one in the tags, which outweighs one in the body.
INSERT INTO runbooks_fts (runbooks_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
