import type { Db } from '../store/connection.ts';
import type { Statement } from 'better-sqlite3';
import type {
  RunbookDetail,
  RunbookFacets,
  RunbookHit,
  RunbookSourceKind,
  RunbookSummary,
  RunbookVersion,
  Severity,
} from '../../../shared/runbooks.ts';
import type { ParsedRunbook } from './parse.ts';
import { bodySnippet, compileSnippetQuery, leadSnippet, type SnippetQuery } from './snippet.ts';

export interface CurrentRow {
  key: number;
  current_version: number;
  source_id: number;
  path: string | null;
  content_hash: string;
  source_kind: RunbookSourceKind;
  source_location: string;
  source_removed: number;
}

export interface SearchFilters {
  severity: Severity | null;
  tags: string[];
  limit: number;
}

const json = (v: unknown) => JSON.stringify(v);
const strings = (s: string): string[] => JSON.parse(s) as string[];

/**
 * All SQL about runbooks (versions, tags, the search index) lives here; rows leave as the
 * domain types of shared/. Their sources and import reports: source-repository.ts.
 */
export class RunbookRepository {
  private readonly st: Record<string, Statement>;
  private readonly searchStatements = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      current: p(`SELECT r.key, r.current_version, r.source_id, r.path, v.content_hash, s.kind AS source_kind,
                    s.location AS source_location, s.removed_at IS NOT NULL AS source_removed
                  FROM runbooks r
                  JOIN runbook_versions v ON v.runbook_id = r.id AND v.version = r.current_version
                  JOIN runbook_sources s ON s.id = r.source_id
                  WHERE r.id = ?`),
      maxVersion: p('SELECT coalesce(max(version), 0) AS v FROM runbook_versions WHERE runbook_id = ?'),
      insertVersion: p(`INSERT INTO runbook_versions (runbook_id, version, source_id, path, content_hash, markdown,
                          body_text, title, severity_hint, triggers_json, levers_json, owners_json, last_tested,
                          tags_json, imported_at)
                        VALUES (@runbook_id, @version, @source_id, @path, @content_hash, @markdown, @body_text,
                          @title, @severity_hint, @triggers_json, @levers_json, @owners_json, @last_tested,
                          @tags_json, @imported_at)`),
      insertRunbook: p(`INSERT INTO runbooks (id, current_version, source_id, path, title, severity_hint, tags_json, updated_at)
                        VALUES (@id, @version, @source_id, @path, @title, @severity_hint, @tags_json, @updated_at)`),
      updateRunbook: p(`UPDATE runbooks SET current_version = @version, source_id = @source_id, path = @path,
                          title = @title, severity_hint = @severity_hint, tags_json = @tags_json, updated_at = @updated_at
                        WHERE key = @key`),
      deleteTags: p('DELETE FROM runbook_tags WHERE runbook_key = ?'),
      insertTag: p('INSERT OR IGNORE INTO runbook_tags (runbook_key, tag) VALUES (?, ?)'),
      deleteFts: p('DELETE FROM runbooks_fts WHERE rowid = ?'),
      ftsBody: p('SELECT body FROM runbooks_fts WHERE rowid = ?'),
      insertFts: p('INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)'),
      list: p(`SELECT r.id, r.title, r.severity_hint, r.tags_json, r.current_version, r.updated_at, s.kind
               FROM runbooks r JOIN runbook_sources s ON s.id = r.source_id ORDER BY r.title COLLATE NOCASE`),
      version: p(`SELECT v.*, s.kind AS source_kind, s.location AS source_location, s.last_synced_at,
                    r.current_version AS latest, r.source_id AS current_source_id
                  FROM runbook_versions v
                  JOIN runbooks r ON r.id = v.runbook_id
                  JOIN runbook_sources s ON s.id = v.source_id
                  WHERE v.runbook_id = ? AND v.version = coalesce(?, r.current_version)`),
      history: p(`SELECT v.version, v.imported_at, v.path, v.content_hash, v.title, s.kind AS source_kind,
                    s.location AS source_location, length(v.markdown) - length(replace(v.markdown, char(10), '')) + 1 AS line_count
                  FROM runbook_versions v JOIN runbook_sources s ON s.id = v.source_id
                  WHERE v.runbook_id = ? ORDER BY v.version DESC`),
      markdownOf: p('SELECT markdown FROM runbook_versions WHERE runbook_id = ? AND version = ?'),
      tagFacets: p('SELECT tag, count(*) AS n FROM runbook_tags GROUP BY tag ORDER BY n DESC, tag LIMIT 200'),
      severityFacets: p(`SELECT severity_hint AS s, count(*) AS n FROM runbooks WHERE severity_hint IS NOT NULL
                         GROUP BY severity_hint ORDER BY severity_hint`),
      count: p('SELECT count(*) AS n FROM runbooks'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  current(id: string): CurrentRow | undefined {
    return this.st.current!.get(id) as CurrentRow | undefined;
  }

  /** Stores a new version and makes it current, in the caller's transaction. */
  addVersion(rb: ParsedRunbook, sourceId: number, path: string | null, now: string, existing: CurrentRow | undefined): number {
    const fm = rb.frontMatter;
    const version = (this.st.maxVersion!.get(fm.id) as { v: number }).v + 1;
    this.st.insertVersion!.run({
      runbook_id: fm.id,
      version,
      source_id: sourceId,
      path,
      content_hash: rb.contentHash,
      markdown: rb.markdown,
      body_text: rb.searchText,
      title: fm.title,
      severity_hint: fm.severity_hint,
      triggers_json: json(fm.triggers),
      levers_json: json(fm.levers),
      owners_json: json(fm.owners),
      last_tested: fm.last_tested,
      tags_json: json(fm.tags),
      imported_at: now,
    });
    const row = { version, source_id: sourceId, path, title: fm.title, severity_hint: fm.severity_hint, tags_json: json(fm.tags), updated_at: now };
    let key: number;
    if (existing) {
      key = existing.key;
      this.st.updateRunbook!.run({ ...row, key });
      this.st.deleteFts!.run(key);
      this.st.deleteTags!.run(key);
    } else {
      key = Number(this.st.insertRunbook!.run({ ...row, id: fm.id }).lastInsertRowid);
    }
    for (const tag of fm.tags) this.st.insertTag!.run(key, tag);
    this.st.insertFts!.run(key, fm.title, fm.tags.join(' '), rb.searchText);
    return version;
  }

  list(): RunbookSummary[] {
    return (this.st.list!.all() as SummaryRow[]).map(mapSummary);
  }

  facets(): RunbookFacets {
    return {
      tags: (this.st.tagFacets!.all() as { tag: string; n: number }[]).map((r) => ({ tag: r.tag, count: r.n })),
      severities: (this.st.severityFacets!.all() as { s: Severity; n: number }[]).map((r) => ({ severity: r.s, count: r.n })),
      total: (this.st.count!.get() as { n: number }).n,
    };
  }

  /**
   * Ranked full-text search; severity and tag filters run on the base tables, not in FTS.
   * Snippets are made from the hits' bodies in snippet.ts, not by FTS5's snippet().
   */
  search(ftsQuery: string, f: SearchFilters): { hits: RunbookHit[]; truncated: boolean } {
    const rows = this.searchStatement(f.severity !== null, f.tags.length).all(
      ftsQuery,
      ...(f.severity !== null ? [f.severity] : []),
      ...f.tags,
      ...(f.tags.length ? [f.tags.length] : []),
      f.limit + 1,
    ) as HitRow[];
    const words = compileSnippetQuery(ftsQuery);
    return {
      hits: rows.slice(0, f.limit).map((r) => ({ ...mapSummary(r), snippet: this.snippetOf(r, words), rank: r.rank })),
      truncated: rows.length > f.limit,
    };
  }

  /** From the head of the body; the whole body is read only when the snippet reaches past it. */
  private snippetOf(r: HitRow, words: SnippetQuery): string {
    // substr() counts characters, JS counts UTF-16 units: a head this long may have been cut.
    const cut = r.head.length >= SNIPPET_HEAD_CHARS;
    let text = r.head;
    let snippet = bodySnippet(text, words, { cut });
    if (snippet === null && cut) {
      text = (this.st.ftsBody!.get(r.key) as { body: string }).body;
      snippet = bodySnippet(text, words);
    }
    return snippet ?? leadSnippet(text.slice(0, LEAD_CHARS), r.title);
  }

  /** Filter-only listing (no words typed), same shape as search hits. */
  filter(f: SearchFilters): { hits: RunbookHit[]; truncated: boolean } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.severity !== null) {
      where.push('r.severity_hint = ?');
      params.push(f.severity);
    }
    if (f.tags.length) {
      where.push(`r.key IN (SELECT runbook_key FROM runbook_tags WHERE tag IN (${f.tags.map(() => '?').join(',')})
                  GROUP BY runbook_key HAVING count(*) = ?)`);
      params.push(...f.tags, f.tags.length);
    }
    const rows = this.db
      .prepare(
        `SELECT r.id, r.title, r.severity_hint, r.tags_json, r.current_version, r.updated_at, s.kind,
           substr(v.body_text, 1, ${LEAD_CHARS}) AS snippet
         FROM runbooks r JOIN runbook_sources s ON s.id = r.source_id
         JOIN runbook_versions v ON v.runbook_id = r.id AND v.version = r.current_version
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY r.title COLLATE NOCASE LIMIT ?`,
      )
      .all(...params, f.limit + 1) as (SummaryRow & { snippet: string })[];
    return {
      hits: rows.slice(0, f.limit).map((r) => ({ ...mapSummary(r), snippet: leadSnippet(r.snippet, r.title), rank: 0 })),
      truncated: rows.length > f.limit,
    };
  }

  /**
   * Ranks in a subquery that carries only rowid and bm25 score, so FTS5 scores the matches and
   * nothing else. Only filters join the base table there: the join costs a lookup per match,
   * and every runbooks_fts row has its runbooks row (addVersion writes both). The page's few
   * rows are then joined to their summaries and to the head of their body as runbooks_fts
   * holds it: the current version's search text, stored after the short title and tags (in
   * runbook_versions it sits behind the whole Markdown, which SQLite would read through).
   */
  private searchStatement(bySeverity: boolean, tagCount: number): Statement {
    const key = `${bySeverity}:${tagCount}`;
    let st = this.searchStatements.get(key);
    if (!st) {
      const filters = [
        bySeverity ? 'AND r.severity_hint = ?' : '',
        tagCount
          ? `AND r.key IN (SELECT runbook_key FROM runbook_tags WHERE tag IN (${Array(tagCount).fill('?').join(',')})
               GROUP BY runbook_key HAVING count(*) = ?)`
          : '',
      ].join(' ');
      st = this.db.prepare(`SELECT h.key, r.id, r.title, r.severity_hint, r.tags_json, r.current_version, r.updated_at, s.kind,
          substr(b.body, 1, ${SNIPPET_HEAD_CHARS}) AS head, h.score AS rank
        FROM (SELECT f.rowid AS key, ${BM25} AS score
              FROM runbooks_fts f ${bySeverity || tagCount ? 'JOIN runbooks r ON r.key = f.rowid' : ''}
              WHERE runbooks_fts MATCH ? ${filters}
              ORDER BY score LIMIT ?) h
        JOIN runbooks r ON r.key = h.key JOIN runbook_sources s ON s.id = r.source_id
        JOIN runbooks_fts b ON b.rowid = h.key
        ORDER BY h.score`);
      this.searchStatements.set(key, st);
    }
    return st;
  }

  /** A version of a runbook, and which source it came from (the one serving the runbook now, or another). */
  get(id: string, version: number | undefined): { detail: RunbookDetail; sourceId: number; served: boolean } | null {
    const r = this.st.version!.get(id, version ?? null) as VersionRow | undefined;
    if (!r) return null;
    return { detail: mapDetail(r), sourceId: r.source_id, served: r.source_id === r.current_source_id };
  }

  history(id: string): RunbookVersion[] {
    return (this.st.history!.all(id) as HistoryRow[]).map((r) => ({
      version: r.version,
      importedAt: r.imported_at,
      source: r.source_kind,
      sourceLocation: r.source_location,
      path: r.path,
      contentHash: r.content_hash,
      title: r.title,
      lineCount: r.line_count,
    }));
  }

  markdownOf(id: string, version: number): string | null {
    return (this.st.markdownOf!.get(id, version) as { markdown: string } | undefined)?.markdown ?? null;
  }
}

