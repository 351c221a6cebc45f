import { stemmer } from 'stemmer';
import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../../../shared/runbooks.ts';

/**
 * Search-hit snippets made in TypeScript rather than by FTS5's snippet(), which re-tokenises
 * the whole body of every hit and cost more than the ranking. Words are found as runbooks_fts's
 * `porter unicode61 remove_diacritics 2` tokenizer finds them, so what is marked is what
 * matched. The window is chosen by snippet()'s rules among the matches near the first one;
 * the scan stops there, where snippet() goes on to weigh every match in the body.
 */

/** Words per snippet, as `snippet(runbooks_fts, 2, …, 14)` cut them. */
export const SNIPPET_TOKENS = 14;
const ELLIPSIS = '…';
/** FTS5's porter tokenizer leaves tokens under 3 or over 64 bytes unstemmed. */
const PORTER_MIN_BYTES = 3;
const PORTER_MAX_BYTES = 64;
/** The longest word, or text between words, a snippet copies whole. */
const MAX_PIECE = 64;
/** Distinct words remembered per query; a hostile body of distinct words only resets it. */
const MAX_CACHED_WORDS = 4096;
/** Terms a query can have: toFtsQuery keeps 16 words; one bit each in a hit mask. */
const MAX_TERMS = 30;

interface Term {
  /** The query word as FTS5 indexes it: folded, then Porter-stemmed. */
  stem: string;
  /** The last word while it is being typed: a body word matches when its stem starts with `stem`. */
  prefix: boolean;
  /**
   * What every matching body word starts with once folded. Porter keeps a word's first letter
   * and rewrites at most its last two letters of what it keeps, so a word whose stem is (or
   * starts with) `stem` starts with `stem` minus its last two letters. Checked before stemming.
   */
  lead: string;
}

/** Work done by one call, for tests that check a scan stops early (time is too noisy to assert). */
export interface SnippetWork {
  /** Characters of the body read, look-backs for sentence starts included. */
  charsScanned: number;
  /** Body words that passed the lead check and had to be stemmed (not already known). */
  stemmed: number;
}

/** The words of one search, ready to find in bodies: build once per search, use for every hit. */
export class SnippetQuery {
  private readonly known = new Map<string, number>();

  constructor(readonly terms: readonly Term[]) {}

  /** Which terms (bit i for terms[i]) FTS5 would match against the folded body word `word`. */
  termsMatching(word: string, work: SnippetWork | undefined): number {
    const cached = this.known.get(word);
    if (cached !== undefined) return cached;
    if (work) work.stemmed++;
    const stem = ftsStem(word);
    let mask = 0;
    for (let i = 0; i < this.terms.length; i++) {
      const t = this.terms[i]!;
      if (t.prefix ? stem.startsWith(t.stem) : stem === t.stem) mask |= 1 << i;
    }
    if (word.length <= PORTER_MAX_BYTES) {
      if (this.known.size >= MAX_CACHED_WORDS) this.known.clear();
      this.known.set(word, mask);
    }
    return mask;
  }
}

/**
 * The terms of a MATCH expression made by toFtsQuery (`"word" "word" "last"*`), folded and
 * stemmed as the tokenizer treats them; only the last may be a prefix.
 */
export function compileSnippetQuery(ftsQuery: string): SnippetQuery {
  const terms: Term[] = [];
  const seen = new Set<string>();
  for (const m of ftsQuery.matchAll(/"((?:[^"]|"")*)"(\*?)/g)) {
    const phrase = (m[1] ?? '').replace(/""/g, '"');
    const words: string[] = [];
    const cursor = new WordCursor().reset(phrase);
    while (cursor.next()) words.push(foldWord(phrase.slice(cursor.start, cursor.end), cursor.ascii));
    words.forEach((word, i) => {
      const prefix = m[2] === '*' && i === words.length - 1;
      const stem = ftsStem(word);
      const key = `${prefix ? '*' : '='}${stem}`;
      if (stem === '' || seen.has(key) || terms.length >= MAX_TERMS) return;
      seen.add(key);
      terms.push({ stem, prefix, lead: stem.slice(0, Math.max(1, stem.length - 2)) });
    });
  }
  return new SnippetQuery(terms);
}

