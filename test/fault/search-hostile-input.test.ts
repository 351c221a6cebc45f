import { describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { SearchResult, Severity } from '../../shared/runbooks.ts';
import { openCore } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

/** Searches as a wall display's browser would: over the contract, read-only role. */
function searcher(): (args: unknown) => ReturnType<typeof dispatch> {
  const core: ConsoleCore = openCore(scratch);
  return (args) => dispatch(core.handlers, 'runbooks.search', args, { transport: 'http', role: 'wall' });
}

/** Seeded, so a failure names an input that reproduces it. */
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

const HOSTILE = [
  '"', "'", '*', '^', ':', '-', '+', '(', ')', '{', '}', '[', ']', '\\', '/', '%', '_', ';', ',', '.', '?', '!', '&', '|', '~', '`', '$', '#', '@', '=', '<', '>',
  'NEAR(', 'NEAR(a b, 2)', 'AND', 'OR', 'NOT', 'AND OR NOT', 'title:', 'body:', '{title body}:', '- body', 'latency*', '^latency', '"latency',
  "'; DROP TABLE runbooks; --", 'rank', 'bm25(', 'MATCH', '*:*', 'NULL', '\u0000', '\u0001', '\u0002', '\u001b[31m', '\t', '\n', '\r\n', '\u2028', '\uFEFF',
  '\u200B', '\u202E', 'é', 'e\u0301', 'ß', 'İ', 'ﬁ', 'Ⅻ', '١٢٣', '中文', 'ひらがな', '한국어', 'עברית', 'العربية', 'ไทย', '🔥', '👩‍💻', '🇮🇳', '\uD83D', '\uDC00',
  'latency', 'rail', 'upi', 'laten', 'p99', '200ms', 'SEV-2', '0', '-1', '1e309', 'NaN',
];

function hostileString(rand: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.6) parts.push(HOSTILE[Math.floor(rand() * HOSTILE.length)]!);
    else if (r < 0.8) parts.push(String.fromCharCode(Math.floor(rand() * 0x80)));
    else parts.push(String.fromCodePoint(Math.floor(rand() * 0x2ffff)));
    if (rand() < 0.5) parts.push(' ');
  }
  return parts.join('');
}

function expectHitsShape(result: unknown, input: unknown) {
  const r = result as { ok: boolean; value?: unknown; error?: unknown };
  expect(r.ok, `search(${JSON.stringify(input)}) failed: ${JSON.stringify(r.error)}`).toBe(true);
  expect(SearchResult.safeParse(r.value).success).toBe(true);
}

describe('whatever is typed into the search box', () => {
  it('each FTS operator, quote, control character, script and emoji searches without an error, alone or beside a word', async () => {
    const searchAs = searcher();
    for (const query of HOSTILE) {
      expectHitsShape(await searchAs({ query }), query);
      expectHitsShape(await searchAs({ query: `${query} latency` }), `${query} latency`);
      expectHitsShape(await searchAs({ query: `latency ${query}` }), `latency ${query}`);
      expectHitsShape(await searchAs({ query: `${query}${query}${query}` }), `${query} x3`);
    }
  });

  it('2,000 random hostile strings (seeded) all search without an error', async () => {
    const searchAs = searcher();
    const rand = prng(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const query = hostileString(rand).slice(0, 500);
      const severity = rand() < 0.3 ? Severity.options[Math.floor(rand() * 4)]! : null;
      const tags = rand() < 0.3 ? [hostileString(rand).slice(0, 100)] : [];
      expectHitsShape(await searchAs({ query, severity, tags }), { query, severity, tags });
    }
  });

  it('a sample of every Unicode plane (one code point in 61) searches without an error', async () => {
    const searchAs = searcher();
    for (let cp = 0; cp < 0x30000; cp += 61) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const query = String.fromCodePoint(cp);
      expectHitsShape(await searchAs({ query }), cp.toString(16));
    }
  });

  it('FTS syntax is searched as text: quotes, stars, carets and brackets around a word still find it', async () => {
    const searchAs = searcher();
    for (const query of ['"rail latency"', '(latency)', '{latency}', 'latency*', '^latency', '-latency', 'latency:', '"latency', '+rail +latency']) {
      const r = await searchAs({ query });
      expectHitsShape(r, query);
      if (r.ok) expect((r.value as SearchResult).hits.map((h) => h.id), query).toContain('rail-latency-spike');
    }
  });

  it('a 500-character query (the longest the box sends) searches', async () => {
    const searchAs = searcher();
    expectHitsShape(await searchAs({ query: 'latency '.repeat(62).slice(0, 500) }), '500 chars');
    expectHitsShape(await searchAs({ query: '"('.repeat(250) }), '500 chars of "(');
  });

  it('a 10 kB paste is refused as invalid (naming the query), never an internal error', async () => {
    const searchAs = searcher();
    for (const query of ['latency '.repeat(1280), '"*('.repeat(3500), '🔥'.repeat(5000), '\u0000'.repeat(10_240)]) {
      const r = await searchAs({ query });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid');
        expect(r.error.message).toMatch(/query/);
      }
      // The same paste cut to the box's limit works.
      expectHitsShape(await searchAs({ query: query.slice(0, 500) }), 'cut paste');
    }
  });

  it('hostile tag filters match nothing rather than everything (no wildcard leaks)', async () => {
    const searchAs = searcher();
    for (const tag of ['%', '_', '*', "' OR 1=1 --", '"', '\u0000']) {
      const r = await searchAs({ tags: [tag] });
      expectHitsShape(r, tag);
      if (r.ok) expect((r.value as SearchResult).hits, tag).toEqual([]);
    }
  });
});
