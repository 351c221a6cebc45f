import type { ImportReport, RunbookSource, RunbookSourceKind } from '../../../shared/runbooks.ts';
import { parseRunbook, type ParsedRunbook } from './parse.ts';
import type { CurrentRow, RunbookRepository } from './repository.ts';
import type { RunbookFile } from './scan.ts';
import type { RunbookSourceRepository } from './source-repository.ts';

/**
 * Which source wins when two provide the same id: the team's own folder (a checkout of
 * docs/runbooks) and the platform's endpoint over the starter set bundled with the app.
 */
const PRECEDENCE: Record<RunbookSourceKind, number> = { bundled: 0, platform: 1, folder: 1 };

export interface RunbookStores {
  runbooks: RunbookRepository;
  sources: RunbookSourceRepository;
}

const shadowReason = (id: string, holder: Pick<CurrentRow, 'source_kind' | 'source_location'>) =>
  `"${id}" is provided by the ${holder.source_kind} source ${holder.source_location}, which takes precedence`;

/**
 * Imports one source's files in a single transaction: a crash or a bad file never loses what
 * is already cached. Bad files are reported with the reason; the good ones import. A runbook
 * that replaces another source's copy says so in both sources' reports and on the runbook.
 */
export function importFiles(stores: RunbookStores, source: RunbookSource, files: RunbookFile[], now: string): ImportReport {
  const { runbooks, sources } = stores;
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
    overrides: [],
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

  runbooks.transaction(() => {
    sources.clearShadows(source.id);
    for (const { file, rb } of parsed) {
      const id = rb.frontMatter.id;
      const existing = runbooks.current(id);
      const other = existing && existing.source_id !== source.id && !existing.source_removed ? existing : null;
      // Equal precedence: the source that has it keeps it (two folders must not take turns forever).
      // A removed source no longer holds anything.
      if (other && PRECEDENCE[other.source_kind] >= PRECEDENCE[source.kind]) {
        report.shadowed.push({ file: file.relPath, reason: shadowReason(id, other) });
        sources.addShadow(id, source.id, file.relPath);
        continue;
      }
      if (existing && existing.content_hash === rb.contentHash && existing.source_id === source.id) {
        report.unchanged++;
        continue;
      }
      if (other) takeOver(sources, other, id, source);
      runbooks.addVersion(rb, source.id, file.relPath, now, existing);
      report.imported++;
    }
    report.overrides = sources.overridesBy(source.id);
    sources.markSynced(source.id, now, null);
    sources.saveReport(report);
  });
  return report;
}

/**
 * `source` now serves `id` in place of `from`'s copy: `from` keeps a shadow of it, and its last
 * report says its file is skipped now, without waiting for its next import to find out.
 */
function takeOver(sources: RunbookSourceRepository, from: CurrentRow, id: string, source: RunbookSource): void {
  sources.addShadow(id, from.source_id, from.path);
  const theirs = sources.report(from.source_id);
  const file = from.path ?? id;
  if (!theirs || theirs.shadowed.some((s) => s.file === file)) return;
  theirs.shadowed.push({ file, reason: shadowReason(id, { source_kind: source.kind, source_location: source.location }) });
  sources.saveReport(theirs);
}

/** Records a whole-source failure (folder gone, unreadable) without touching cached runbooks. */
export function recordSourceFailure(stores: RunbookStores, source: RunbookSource, error: string, now: string): ImportReport {
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
  stores.runbooks.transaction(() => {
    stores.sources.markSynced(source.id, source.lastSyncedAt ?? now, error);
    stores.sources.saveReport(report);
  });
  return report;
}