/**
 * SNIPPET_TOKENS words of `body` around its first word that matches `query`, each match between
 * SNIPPET_OPEN and SNIPPET_CLOSE, '…' where the body was cut. Null when no word of the body
 * matches (the runbook matched on its title or tags), and, when `body` is only the head of a
 * longer text (`cut`), also when the snippet could reach past the cut: then ask again with more.
 */
export function bodySnippet(body: string, query: SnippetQuery, opts: { cut?: boolean; work?: SnippetWork } = {}): string | null {
  if (query.terms.length === 0) return null;
  return scan.run(body, query, opts.cut === true, opts.work);
}

/**
 * One snippet's scan. Its buffers are reused from call to call (searches are synchronous), so a
 * snippet allocates nothing but the strings it returns.
 */
class SnippetScan {
  private static readonly RING = 4 * SNIPPET_TOKENS;
  // Words by index modulo RING: the n - 1 before the first match and the at most 2n - 2 read
  // after it, which hold every window weighed for it.
  private readonly starts = new Int32Array(SnippetScan.RING);
  private readonly ends = new Int32Array(SnippetScan.RING);
  private readonly hits = new Int32Array(SnippetScan.RING);
  private readonly opensSentence = new Uint8Array(SnippetScan.RING);
  private readonly cursor = new WordCursor();
  private body = '';
  private query: SnippetQuery = new SnippetQuery([]);
  private work: SnippetWork | undefined;
  private count = 0;
  private lookBack = 0;
  private match = -1;
  private lastRead = -1;
  /** Set by score(): the first matching word of the window scored, and one past its last. */
  private firstHit = -1;
  private endHit = 0;

  run(body: string, query: SnippetQuery, cut: boolean, work: SnippetWork | undefined): string | null {
    const n = SNIPPET_TOKENS;
    const ring = SnippetScan.RING;
    this.body = body;
    this.query = query;
    this.work = work;
    this.count = 0;
    this.lookBack = 0;
    this.match = -1;
    this.cursor.reset(body);
    try {
      let sentence = 0; // the latest word up to the first match that starts a sentence
      while (this.read()) {
        const i = this.count - 1;
        if (this.opensSentence[i % ring]) sentence = i;
        if (this.hits[i % ring] !== 0) {
          this.match = i;
          break;
        }
      }
      const match = this.match;
      if (match < 0) return null;
      // Every window weighed below ends within n - 1 words of a match in the first match's
      // window; read that far and no further.
      let want = match + n - 1;
      while (this.count <= want && this.read());
      for (let i = Math.min(want, this.count - 1); i > match; i--) {
        if (this.hits[i % ring] === 0) continue;
        want = i + n - 1;
        while (this.count <= want && this.read());
        break;
      }
      this.lastRead = this.count - 1;
      let total = this.lastRead < want ? this.count : -1; // words in the body, once known

      // snippet()'s choice among the windows it weighs for the matches within n words of the
      // first: from each match, slid to centre the matches it holds; or from the sentence the
      // match is in, with a bonus. It goes on to weigh every later match; stopping keeps it cheap.
      let best = 0;
      let first = 0;
      for (let at = match; at < match + n && at <= this.lastRead; at++) {
        if (this.hitAt(at) === 0) continue;
        const points = this.score(at);
        if (points > best) {
          best = points;
          first = this.firstHit - Math.trunc((n - (this.endHit - this.firstHit)) / 2);
          if (total >= 0 && first + n > total) first = total - n;
          if (first < 0) first = 0;
        }
        let from = at;
        while (from > match && !this.opensSentence[from % ring]) from--;
        if (from === match && !this.opensSentence[match % ring]) from = sentence;
        if (from < at && (total < 0 || total > n)) {
          const withBonus = this.score(from) + (from === 0 ? 120 : 100);
          if (withBonus > best) {
            best = withBonus;
            first = from;
          }
        }
      }
      if (total < 0 && first + n - 1 >= this.lastRead && !this.cursor.wordAhead()) total = this.count;
      // A head of the body that ends inside the window, or right after it, says too little.
      if (cut && this.cursor.pos >= body.length) return null;
      return this.render(first, total);
    } finally {
      if (work) work.charsScanned += this.cursor.pos + this.lookBack;
      this.body = '';
    }
  }

