-- Ticked task-list items ("- [ ] …") of a runbook, with who ticked them and when. A row is a
-- tick; unticking deletes it. Keyed by the item's text (whitespace collapsed) and which
-- occurrence of that text it is, not by position: edits around an item keep its tick, an
-- item reworded starts unticked. incident_id is NULL for a runbook's own checklist; a later
-- version ties checklists to an incident. No foreign key to runbooks: the runbook cache is a
-- separate, rebuildable database, and ticks are records that outlive a cache rebuild.
CREATE TABLE runbook_checklist_ticks (
  id INTEGER PRIMARY KEY,
  runbook_id TEXT NOT NULL CHECK (length(runbook_id) BETWEEN 1 AND 100),
  incident_id TEXT CHECK (incident_id IS NULL OR length(incident_id) BETWEEN 1 AND 100),
  item_text TEXT NOT NULL CHECK (length(item_text) BETWEEN 1 AND 1000),
  item_nth INTEGER NOT NULL DEFAULT 1 CHECK (item_nth >= 1),
  ticked_by TEXT NOT NULL,
  ticked_at TEXT NOT NULL
);

-- One tick per item and scope; NULL incidents compare equal here (UNIQUE alone would not).
CREATE UNIQUE INDEX runbook_checklist_ticks_item
  ON runbook_checklist_ticks (runbook_id, ifnull(incident_id, ''), item_text, item_nth);