/** The rank config of 0001_runbooks.sql as a call: title 10, tags 5, body 1. Same value as `rank`. */
const BM25 = 'bm25(runbooks_fts, 10.0, 5.0, 1.0)';
/** Characters of the body a lead snippet is cut from. */
const LEAD_CHARS = 400;
/**
 * Characters of a hit's body returned with the page. SQLite reads the whole body either way;
 * the head spares turning all of it into a JS string. On the 10,000-runbook bench about 4% of
 * snippets need more than this, read by a second lookup.
 */
const SNIPPET_HEAD_CHARS = 2048;

/**
 * What the benchmark runs as "raw FTS5": the statement a developer would write for ranked
 * hits with highlighted snippets, with no join, filter or mapping.
 */
export const RAW_FTS_STATEMENT = `SELECT rowid, snippet(runbooks_fts, 2, char(1), char(2), '…', 14) AS snippet, rank
  FROM runbooks_fts WHERE runbooks_fts MATCH ? ORDER BY rank LIMIT ?`;
/** The ranking alone, as search() ranks: the floor under any search, whatever makes its snippets. */
export const RAW_FTS_RANKING_STATEMENT = `SELECT rowid, ${BM25} AS rank
  FROM runbooks_fts WHERE runbooks_fts MATCH ? ORDER BY rank LIMIT ?`;

