import type { ImportReport, RunbookSource, RunbookSourceKind } from '../../../shared/runbooks.ts';
import { parseRunbook, type ParsedRunbook } from './parse.ts';
import type { RunbookRepository } from './repository.ts';
import type { RunbookFile } from './scan.ts';

/**
 * Which source wins when two provide the same id: the team's own folder (a checkout of
 * docs/runbooks) and the platform's endpoint over the starter set bundled with the app.
 */
const PRECEDENCE: Record<RunbookSourceKind, number> = { bundled: 0, platform: 1, folder: 1 };

/**
 * Imports one source's files in a single transaction: a crash or a bad file never loses what
 * is already cached. Bad files are reported with the reason; the good ones import.
 */
export function importFiles(repo: RunbookRepository, source: RunbookSource, files: RunbookFile[], now: string): ImportReport {
  const report: ImportReport = {
    sourceId: source.id,
    source: source.kind,
    location: source.location,
    at: now,
    scanned: files.length,
    imported: 0,
    unchanged: 0,
    rejected: [],
    shadowed: [],
    error: null,
  };
  const parsed: { file: RunbookFile; rb: ParsedRunbook }[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const out = parseRunbook(file.bytes, file.size);
    if (!out.ok) {
      report.rejected.push({ file: file.relPath, reason: out.reason });
      continue;
    }
    const id = out.runbook.frontMatter.id;
    const first = seen.get(id);
    if (first !== undefined) {
      report.rejected.push({ file: file.relPath, reason: `duplicate id "${id}": already defined in ${first}` });
      continue;
    }
    seen.set(id, file.relPath);
    parsed.push({ file, rb: out.runbook });
  }

  repo.transaction(() => {
    for (const { file, rb } of parsed) {
      const id = rb.frontMatter.id;
      const existing = repo.current(id);
      // Equal precedence: the source that has it keeps it (two folders must not take turns forever).
      // A removed source no longer holds anything.
      if (existing && existing.source_id !== source.id && !existing.source_removed && PRECEDENCE[existing.source_kind] >= PRECEDENCE[source.kind]) {
        report.shadowed.push({ file: file.relPath, reason: `"${id}" is provided by the ${existing.source_kind} source ${existing.source_location}, which takes precedence` });
        continue;
      }
      if (existing && existing.content_hash === rb.contentHash && existing.source_id === source.id) {
        report.unchanged++;
        continue;
      }
      repo.addVersion(rb, source.id, file.relPath, now, existing);
      report.imported++;
    }
    repo.markSynced(source.id, now, null);
    repo.saveReport(report);
  });
  return report;
}

/** Records a whole-source failure (folder gone, unreadable) without touching cached runbooks. */
export function recordSourceFailure(repo: RunbookRepository, source: RunbookSource, error: string, now: string): ImportReport {
  const report: ImportReport = {
    sourceId: source.id,
    source: source.kind,
    location: source.location,
    at: now,
    scanned: 0,
    imported: 0,
    unchanged: 0,
    rejected: [],
    shadowed: [],
    error,
  };
  repo.transaction(() => {
    repo.markSynced(source.id, source.lastSyncedAt ?? now, error);
    repo.saveReport(report);
  });
  return report;
}
