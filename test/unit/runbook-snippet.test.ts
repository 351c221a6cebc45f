import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../electron/core/runbooks/fts-query.ts';
import { RAW_FTS_STATEMENT } from '../../electron/core/runbooks/repository.ts';
import { bodySnippet, compileSnippetQuery, leadSnippet, SNIPPET_TOKENS, type SnippetWork } from '../../electron/core/runbooks/snippet.ts';
import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../../shared/runbooks.ts';
import { openCore, PATHS, value, writeRunbook } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

/** The snippet for what a person typed in the search box, as the search makes it. */
function snippetFor(typed: string, body: string, work?: SnippetWork): string | null {
  const fts = toFtsQuery(typed);
  if (fts === null) throw new Error(`"${typed}" has no words`);
  return bodySnippet(body, compileSnippetQuery(fts), { work });
}
/** The highlighted words, as the UI shows them. */
const marked = (snippet: string | null) =>
  [...(snippet ?? '').matchAll(new RegExp(`${SNIPPET_OPEN}([^${SNIPPET_CLOSE}]*)${SNIPPET_CLOSE}`, 'g'))].map((m) => m[1]!);
const wordsIn = (snippet: string) => snippet.replace(/[\u0001\u0002…]/g, ' ').match(/[\p{L}\p{N}]+/gu) ?? [];
const newWork = (): SnippetWork => ({ charsScanned: 0, stemmed: 0 });

describe('which words a snippet marks', () => {
  it('a word marks its other forms, as the porter tokenizer stems them: "latency" marks "latencies"', () => {
    expect(marked(snippetFor('latency', 'p99 latencies are up; the Latency SLO is breached.'))).toEqual(['latencies', 'Latency']);
    expect(marked(snippetFor('latencies', 'Check latency first.'))).toEqual(['latency']);
    expect(marked(snippetFor('running', 'It runs, it ran, it will run again.'))).toEqual(['runs', 'run']);
  });

  it('marks only words with the same stem, not every word that starts alike', () => {
    expect(snippetFor('latency', 'A lateral move, a late page, a latent bug.')).toBeNull();
  });

  it('the word being typed is a prefix: "laten" marks "latency" and "latencies"', () => {
    expect(marked(snippetFor('laten', 'The latency spike: latencies double at peak.'))).toEqual(['latency', 'latencies']);
    expect(marked(snippetFor('rail laten', 'UPI rail latency rose.'))).toEqual(['rail', 'latency']);
    // Typed with a space after it, the word is finished and no longer a prefix.
    expect(snippetFor('laten ', 'The latency spike.')).toBeNull();
  });

  it('a prefix is stemmed as FTS5 stems it: "deploying" being typed marks "deployed" and "Deploy"', () => {
    expect(marked(snippetFor('deploying', 'We deployed it at noon. Deploy again after the fix.'))).toEqual(['deployed', 'Deploy']);
  });

  it('diacritics and case do not matter, whichever side has them', () => {
    expect(marked(snippetFor('réconciliation', 'Daily RECONCILIATION run; la réconciliation échoue.'))).toEqual(['RECONCILIATION', 'réconciliation']);
    expect(marked(snippetFor('reconciliation', 'La Réconciliation du jour.'))).toEqual(['Réconciliation']);
    // The same letter written as e + a combining accent.
    expect(marked(snippetFor('reconciliation', 'la re\u0301conciliation'))).toEqual(['re\u0301conciliation']);
    expect(marked(snippetFor('naive', 'A NAÏVE retry loop.'))).toEqual(['NAÏVE']);
  });

  it('several words: each is marked on its own, and only the words typed', () => {
    const s = snippetFor('upi latency', 'UPI latency spike: p99 latency on UPI above 800 ms.');
    expect(marked(s)).toEqual(['UPI', 'latency', 'latency', 'UPI']);
    expect(s).toContain(`${SNIPPET_OPEN}UPI${SNIPPET_CLOSE} ${SNIPPET_OPEN}latency${SNIPPET_CLOSE} spike`);
  });

  it('a runbook matched by its title or tags only has no body snippet: the caller shows its opening words', () => {
    expect(snippetFor('chargebacks', 'Freeze the merchant and call the fraud desk.')).toBeNull();
    const title = 'Fraud cluster';
    expect(leadSnippet(`${title}\n\nFreeze the merchant   and call\nthe fraud desk.`, title)).toBe('Freeze the merchant and call the fraud desk.');
    const long = leadSnippet(`${title}\n\n${'word '.repeat(60)}`, title);
    expect(long.length).toBeLessThanOrEqual(161);
    expect(long).toMatch(/word…$/);
  });
});

