/**
 * Runbook library benchmark (`npm run bench`): imports a seeded library of realistic runbooks
 * through the real core, then measures search on the same database: the ConsoleApi path the UI
 * uses; two bare FTS5 baselines, the statement a developer would write (bm25 rank + snippet())
 * and its ranking alone (bm25 top 51, no snippet: the floor under any search); grep over the
 * same folder; and the same API over HTTP. Prints figures beside their baselines; never fails on
 * a missed target, only on errors or when the API and the bare statement disagree about what
 * was found or about which hits have a highlighted word.
 *
 *   BENCH_RUNBOOKS=500 npm run bench     a quick run on a smaller library
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleCore, type CallContext, type ConsoleCore } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { appPaths } from '../../electron/core/paths.ts';
import { toFtsQuery } from '../../electron/core/runbooks/fts-query.ts';
import { RAW_FTS_RANKING_STATEMENT, RAW_FTS_STATEMENT } from '../../electron/core/runbooks/repository.ts';
import { startServe, type RunningServe } from '../../electron/serve/server.ts';
import type { Result } from '../../shared/result.ts';
import { SNIPPET_OPEN, type SearchArgs, type SearchResult, type Severity } from '../../shared/runbooks.ts';
import { apiBreakdown } from './api-breakdown.ts';
import { generateRunbooks, MAX_RUNBOOK_BYTES, MIN_RUNBOOK_BYTES } from './generate-runbooks.ts';
import { elapsedMs, formatMs, formatRatio, LatencySamples, renderTable, timed } from './latency.ts';
import { RAILS, TOPICS } from './oncall-vocabulary.ts';
import { buildQueries, type BenchQuery } from './search-queries.ts';
import { SeededRandom } from './seeded-random.ts';

const LIBRARY_SEED = 0x5eed_2026;
const QUERY_SEED = 0x0c_a11;
const ORDER_SEED = 0x0de_0de;
const QUERY_COUNT = 320;
const GREP_QUERY_COUNT = 30;
const ROUNDS = 3;
const BREAKDOWN_ROUNDS = 2;
/** What the UI asks for (limit 50) plus the one extra row that tells it "more than 50". */
const PAGE = 50;
const TARGET_API_VS_RAW_P95 = 1.3;
const TARGET_GREP_VS_API_P50 = 50;

const IPC: CallContext = { transport: 'ipc', role: 'operator' };

interface RawRow {
  rowid: number;
  snippet: string;
  rank: number;
}

