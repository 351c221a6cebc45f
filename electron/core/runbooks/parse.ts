import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { RunbookFrontMatter } from '../../../shared/runbooks.ts';

/** Larger than any real runbook by far; a bigger file is a mistake or an attack, not a procedure. */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

export interface ParsedRunbook {
  frontMatter: RunbookFrontMatter;
  markdown: string;
  /** The Markdown after the front matter. */
  body: string;
  /** What full-text search indexes: the body with Markdown punctuation folded away. */
  searchText: string;
  contentHash: string;
}

export type ParseOutcome = { ok: true; runbook: ParsedRunbook } | { ok: false; reason: string };

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** `size` is the file's real size when only its head was read. */
export function parseRunbook(bytes: Uint8Array, size = bytes.byteLength): ParseOutcome {
  if (size > MAX_RUNBOOK_BYTES)
    return { ok: false, reason: `file is ${formatBytes(size)}, over the ${formatBytes(MAX_RUNBOOK_BYTES)} limit` };
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not Markdown' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const m = FRONT_MATTER.exec(text);
  if (!m) return { ok: false, reason: 'no YAML front matter (the file must start with a "---" line and close it with another)' };

  const lineCounter = new LineCounter();
  const doc = parseDocument(m[1] ?? '', { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // +1: the front matter starts on the line after the opening "---".
    const line = lineCounter.linePos(e.pos[0]).line + 1;
    return { ok: false, reason: `bad YAML in front matter (line ${line}): ${firstLine(e.message)}` };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, reason: `bad YAML in front matter: ${firstLine((e as Error).message)}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, reason: 'front matter is not a YAML mapping of keys to values' };
  const fm = RunbookFrontMatter.safeParse(data);
  if (!fm.success) {
    const issue = fm.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'front matter';
    const missing = issue.code === 'invalid_type' && (data as Record<string, unknown>)[String(issue.path[0])] === undefined;
    return { ok: false, reason: missing ? `front matter is missing "${where}"` : `front matter "${where}": ${issue.message}` };
  }
  const body = text.slice(m[0].length);
  return {
    ok: true,
    runbook: {
      frontMatter: fm.data,
      markdown: text,
      body,
      searchText: toSearchText(body),
      contentHash: createHash('sha256').update(text).digest('hex'),
    },
  };
}

/**
 * FTS5's unicode61 tokenizer already treats Markdown punctuation as separators, so matching
 * needs nothing; this only keeps snippets readable (no fences, link targets or emphasis marks).
 * A full Markdown parse here cost more than the whole FTS insert on the 10,000-runbook bench.
 */
export function toSearchText(body: string): string {
  return body
    .replace(/^[ \t]*(```|~~~).*$/gm, '')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*[-*+][ \t]+\[[ xX]\][ \t]+/gm, '')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
