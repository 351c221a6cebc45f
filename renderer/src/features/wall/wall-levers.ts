import type { LeverStateSnapshot, LeverTargetState } from '../../../../shared/levers.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { wallAge } from './wall-words.ts';

/** What the wall holds of `levers.state`: the last snapshot read, and the last failure since it. */
export interface LeverReading {
  snapshot: LeverStateSnapshot | null;
  receivedAt: number | null;
  error: ApiError | null;
  errorSince: number | null;
}

export const NO_LEVER_READING: LeverReading = { snapshot: null, receivedAt: null, error: null, errorSince: null };

/** How often the wall reads the lever state (also on every `levers.changed`). */
export const LEVERS_EVERY_MS = 10_000;
/** A lever state older than this is no longer known: three reads missed. */
export const LEVERS_STALE_MS = 3 * LEVERS_EVERY_MS + 5000;
/** Before any answer, "reading" for this long; after it, "unknown". */
const FIRST_READ_LIMIT_MS = 30_000;

export type LeverLevel = 'waiting' | 'none' | 'pulled' | 'unknown';

/** The lever strip in words: a head ("⚑ 2 LEVERS PULLED:"), the levers, and what is not known. */
export interface LeverWords {
  level: LeverLevel;
  head: string;
  items: string[];
  note: string | null;
}

const MAX_ITEMS = 4;

/** A pulled lever as the room reads it. */
function pulledWords(t: LeverTargetState): string {
  switch (t.lever) {
    case 'platform-freeze':
      return 'platform in MAINTENANCE';
    case 'halt-deposits':
      return 'deposits halted on all brands';
    case 'brand-deposits-off':
      return `deposits halted on ${t.targetLabel || t.target}`;
    case 'brand-withdrawals-off':
      return `withdrawals halted on ${t.targetLabel || t.target}`;
    case 'provider-ingress-block':
      return `${t.target} ingress blocked`;
    default:
      return `${String(t.lever)} on ${t.target}`; // a lever this wall does not know yet
  }
}

function failureWords(e: ApiError): string {
  if (e.code === 'offline') return 'the console or the platform cannot be reached';
  if (e.code === 'timeout') return 'no answer in time';
  if (e.code === 'unauthorized' || e.code === 'forbidden') return 'the token may not read it';
  return 'the platform did not answer properly';
}

/** Why some targets could not be read, in a few words. */
function unreadableWhy(s: LeverStateSnapshot, unknown: LeverTargetState[]): string {
  const admin = s.reachable?.admin !== false;
  const gateway = s.reachable?.gateway !== false;
  if (!admin && !gateway) return 'platform unreachable';
  if (!admin) return 'admin service unreachable';
  if (!gateway && unknown.every((t) => t.lever === 'provider-ingress-block')) return 'gateway unreachable';
  return 'the platform answered with errors';
}

/**
 * The brand list could not be read, so the brand levers are not in `targets` at all. Read
 * defensively: a core from before `brandsError` sends none. (Why it failed is on the Levers
 * page; the wall says only that it is not known.)
 */
function brandListFailed(s: LeverStateSnapshot): boolean {
  const e: unknown = (s as { brandsError?: unknown }).brandsError;
  return e !== null && e !== undefined && e !== false;
}

function list(items: string[]): string[] {
  return items.length <= MAX_ITEMS ? items : [...items.slice(0, MAX_ITEMS - 1), `+${items.length - MAX_ITEMS + 1} more`];
}

/**
 * What the wall may say about levers: "no lever pulled" only from a fresh read of every lever
 * (and of the brand list); otherwise what is known, and that the rest is unknown.
 */
export function leverWords(r: LeverReading, startedAt: number | null, now: number): LeverWords {
  const s = r.snapshot;
  const fresh = s !== null && r.receivedAt !== null && now - r.receivedAt <= LEVERS_STALE_MS;
  if (!s || !fresh) {
    if (!s && !r.error && (startedAt === null || now - startedAt < FIRST_READ_LIMIT_MS))
      return { level: 'waiting', head: '… reading the lever state', items: [], note: startedAt === null ? null : `· ${wallAge(now - startedAt)}` };
    if (!s && r.error?.code === 'timeout' && startedAt !== null && now - startedAt < FIRST_READ_LIMIT_MS)
      return { level: 'waiting', head: '… reading the lever state', items: [], note: `· ${wallAge(now - startedAt)}` };
    const why = r.error ? failureWords(r.error) : 'no answer';
    const since = r.errorSince !== null ? ` for ${wallAge(now - r.errorSince)}` : startedAt !== null && !s ? ` for ${wallAge(now - startedAt)}` : '';
    const last = s && r.receivedAt !== null ? ` · last read ${wallAge(now - r.receivedAt)} ago` : '';
    return { level: 'unknown', head: '? LEVER STATE UNKNOWN', items: [], note: `${why}${since}${last}` };
  }
  const targets = Array.isArray(s.targets) ? s.targets : [];
  const pulled = targets.filter((t) => t.engaged === true);
  const unknown = targets.filter((t) => t.engaged !== true && t.engaged !== false);
  const notes: string[] = [];
  if (unknown.length > 0) notes.push(`${unknown.length} of ${targets.length} not read (${unreadableWhy(s, unknown)})`);
  if (brandListFailed(s)) notes.push('brand levers unknown: brand list unreadable');
  if (pulled.length > 0) {
    const n = pulled.length;
    const note = notes.length ? `? lever state unknown: ${notes.join(' · ')}` : null;
    return { level: 'pulled', head: `⚑ ${n} LEVER${n === 1 ? '' : 'S'} PULLED:`, items: list(pulled.map(pulledWords)), note };
  }
  if (notes.length) return { level: 'unknown', head: '? LEVER STATE UNKNOWN:', items: [], note: notes.join(' · ') };
  return { level: 'none', head: '✓ NO LEVER PULLED', items: [], note: null };
}

/**
 * Where a pulled lever's effect shows, by brand or provider: "deposits halted" beside lucky7's
 * name, so a halted brand's approval rate is not read as a new incident. Only from a fresh read.
 */
export function leverMarks(r: LeverReading, now: number): ReadonlyMap<string, string> {
  const s = r.snapshot;
  const marks = new Map<string, string[]>();
  if (!s || r.receivedAt === null || now - r.receivedAt > LEVERS_STALE_MS || !Array.isArray(s.targets)) return new Map();
  for (const t of s.targets) {
    if (t.engaged !== true) continue;
    const word = t.lever === 'brand-deposits-off' ? 'deposits' : t.lever === 'brand-withdrawals-off' ? 'withdrawals' : t.lever === 'provider-ingress-block' ? 'ingress' : null;
    if (word) marks.set(t.target, [...(marks.get(t.target) ?? []), word]);
  }
  return new Map([...marks].map(([target, words]) => [target, `${words.join(' + ')} ${words[0] === 'ingress' ? 'blocked' : 'halted'}`]));
}