  /** Reads the next word and whether it matches; false at the end of the body. */
  private read(): boolean {
    const cursor = this.cursor;
    if (!cursor.next()) return false;
    const body = this.body;
    const slot = this.count % SnippetScan.RING;
    this.starts[slot] = cursor.start;
    this.ends[slot] = cursor.end;
    // FTS5: a word starts a sentence when it is the first, or whitespace after '.' or ':' precedes it.
    let opens = this.count === 0;
    if (!opens) {
      let j = cursor.start - 1;
      while (j >= 0 && isSpace(body.charCodeAt(j))) j--;
      this.lookBack += cursor.start - j;
      opens = j < cursor.start - 1 && j >= 0 && (body.charCodeAt(j) === 46 || body.charCodeAt(j) === 58);
    }
    this.opensSentence[slot] = opens ? 1 : 0;
    this.hits[slot] = termsAt(body, cursor, this.query, this.work);
    this.count++;
    return true;
  }

  /** No word before the first match matches, and none past what was read is weighed. */
  private hitAt(i: number): number {
    return i < this.match || i > this.lastRead ? 0 : this.hits[i % SnippetScan.RING]!;
  }

  /** A window's score as snippet() counts it: 1000 per distinct term matched, 1 per repeat. */
  private score(from: number): number {
    let seen = 0;
    let points = 0;
    this.firstHit = -1;
    this.endHit = 0;
    for (let i = from; i < from + SNIPPET_TOKENS; i++) {
      const mask = this.hitAt(i);
      if (mask === 0) continue;
      for (let b = mask; b !== 0; b &= b - 1) {
        const bit = b & -b;
        points += seen & bit ? 1 : 1000;
        seen |= bit;
      }
      if (this.firstHit < 0) this.firstHit = i;
      this.endHit = i + 1;
    }
    return points;
  }

  /**
   * The window's words and the text between them, matches marked. At the body's start FTS5
   * keeps the text before the first word; at its end, the text after the last.
   */
  private render(first: number, total: number): string {
    const ring = SnippetScan.RING;
    const body = this.body;
    const last = total >= 0 ? Math.min(first + SNIPPET_TOKENS - 1, total - 1) : first + SNIPPET_TOKENS - 1;
    const atEnd = last === total - 1;
    let from = first > 0 ? this.starts[first % ring]! : 0;
    let out = first > 0 ? ELLIPSIS : '';
    const long = this.hasLongPiece(first, last, from);
    const to = atEnd && !long && body.length - this.ends[last % ring]! <= MAX_PIECE ? body.length : this.ends[last % ring]!;
    if (!long) {
      // The usual case: copy the stretches between matches whole.
      for (let i = first; i <= last; i++) {
        if (this.hitAt(i) === 0) continue;
        const s = this.starts[i % ring]!;
        const e = this.ends[i % ring]!;
        out += plain(body.slice(from, s)) + SNIPPET_OPEN + plain(body.slice(s, e)) + SNIPPET_CLOSE;
        from = e;
      }
      out += plain(body.slice(from, to));
    } else {
      // Word by word, each word and each gap cut short.
      for (let i = first; i <= last; i++) {
        const s = this.starts[i % ring]!;
        const e = this.ends[i % ring]!;
        out += i === 0 ? clipStart(body.slice(from, s)) : clipEnd(body.slice(from, s));
        out += this.hitAt(i) === 0 ? clipEnd(body.slice(s, e)) : SNIPPET_OPEN + clipEnd(body.slice(s, e)) + SNIPPET_CLOSE;
        from = e;
      }
    }
    if (!atEnd) return out + ELLIPSIS;
    return to === body.length ? out : out + clipEnd(body.slice(this.ends[last % ring]!));
  }

  /** Whether a word of the window, or the text before one, is longer than MAX_PIECE. */
  private hasLongPiece(first: number, last: number, from: number): boolean {
    const ring = SnippetScan.RING;
    let prevEnd = from;
    for (let i = first; i <= last; i++) {
      const s = this.starts[i % ring]!;
      const e = this.ends[i % ring]!;
      if (s - prevEnd > MAX_PIECE || e - s > MAX_PIECE) return true;
      prevEnd = e;
    }
    return false;
  }
}

/** With no matching word in the body, a hit's snippet is the runbook's opening text, minus its own title. */
export function leadSnippet(text: string, title: string): string {
  const t = text.startsWith(title) ? text.slice(title.length) : text;
  const lead = t.trim().replace(/\s+/g, ' ');
  return lead.length > 160 ? `${lead.slice(0, 160).replace(/\s+\S*$/, '')}…` : lead;
}

