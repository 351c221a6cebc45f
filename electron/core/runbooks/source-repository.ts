import type { Statement } from 'better-sqlite3';
import { ImportReport, type ImportIssue, type RunbookOverride, type RunbookSource, type RunbookSourceKind } from '../../../shared/runbooks.ts';
import type { Db } from '../store/connection.ts';

interface SourceRow {
  id: number;
  kind: RunbookSourceKind;
  location: string;
  added_at: string;
  last_synced_at: string | null;
  last_error: string | null;
  removed_at: string | null;
}

/**
 * The runbook cache's sources (the bundled set and each folder, as imported), their last
 * import reports, and which of their files another source shadows. All SQL about them is here.
 */
export class RunbookSourceRepository {
  private readonly st: Record<string, Statement>;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      sourceByLocation: p('SELECT * FROM runbook_sources WHERE kind = ? AND location = ?'),
      sourceById: p('SELECT * FROM runbook_sources WHERE id = ?'),
      insertSource: p('INSERT INTO runbook_sources (kind, location, added_at) VALUES (?, ?, ?)'),
      reviveSource: p('UPDATE runbook_sources SET removed_at = NULL WHERE id = ?'),
      removeSource: p('UPDATE runbook_sources SET removed_at = ? WHERE id = ? AND removed_at IS NULL'),
      markSynced: p('UPDATE runbook_sources SET last_synced_at = ?, last_error = ? WHERE id = ?'),
      listSources: p(`SELECT s.*, (SELECT count(*) FROM runbooks r WHERE r.source_id = s.id) AS runbook_count
                      FROM runbook_sources s WHERE s.removed_at IS NULL ORDER BY s.id`),
      saveReport: p('INSERT INTO import_reports (source_id, report_json) VALUES (?, ?) ON CONFLICT (source_id) DO UPDATE SET report_json = excluded.report_json'),
      report: p('SELECT report_json FROM import_reports WHERE source_id = ?'),
      reports: p(`SELECT i.report_json FROM import_reports i JOIN runbook_sources s ON s.id = i.source_id
                  WHERE s.removed_at IS NULL ORDER BY s.id`),
      clearShadows: p('DELETE FROM runbook_shadows WHERE source_id = ?'),
      addShadow: p(`INSERT INTO runbook_shadows (runbook_id, source_id, path) VALUES (?, ?, ?)
                    ON CONFLICT (runbook_id, source_id) DO UPDATE SET path = excluded.path`),
      overridden: p(`SELECT o.kind, o.location, sh.path FROM runbook_shadows sh
                     JOIN runbook_sources o ON o.id = sh.source_id
                     WHERE sh.runbook_id = ? AND sh.source_id <> ? AND o.removed_at IS NULL
                     ORDER BY o.id`),
      overridesBy: p(`SELECT r.id, r.path AS file, o.kind, o.location, sh.path FROM runbooks r
                      JOIN runbook_shadows sh ON sh.runbook_id = r.id AND sh.source_id <> r.source_id
                      JOIN runbook_sources o ON o.id = sh.source_id
                      WHERE r.source_id = ? AND o.removed_at IS NULL
                      ORDER BY r.path, o.id`),
    };
  }

  ensureSource(kind: RunbookSourceKind, location: string, now: string): RunbookSource {
    let row = this.st.sourceByLocation!.get(kind, location) as SourceRow | undefined;
    if (!row) {
      const id = Number(this.st.insertSource!.run(kind, location, now).lastInsertRowid);
      row = this.st.sourceById!.get(id) as SourceRow;
    } else if (row.removed_at) {
      this.st.reviveSource!.run(row.id);
    }
    return this.sources().find((s) => s.id === row.id)!;
  }

  source(id: number): (RunbookSource & { removed: boolean }) | null {
    const row = this.st.sourceById!.get(id) as SourceRow | undefined;
    return row ? { ...mapSource({ ...row, runbook_count: 0 }), removed: row.removed_at !== null } : null;
  }

  removeSource(id: number, now: string): boolean {
    return this.st.removeSource!.run(now, id).changes > 0;
  }

  markSynced(id: number, at: string, error: string | null): void {
    this.st.markSynced!.run(at, error, id);
  }

  sources(): RunbookSource[] {
    return (this.st.listSources!.all() as (SourceRow & { runbook_count: number })[]).map(mapSource);
  }

  saveReport(report: ImportReport): void {
    this.st.saveReport!.run(report.sourceId, JSON.stringify(report));
  }

  report(sourceId: number): ImportReport | null {
    const row = this.st.report!.get(sourceId) as { report_json: string } | undefined;
    return row ? ImportReport.parse(JSON.parse(row.report_json)) : null;
  }

  reports(): ImportReport[] {
    return (this.st.reports!.all() as { report_json: string }[]).map((r) => ImportReport.parse(JSON.parse(r.report_json)));
  }

  /** Forgets what a source shadows, before its import finds it again. */
  clearShadows(sourceId: number): void {
    this.st.clearShadows!.run(sourceId);
  }

  /** Source `sourceId` provides `runbookId` (at `path`) but another source's copy is served. */
  addShadow(runbookId: string, sourceId: number, path: string | null): void {
    this.st.addShadow!.run(runbookId, sourceId, path);
  }

  /** The copies of `runbookId` that the copy from `servedBy` replaces. */
  overridden(runbookId: string, servedBy: number): RunbookOverride[] {
    return (this.st.overridden!.all(runbookId, servedBy) as { kind: RunbookSourceKind; location: string; path: string | null }[]).map((r) => ({
      source: r.kind,
      location: r.location,
      path: r.path,
    }));
  }

  /** For a source's import report: each of its runbooks that replaces another source's copy. */
  overridesBy(sourceId: number): ImportIssue[] {
    return (this.st.overridesBy!.all(sourceId) as { id: string; file: string | null; kind: RunbookSourceKind; location: string; path: string | null }[]).map((r) => ({
      file: r.file ?? r.id,
      reason: `"${r.id}" replaces the copy from the ${r.kind} source ${r.location}${r.path ? ` (${r.path})` : ''}, which this source takes precedence over`,
    }));
  }
}

function mapSource(r: SourceRow & { runbook_count: number }): RunbookSource {
  return {
    id: r.id,
    kind: r.kind,
    location: r.location,
    addedAt: r.added_at,
    lastSyncedAt: r.last_synced_at,
    lastError: r.last_error,
    runbookCount: r.runbook_count,
  };
}
