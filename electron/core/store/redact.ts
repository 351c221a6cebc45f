import { inspect } from 'node:util';

/** What a secret is replaced with, wherever it would have been stored, exported or logged. */
export const REDACTED = '[REDACTED]';
/** Shorter "secrets" are not redacted: replacing a 3-letter string everywhere would garble text. */
export const MIN_SECRET_LENGTH = 8;

/** Every secret the console holds now (tokens change while it runs, so it is asked each time). */
export type Secrets = () => readonly string[];

/**
 * The forms a secret takes in stored text: as typed, JSON-escaped (once, and twice for a JSON
 * text kept inside JSON), and percent-encoded (in a URL).
 */
function formsOf(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([twice, once, secret, encodeURIComponent(secret)])];
}

/** The strings to replace, longest first, so a secret that contains another goes whole. */
function needles(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    // A secret inside the marker itself would make redaction never settle.
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH || REDACTED.includes(s)) continue;
    for (const f of formsOf(s)) out.add(f);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function replaceAll(text: string, found: readonly string[]): string {
  let out = text;
  for (const n of found) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}

/** `text` with every secret (in any of its forms) replaced by REDACTED. */
export function redact(text: string, secrets: readonly string[]): string {
  return replaceAll(text, needles(secrets));
}

/**
 * Every string in `value`, at any depth of arrays and plain objects, redacted. Anything else
 * (numbers, bigints, Buffers, null) is returned as it is; a value with nothing to redact is
 * returned unchanged (same object).
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const found = needles(secrets);
  return found.length === 0 ? value : deep(value, found);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function deep<T>(value: T, found: readonly string[]): T {
  if (typeof value === 'string') return replaceAll(value, found) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v: unknown) => {
      const r = deep(v, found);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = deep(v, found);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** A redactor bound to where the secrets come from. */
export interface Redactor {
  text(s: string): string;
  value<T>(v: T): T;
}

export function redactor(secrets: Secrets): Redactor {
  // Every bound statement asks: the forms of the secrets are worked out again only when the
  // secrets change (a token set or replaced), not for each of 100,000 rows of a pull.
  let key: string | null = null;
  let found: string[] = [];
  const current = (): string[] => {
    const list = secrets();
    const k = list.join('\u0000');
    if (k !== key) {
      key = k;
      found = needles(list);
    }
    return found;
  };
  return {
    text: (s) => replaceAll(s, current()),
    value: (v) => {
      const f = current();
      return f.length === 0 ? v : deep(v, f);
    },
  };
}

export const NO_REDACTION: Redactor = { text: (s) => s, value: (v) => v };

// ---- logs ----

/**
 * The secrets of every console core open in this process. dispatch() logs for both transports
 * and is not told whose handlers it runs, so each core registers its secrets while it is open.
 */
const logSecrets = new Set<Secrets>();

/** Registers `secrets` for log redaction; returns the function that unregisters them. */
export function redactLogsOf(secrets: Secrets): () => void {
  const entry: Secrets = () => secrets();
  logSecrets.add(entry);
  return () => {
    logSecrets.delete(entry);
  };
}

/** A log line's arguments as one redacted string (an Error keeps its stack, an object its shape). */
export function forLog(...parts: unknown[]): string {
  const all: string[] = [];
  for (const s of logSecrets) {
    try {
      all.push(...s());
    } catch {
      // Not knowing a secret, the line cannot be cleaned: say that something happened, not what.
      return '(log line withheld: the secrets to redact from it could not be read)';
    }
  }
  const text = parts.map((p) => (typeof p === 'string' ? p : inspect(p, { depth: 6, breakLength: Infinity }))).join(' ');
  return redact(text, all);
}
