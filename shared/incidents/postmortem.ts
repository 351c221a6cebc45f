import { deadlineAfter } from './business-days.ts';
import { formatDuration } from './clocks.ts';
import type { Severity } from './events.ts';
import { displayName, type SeverityPolicy } from './policy.ts';
import type { IncidentView, LeverExecution } from './view.ts';

/**
 * The postmortem draft, in the template's sections and order (OPERATIONS.md, runbook
 * postmortem-template): the facts the timeline holds are filled in, the rest are italic prompts
 * for the authors. Times are UTC. Blameless: names appear only in Authors (and as the owners the
 * authors add to action items); the timeline says what happened, not who did it.
 *
 * The five moments of the timeline:
 * - first symptom: the earliest of a note dated before the declaration, a breach start, and the
 *   first p99 point above the limit in the incident's stored series; else not recorded.
 * - alert fired / first human noticed: the first breach start, else the breach figures the
 *   incident was declared from (at the declaration); else a person noticed (the declaration).
 * - incident declared, with its severity (and any later severity change).
 * - mitigation applied: the earliest of a verified `engage` lever and the `mitigated` event.
 * - fully resolved: the resolution in force (earlier resolutions that were reopened are listed).
 */

/** An incident's stored metric series (shared/incidents/api.ts StoredSeries). */
export interface SymptomSeries {
  rail: string;
  metric: 'p99_ms' | 'approval_pct';
  points: ReadonlyArray<{ t: number; value: number | null }>;
}

export interface DraftOptions {
  now: Date;
  /** "on-call lead Asha Rao", "fix author Ben Ode" — as they should be printed. */
  authors: readonly string[];
  series?: readonly SymptomSeries[];
  /** For the team's level names and decision-record due dates; without it: SEVn, no due dates. */
  policy?: SeverityPolicy;
  /** A p99 above this is a symptom in `series` (OPERATIONS.md alerts above 200 ms). */
  p99LimitMs?: number;
}

