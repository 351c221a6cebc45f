import { z } from 'zod';
import { incidentClocks } from '../incidents/clocks.ts';
import type { SeverityPolicy } from '../incidents/policy.ts';
import type { IncidentView } from '../incidents/view.ts';
import type { LeverExecution, LeverStateSnapshot } from '../levers.ts';
import type { Dashboard } from '../metrics.ts';
import { brandNamesOf } from '../brands.ts';

/**
 * A handover drafted from the console's own state (OPERATIONS.md: a structured handover reviews
 * open incidents, in-flight changes and rail health to watch). Every fact says how old the data
 * behind it is (`asOf`), or that it could not be read: a handover written from the local cache
 * while offline says so, fact by fact.
 */

export const HandoverFact = z.object({
  kind: z.enum(['incident', 'lever', 'rail', 'freeze', 'change', 'unknown']),
  text: z.string(),
  /** When the data behind it was read (ISO); null when it could not be read at all. */
  asOf: z.string().nullable(),
  /** Where it comes from, in words ("incidents on this console, last synced 03:12"). */
  source: z.string(),
  /** A console route to open (#/incidents/…, #/levers, #/dashboard). */
  link: z.string().nullable(),
});
export type HandoverFact = z.infer<typeof HandoverFact>;

export const Handover = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  draftedAt: z.string(),
  facts: z.array(HandoverFact),
  text: z.string(),
  handedAt: z.string(),
  handedBy: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type Handover = z.infer<typeof Handover>;

export const HandoverDraft = z.object({
  from: z.string(),
  to: z.string(),
  draftedAt: z.string(),
  facts: z.array(HandoverFact),
  /** The text the outgoing engineer edits: the facts as lines, then their notes. */
  text: z.string(),
});
export type HandoverDraft = z.infer<typeof HandoverDraft>;

export interface FreezeFacts {
  /** The window in effect now ("Freeze (Fri–Sun): deploys only for incident response"). */
  now: { label: string; freeze: boolean; end: string | null };
  /** The next freeze's start, when not in one now. */
  nextFreezeStart: string | null;
  /** Peak events running or coming in the next 7 days, in words. */
  peakEvents: string[];
}