interface HitRow extends SummaryRow {
  key: number;
  head: string;
  rank: number;
}
interface SummaryRow {
  id: string;
  title: string;
  severity_hint: string | null;
  tags_json: string;
  current_version: number;
  updated_at: string;
  kind: RunbookSourceKind;
}
interface VersionRow {
  runbook_id: string;
  version: number;
  source_id: number;
  current_source_id: number;
  latest: number;
  title: string;
  severity_hint: string | null;
  triggers_json: string;
  levers_json: string;
  owners_json: string;
  last_tested: string | null;
  tags_json: string;
  markdown: string;
  path: string | null;
  imported_at: string;
  source_kind: RunbookSourceKind;
  source_location: string;
  last_synced_at: string | null;
}
interface HistoryRow {
  version: number;
  imported_at: string;
  path: string | null;
  content_hash: string;
  title: string;
  source_kind: RunbookSourceKind;
  source_location: string;
  line_count: number;
}

function mapSummary(r: SummaryRow): RunbookSummary {
  return {
    id: r.id,
    title: r.title,
    severityHint: r.severity_hint as Severity | null,
    tags: strings(r.tags_json),
    version: r.current_version,
    source: r.kind,
    updatedAt: r.updated_at,
  };
}

function mapDetail(r: VersionRow): RunbookDetail {
  return {
    id: r.runbook_id,
    version: r.version,
    latestVersion: r.latest,
    title: r.title,
    severityHint: r.severity_hint as Severity | null,
    triggers: strings(r.triggers_json),
    levers: strings(r.levers_json),
    owners: strings(r.owners_json),
    lastTested: r.last_tested,
    tags: strings(r.tags_json),
    markdown: r.markdown,
    body: r.markdown.replace(/^---[\s\S]*?\n(?:---|\.\.\.)[ \t]*\r?\n?/, ''),
    source: { kind: r.source_kind, location: r.source_location, path: r.path },
    importedAt: r.imported_at,
    lastSyncedAt: r.last_synced_at,
  };
}
