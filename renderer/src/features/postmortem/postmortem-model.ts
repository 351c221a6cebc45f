import type { IncidentState } from '../../../../shared/incidents/events.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';

/** OPERATIONS.md alerts when p99 > 200 ms: the limit when nothing better is known. */
export const DEFAULT_P99_LIMIT_MS = 200;

/** The p99 limit the postmortem draws and drafts with, and where it came from (said on screen). */
export interface P99Limit {
  ms: number;
  source: 'declared-breach' | 'console-threshold' | 'default';
}

/**
 * The limit in force for this incident: the one the breach it was declared from was measured
 * against (it is the incident's own), else the console's threshold now (it may have changed
 * since), else OPERATIONS.md's 200 ms.
 */
export function p99LimitFor(view: IncidentView, consoleThresholdMs: number | null): P99Limit {
  const b = view.breach;
  if (b && b.kind === 'latency' && b.threshold !== null && b.threshold > 0) return { ms: b.threshold, source: 'declared-breach' };
  if (consoleThresholdMs !== null && consoleThresholdMs > 0) return { ms: consoleThresholdMs, source: 'console-threshold' };
  return { ms: DEFAULT_P99_LIMIT_MS, source: 'default' };
}

export function p99LimitWords(limit: P99Limit): string {
  const why =
    limit.source === 'declared-breach'
      ? 'the limit of the breach it was declared from'
      : limit.source === 'console-threshold'
        ? "the console's threshold now"
        : 'the default: no threshold could be read';
  return `p99 limit ${limit.ms} ms (${why})`;
}

/**
 * The template's authors (on-call lead, fix author): the commander, else the owner, is the lead;
 * the fix author stays a prompt for a person to fill in.
 */
export function draftAuthors(view: IncidentView): string[] {
  const lead = view.roles.commander ?? view.owner;
  return [lead ? `on-call lead ${lead}` : 'on-call lead _NAME_', 'fix author _NAME_'];
}

/** `<incidentId>-postmortem.md`, with anything a file system might refuse replaced. */
export function exportFilename(incidentId: string): string {
  const safe = incidentId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'incident';
  return `${safe}-postmortem.md`;
}

export const STATE_WORDS: Record<IncidentState, string> = {
  declared: 'declared, not acknowledged',
  acknowledged: 'acknowledged',
  mitigated: 'mitigated',
  resolved: 'resolved',
  postmortem_done: 'closed: postmortem complete',
  cancelled: 'cancelled',
};

/** "2026-03-11 03:14 UTC". */
export function utcStamp(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