export interface HandoverInputs {
  now: Date;
  from: string;
  to: string;
  incidents: { views: IncidentView[]; policy: SeverityPolicy; asOf: string | null; source: string };
  /** `unsettled`: the recent lever executions, newest first (who pulled what, and what is still in flight). */
  levers: { snapshot: LeverStateSnapshot | null; error: string | null; unsettled: LeverExecution[]; auditSeq?: (executionId: string) => number | null };
  dashboard: { value: Dashboard | null; error: string | null };
  freeze: FreezeFacts | null;
}

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** The facts of a handover, most urgent first: incidents, levers pulled, rails, changes, freeze. */
export function handoverFacts(i: HandoverInputs): HandoverFact[] {
  const facts: HandoverFact[] = [];
  const nowIso = i.now.toISOString();

  // Open incidents with their most urgent clocks and the next status update.
  const open = i.incidents.views.filter((v) => v.state === 'declared' || v.state === 'acknowledged' || v.state === 'mitigated');
  if (open.length === 0) {
    facts.push({ kind: 'incident', text: 'No open incident on this console.', asOf: i.incidents.asOf, source: i.incidents.source, link: '#/incidents' });
  }
  for (const v of open) {
    const clocks = incidentClocks(v, i.incidents.policy, i.now).filter((c) => c.state !== 'met' && c.stoppedAt === null);
    const update = clocks.find((c) => c.kind === 'status_update');
    const urgent = [...clocks].sort((a, b) => a.remainingMs - b.remainingMs)[0];
    const parts = [`${v.severity} ${v.id} “${v.title ?? v.id}” — ${v.state}${v.owner ? `, owner ${v.owner}` : ', nobody owns it'}`];
    if (urgent && urgent !== update) parts.push(urgent.words);
    if (update) parts.push(`${update.words} (by ${hhmm(update.deadline)})`);
    facts.push({ kind: 'incident', text: parts.join('; '), asOf: i.incidents.asOf, source: i.incidents.source, link: `#/incidents/${encodeURIComponent(v.id)}` });
  }

  // Levers pulled now, from the live state (or its last read), with who pulled them.
  const snap = i.levers.snapshot;
  if (!snap) {
    facts.push({ kind: 'unknown', text: `Levers: state unknown (${i.levers.error ?? 'not read'}).`, asOf: null, source: 'the platform admin API', link: '#/levers' });
  } else {
    const names = brandNamesOf(snap);
    const engaged = snap.targets.filter((t) => t.engaged === true);
    const unread = snap.targets.filter((t) => t.engaged === null);
    for (const t of engaged) {
      const who = i.levers.unsettled.find((e) => e.lever === t.lever && e.target === t.target && e.action === 'engage');
      const seq = who && i.levers.auditSeq ? i.levers.auditSeq(who.id) : null;
      const by = who ? ` — by ${who.actor ?? 'unknown'} at ${hhmm(who.startedAt)}${who.incidentId ? ` for ${who.incidentId}` : ''}${seq !== null ? `, audit #${seq}` : ''}` : '';
      facts.push({
        kind: 'lever',
        text: `${t.lever} is pulled on ${t.target === 'platform' ? 'the platform' : (names.get(t.target) ?? t.targetLabel ?? t.target)}${t.detail ? ` (${t.detail})` : ''}${by}.`,
        asOf: t.readAt,
        source: 'live state read from the platform',
        link: '#/levers',
      });
    }
    if (engaged.length === 0 && unread.length === 0) facts.push({ kind: 'lever', text: 'No lever pulled.', asOf: snap.at, source: 'live state read from the platform', link: '#/levers' });
    if (unread.length > 0) {
      const known = unread.filter((t) => t.lastKnown?.engaged === true);
      facts.push({
        kind: 'unknown',
        text: `${unread.length} lever target(s) could not be read${known.length ? `; last known pulled: ${known.map((t) => `${t.lever} on ${t.target}`).join(', ')}` : ''}.`,
        asOf: unread.map((t) => t.lastKnown?.readAt ?? null).filter((x): x is string => !!x).sort()[0] ?? null,
        source: 'last state read from the platform',
        link: '#/levers',
      });
    }
  }
  // In-flight changes: lever executions whose outcome is not settled.
  for (const e of i.levers.unsettled.filter((x) => x.status === 'in_flight' || x.status === 'unknown')) {
    facts.push({
      kind: 'change',
      text: `${e.lever} ${e.action} on ${e.target}: outcome ${e.status === 'unknown' ? 'UNKNOWN — re-verify it' : 'still in flight'} (started ${hhmm(e.startedAt)} by ${e.actor ?? 'unknown'}).`,
      asOf: e.finishedAt ?? e.startedAt,
      source: 'lever executions on this console',
      link: '#/levers',
    });
  }

  // Rails degraded now, from fresh metrics only.
  const d = i.dashboard.value;
  if (!d || i.dashboard.error) {
    facts.push({ kind: 'unknown', text: `Rail health: unknown (${i.dashboard.error ?? 'no metrics read'}).`, asOf: d ? new Date(d.generatedAt).toISOString() : null, source: 'metrics', link: '#/dashboard' });
  } else {
    const bad = d.tiles.filter((t) => t.brand === null && t.breaches.length > 0);
    const at = new Date(d.source.lastSuccessAt ?? d.generatedAt).toISOString();
    if (bad.length === 0) facts.push({ kind: 'rail', text: 'Every rail within its thresholds.', asOf: at, source: `metrics (${d.source.kind})`, link: '#/dashboard' });
    for (const t of bad) {
      const figures = [t.p99Ms !== null ? `p99 ${Math.round(t.p99Ms)} ms` : null, t.approval !== null ? `approval ${(t.approval * 100).toFixed(1)} %` : null].filter(Boolean).join(', ');
      facts.push({ kind: 'rail', text: `${t.rail.toUpperCase()} degraded: ${t.breaches.join(' and ')} (${figures}).`, asOf: at, source: `metrics (${d.source.kind})`, link: '#/dashboard' });
    }
  }

  // The release calendar: the freeze now and the next one, peak events.
  if (i.freeze) {
    const f = i.freeze;
    facts.push({
      kind: 'freeze',
      text: f.now.freeze
        ? `Release freeze in force: ${f.now.label}${f.now.end ? ` until ${hhmm(f.now.end)}` : ''}; changes need the incident commander's approval.`
        : `Now: ${f.now.label}. Next freeze ${f.nextFreezeStart ? `from ${f.nextFreezeStart.slice(0, 10)} ${hhmm(f.nextFreezeStart)}` : 'not scheduled'}.`,
      asOf: nowIso,
      source: 'release calendar',
      link: null,
    });
    for (const p of f.peakEvents) facts.push({ kind: 'freeze', text: `Peak event: ${p}.`, asOf: nowIso, source: 'release calendar', link: null });
  }
  return facts;
}

/** The draft text: one line per fact with its age, then a place for the outgoing shift's notes. */
export function handoverText(from: string, to: string, facts: readonly HandoverFact[], now: Date): string {
  const age = (asOf: string | null) => {
    if (!asOf) return 'not read';
    const min = Math.max(0, Math.round((now.getTime() - Date.parse(asOf)) / 60_000));
    return min === 0 ? `as of ${hhmm(asOf)}` : `as of ${hhmm(asOf)}, ${min} min old`;
  };
  const lines = [`Handover ${from} → ${to}, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`, ''];
  for (const f of facts) lines.push(`- ${f.text} [${age(f.asOf)}]`);
  lines.push('', 'Notes from the outgoing shift:', '');
  return lines.join('\n');
}
