// Body fingerprints for Idempotency-Key (the IETF httpapi idempotency-key draft, Stripe's model):
// a repeated key is a replay only when the body is the same request, compared in a canonical
// form so that key order and whitespace do not count as a different body.
import { createHash } from 'node:crypto';

/** Canonical JSON: object keys sorted by code unit at every depth, no whitespace. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // Built as text, never as an object, so a "__proto__" key stays an ordinary key.
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The body in canonical JSON when it parses as JSON; otherwise the raw text as sent. */
export function canonicalBody(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  try {
    return canonicalJson(parsed);
  } catch {
    return text; // nested too deep to walk: compare the raw text instead
  }
}

/** sha256 hex of the canonical body: what is stored with a remembered answer and a created record. */
export function bodyFingerprint(text: string): string {
  return createHash('sha256').update(canonicalBody(text)).digest('hex');
}
