import { statSync, watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { err, ok, type Result } from '../../../shared/result.ts';
import type {
  ImportReport,
  RunbookDetail,
  RunbookDiff,
  RunbookFacets,
  RunbookSource,
  RunbookSummary,
  RunbookVersion,
  SearchArgs,
  SearchResult,
} from '../../../shared/runbooks.ts';
import { isDamage, type Db, type OpenOptions } from '../store/connection.ts';
import type { Migration } from '../store/migrate.ts';
import { damageSummary, openCache, setAside, type CacheRebuild } from '../store/rebuildable.ts';
import { diffMarkdown } from './diff.ts';
import type { RunbookFolderRepository } from './folder-repository.ts';
import { toFtsQuery } from './fts-query.ts';
import { importFiles, recordSourceFailure, type RunbookStores } from './importer.ts';
import { RunbookRepository } from './repository.ts';
import { scanRunbookFolder, type RunbookFile } from './scan.ts';
import { RunbookSourceRepository } from './source-repository.ts';

type ParsedSearch = z.output<typeof SearchArgs>;

export interface RunbookCacheOptions {
  /** runbook-cache.db in the profile's folder. */
  path: string;
  migrations: Migration[];
  open: Pick<OpenOptions, 'nativeBinding' | 'busyTimeoutMs' | 'secrets'>;
}

export interface RunbookServiceOptions {
  bundledDir: string;
  clock: () => Date;
  /** Re-import folder sources when their files change. Off in most tests, on in the apps. */
  watch: boolean;
  onChanged: (sourceId: number, imported: number) => void;
  /** The cache and its search index: rebuilt from the sources whenever it is damaged or missing. */
  cache: RunbookCacheOptions;
  /** The folders the user added: configuration, kept with the records, surviving any rebuild. */
  folders: RunbookFolderRepository;
  /** Where a rebuild of the cache is told (the core's log). */
  log: (line: string) => void;
}

/**
 * The offline runbook library: sources, import, versions, search, over a cache file of its own.
 * Damage to that file, found when it opens or by any query later, is never an outage: the file
 * is moved aside and the library imported again from its sources.
 */
export class RunbookService {
  private db: Db;
  private stores: RunbookStores;
  /** Said in the bundled set's import reports for the rest of this run once the cache was rebuilt. */
  private notice: string | null = null;
  private rebuilding = false;
  private readonly watchers = new Map<number, { watcher: FSWatcher; timer: NodeJS.Timeout | null }>();

  constructor(private readonly opts: RunbookServiceOptions) {
    const opened = openCache(opts.cache.path, opts.cache.migrations, opts.cache.open);
    this.db = opened.db;
    this.stores = storesOver(opened.db);
    if (opened.rebuilt) this.announceRebuild(opened.rebuilt);
  }

  private announceRebuild(r: CacheRebuild): void {
    this.notice =
      `The runbook cache was damaged (${r.reason}) and has been rebuilt from the runbook sources; ` +
      `the damaged file was kept as ${r.keptAs}. Version history from before the rebuild is not kept.`;
    this.opts.log(`runbook cache ${r.path} was damaged (${r.reason}): rebuilt from the runbook sources; the damaged file is kept as ${r.keptAs}`);
  }

  /** The cache's connection now (a rebuild replaces it). For benches and tests. */
  get cacheDb(): Db {
    return this.db;
  }

  private now(): string {
    return this.opts.clock().toISOString();
  }

  /** Start-up: `extraFolders` (--runbooks) join the configured folders; the bundled set, then every folder, is imported. */
  start(extraFolders: string[] = []): ImportReport[] {
    for (const dir of extraFolders) this.opts.folders.add(resolve(dir), this.now());
    return this.guard(() => this.importAll());
  }

  /**
   * Brings the cache's sources in line with the configuration (the bundled set where the app
   * is now, the configured folders) and imports each.
   */
  private importAll(): ImportReport[] {
    const { sources } = this.stores;
    const now = this.now();
    const bundled = sources.ensureSource('bundled', resolve(this.opts.bundledDir), now);
    const configured = this.opts.folders.list().map((f) => f.location);
    const folders = configured.map((location) => sources.ensureSource('folder', location, now));
    for (const s of sources.sources()) {
      const stale = s.kind === 'bundled' ? s.id !== bundled.id : s.kind === 'folder' && !configured.includes(s.location);
      if (stale) sources.removeSource(s.id, now);
    }
    const reports = [bundled, ...folders].map((s) => this.syncSource(s));
    if (this.opts.watch) for (const s of folders) this.watchSource(s);
    // As stored: another source's import may have added to a report made before it (a file it now shadows).
    return reports.map((r) => sources.report(r.sourceId) ?? r);
  }

  private syncSource(source: RunbookSource, location = source.location): ImportReport {
    let files: RunbookFile[];
    try {
      if (!statSync(location).isDirectory()) throw new Error('not a folder');
      files = scanRunbookFolder(location);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder not found' : (e as Error).message;
      return this.told(recordSourceFailure(this.stores, source, `${source.location}: ${reason}; the runbooks cached from it are kept`, this.now()));
    }
    const report = this.told(importFiles(this.stores, source, files, this.now()));
    if (report.imported > 0) this.opts.onChanged(source.id, report.imported);
    return report;
  }

  /** The bundled set's report is where a rebuild of the cache is said (Settings → Import report, serve's start-up lines). */
  private told(report: ImportReport): ImportReport {
    if (report.source !== 'bundled' || this.notice === null) return report;
    const out = { ...report, error: report.error ? `${this.notice} ${report.error}` : this.notice };
    this.stores.sources.saveReport(out);
    return out;
  }

  addFolder(dir: string): Result<ImportReport> {
    const location = resolve(dir);
    try {
      if (!statSync(location).isDirectory()) return err('invalid', `${location} is not a folder`);
    } catch {
      return err('not_found', `No folder at ${location}`);
    }
    this.opts.folders.add(location, this.now());
    return this.guard(() => {
      const source = this.stores.sources.ensureSource('folder', location, this.now());
      // The location as given: what is stored may have had a secret redacted out of it.
      const report = this.syncSource(source, location);
      if (this.opts.watch) this.watchSource(source, location);
      return ok(report);
    });
  }

  removeFolder(sourceId: number): Result<{ removed: boolean }> {
    return this.guard(() => {
      const { sources } = this.stores;
      const s = sources.source(sourceId);
      if (!s || s.removed) return err('not_found', `No runbook folder with id ${sourceId}`);
      if (s.kind !== 'folder') return err('invalid', 'Only folders added by you can be removed; the bundled set always stays');
      this.unwatch(sourceId);
      this.opts.folders.remove(s.location);
      return ok({ removed: sources.removeSource(sourceId, this.now()) });
    });
  }

  resync(): ImportReport[] {
    return this.guard(() => this.stores.sources.sources().filter((s) => s.kind !== 'platform').map((s) => this.syncSource(s)));
  }

  search(args: ParsedSearch): SearchResult {
    const filters = { severity: args.severity, tags: [...new Set(args.tags.map((t) => t.toLowerCase()))], limit: args.limit };
    const q = toFtsQuery(args.query);
    return this.guard(() => (q === null ? this.stores.runbooks.filter(filters) : this.stores.runbooks.search(q, filters)));
  }

  list(): RunbookSummary[] {
    return this.guard(() => this.stores.runbooks.list());
  }

  facets(): RunbookFacets {
    return this.guard(() => this.stores.runbooks.facets());
  }

  history(id: string): RunbookVersion[] {
    return this.guard(() => this.stores.runbooks.history(id));
  }

  sources(): RunbookSource[] {
    return this.guard(() => this.stores.sources.sources());
  }

  reports(): ImportReport[] {
    return this.guard(() => this.stores.sources.reports());
  }

  get(id: string, version?: number): Result<RunbookDetail> {
    return this.guard(() => {
      const found = this.stores.runbooks.get(id, version);
      if (!found) return err('not_found', version ? `Runbook "${id}" has no version ${version}` : `No runbook "${id}"`);
      const overrides = found.served ? this.stores.sources.overridden(id, found.sourceId) : [];
      return ok(overrides.length ? { ...found.detail, overrides } : found.detail);
    });
  }

  diff(id: string, from: number, to: number): Result<RunbookDiff> {
    return this.guard(() => {
      const a = this.stores.runbooks.markdownOf(id, from);
      const b = this.stores.runbooks.markdownOf(id, to);
      if (a === null || b === null) return err('not_found', `Runbook "${id}" has no version ${a === null ? from : to}`);
      return ok(diffMarkdown(id, from, to, a, b));
    });
  }

  /**
   * Runs a cache query; if it meets damage (SQLITE_CORRUPT, a page that is not a database),
   * rebuilds the cache and runs it once more. Everything is synchronous, so nothing else
   * reads the old connection in between.
   */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!isDamage(e) || this.rebuilding) throw e;
      this.rebuild(damageSummary(e));
      return fn();
    }
  }

  /** Moves the damaged cache aside and imports every source into a new one. */
  private rebuild(reason: string): void {
    this.rebuilding = true;
    try {
      for (const id of [...this.watchers.keys()]) this.unwatch(id);
      this.db.close();
      const keptAs = setAside(this.opts.cache.path);
      const opened = openCache(this.opts.cache.path, this.opts.cache.migrations, this.opts.cache.open);
      this.db = opened.db;
      this.stores = storesOver(opened.db);
      this.announceRebuild(opened.rebuilt ?? { path: this.opts.cache.path, reason, keptAs });
      this.importAll();
    } finally {
      this.rebuilding = false;
    }
  }

  private watchSource(source: RunbookSource, location = source.location): void {
    if (this.watchers.has(source.id)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(location, { recursive: true, persistent: false });
    } catch {
      return; // folder missing: reported by the sync; a later resync or restart picks it up
    }
    const entry = { watcher, timer: null as NodeJS.Timeout | null };
    // Editors save in bursts (temp file, rename, chmod): import once the burst is over.
    watcher.on('change', () => {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = setTimeout(() => {
        entry.timer = null;
        try {
          this.guard(() => {
            const s = this.stores.sources.source(source.id);
            if (s && !s.removed) this.syncSource(s, location);
          });
        } catch (e) {
          // A timer has no caller to tell: the log does, and the next resync or start tries again.
          this.opts.log(`runbook folder ${location} could not be re-imported: ${(e as Error).message}`);
        }
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
    if (this.db.open) this.db.close();
  }
}

function storesOver(db: Db): RunbookStores {
  return { runbooks: new RunbookRepository(db), sources: new RunbookSourceRepository(db) };
}