/** One line of user text: newlines and runs of spaces collapsed. */
export function inlineText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** User text made safe for a Markdown table cell: one line, backslashes and pipes escaped. */
export function escapeTableCell(text: string): string {
  return inlineText(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

interface Moment {
  at: number;
  text: string;
}

function firstSymptom(view: IncidentView, opts: DraftOptions, declared: number): Moment | null {
  const found: Moment[] = [];
  for (const n of view.notes) if (Date.parse(n.at) < declared) found.push({ at: Date.parse(n.at), text: `first symptom (note: "${inlineText(n.text)}")` });
  for (const b of view.breaches) if (b.startedAt) found.push({ at: Date.parse(b.startedAt), text: `first symptom (${b.rail} ${b.kind} breach: ${inlineText(b.summary)})` });
  const limit = opts.p99LimitMs ?? 200;
  const end = view.resolvedAt ? Date.parse(view.resolvedAt) : opts.now.getTime();
  for (const s of opts.series ?? []) {
    if (s.metric !== 'p99_ms') continue;
    const p = s.points.find((x) => x.value !== null && x.value > limit && x.t <= end);
    if (p) found.push({ at: p.t, text: `first symptom (${s.rail} p99 ${Math.round(p.value!)} ms, above ${limit} ms, in the metrics)` });
  }
  return found.reduce<Moment | null>((a, b) => (a === null || b.at < a.at ? b : a), null);
}

function alertMoment(view: IncidentView, declared: number): Moment {
  const started = view.breaches.filter((b) => b.startedAt).map((b) => ({ at: Date.parse(b.startedAt!), b }));
  const first = started.reduce<(typeof started)[number] | null>((a, x) => (a === null || x.at < a.at ? x : a), null);
  if (first) return { at: first.at, text: `alert fired: ${first.b.rail} ${first.b.kind} breach (${inlineText(first.b.summary)})` };
  if (view.breach) return { at: declared, text: `alert fired: ${view.breach.rail} ${view.breach.kind} breach on the dashboard (${inlineText(view.breach.summary)})` };
  return { at: declared, text: 'first human noticed (no alert recorded; declared by hand)' };
}

function mitigationMoment(view: IncidentView): Moment | null {
  const found: Moment[] = [];
  for (const l of view.levers) {
    if (l.action === 'engage' && l.outcome === 'verified') found.push({ at: Date.parse(l.updatedAt), text: `mitigation applied: ${leverWords(l)} (verified)` });
  }
  if (view.mitigatedAt) found.push({ at: Date.parse(view.mitigatedAt), text: 'mitigation applied (marked mitigated)' });
  return found.reduce<Moment | null>((a, b) => (a === null || b.at < a.at ? b : a), null);
}

const leverWords = (l: LeverExecution) => `${inlineText(l.lever)} ${l.action} ${inlineText(l.target)}`;

function timeline(view: IncidentView, opts: DraftOptions, day: string, name: (s: Severity) => string): { lines: string[]; symptom: Moment | null; mitigation: Moment | null } {
  const declared = Date.parse(view.declaredAt!);
  const symptom = firstSymptom(view, opts, declared);
  const mitigation = mitigationMoment(view);
  const moments: Moment[] = [];
  moments.push(symptom ?? { at: Number.NaN, text: 'first symptom: _not recorded — find it in the metrics (runbook step 2)_' });
  moments.push(alertMoment(view, declared));
  const initial = view.severityHistory[0];
  moments.push({ at: declared, text: `incident declared, severity ${name(initial?.severity ?? view.severity!)}` });
  for (const c of view.severityHistory.slice(1)) {
    moments.push({ at: Date.parse(c.at), text: `severity changed to ${name(c.severity)}${c.reason ? ` (${inlineText(c.reason)})` : ''}` });
  }
  moments.push(mitigation ?? { at: Number.NaN, text: 'mitigation applied: _none recorded_' });
  for (const r of view.resolutions) {
    if (r.reopenedAt === null) continue;
    moments.push({ at: Date.parse(r.resolvedAt), text: 'resolved (later reopened)' });
    moments.push({ at: Date.parse(r.reopenedAt), text: `reopened (${inlineText(r.reopenReason ?? '')})` });
  }
  if (view.resolvedAt) moments.push({ at: Date.parse(view.resolvedAt), text: 'fully resolved' });
  else if (view.cancelledAt) moments.push({ at: Date.parse(view.cancelledAt), text: `cancelled (${inlineText(view.cancelReason ?? '')})` });
  else moments.push({ at: Number.NaN, text: `fully resolved: _not yet (as of ${opts.now.toISOString().slice(0, 16).replace('T', ' ')} UTC)_` });
  const stamp = (ms: number) => (Number.isNaN(ms) ? '--:--' : utcDate(ms) === day ? utcTime(ms) : `${utcDate(ms)} ${utcTime(ms)}`);
  // Known times in order (stable, so same-time moments keep the template's order); unknown ones stay in place.
  const known = moments.filter((m) => !Number.isNaN(m.at)).sort((a, b) => a.at - b.at);
  let k = 0;
  const ordered = moments.map((m) => (Number.isNaN(m.at) ? m : known[k++]!));
  return { lines: ordered.map((m) => `- ${stamp(m.at)} ${m.text}`), symptom, mitigation };
}

function impact(view: IncidentView, opts: DraftOptions, symptom: Moment | null, mitigation: Moment | null): string[] {
  const declared = Date.parse(view.declaredAt!);
  const from = symptom && symptom.at < declared ? symptom : { at: declared, text: '' };
  const fromWords = symptom && symptom.at < declared ? 'first symptom' : 'declaration';
  const lines = ['- Users affected: _players and brands affected, failed payments (runbook step 3)_', '- Revenue or money at risk: _from finance-ops and reconciliation, not estimates_'];
  if (view.resolvedAt) {
    const end = Date.parse(view.resolvedAt);
    lines.push(`- Duration of degraded service: ${formatDuration(end - from.at)} (${fromWords} ${utcTime(from.at)} to resolution ${utcTime(end)} UTC)`);
  } else {
    lines.push(`- Duration of degraded service: ongoing, ${formatDuration(opts.now.getTime() - from.at)} so far (from the ${fromWords})`);
  }
  if (mitigation) {
    const d = mitigation.at - declared;
    lines.push(`- Time to mitigate: ${d >= 0 ? `${formatDuration(d)} after the declaration` : `${formatDuration(d)} before the declaration`}`);
  } else lines.push('- Time to mitigate: _no mitigation recorded_');
  const scope = [view.rails.length ? `rails ${view.rails.join(', ')}` : '', view.brands.length ? `brands ${view.brands.join(', ')}` : ''].filter(Boolean);
  if (scope.length) lines.push(`- Blast radius: ${inlineText(scope.join('; '))}`);
  for (const s of opts.series ?? []) {
    const vals = s.points.filter((p) => p.value !== null) as { t: number; value: number }[];
    if (!vals.length) continue;
    const worst = vals.reduce((a, p) => (s.metric === 'p99_ms' ? p.value > a.value : p.value < a.value) ? p : a);
    const figure = s.metric === 'p99_ms' ? `p99 peaked at ${Math.round(worst.value)} ms` : `approval fell to ${worst.value.toFixed(1)} %`;
    lines.push(`- ${inlineText(s.rail)}: ${figure} at ${utcTime(worst.t)} UTC`);
  }
  return lines;
}

function decisionRecords(view: IncidentView, policy: SeverityPolicy | undefined): string[] {
  const bypassed = view.levers.filter((l) => l.bypassedChangeControl);
  if (bypassed.length === 0) return ['Decision records: none needed (no lever bypassed change control).'];
  const filed = new Map(view.decisionRecords.map((d) => [d.executionId, d.reference]));
  const open = view.decisionRecordReminders.length;
  const rows = bypassed.map((l) => {
    const due = policy?.decisionRecord ? deadlineAfter(new Date(l.at), policy.decisionRecord.due, policy) : null;
    const ref = filed.get(l.executionId);
    const record = ref === undefined ? '**not filed yet**' : /^https?:\/\/[^\s|()<>\\]+$/.test(ref) ? `[${escapeTableCell(ref)}](${ref})` : escapeTableCell(ref);
    return `| ${escapeTableCell(leverWords(l))} | ${escapeTableCell(l.executionId)} | ${utcDate(Date.parse(l.at))} ${utcTime(Date.parse(l.at))} | ${due ? utcDate(due.getTime()) : '—'} | ${record} |`;
  });
  return [
    `Decision records: ${bypassed.length} needed (change control bypassed), ${open} not filed yet; each ADR references this postmortem.`,
    '',
    '| lever | execution | pulled (UTC) | ADR due | decision record |',
    '|---|---|---|---|---|',
    ...rows,
  ];
}

/** The Markdown draft of the incident's postmortem. */
export function draftPostmortem(view: IncidentView, opts: DraftOptions): string {
  if (!view.declaredAt || !view.severity) throw new RangeError(`${view.id} has not been declared: nothing to write a postmortem about`);
  const policy = opts.policy;
  const name = (s: Severity) => displayName(policy, s);
  const day = utcDate(Date.parse(view.declaredAt));
  const { lines: timelineLines, symptom, mitigation } = timeline(view, opts, day, name);
  const authors = opts.authors.map(inlineText).filter(Boolean);
  const firstSeverity = view.severityHistory[0]?.severity ?? view.severity;
  const summaryFacts = [
    view.summary ? `Declared as: ${inlineText(view.summary)}` : '',
    firstSeverity !== view.severity ? `Declared ${name(firstSeverity)}, now ${name(view.severity)}.` : '',
  ].filter(Boolean);
  const levers = view.levers.map((l) => `- ${utcTime(Date.parse(l.at))} ${leverWords(l)}: ${l.outcome}${l.bypassedChangeControl ? ' (bypassed change control)' : ''}`);
  return [
    `Postmortem: ${name(view.severity)} ${inlineText(view.title)}`,
    '',
    // Separate paragraphs: consecutive lines would run together in any Markdown renderer.
    `Date: ${day} (incident date, UTC)`,
    '',
    `Authors: ${authors.length ? authors.join('; ') : '_on-call lead NAME; fix author NAME_'}`,
    '',
    `Incident: ${view.id} (draft from the timeline, ${opts.now.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    '## Summary',
    '_1 to 3 sentences: what broke, the blast radius (brands, rails, players), how it was recovered._',
    ...summaryFacts.flatMap((f) => ['', f]),
    '',
    '## Timeline (UTC)',
    ...timelineLines,
    '',
    '## Impact',
    ...impact(view, opts, symptom, mitigation),
    '',
    '## Root Cause',
    '_The mechanism, with the commit, config version or dependency that introduced it._',
    '',
    '## Detection',
    '_What alerted. If a human noticed first: why monitoring missed it._',
    '',
    `From the timeline: ${alertMoment(view, Date.parse(view.declaredAt)).text}.`,
    '',
    '## Resolution',
    '_What ended it: the lever, rollback or fix, and how recovery was verified (a real deposit, a withdrawal, a provider settle round-trip, reconciliation)._',
    ...(levers.length ? ['', 'Levers pulled (UTC):', ...levers] : []),
    '',
    '## Action Items',
    '| kind | action | owner | due |',
    '|---|---|---|---|',
    '| prevent |  |  |  |',
    '| detect |  |  |  |',
    '| recover |  |  |  |',
    '',
    ...decisionRecords(view, policy),
    '',
  ].join('\n');
}