async function main(): Promise<void> {
  const runbookCount = readRunbookCount();
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const paths = appPaths(root);
  const tmp = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  let core: ConsoleCore | null = null;
  let serve: RunningServe | null = null;
  const cleanUp = () => rmSync(tmp, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });

  try {
    console.log(`Runbook search bench — ${runbookCount.toLocaleString('en')} runbooks`);
    console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, temp ${tmp}\n`);

    // 1. A seeded library on disk.
    const libDir = join(tmp, 'runbooks');
    let t0 = process.hrtime.bigint();
    const lib = generateRunbooks(libDir, runbookCount, LIBRARY_SEED);
    console.log(
      `generated ${lib.count.toLocaleString('en')} runbooks in ${formatMs(elapsedMs(t0))}: ` +
        `${(lib.totalBytes / 1024 / 1024).toFixed(1)} MiB, ${kib(lib.minBytes)}–${kib(lib.maxBytes)} each ` +
        `(wanted ${kib(MIN_RUNBOOK_BYTES)}–${kib(MAX_RUNBOOK_BYTES)}), seed ${hex(LIBRARY_SEED)}`,
    );
    if (lib.count > 0 && (lib.minBytes < MIN_RUNBOOK_BYTES || lib.maxBytes > MAX_RUNBOOK_BYTES))
      throw new Error('the generator produced runbooks outside the 4–12 KiB range');

    // 2. Import: a fresh profile with that folder, the way `serve --runbooks DIR` starts.
    const dataDir = join(tmp, 'data');
    t0 = process.hrtime.bigint();
    core = createConsoleCore({
      dataDir,
      version: 'bench',
      migrationsDir: paths.migrationsDir,
      bundledRunbooksDir: paths.bundledRunbooksDir,
      runbookFolders: [libDir],
      watch: false,
    });
    const importMs = elapsedMs(t0);
    const folder = core.startupReports.find((r) => r.source === 'folder');
    if (!folder || folder.error || folder.imported !== runbookCount || folder.rejected.length > 0)
      throw new Error(`import went wrong: ${JSON.stringify(folder ? { ...folder, rejected: folder.rejected.slice(0, 3) } : core.startupReports)}`);
    const bundled = core.startupReports.find((r) => r.source === 'bundled')?.imported ?? 0;
    const dbBytes = fileSize(join(dataDir, 'runbook-cache.db'));
    const walBytes = fileSize(join(dataDir, 'runbook-cache.db-wal'));
    const sqlite = (core.cacheDb().prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    console.log(
      `import: createConsoleCore on a fresh data dir (migrations, ${bundled} bundled, ${runbookCount.toLocaleString('en')} from the folder) ` +
        `took ${formatMs(importMs)} = ${Math.round(runbookCount / (importMs / 1000)).toLocaleString('en')} runbooks/s; ` +
        `database ${mib(dbBytes)} + WAL ${mib(walBytes)} right after the import, SQLite ${sqlite}\n`,
    );

    // 3. The ways to search, all over the same database and folder.
    const queries = buildQueries(QUERY_COUNT, QUERY_SEED);
    const ftsOf = queries.map((q) => {
      const m = toFtsQuery(q.query);
      if (m === null) throw new Error(`query "${q.query}" has no words: it would list, not search`);
      return m;
    });
    const rawStatement = core.cacheDb().prepare(RAW_FTS_STATEMENT);
    const rankingStatement = core.cacheDb().prepare(RAW_FTS_RANKING_STATEMENT);
    const idByKey = new Map((core.cacheDb().prepare('SELECT key, id FROM runbooks').all() as { key: number; id: string }[]).map((r) => [r.key, r.id]));
    const token = randomBytes(24).toString('base64url');
    const rendererDir = join(tmp, 'renderer'); // serve insists on a built UI; search never touches it
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>bench</title>');
    serve = await startServe({ core, rendererDir, role: 'operator', token });
    const searchUrl = `${serve.url}/api/runbooks.search`;

    const liveCore = core;
    const api = async (args: SearchArgs) =>
      expectOk((await dispatch(liveCore.handlers, 'runbooks.search', args, IPC)) as Result<SearchResult>, args.query ?? '');
    const raw = (i: number) => rawStatement.all(ftsOf[i], PAGE + 1) as RawRow[];
    const ranking = (i: number) => rankingStatement.all(ftsOf[i], PAGE + 1) as { rowid: number; rank: number }[];
    const http = async (i: number) => {
      const res = await fetch(searchUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: queries[i]!.query }),
      });
      return expectOk((await res.json()) as Result<SearchResult>, queries[i]!.query);
    };
    const grepWord = (i: number) => /[\p{L}\p{N}]+/u.exec(queries[i]!.query.normalize('NFKC'))![0];
    const grep = (i: number) => {
      // LC_ALL=C: grep's fastest mode, so the comparison flatters grep, not us.
      const r = spawnSync('grep', ['-ril', '--', grepWord(i), libDir], {
        env: { ...process.env, LC_ALL: 'C' },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (r.error) throw r.error;
      if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed (${r.status}): ${r.stderr}`);
      return r.stdout === '' ? 0 : r.stdout.trimEnd().split('\n').length;
    };
    const filterRnd = new SeededRandom(QUERY_SEED + 1);
    const filters = queries.map((): Pick<SearchArgs, 'severity' | 'tags'> => {
      const severity = filterRnd.pick<Severity>(['SEV1', 'SEV2', 'SEV3']);
      const tag = filterRnd.pick([...RAILS, ...TOPICS.map((t) => t.tags[0]!)]);
      const which = filterRnd.int(0, 2);
      return which === 0 ? { severity } : which === 1 ? { tags: [tag] } : { severity, tags: [tag] };
    });

    // 4. Warm-up, and the correctness check: every query, the API and the bare statement
    // must agree on which runbooks come first, and every hit whose snippet() marks a word must
    // have a marked word in the API's snippet too; HTTP must answer what IPC answers. Snippet
    // texts are compared only for the record: the API builds its own (see snippet.ts).
    t0 = process.hrtime.bigint();
    const apiFirst: SearchResult[] = [];
    const disagreements: string[] = [];
    const snippets = { hits: 0, sameText: 0, rawMarked: 0 };
    for (let i = 0; i < queries.length; i++) {
      const viaApi = await api({ query: queries[i]!.query });
      const viaRaw = raw(i);
      ranking(i);
      const viaHttp = await http(i);
      await api({ query: queries[i]!.query, ...filters[i] });
      apiFirst.push(viaApi);
      const problem = compareWithRaw(viaApi, viaRaw, idByKey) ?? compareMarks(viaApi, viaRaw, idByKey, snippets);
      if (problem) disagreements.push(`"${queries[i]!.query}" (MATCH ${ftsOf[i]}): ${problem}`);
      if (ids(viaHttp).join() !== ids(viaApi).join()) disagreements.push(`"${queries[i]!.query}": HTTP and IPC answered different hits`);
    }
    grep(0);
    if (disagreements.length > 0)
      throw new Error(`the API and the raw FTS5 statement disagree on ${disagreements.length} of ${queries.length} queries:\n  ${disagreements.slice(0, 10).join('\n  ')}`);
    const withHits = apiFirst.filter((r) => r.hits.length > 0).length;
    const fullPage = apiFirst.filter((r) => r.truncated).length;
    console.log(
      `queries: ${queries.length} (seed ${hex(QUERY_SEED)}), ${count(queries, 'word')} ending on a whole word as typed, ` +
        `${count(queries, 'prefix')} cut mid-word, ${count(queries, 'space')} ending in a space; no filters`,
    );
    console.log(
      `hits: ${pct(withHits, queries.length)} of queries find ≥ 1 runbook, ${pct(fullPage, queries.length)} fill the page (> ${PAGE}); ` +
        `zero hits: ${listSome(queries.filter((_, i) => apiFirst[i]!.hits.length === 0).map((q) => JSON.stringify(q.query)))}`,
    );
    console.log(
      `check: API and raw FTS5 return the same top ids (order, rank, truncation) for all ${queries.length} queries; HTTP matches IPC; ` +
        `all ${snippets.rawMarked.toLocaleString('en')} hits whose snippet() marks a word have a marked word in the API's snippet`,
    );
    console.log(
      `snippets (not checked): ${pct(snippets.sameText, snippets.hits)} of ${snippets.hits.toLocaleString('en')} API snippets are ` +
        `snippet()'s text exactly; the others show the first match's window where snippet() found a better-scoring one later in the body`,
    );
    console.log(`warm-up: every query once each way, in ${formatMs(elapsedMs(t0))}\n`);

    // 5. Measure, interleaved: each query runs every way back to back, in an order that rotates,
    // so a noisy moment on the machine lands on all of them alike.
    const order = new SeededRandom(ORDER_SEED);
    const grepSubset = new Set(order.sample(queries.map((_, i) => i), Math.min(GREP_QUERY_COUNT, queries.length)));
    const s = {
      api: new LatencySamples('API'),
      raw: new LatencySamples('raw FTS5'),
      ranking: new LatencySamples('raw FTS5 ranking only'),
      http: new LatencySamples('HTTP'),
      filtered: new LatencySamples('API with a filter'),
      grep: new LatencySamples('grep'),
      apiOnGrepSubset: new LatencySamples('API on the grep queries'),
      rankingOnGrepSubset: new LatencySamples('raw FTS5 ranking only on the grep queries'),
    };
    t0 = process.hrtime.bigint();
    for (let round = 0; round < ROUNDS; round++) {
      const indices = order.shuffle(queries.map((_, i) => i));
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        const ways: (() => Promise<unknown>)[] = [
          async () => {
            const t = process.hrtime.bigint();
            await api({ query: queries[i]!.query });
            const ns = process.hrtime.bigint() - t;
            s.api.add(ns);
            if (grepSubset.has(i)) s.apiOnGrepSubset.add(ns);
          },
          () => timed(s.raw, () => raw(i)),
          async () => {
            const t = process.hrtime.bigint();
            ranking(i);
            const ns = process.hrtime.bigint() - t;
            s.ranking.add(ns);
            if (grepSubset.has(i)) s.rankingOnGrepSubset.add(ns);
          },
          () => timed(s.http, () => http(i)),
          () => timed(s.filtered, () => api({ query: queries[i]!.query, ...filters[i] })),
        ];
        if (round === 0 && grepSubset.has(i)) ways.push(() => timed(s.grep, () => grep(i)));
        const shift = (k + round) % ways.length;
        for (const way of [...ways.slice(shift), ...ways.slice(0, shift)]) await way();
      }
    }
    console.log(
      `measured: ${ROUNDS} rounds × ${queries.length} queries × (API, raw FTS5, raw FTS5 ranking only, HTTP, API with a filter), ` +
        `plus grep on ${grepSubset.size} of them, interleaved, in ${formatMs(elapsedMs(t0))}\n`,
    );

    // 6. The table.
    const apiVsRaw = s.api.p95 / s.raw.p95;
    const grepVsApi = s.grep.p50 / s.apiOnGrepSubset.p50;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const rows: string[][] = [
      ['figure', 'this run', 'baseline', 'baseline', 'ratio', 'target', 'verdict'],
      ['API p50 (ConsoleApi, IPC path)', formatMs(s.api.p50), 'raw FTS5 p50', formatMs(s.raw.p50), formatRatio(s.api.p50 / s.raw.p50), '', ''],
      ['API p95 (ConsoleApi, IPC path)', formatMs(s.api.p95), 'raw FTS5 p95', formatMs(s.raw.p95), formatRatio(apiVsRaw), `≤ ${TARGET_API_VS_RAW_P95}×`, verdict(apiVsRaw <= TARGET_API_VS_RAW_P95)],
      ['API p50 (ConsoleApi, IPC path)', formatMs(s.api.p50), 'raw FTS5 ranking only (bm25 top 51, no snippet) p50', formatMs(s.ranking.p50), formatRatio(s.api.p50 / s.ranking.p50), 'info', ''],
      ['API p95 (ConsoleApi, IPC path)', formatMs(s.api.p95), 'raw FTS5 ranking only (bm25 top 51, no snippet) p95', formatMs(s.ranking.p95), formatRatio(s.api.p95 / s.ranking.p95), 'info', ''],
      [`grep -ril p50 (${s.grep.count} queries)`, formatMs(s.grep.p50), 'API p50, same queries', formatMs(s.apiOnGrepSubset.p50), formatRatio(grepVsApi), `≥ ${TARGET_GREP_VS_API_P50}×`, verdict(grepVsApi >= TARGET_GREP_VS_API_P50)],
      [`grep -ril p95 (${s.grep.count} queries)`, formatMs(s.grep.p95), 'API p95, same queries', formatMs(s.apiOnGrepSubset.p95), formatRatio(s.grep.p95 / s.apiOnGrepSubset.p95), '', ''],
      [`grep -ril p50 (${s.grep.count} queries)`, formatMs(s.grep.p50), 'raw FTS5 ranking only p50, same queries', formatMs(s.rankingOnGrepSubset.p50), formatRatio(s.grep.p50 / s.rankingOnGrepSubset.p50), 'info', ''],
      ['HTTP p50 (serve, 127.0.0.1, bearer)', formatMs(s.http.p50), 'API p50', formatMs(s.api.p50), formatRatio(s.http.p50 / s.api.p50), 'info', ''],
      ['HTTP p95 (serve, 127.0.0.1, bearer)', formatMs(s.http.p95), 'API p95', formatMs(s.api.p95), formatRatio(s.http.p95 / s.api.p95), 'info', ''],
      ['API p50 with a severity/tag filter', formatMs(s.filtered.p50), 'API p50', formatMs(s.api.p50), formatRatio(s.filtered.p50 / s.api.p50), 'info', ''],
      ['API p95 with a severity/tag filter', formatMs(s.filtered.p95), 'API p95', formatMs(s.api.p95), formatRatio(s.filtered.p95 / s.api.p95), 'info', ''],
    ];
    console.log(renderTable(rows));
    console.log(`
import: ${formatMs(importMs)} for ${runbookCount.toLocaleString('en')} runbooks = ${Math.round(runbookCount / (importMs / 1000)).toLocaleString('en')} runbooks/s (no baseline)

ratio = this run ÷ baseline, both measured in this run. Samples: API, both raw FTS5 and HTTP ${s.api.count} each
(${ROUNDS} per query); grep ${s.grep.count}, API on those queries ${s.apiOnGrepSubset.count}.
API = dispatch(handlers, 'runbooks.search', { query }, ipc/operator): argument and result validation,
  the search with its join to the base tables, mapping to RunbookHit. Limit 50 (+1 to detect more).
raw FTS5 = RAW_FTS_STATEMENT with toFtsQuery(query) and limit ${PAGE + 1}: rowid, snippet(), rank; no join, no
  mapping: the statement a developer would write for ranked, highlighted hits (the target's baseline).
raw FTS5 ranking only = RAW_FTS_RANKING_STATEMENT: rowid and bm25(10, 5, 1) of the top ${PAGE + 1}, no snippet;
  what the API's own ranking costs, so API ÷ this is what everything else costs (bodies, snippets,
  summaries, validation).
grep = grep -ril <word> over the same Markdown folder (spawnSync, LC_ALL=C), on a seeded subset of
  ${s.grep.count} queries because it is slow; for multi-word queries only the FIRST word is grepped
  (grep cannot rank or AND words), so grep does less than the search it is compared with.
  grep ÷ raw FTS5 ranking only, on the same queries, is the most any search that ranks every match
  with bm25 could reach: the API ranks exactly so, then reads, marks and validates its 50 hits.
API with a filter = the same queries with a severity and/or tag filter (filters run on the base
  tables); not compared with raw FTS5, which has no filters.
Timings are reported, never asserted: a missed target prints "NOT met" and the bench still exits 0.
`);

    // 7. Where the API's time goes, layer by layer (informational).
    t0 = process.hrtime.bigint();
    const breakdown = await apiBreakdown({
      core: liveCore,
      queries: queries.map((q) => q.query),
      ftsOf,
      rounds: BREAKDOWN_ROUNDS,
      seed: ORDER_SEED + 1,
      ctx: IPC,
      limit: PAGE,
    });
    console.log(breakdown);
    console.log(`(measured in ${formatMs(elapsedMs(t0))})`);
  } finally {
    await serve?.close();
    core?.close();
    cleanUp();
  }
}

