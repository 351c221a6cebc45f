import { statSync, watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { structuredPatch } from 'diff';
import { err, ok, type Result } from '../../../shared/result.ts';
import type {
  ImportReport,
  RunbookDetail,
  RunbookDiff,
  RunbookSource,
  SearchResult,
} from '../../../shared/runbooks.ts';
import type { SearchArgs } from '../../../shared/runbooks.ts';
import type { z } from 'zod';
import type { Db } from '../store/connection.ts';
import { toFtsQuery } from './fts-query.ts';
import { importFiles, recordSourceFailure } from './importer.ts';
import { RunbookRepository } from './repository.ts';
import { scanRunbookFolder } from './scan.ts';

type ParsedSearch = z.output<typeof SearchArgs>;

export interface RunbookServiceOptions {
  bundledDir: string;
  clock: () => Date;
  /** Re-import folder sources when their files change. Off in most tests, on in the apps. */
  watch: boolean;
  onChanged: (sourceId: number, imported: number) => void;
}

/** The offline runbook library: sources, import, versions, search. */
export class RunbookService {
  readonly repo: RunbookRepository;
  private readonly watchers = new Map<number, { watcher: FSWatcher; timer: NodeJS.Timeout | null }>();

  constructor(
    db: Db,
    private readonly opts: RunbookServiceOptions,
  ) {
    this.repo = new RunbookRepository(db);
  }

  private now(): string {
    return this.opts.clock().toISOString();
  }

  /** Start-up: the bundled set, then every folder the user added, then `extraFolders`. */
  start(extraFolders: string[] = []): ImportReport[] {
    const bundled = this.repo.ensureSource('bundled', resolve(this.opts.bundledDir), this.now());
    const reports = [this.syncSource(bundled)];
    for (const dir of extraFolders) this.repo.ensureSource('folder', resolve(dir), this.now());
    for (const s of this.repo.sources()) if (s.kind === 'folder') reports.push(this.syncSource(s));
    if (this.opts.watch) for (const s of this.repo.sources()) if (s.kind === 'folder') this.watchSource(s);
    return reports;
  }

  syncSource(source: RunbookSource): ImportReport {
    let files;
    try {
      if (!statSync(source.location).isDirectory()) throw new Error('not a folder');
      files = scanRunbookFolder(source.location);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder not found' : (e as Error).message;
      return recordSourceFailure(this.repo, source, `${source.location}: ${reason}; the runbooks cached from it are kept`, this.now());
    }
    const report = importFiles(this.repo, source, files, this.now());
    if (report.imported > 0) this.opts.onChanged(source.id, report.imported);
    return report;
  }

  addFolder(dir: string): Result<ImportReport> {
    const location = resolve(dir);
    try {
      if (!statSync(location).isDirectory()) return err('invalid', `${location} is not a folder`);
    } catch {
      return err('not_found', `No folder at ${location}`);
    }
    const source = this.repo.ensureSource('folder', location, this.now());
    const report = this.syncSource(source);
    if (this.opts.watch) this.watchSource(source);
    return ok(report);
  }

  removeFolder(sourceId: number): Result<{ removed: boolean }> {
    const s = this.repo.source(sourceId);
    if (!s || s.removed) return err('not_found', `No runbook folder with id ${sourceId}`);
    if (s.kind !== 'folder') return err('invalid', 'Only folders added by you can be removed; the bundled set always stays');
    this.unwatch(sourceId);
    return ok({ removed: this.repo.removeSource(sourceId, this.now()) });
  }

  resync(): ImportReport[] {
    return this.repo.sources().filter((s) => s.kind !== 'platform').map((s) => this.syncSource(s));
  }

  search(args: ParsedSearch): SearchResult {
    const filters = { severity: args.severity, tags: [...new Set(args.tags.map((t) => t.toLowerCase()))], limit: args.limit };
    const q = toFtsQuery(args.query);
    return q === null ? this.repo.filter(filters) : this.repo.search(q, filters);
  }

  get(id: string, version?: number): Result<RunbookDetail> {
    const d = this.repo.get(id, version);
    if (!d) return err('not_found', version ? `Runbook "${id}" has no version ${version}` : `No runbook "${id}"`);
    return ok(d);
  }

  diff(id: string, from: number, to: number): Result<RunbookDiff> {
    const a = this.repo.markdownOf(id, from);
    const b = this.repo.markdownOf(id, to);
    if (a === null || b === null) return err('not_found', `Runbook "${id}" has no version ${a === null ? from : to}`);
    const patch = structuredPatch(`v${from}`, `v${to}`, a, b, '', '', { context: 3 });
    let added = 0;
    let removed = 0;
    const hunks = patch.hunks.map((h) => {
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      const lines = h.lines
        .filter((l) => !l.startsWith('\\'))
        .map((l) => {
          const text = l.slice(1);
          if (l.startsWith('+')) {
            added++;
            return { kind: 'add' as const, text, oldLine: null, newLine: newLine++ };
          }
          if (l.startsWith('-')) {
            removed++;
            return { kind: 'del' as const, text, oldLine: oldLine++, newLine: null };
          }
          return { kind: 'ctx' as const, text, oldLine: oldLine++, newLine: newLine++ };
        });
      return { header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, lines };
    });
    return ok({ id, from, to, added, removed, hunks });
  }

  private watchSource(source: RunbookSource): void {
    if (this.watchers.has(source.id)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(source.location, { recursive: true, persistent: false });
    } catch {
      return; // folder missing: reported by the sync; a later resync or restart picks it up
    }
    const entry = { watcher, timer: null as NodeJS.Timeout | null };
    // Editors save in bursts (temp file, rename, chmod): import once the burst is over.
    watcher.on('change', () => {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = setTimeout(() => {
        entry.timer = null;
        const s = this.repo.sources().find((x) => x.id === source.id);
        if (s) this.syncSource(s);
      }, 300);
    });
    watcher.on('error', () => this.unwatch(source.id));
    this.watchers.set(source.id, entry);
  }

  private unwatch(id: number): void {
    const w = this.watchers.get(id);
    if (!w) return;
    if (w.timer) clearTimeout(w.timer);
    w.watcher.close();
    this.watchers.delete(id);
  }

  close(): void {
    for (const id of [...this.watchers.keys()]) this.unwatch(id);
  }
}
