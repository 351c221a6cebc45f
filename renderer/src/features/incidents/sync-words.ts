import type { IncidentSyncState, SyncConflict, SyncStatus } from '../../../../shared/incidents/sync.ts';
import { formatAge } from '../../ui/time.ts';
import { utcTime } from './incident-words.ts';

/**
 * What the console may say about incident sync, in words and a shape. Pure: the badge, the
 * Incidents page's summary line and the list's markers all read from here.
 *
 * The rule: "✓ Synced" is a claim about now. It needs a status the core answered within
 * SYNC_FRESH_MS, a platform that answered at least once, nothing of the incident waiting, no
 * refusal, and no failing pass. A failed or old read says "unknown", never the last answer.
 */

/** The console re-reads the sync status this often (and on `incidents.sync` / `incidents.changed`). */
export const SYNC_POLL_MS = 10_000;
/** A status read longer ago than this backs no claim: three polls, one may be slow. */
export const SYNC_FRESH_MS = 30_000;

/** The reads of `incidents.syncStatus` as the renderer holds them, with its own clock. */
export interface SyncRead {
  /** The last status the core answered, and when (our clock) it arrived. */
  last: { status: SyncStatus; readAt: number } | null;
  /** Set while the latest read failed: why, and since when reads fail. A good read clears it. */
  failure: { message: string; since: number } | null;
}

export const NO_SYNC_READ: SyncRead = { last: null, failure: null };

/**
 * reading: nothing read yet. unknown: the read failed or is old. disabled: no platform.
 * synced / sending (waiting, passes going well) / failing (the platform is not answering) /
 * conflict (the platform refused an event).
 */
export type SyncTone = 'reading' | 'unknown' | 'disabled' | 'synced' | 'sending' | 'failing' | 'conflict';

export interface SyncWords {
  tone: SyncTone;
  /** The whole line, shape first: what a screen reader and the room read. */
  text: string;
}