describe('the window a snippet shows', () => {
  const filler = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');

  it(`about ${SNIPPET_TOKENS} words around the first match, with '…' where the body was cut`, () => {
    const body = `${filler(0, 40)} latency ${filler(41, 40)}`;
    const s = snippetFor('latency', body)!;
    expect(s.startsWith('…') && s.endsWith('…')).toBe(true);
    expect(wordsIn(s)).toHaveLength(SNIPPET_TOKENS);
    expect(marked(s)).toEqual(['latency']);
  });

  it('a short body is shown whole, with no ellipsis', () => {
    expect(snippetFor('latency', 'Latency is up.')).toBe(`${SNIPPET_OPEN}Latency${SNIPPET_CLOSE} is up.`);
  });

  it('starts at the sentence holding the match when it fits, as snippet() does', () => {
    const s = snippetFor('latency', `${filler(0, 30)}. Then the latency rose. ${filler(40, 30)}`)!;
    expect(s.startsWith('…Then the')).toBe(true);
  });

  it('is exactly what FTS5 snippet() of runbooks_fts shows when every match is within one window of the first', () => {
    const db = new Database(':memory:');
    db.exec(readFileSync(join(PATHS.migrationsDir, '0001_runbooks.sql'), 'utf8'));
    const insert = db.prepare('INSERT INTO runbooks_fts (rowid, title, tags, body) VALUES (1, ?, ?, ?)');
    const clear = db.prepare('DELETE FROM runbooks_fts');
    const fts5 = db.prepare(RAW_FTS_STATEMENT);
    const rand = prng(0x5a1e);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const vocabulary = ['Check', 'the', 'provider', 'status', 'écho', 'naïve', 'Straße', 'p99', '42', '中文', 'x', 'rollback'];
    const separators = [' ', ' ', ' ', ', ', '. ', ': ', '\n', '\n\n', ' - ', '.', '(', ') ', '"'];
    const cases: [typed: string, first: string, second: string | null][] = [
      ['latency', 'latencies', null],
      ['laten', 'Latency', null],
      ['réconciliation', 'RECONCILIATION', null],
      ['upi latency', 'UPI', 'latency'],
      ['fraud cluster', 'fraud', 'clusters'],
    ];
    let compared = 0;
    for (let k = 0; k < 600; k++) {
      const [typed, first, second] = pick(cases);
      const length = 1 + Math.floor(rand() * 60);
      const at = Math.floor(rand() * length);
      const then = second === null ? -1 : Math.min(length - 1, at + 1 + Math.floor(rand() * (SNIPPET_TOKENS - 1)));
      let body = rand() < 0.2 ? pick(separators) : '';
      for (let i = 0; i < length; i++) body += (i === at ? first : i === then ? second : pick(vocabulary)) + (i < length - 1 || rand() < 0.5 ? pick(separators) : '');
      if (second !== null && then === at) continue; // the second word did not fit: a different query
      clear.run();
      insert.run('Runbook', '', body);
      const [row] = fts5.all(toFtsQuery(typed), 1) as { snippet: string }[];
      if (!row) continue; // a word of the query is missing from this body
      expect(snippetFor(typed, body), `"${typed}" in ${JSON.stringify(body)}`).toBe(row.snippet);
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
    db.close();
  });
});

describe('hostile and huge bodies', () => {
  it('markers in the body itself are dropped: only matches are marked', () => {
    const s = snippetFor('latency', `${SNIPPET_OPEN}fake${SNIPPET_CLOSE} and latency ${SNIPPET_CLOSE}`)!;
    expect(marked(s)).toEqual(['latency']);
    expect(s.split(SNIPPET_OPEN)).toHaveLength(2);
    expect(s.split(SNIPPET_CLOSE)).toHaveLength(2);
  });

  it.each([
    ['control characters and NUL', '\u0000\u001b[31m latency \u001b[0m\u0000'],
    ['lone surrogates', '\uD800latency\uDC00 \uDFFF\uD83D'],
    ['emoji and ZWJ sequences', '👩‍💻 latency 🔥🔥 🇮🇳'],
    ['right-to-left override', '\u202Elatency\u202C עברית العربية'],
    ['combining marks with no letter', '\u0301\u0301 latency \u0301'],
    ['a line of punctuation then the word', `${'.:-'.repeat(10_000)} latency`],
  ])('%s: a snippet with the word marked, balanced markers', (_, body) => {
    const s = snippetFor('latency', body)!;
    expect(marked(s)).toEqual(['latency']);
    expect(s.split(SNIPPET_OPEN).length).toBe(s.split(SNIPPET_CLOSE).length);
  });

  it('hostile queries compile without an error', () => {
    for (const fts of ['', '"', '""', '"a""b"*', '"*"', '"\u0000"', '"🔥"', '" "*', `"${'x'.repeat(500)}"*`, '"latency" "latency" "latency"*']) {
      const q = compileSnippetQuery(fts);
      expect(() => bodySnippet('latency x', q)).not.toThrow();
    }
    expect(bodySnippet('latency', compileSnippetQuery(''))).toBeNull();
  });

  it('a 1 MiB body with a match near its start is read only around the match', () => {
    const body = `Check the latency first. ${'filler words here. '.repeat(56_000)}`;
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const work = newWork();
    expect(marked(snippetFor('latency', body, work))).toEqual(['latency']);
    expect(work.charsScanned).toBeLessThan(400);
  });

  it('a 1 MiB body that never matches is read once, and a repeated near-miss word is stemmed once', () => {
    const body = 'lateral '.repeat(131_072);
    const work = newWork();
    expect(snippetFor('latency', body, work)).toBeNull();
    expect(work.charsScanned).toBeLessThanOrEqual(2 * body.length);
    expect(work.stemmed).toBe(1);
  });

  it('words that cannot match are rejected before any stemming', () => {
    const work = newWork();
    expect(snippetFor('latency', 'the provider status page reports an outage '.repeat(20_000), work)).toBeNull();
    expect(work.stemmed).toBe(0);
  });

  it('a single 1 MiB word is read once; matched as a prefix, it is cut short in the snippet', () => {
    const body = `latency${'a'.repeat(1024 * 1024)} and more`;
    const work = newWork();
    // A finished word: FTS5 leaves a word over 64 bytes unstemmed, so it is not "latency".
    expect(snippetFor('latency ', body, work)).toBeNull();
    expect(work.charsScanned).toBeLessThanOrEqual(body.length + 8); // + a look-back per word
    // Still being typed: the word starts with the prefix and matches, as it does in FTS5.
    const s = snippetFor('latency', body)!;
    expect(marked(s)).toHaveLength(1);
    expect(marked(s)[0]).toMatch(/^latencyaaa+…$/);
    expect(s.length).toBeLessThan(200);
  });

  it('a long run of punctuation is cut short in the snippet', () => {
    const s = snippetFor('latency', `${'-'.repeat(100_000)} latency ${'='.repeat(100_000)} rollback`)!;
    expect(marked(s)).toEqual(['latency']);
    expect(s.length).toBeLessThan(200);
  });

  it('the match at the very end of a 1 MiB body is found', () => {
    const work = newWork();
    const body = `${'filler words here. '.repeat(55_000)}latency`;
    expect(marked(snippetFor('latency', body, work))).toEqual(['latency']);
    expect(work.charsScanned).toBeLessThanOrEqual(2 * body.length);
  });
});

describe('through the search', () => {
  it('a runbook whose only mention of the word is deep in a long body still gets it marked', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    const padding = 'Escalate to the on-call lead and keep the channel updated. '.repeat(80);
    writeRunbook(folder, 'deep.md', { id: 'deep', title: 'Long procedure', body: `${padding}\n\nThen page the zanzibar desk.\n` });
    await value(core, 'runbooks.addFolder', { dir: folder });
    const { hits } = await value(core, 'runbooks.search', { query: 'zanzibar' });
    expect(hits.map((h) => h.id)).toEqual(['deep']);
    expect(marked(hits[0]!.snippet)).toEqual(['zanzibar']);
  });

  it('a runbook found by a tag alone shows its opening words, without its title', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'tagged.md', { id: 'tagged', title: 'Merchant freeze', tags: ['kilimanjaro'], body: 'Freeze the merchant first.\n' });
    await value(core, 'runbooks.addFolder', { dir: folder });
    const { hits } = await value(core, 'runbooks.search', { query: 'kilimanjaro' });
    expect(hits.map((h) => [h.id, h.snippet])).toEqual([['tagged', 'Freeze the merchant first.']]);
  });
});

/** Seeded (mulberry32), so a failure names a body that reproduces it. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