/** Lower case, compatibility forms split, diacritics dropped: close to what remove_diacritics 2 does. */
function foldWord(word: string, ascii: boolean): string {
  return ascii ? word.toLowerCase() : word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The stem FTS5's porter tokenizer stores for a folded word. */
function ftsStem(word: string): string {
  const bytes = Buffer.byteLength(word, 'utf8');
  return bytes < PORTER_MIN_BYTES || bytes > PORTER_MAX_BYTES ? word : stemmer(word);
}

/** The terms the word under `cursor` matches; the lead check reads the body in place, copying nothing. */
function termsAt(body: string, cursor: WordCursor, query: SnippetQuery, work: SnippetWork | undefined): number {
  const { start, end } = cursor;
  const terms = query.terms;
  if (cursor.ascii) {
    const length = end - start;
    for (let t = 0; t < terms.length; t++) {
      const lead = terms[t]!.lead;
      if (length < lead.length) continue;
      let j = 0;
      // `| 32` lower-cases an ASCII letter and leaves a digit as it is.
      while (j < lead.length && (body.charCodeAt(start + j) | 32) === lead.charCodeAt(j)) j++;
      if (j === lead.length) return query.termsMatching(body.slice(start, end).toLowerCase(), work);
    }
    return 0;
  }
  const word = foldWord(body.slice(start, end), false);
  for (let t = 0; t < terms.length; t++) if (word.startsWith(terms[t]!.lead)) return query.termsMatching(word, work);
  return 0;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** ASCII word characters: letters and digits. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;
/** unicode61's default word characters: letters, numbers, private use. */
const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/uy;

/** The combining marks unicode61 keeps inside a word (sqlite3Fts5UnicodeIsdiacritic). */
function isDiacritic(c: number): boolean {
  if (c < 768 || c > 817) return false;
  return c < 800 ? (0x08029fdf & (1 << (c - 768))) !== 0 : (0x000361f8 & (1 << (c - 800))) !== 0;
}

/** Walks the words of a text as unicode61 splits them, without copying it. */
class WordCursor {
  /** How far the text has been read. */
  pos = 0;
  start = 0;
  end = 0;
  /** The current word is all ASCII: no Unicode folding needed (the common case). */
  ascii = true;
  private text = '';

  reset(text: string): this {
    this.text = text;
    this.pos = 0;
    return this;
  }

  /** Moves to the next word; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    let width = 0;
    while (i < n && (width = this.wordCharAt(i)) === 0) i++;
    if (i >= n) {
      this.pos = n;
      return false;
    }
    this.start = i;
    this.ascii = text.charCodeAt(i) < 128;
    i += width;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if (ASCII_WORD[c] === 0) break;
        i++;
        continue;
      }
      const w = this.wordCharAt(i) || (isDiacritic(c) ? 1 : 0);
      if (w === 0) break;
      this.ascii = false;
      i += w;
    }
    this.end = i;
    this.pos = i;
    return true;
  }

  /** Whether another word follows, reading only the separators before it. */
  wordAhead(): boolean {
    const n = this.text.length;
    let i = this.pos;
    while (i < n && this.wordCharAt(i) === 0) i++;
    this.pos = i;
    return i < n;
  }

  /** 0 if the code point at `i` separates words, else its length in UTF-16 units. */
  private wordCharAt(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c < 128) return ASCII_WORD[c]!;
    WORD_CHAR.lastIndex = i;
    if (!WORD_CHAR.test(this.text)) return 0;
    return c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
}

/** Text copied from a body never carries highlight markers of its own. */
function plain(s: string): string {
  return s.includes(SNIPPET_OPEN) || s.includes(SNIPPET_CLOSE) ? s.replace(/[\u0001\u0002]/g, '') : s;
}

/**
 * A word or the text between two words, as copied into a snippet: cut after MAX_PIECE
 * characters. snippet() copies them whole; a runbook with a line of 10,000 dashes, or one
 * 1 MiB word, would otherwise put all of it into every search result that shows it.
 */
function clipEnd(s: string): string {
  return plain(s.length > MAX_PIECE ? `${s.slice(0, MAX_PIECE - 1).trimEnd()}${ELLIPSIS}` : s);
}

/** The text before a body's first word, cut from its start (what is next to the word stays). */
function clipStart(s: string): string {
  return plain(s.length > MAX_PIECE ? `${ELLIPSIS}${s.slice(s.length - MAX_PIECE + 1).trimStart()}` : s);
}

const scan = new SnippetScan();