export const SYNC_MARK: Record<SyncTone, string> = {
  reading: '…',
  unknown: '▲',
  disabled: '■',
  synced: '✓',
  sending: '⟳',
  failing: '✕',
  conflict: '⚠',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "03:12 UTC" today, "2026-03-10 03:12 UTC" another day. */
export function utcMinute(iso: string | number, now: number): string {
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const s = new Date(t).toISOString();
  return s.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? `${s.slice(11, 16)} UTC` : `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** The core's failure words, tidied: "unreachable (connection refused)" reads "connection refused". */
export function failureReason(lastError: string | null): string {
  if (!lastError) return 'no reason given';
  const m = /^(?:pull: )?unreachable \((.*)\)$/.exec(lastError);
  return m ? m[1]! : lastError;
}

/**
 * Why the last passes failed, lower case: "offline since 03:12 UTC (connection refused)" when
 * the platform has not answered since; "failing since … (HTTP 503)" when it answers with errors.
 */
export function failingWords(s: SyncStatus, now: number): string {
  const since = s.failingSince!;
  const reachedSince = s.lastReachedAt !== null && Date.parse(s.lastReachedAt) >= Date.parse(since);
  return `${reachedSince ? 'failing' : 'offline'} since ${utcMinute(since, now)} (${failureReason(s.lastError)})`;
}

function nextTry(s: SyncStatus, now: number): string {
  if (!s.nextAttemptAt) return '';
  return Date.parse(s.nextAttemptAt) <= now ? ' · trying again now' : ` · next try ${utcTime(s.nextAttemptAt, now)}`;
}

const TYPE_WORDS: Record<string, string> = {
  declared: 'the declaration',
  acknowledged: 'the acknowledgement',
  mitigated: 'the mitigation',
  resolved: 'the resolution',
  reopened: 'the reopening',
  cancelled: 'the cancellation',
  postmortem_completed: 'the postmortem completion',
  severity_changed: 'a severity change',
  role_assigned: 'a role assignment',
  role_released: 'a role release',
  note_added: 'a note',
  status_posted: 'a status update',
  lever_executed: 'a lever record',
  breach_started: 'a breach record',
  breach_ended: 'a breach record',
  runbook_attached: 'a runbook attachment',
  runbook_detached: 'a runbook detachment',
  checklist_ticked: 'a checklist tick',
  event_pinned: 'a pin',
  postmortem_edited: 'a postmortem edit',
  decision_record_filed: 'a decision record',
  handover: 'a handover',
};

/** An event type as the conflict words name it: "a note", "the declaration". */
export const eventTypeWords = (type: string): string => TYPE_WORDS[type] ?? (type === '?' || type === '' ? 'an event' : `a ${type.replace(/_/g, ' ')} event`);

/** "The platform refused a note (HTTP 422: …) at 03:14 UTC; 2 later events wait behind it". */
export function conflictWords(c: SyncConflict, now: number): string {
  const at = c.at && !Number.isNaN(Date.parse(c.at)) ? ` at ${utcMinute(c.at, now)}` : '';
  const behind = c.blocking > 0 ? `; ${plural(c.blocking, 'later event')} ${c.blocking === 1 ? 'waits' : 'wait'} behind it` : '';
  return `The platform refused ${eventTypeWords(c.type)} (${c.reason})${at}${behind}`;
}

/** The read, if one may be spoken of now; otherwise the words that say why not. */
function usable(read: SyncRead, now: number): { status: SyncStatus; readAt: number } | SyncWords {
  const { last, failure } = read;
  if (failure) {
    const since = last ? last.readAt : failure.since;
    return { tone: 'unknown', text: `${SYNC_MARK.unknown} Sync status unknown since ${utcMinute(since, now)} (${failure.message})` };
  }
  if (!last) return { tone: 'reading', text: `${SYNC_MARK.reading} Reading sync status…` };
  const age = now - last.readAt;
  if (age > SYNC_FRESH_MS) {
    return { tone: 'unknown', text: `${SYNC_MARK.unknown} Sync status unknown since ${utcMinute(last.readAt, now)} (not read for ${formatAge(age)})` };
  }
  if (!last.status.enabled) return { tone: 'disabled', text: `${SYNC_MARK.disabled} Not synced: ${last.status.disabledReason ?? 'sync is off for this profile'}` };
  return last;
}

export const incidentSync = (s: SyncStatus, incidentId: string): IncidentSyncState | null => s.incidents.find((i) => i.incidentId === incidentId) ?? null;

/**
 * The sync line: of one incident (its badge) when `incidentId` is given, of the whole console
 * (the Incidents page's summary) otherwise.
 */
export function syncWords(read: SyncRead, now: number, incidentId?: string): SyncWords {
  const u = usable(read, now);
  if ('tone' in u) return u;
  return incidentId === undefined ? summaryWords(u.status, now) : badgeWords(u.status, now, incidentId);
}

function badgeWords(s: SyncStatus, now: number, incidentId: string): SyncWords {
  const mine = incidentSync(s, incidentId);
  const waiting = mine?.waiting ?? 0;
  const refused = mine?.conflicts.length ?? 0;
  const failing = s.failingSince !== null;
  if (refused > 0) {
    const behind = Math.max(0, waiting - refused);
    return {
      tone: 'conflict',
      text:
        `${SYNC_MARK.conflict} ${plural(refused, 'event')} refused by the platform` +
        (behind > 0 ? ` · ${behind} more ${behind === 1 ? 'waits' : 'wait'} behind ${refused === 1 ? 'it' : 'them'}` : '') +
        ' · retry or discard below',
    };
  }
  if (waiting > 0 && failing) {
    return { tone: 'failing', text: `${SYNC_MARK.sending} ${plural(waiting, 'event')} waiting to sync · ${failingWords(s, now)}${nextTry(s, now)}` };
  }
  if (waiting > 0) return { tone: 'sending', text: `${SYNC_MARK.sending} ${plural(waiting, 'event')} waiting to sync` };
  if (failing) {
    // Everything of this incident went out, but the platform is not answering now: what other
    // consoles wrote since may be missing here. Not "Synced".
    return {
      tone: 'failing',
      text: `${SYNC_MARK.failing} Nothing waits to be sent · ${failingWords(s, now)}${nextTry(s, now)} · changes made elsewhere may be missing`,
    };
  }
  if (s.lastReachedAt === null) return { tone: 'sending', text: `${SYNC_MARK.sending} Not synced yet: the platform has not been reached` };
  return { tone: 'synced', text: `${SYNC_MARK.synced} Synced · platform reached ${utcTime(s.lastReachedAt, now)}` };
}

function summaryWords(s: SyncStatus, now: number): SyncWords {
  const refused = s.conflicts;
  // Events of an incident with a refusal wait behind it: they go only after a retry or discard.
  const held = s.incidents.reduce((n, i) => n + (i.conflicts.length > 0 ? i.waiting : 0), 0);
  const sending = Math.max(0, s.waiting - held);
  const parts: string[] = [];
  let tone: SyncTone;
  if (s.failingSince !== null) {
    tone = 'failing';
    const w = failingWords(s, now);
    parts.push(w[0]!.toUpperCase() + w.slice(1));
    const when = w.startsWith('offline') ? 'when the platform answers' : 'when the platform accepts writes again';
    if (s.waiting > 0) parts.push(`${plural(s.waiting, 'event')} ${s.waiting === 1 ? 'waits' : 'wait'} on this console`, `${s.waiting === 1 ? 'it' : 'they'} will be sent ${when}`);
    else parts.push('nothing waits to be sent');
    const next = nextTry(s, now);
    if (next) parts.push(next.slice(3));
  } else {
    tone = sending > 0 || s.lastReachedAt === null ? 'sending' : 'synced';
    parts.push(s.lastReachedAt === null ? 'Platform not reached yet' : `Platform last reached ${utcTime(s.lastReachedAt, now)}`);
    if (sending > 0) parts.push(`${plural(sending, 'event')} waiting to sync`);
    else if (refused === 0 && s.lastReachedAt !== null) parts.push('all incidents synced');
  }
  if (refused > 0) {
    tone = 'conflict';
    parts.unshift(`${plural(refused, 'event')} refused by the platform — open the incident to retry or discard`);
  }
  if (s.unreadablePulled > 0) parts.push(`${plural(s.unreadablePulled, 'record')} from the platform's feed did not read and ${s.unreadablePulled === 1 ? 'was' : 'were'} left out`);
  return { tone, text: `${SYNC_MARK[tone]} ${parts.join(' · ')}` };
}

/** The list row's marker ("⟳ 3 waiting", "⚠ refused"), from a fresh read only; null: nothing to mark. */
export function listMarker(read: SyncRead, now: number, incidentId: string): { tone: 'sending' | 'conflict'; text: string } | null {
  const u = usable(read, now);
  if ('tone' in u) return null;
  const mine = incidentSync(u.status, incidentId);
  if (!mine) return null;
  if (mine.conflicts.length > 0) return { tone: 'conflict', text: `${SYNC_MARK.conflict} refused` };
  if (mine.waiting > 0) return { tone: 'sending', text: `${SYNC_MARK.sending} ${mine.waiting} waiting` };
  return null;
}

/** The conflicts to show for an incident: from the last answer, fresh or not (the panel says which). */
export function incidentConflicts(read: SyncRead, incidentId: string): SyncConflict[] {
  return read.last ? (incidentSync(read.last.status, incidentId)?.conflicts ?? []) : [];
}

/** What "Sync now" answered, in words. */
export function syncNowWords(s: SyncStatus, now: number): string {
  if (!s.enabled) return `Not synced: ${s.disabledReason ?? 'sync is off for this profile'}`;
  if (s.failingSince !== null) return `✕ Sync failed: ${failingWords(s, now)}${s.waiting > 0 ? ` · ${plural(s.waiting, 'event')} still ${s.waiting === 1 ? 'waits' : 'wait'}` : ''}`;
  return `✓ Sync pass done at ${utcTime(new Date(now).toISOString(), now)}${s.conflicts > 0 ? ` · ${plural(s.conflicts, 'event')} refused` : ''}`;
}
