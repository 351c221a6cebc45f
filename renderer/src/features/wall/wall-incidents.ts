import type { OpenIncidents, PolicyInfo } from '../../../../shared/incidents/api.ts';
import { formatDuration, incidentClocks, type Clock, type ClockKind, type ClockState } from '../../../../shared/incidents/clocks.ts';
import { SEVERITIES, type IncidentState, type Severity } from '../../../../shared/incidents/events.ts';
import { foldIncident } from '../../../../shared/incidents/fold.ts';
import { displayName, validateSeverityPolicy, type SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import type { ApiError, Result } from '../../../../shared/result.ts';
import { utcClock } from '../../ui/metrics-format.ts';
import { wallAge } from './wall-words.ts';

/**
 * The open incidents as the wall tells them: each one's severity (the team's name for it), id,
 * title, state, owner and live clocks, most urgent first. "No open incident" only from a fresh,
 * successful read; otherwise what is not known, why, and since when. Pure: the clock is an argument.
 */

/** What the wall holds of `incidents.open`: the incidents as last read (folded), and the last failure since. */
export interface IncidentReading {
  views: IncidentView[] | null;
  /** Incidents the last read listed that could not be folded (no readable event): never "none". */
  unreadable: string[];
  receivedAt: number | null;
  error: ApiError | null;
  errorSince: number | null;
}

export const NO_INCIDENT_READING: IncidentReading = { views: null, unreadable: [], receivedAt: null, error: null, errorSince: null };

/** The severity policy in force (`incidents.policy`), validated here with the core's own schema. */
export interface PolicyReading {
  policy: SeverityPolicy | null;
  /** Why there is no policy to compute clocks with (a failed read, a file that does not validate). */
  problem: string | null;
}

export const NO_POLICY_READING: PolicyReading = { policy: null, problem: null };

/** How often the wall reads the open incidents (also on every `incidents.changed`). */
export const INCIDENTS_EVERY_MS = 15_000;
/** "No open incident" needs an answer from the last two reads (and room for a slow one). */
export const INCIDENTS_STALE_MS = 2 * INCIDENTS_EVERY_MS + 5000;
/** Before any answer, "reading" for this long; after it, "unknown". */
const FIRST_READ_LIMIT_MS = 30_000;
/** Incidents the incidents slide shows in full at 1920×1080 and above; the rest are named in one line. */
export const MAX_INCIDENT_ROWS = 3;

/** Folds what `incidents.open` answered; an incident that does not fold is listed, not dropped. */
export function readIncidents(r: Result<OpenIncidents>, prev: IncidentReading, at: number): IncidentReading {
  if (!r.ok) return { ...prev, error: r.error, errorSince: prev.errorSince ?? at };
  const views: IncidentView[] = [];
  const unreadable: string[] = [];
  for (const i of Array.isArray(r.value?.incidents) ? r.value.incidents : []) {
    try {
      const v = foldIncident(i.events);
      if (v.declaredAt && v.severity) views.push(v);
      else unreadable.push(i.incidentId);
    } catch {
      unreadable.push(i.incidentId);
    }
  }
  return { views, unreadable, receivedAt: at, error: null, errorSince: null };
}

/** The policy as written, validated; a policy read before stays in force when a later read fails. */
export function readPolicy(r: Result<PolicyInfo>, prev: PolicyReading): PolicyReading {
  if (!r.ok) return prev.policy ? prev : { policy: null, problem: `the severity policy cannot be read (${r.error.message})` };
  const v = validateSeverityPolicy(r.value.raw);
  if (v.ok) return { policy: v.value, problem: null };
  return prev.policy ? prev : { policy: null, problem: 'the severity policy does not validate' };
}

export type IncidentLevel = 'waiting' | 'none' | 'open' | 'unknown';
export type RowLevel = 'overdue' | 'approaching' | 'open';
/** The strip's colour, always with its word and shape: ✕ overdue, ▲ due soon, ◆ open, ✓ none, ? unknown. */
export type IncidentTone = 'waiting' | 'none' | 'running' | 'approaching' | 'overdue' | 'unknown';

export interface WallClock {
  id: string;
  kind: ClockKind;
  state: ClockState;
  /** Word and shape above the figure: "✕ ack OVERDUE by", "▲ fix DUE SOON, in", "◷ fix due in". */
  caption: string;
  /** The time, at figure size: "12 min". */
  figure: string;
  /** The policy's words for it: "Acknowledge: 5 min (SEV1)". */
  label: string;
  /** Negative when overdue. */
  remainingMs: number;
}

export interface WallIncidentRow {
  id: string;
  severity: Severity;
  /** The team's name for the severity ("P1"), with its shape. */
  sev: string;
  title: string;
  state: string;
  /** "owner asha", "NO OWNER yet", plus the incident commander when named. */
  owner: string;
  level: RowLevel;
  /** The live clocks, most urgent first. */
  clocks: WallClock[];
  /** No clock can be shown, and why ("clocks unknown: the severity policy cannot be read"). */
  noClocks: string | null;
}

/**
 * What the wall says of incidents: a strip on every slide (a head in words and a shape, and a
 * few words more), and, while incidents are known, the rows of the incidents slide.
 */
export interface IncidentWords {
  level: IncidentLevel;
  tone: IncidentTone;
  /** "✕ 2 INCIDENTS:", "✓ NO OPEN INCIDENT", "? OPEN INCIDENTS UNKNOWN:". */
  head: string;
  /** The most urgent incident's most urgent clock, or what is not known, why and since when. */
  note: string | null;
  /** Most urgent first; from an old or failed read when `stale`. Empty: no incidents slide. */
  rows: WallIncidentRow[];
  /** "+2 more open: ● SEV3 INC-…, ○ SEV4 INC-…" beyond the rows the slide has room for. */
  more: string | null;
  /** The rows are from an old or failed read: shown greyed, their clocks struck through as of `asOf`. */
  stale: boolean;
  asOf: number | null;
}

const SEV_SHAPE: Record<Severity, string> = { SEV1: '◆', SEV2: '▲', SEV3: '●', SEV4: '○' };

const STATE_WORDS: Record<IncidentState, string> = {
  declared: '◆ DECLARED · not acknowledged',
  acknowledged: '● ACKNOWLEDGED',
  mitigated: '◐ MITIGATED',
  resolved: '✓ RESOLVED',
  postmortem_done: '✓ CLOSED',
  cancelled: '✕ CANCELLED',
};

const NOUN: Record<ClockKind, string> = {
  ack: 'ack',
  fix: 'fix',
  customer_notice: 'customer notice',
  status_update: 'status update',
  postmortem: 'postmortem',
  decision_record: 'decision record',
};

/** The strip has room for few words: it shares a line with the breach or lever strip. */
const SHORT: Record<ClockKind, string> = {
  ack: 'ack',
  fix: 'fix',
  customer_notice: 'notice',
  status_update: 'status',
  postmortem: 'postmortem',
  decision_record: 'ADR',
};

const LIVE: ReadonlySet<ClockState> = new Set(['running', 'approaching', 'overdue']);

function clockCaption(c: Clock): string {
  const noun = NOUN[c.kind];
  if (c.state === 'overdue') return `✕ ${noun} OVERDUE by`;
  if (c.state === 'approaching') return `▲ ${noun} DUE SOON, in`;
  return `◷ ${noun} due in`;
}

/** The live clocks, most urgent first (the most overdue first). */
function liveClocks(view: IncidentView, policy: SeverityPolicy, at: number): WallClock[] {
  return incidentClocks(view, policy, new Date(at))
    .filter((c) => LIVE.has(c.state))
    .sort((a, b) => a.remainingMs - b.remainingMs)
    .map((c) => ({ id: c.id, kind: c.kind, state: c.state, caption: clockCaption(c), figure: formatDuration(c.remainingMs), label: c.label, remainingMs: c.remainingMs }));
}

function ownerWords(v: IncidentView): string {
  const owner = v.owner ? `owner ${v.owner}` : 'NO OWNER yet';
  const ic = v.roles.commander && v.roles.commander !== v.owner ? ` · IC ${v.roles.commander}` : '';
  return owner + ic;
}

interface Ranked {
  row: WallIncidentRow;
  /** Least time left on a live clock (Infinity: none), then severity, then the oldest first. */
  urgency: number;
  declaredAt: string;
}

function rowOf(v: IncidentView, policy: PolicyReading, at: number): Ranked {
  const severity = v.severity!;
  const clocks = policy.policy ? liveClocks(v, policy.policy, at) : [];
  const level: RowLevel = clocks.some((c) => c.state === 'overdue') ? 'overdue' : clocks.some((c) => c.state === 'approaching') ? 'approaching' : 'open';
  const row: WallIncidentRow = {
    id: v.id,
    severity,
    sev: `${SEV_SHAPE[severity]} ${displayName(policy.policy, severity)}`,
    title: v.title,
    state: v.state ? STATE_WORDS[v.state] : '? state unknown',
    owner: ownerWords(v),
    level,
    clocks,
    noClocks: policy.policy ? (clocks.length ? null : 'no clock running') : `clocks unknown: ${policy.problem ?? 'reading the severity policy'}`,
  };
  return { row, urgency: clocks[0]?.remainingMs ?? Infinity, declaredAt: v.declaredAt ?? '' };
}

/** Most urgent first: least time left on a live clock (the most overdue first); then severity; then the oldest. */
function byUrgency(a: Ranked, b: Ranked): number {
  if (a.urgency !== b.urgency) return a.urgency < b.urgency ? -1 : 1;
  const s = SEVERITIES.indexOf(a.row.severity) - SEVERITIES.indexOf(b.row.severity);
  if (s !== 0) return s;
  return a.declaredAt < b.declaredAt ? -1 : a.declaredAt > b.declaredAt ? 1 : 0;
}

function failureWords(e: ApiError): string {
  if (e.code === 'offline') return 'the console cannot be reached';
  if (e.code === 'timeout') return 'the console does not answer in time';
  if (e.code === 'unauthorized' || e.code === 'forbidden') return 'the console refuses this wall';
  return 'the console answers with errors';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "SEV1 ack OVERDUE 12 min": the most urgent row's most urgent clock, in the strip's few words. */
function stripWords(row: WallIncidentRow): string {
  const sev = row.sev.slice(2); // the strip's head carries the shape
  const c = row.clocks[0];
  if (!c) return `${sev} ${row.state.replace(/^\S+ /, '')}`;
  return `${sev} ${SHORT[c.kind]} ${c.state === 'overdue' ? 'OVERDUE' : 'due in'} ${c.figure}`;
}

/** What the wall may say about incidents at `now`, from the last read and the policy. */
export function incidentWords(r: IncidentReading, policy: PolicyReading, startedAt: number | null, now: number, maxRows = MAX_INCIDENT_ROWS): IncidentWords {
  const none = { rows: [], more: null, stale: false, asOf: null };
  const fresh = r.views !== null && r.receivedAt !== null && r.error === null && now - r.receivedAt <= INCIDENTS_STALE_MS;

  if (r.views === null) {
    const early = startedAt === null || now - startedAt < FIRST_READ_LIMIT_MS;
    if (early && (!r.error || r.error.code === 'timeout'))
      return { ...none, level: 'waiting', tone: 'waiting', head: '… reading the open incidents', note: startedAt === null ? null : `· ${wallAge(now - startedAt)}` };
    const why = r.error ? failureWords(r.error) : 'no answer';
    const since = r.errorSince ?? startedAt;
    return {
      ...none,
      level: 'unknown',
      tone: 'unknown',
      head: '? OPEN INCIDENTS UNKNOWN:',
      note: `${why}${since !== null ? ` for ${wallAge(now - since)}` : ''}, not read since the wall started`,
    };
  }

  const at = fresh ? now : r.receivedAt!;
  const all = r.views
    .map((v) => rowOf(v, policy, at))
    .sort(byUrgency)
    .map((x) => x.row);
  const rows = all.slice(0, maxRows);
  const rest = all.slice(maxRows);
  const more = rest.length ? `+${rest.length} more open: ${rest.slice(0, 3).map((x) => `${x.sev} ${x.id}`).join(', ')}${rest.length > 3 ? ', …' : ''}` : null;
  const unreadable = r.unreadable.length ? `${plural(r.unreadable.length, 'incident', 'incidents')} unreadable (${r.unreadable.slice(0, 2).join(', ')}${r.unreadable.length > 2 ? ', …' : ''})` : null;

  if (!fresh) {
    const why = r.error ? `${failureWords(r.error)} for ${wallAge(now - (r.errorSince ?? now))}` : 'no new answer';
    const listed = all.length === 0 ? ', which listed none' : `, which listed ${all.length}`;
    return {
      level: 'unknown',
      tone: 'unknown',
      head: '? OPEN INCIDENTS NOT CURRENT:',
      note: `${why} · last read ${utcClock(r.receivedAt!)} UTC${listed}`,
      rows,
      more,
      stale: true,
      asOf: r.receivedAt,
    };
  }
  if (all.length === 0) {
    if (unreadable) return { ...none, level: 'unknown', tone: 'unknown', head: '? OPEN INCIDENTS UNKNOWN:', note: unreadable };
    return { ...none, level: 'none', tone: 'none', head: '✓ NO OPEN INCIDENT', note: null };
  }
  const top = all[0]!;
  const tone: IncidentTone = top.level === 'overdue' ? 'overdue' : top.level === 'approaching' ? 'approaching' : 'running';
  const mark = tone === 'overdue' ? '✕' : tone === 'approaching' ? '▲' : '◆';
  const note = [stripWords(top), unreadable ? `? ${unreadable}` : null].filter(Boolean).join(' · ');
  return { level: 'open', tone, head: `${mark} ${all.length === 1 ? 'INCIDENT' : `${all.length} INCIDENTS`}:`, note, rows, more, stale: false, asOf: now };
}
