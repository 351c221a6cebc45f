import type { AuditRecord } from '../../../../shared/audit.ts';
import { LEVERS } from '../../../../shared/levers.ts';

/**
 * An audit record's stored JSON (state before and after, the request, the answer) read as
 * the fields a person checks. Every reader is defensive: a record is evidence, whatever shape.
 */

export type StateTone = 'engaged' | 'released' | 'other';

export interface StateChange {
  before: string | null;
  after: string | null;
  beforeTone: StateTone;
  afterTone: StateTone;
  /** The intent is written before the write: its "after" is what the lever is meant to do. */
  afterPlanned: boolean;
  /** The raw field, e.g. "value.deposit_enabled: true → false". */
  field: string | null;
}

export interface RequestLine {
  method: string;
  path: string;
  origin: string;
  headers: string[];
  body: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueAt(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const key of path.split('.')) {
    if (!isObject(v) || !(key in v)) return undefined;
    v = v[key];
  }
  return v;
}

export function compact(v: unknown): string {
  if (v === undefined) return '(absent)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function stateChange(r: AuditRecord): StateChange | null {
  const def = LEVERS.find((l) => l.id === r.lever);
  if (!def) return null;
  const label = (body: unknown): { text: string; raw: unknown; tone: StateTone } | null => {
    if (body === null || body === undefined) return null;
    const raw = valueAt(body, def.field);
    if (raw !== undefined && compact(raw) === compact(def.engagedValue)) return { text: def.engagedLabel, raw, tone: 'engaged' };
    if (raw !== undefined && compact(raw) === compact(def.releasedValue)) return { text: def.releasedLabel, raw, tone: 'released' };
    return { text: raw === undefined ? `${def.field} not in the answer` : `${def.field} = ${compact(raw)}`, raw, tone: 'other' };
  };
  const before = label(r.before);
  const after = label(r.after);
  const planned = r.kind === 'intent' && !after && (r.action === 'engage' || r.action === 'release');
  if (!before && !after && !planned) return null;
  const rawAfter = after ? compact(after.raw) : planned ? compact(r.action === 'engage' ? def.engagedValue : def.releasedValue) : '?';
  return {
    before: before?.text ?? null,
    after: after?.text ?? (planned ? (r.action === 'engage' ? def.engagedLabel : def.releasedLabel) : null),
    beforeTone: before?.tone ?? 'other',
    afterTone: after?.tone ?? (planned ? (r.action === 'engage' ? 'engaged' : 'released') : 'other'),
    afterPlanned: planned,
    field: `${def.field}: ${before ? compact(before.raw) : '?'} → ${rawAfter}`,
  };
}

export function requestLine(r: AuditRecord): RequestLine | null {
  const q = r.request;
  if (!isObject(q)) return null;
  const url = typeof q.url === 'string' ? q.url : '';
  let origin = '';
  let path = url;
  try {
    const u = new URL(url);
    origin = u.origin;
    path = `${u.pathname}${u.search}`;
  } catch {
    // "<admin>/api/v1/…" when the service had no URL: shown as written
  }
  const headers = isObject(q.headers) ? Object.entries(q.headers).map(([k, v]) => `${k}: ${compact(v)}`) : [];
  return { method: typeof q.method === 'string' ? q.method : '?', path, origin, headers, body: q.body === undefined || q.body === null ? null : compact(q.body) };
}

/** "HTTP 200", "timeout: no answer in 5 s"; null when no answer was recorded (an intent). */
export function responseLine(r: AuditRecord): { status: string; ok: boolean; body: string | null } | null {
  const a = r.response;
  if (!isObject(a)) return null;
  if (typeof a.status === 'number') return { status: `HTTP ${a.status}`, ok: a.status >= 200 && a.status < 300, body: a.body === undefined || a.body === null ? null : compact(a.body) };
  const kind = typeof a.kind === 'string' ? a.kind : 'no answer';
  return { status: typeof a.detail === 'string' ? `${kind}: ${a.detail}` : kind, ok: false, body: null };
}

/** "write: HTTP 200; read-back shows …; probe …" as one line per step. */
export function detailSteps(detail: string | null): string[] {
  if (!detail) return [];
  return detail
    .split(/;\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
