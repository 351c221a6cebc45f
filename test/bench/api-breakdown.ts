import type { CallContext, ConsoleCore } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { RAW_FTS_RANKING_STATEMENT, RAW_FTS_STATEMENT } from '../../electron/core/runbooks/repository.ts';
import { contract, resultSchemas, type ParsedArgsOf } from '../../shared/api.ts';
import { formatMs, LatencySamples, percentile, renderTable, timed } from './latency.ts';
import { SeededRandom } from './seeded-random.ts';

/**
 * Where one `runbooks.search` call spends its time: each layer of the API path timed on its
 * own, interleaved like the main measurement. Means add up where percentiles do not, so the
 * derived rows (differences) use means.
 */
export async function apiBreakdown(opts: {
  core: ConsoleCore;
  queries: string[];
  ftsOf: string[];
  rounds: number;
  seed: number;
  ctx: CallContext;
  limit: number;
}): Promise<string> {
  const { core, queries, ftsOf, ctx } = opts;
  const raw = core.cacheDb().prepare(RAW_FTS_STATEMENT);
  // The bare statement minus its snippet() column: what its ORDER BY rank costs alone.
  const rankOnly = core.cacheDb().prepare('SELECT rowid, rank FROM runbooks_fts WHERE runbooks_fts MATCH ? ORDER BY rank LIMIT ?');
  // How the API ranks: bm25() with the same weights, only rowid and score carried.
  const bm25Only = core.cacheDb().prepare(RAW_FTS_RANKING_STATEMENT);
  const countMatches = core.cacheDb().prepare('SELECT count(*) AS n FROM runbooks_fts WHERE runbooks_fts MATCH ?');
  const argsSchema = contract['runbooks.search'].args;
  const parsed: ParsedArgsOf<'runbooks.search'>[] = queries.map((query) => argsSchema.parse({ query }));
  const handler = core.handlers['runbooks.search'];
  const handlerResults = await Promise.all(parsed.map((a) => handler(a, ctx)));

  const s = {
    api: new LatencySamples('dispatch'),
    args: new LatencySamples('args'),
    handler: new LatencySamples('handler'),
    result: new LatencySamples('result'),
    raw: new LatencySamples('raw'),
    rank: new LatencySamples('rank'),
    bm25: new LatencySamples('bm25'),
  };
  const rnd = new SeededRandom(opts.seed);
  for (let round = 0; round < opts.rounds; round++) {
    const indices = rnd.shuffle(queries.map((_, i) => i));
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const ways: (() => Promise<unknown>)[] = [
        () => timed(s.api, () => dispatch(core.handlers, 'runbooks.search', { query: queries[i] }, ctx)),
        () => timed(s.args, () => argsSchema.safeParse({ query: queries[i] })),
        () => timed(s.handler, () => handler(parsed[i]!, ctx)),
        () => timed(s.result, () => resultSchemas['runbooks.search'].safeParse(handlerResults[i])),
        () => timed(s.raw, () => raw.all(ftsOf[i], opts.limit + 1)),
        () => timed(s.rank, () => rankOnly.all(ftsOf[i], opts.limit + 1)),
        () => timed(s.bm25, () => bm25Only.all(ftsOf[i], opts.limit + 1)),
      ];
      const shift = (k + round) % ways.length;
      for (const way of [...ways.slice(shift), ...ways.slice(0, shift)]) await way();
    }
  }

  const matches = ftsOf.map((f) => (countMatches.get(f) as { n: number }).n);
  const mean = (x: LatencySamples) => x.meanMs;
  const share = (ms: number) => `${((100 * ms) / mean(s.api)).toFixed(0)}%`;
  const row = (label: string, x: LatencySamples) => [label, formatMs(x.p50), formatMs(x.p95), formatMs(mean(x)), share(mean(x))];
  // A difference of two noisy means can dip below zero when the true value is about nil.
  const derived = (label: string, ms: number) => [label, '', '', ms < 0 ? '≈ 0' : formatMs(ms), ms < 0 ? '≈ 0%' : share(ms)];
  const table = renderTable([
    ['where one API search spends its time', 'p50', 'p95', 'mean', 'of API mean'],
    row('API total: dispatch(…runbooks.search…)', s.api),
    row('  argument validation (zod)', s.args),
    row('  handler: search SQL with join + mapping to RunbookHit', s.handler),
    row('  result validation (zod, up to 50 hits)', s.result),
    derived('  rest of dispatch (awaits, lookups) = total − the three', mean(s.api) - mean(s.args) - mean(s.handler) - mean(s.result)),
    row('    of the handler: its ranking (bm25(…) top 51, rowid + score only)', s.bm25),
    derived('    summaries, body heads, snippets (snippet.ts), mapping = handler − ranking', mean(s.handler) - mean(s.bm25)),
    row('  for comparison: raw FTS5 statement (ORDER BY rank + snippet())', s.raw),
    row('    its ranking alone (ORDER BY rank, no snippet column)', s.rank),
    derived('    snippet() for up to 51 rows = raw − its ranking', mean(s.raw) - mean(s.rank)),
  ]);
  return (
    `${table}\n` +
    `runbooks matching each query (the rows bm25 must score before the top ${opts.limit} are known): ` +
    `p50 ${percentile(matches, 50)}, p95 ${percentile(matches, 95)}; ${s.api.count} samples per row`
  );
}