/**
 * Every hit whose snippet() marks a word must have a marked word in the API's snippet too (the
 * texts may differ: the API builds its own). Counts identical texts for the record.
 */
function compareMarks(api: SearchResult, raw: RawRow[], idByKey: Map<number, string>, tally: { hits: number; sameText: number; rawMarked: number }): string | null {
  const apiById = new Map(api.hits.map((h) => [h.id, h.snippet]));
  for (const r of raw.slice(0, PAGE)) {
    const id = idByKey.get(r.rowid) ?? `rowid ${r.rowid}?`;
    const snippet = apiById.get(id);
    if (snippet === undefined) continue; // a tie cut at the limit: compareWithRaw judged it
    tally.hits++;
    if (snippet === r.snippet) tally.sameText++;
    if (!r.snippet.includes(SNIPPET_OPEN)) continue;
    tally.rawMarked++;
    if (!snippet.includes(SNIPPET_OPEN)) return `${id}: snippet() marks ${JSON.stringify(r.snippet)}, the API marks nothing in ${JSON.stringify(snippet)}`;
  }
  return null;
}

/** The API's hits must be the bare statement's rows, in rank order, mapped to ids. */
function compareWithRaw(api: SearchResult, raw: RawRow[], idByKey: Map<number, string>): string | null {
  const rawPage = raw.slice(0, PAGE);
  if (api.truncated !== raw.length > PAGE) return `truncated ${api.truncated} vs raw ${raw.length} rows`;
  if (api.hits.length !== rawPage.length) return `${api.hits.length} hits vs ${rawPage.length} raw rows`;
  for (let j = 0; j < rawPage.length; j++) {
    if (api.hits[j]!.rank !== rawPage[j]!.rank) return `rank at ${j + 1}: ${api.hits[j]!.rank} vs raw ${rawPage[j]!.rank}`;
  }
  // Equal ranks may come in either order; compare ids within each run of equal ranks. The
  // last run may be cut by the limit at a different member, so only its size is compared.
  for (let j = 0; j < rawPage.length; ) {
    let end = j;
    while (end < rawPage.length && rawPage[end]!.rank === rawPage[j]!.rank) end++;
    if (end < rawPage.length || raw.length <= PAGE) {
      const a = api.hits.slice(j, end).map((h) => h.id).sort();
      const b = rawPage.slice(j, end).map((r) => idByKey.get(r.rowid) ?? `rowid ${r.rowid}?`).sort();
      if (a.join() !== b.join()) return `ids at ${j + 1}–${end}: ${a.slice(0, 3).join(', ')} vs raw ${b.slice(0, 3).join(', ')}`;
    }
    j = end;
  }
  return null;
}

function expectOk(r: Result<SearchResult>, query: string): SearchResult {
  if (!r.ok) throw new Error(`runbooks.search "${query}" failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function readRunbookCount(): number {
  const v = process.env.BENCH_RUNBOOKS;
  if (v === undefined || v === '') return 10_000;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`BENCH_RUNBOOKS must be a whole number from 1 to 1000000, not "${v}"`);
  return n;
}

const listSome = (items: string[], max = 15) =>
  items.length === 0 ? 'none' : `${items.slice(0, max).join(', ')}${items.length > max ? ` and ${items.length - max} more` : ''}`;
const ids = (r: SearchResult) => r.hits.map((h) => h.id);
const count = (qs: BenchQuery[], typing: BenchQuery['typing']) => qs.filter((q) => q.typing === typing).length;
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const hex = (n: number) => `0x${n.toString(16)}`;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

main().catch((e: unknown) => {
  console.error(`\nrunbooks bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
