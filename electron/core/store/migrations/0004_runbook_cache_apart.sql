-- The runbook cache and its search index move to their own file (runbook-cache.db, rebuilt
-- from the sources whenever it is damaged or missing), so damage to the cache never costs
-- the records kept here. What stays is configuration: the folders the user added. Removed
-- folders are not carried over. The cache is imported again from these folders and the
-- bundled set at the next start; the version history it held is not carried over.
CREATE TABLE runbook_folders (
  id INTEGER PRIMARY KEY,
  location TEXT NOT NULL UNIQUE,
  added_at TEXT NOT NULL
);

INSERT INTO runbook_folders (location, added_at)
  SELECT location, added_at FROM runbook_sources
  WHERE kind = 'folder' AND removed_at IS NULL
  ORDER BY id;

-- Children before parents: foreign keys are on.
DROP TABLE import_reports;
DROP TABLE runbook_tags;
DROP TABLE runbooks_fts;
DROP TABLE runbooks;
DROP TABLE runbook_versions;
DROP TABLE runbook_sources;
