import { useEffect } from 'react';
import { formatDuration, incidentClocks, mostUrgentClock, type Clock } from '../../../shared/incidents/clocks.ts';
import type { SeverityPolicy } from '../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../shared/incidents/view.ts';
import { api } from '../api.ts';
import { routeHash } from '../features/app/store.ts';
import { sevName } from '../features/incidents/incident-words.ts';
import { announceClocks } from '../features/incidents/notifier.ts';
import { OPEN_FRESH_MS, OPEN_POLL_MS, useIncidents, type OpenRead } from '../features/incidents/store.ts';
import { formatAge } from './time.ts';
import { useNow } from './use-now.ts';
import '../features/incidents/incidents.css';

export type IncidentChipTone = 'reading' | 'quiet' | 'open' | 'approaching' | 'overdue' | 'unknown';
export interface IncidentChipView {
  text: string;
  /** The chip's text in parts: the incident id gives way first when the top bar is narrow. */
  parts?: { lead: string; id: string; tail: string };
  title: string;
  tone: IncidentChipTone;
  href: string;
}

/** Under the "incidents" label, the chip's few words; its full sentence is its accessible name. */
const SHORT_STATE: Partial<Record<IncidentChipTone, string>> = { reading: 'reading', quiet: 'none open', unknown: 'unknown' };

const LIST = routeHash({ page: 'incidents', incidentId: null });
const MARK: Record<IncidentChipTone, string> = { reading: '… ', quiet: '', open: '◆ ', approaching: '▲ ', overdue: '✕ ', unknown: '? ' };

/**
 * The top bar's incident chip: the most urgent clock of every open incident, linking to it.
 * Re-reads on every `incidents.changed` and every 15 s, and rings a desktop notification when a
 * clock approaches (notifier.ts). "No open incident" only from a fresh, successful read.
 */
export function IncidentChip() {
  const open = useIncidents((s) => s.open);
  const policyRead = useIncidents((s) => s.policy);
  const policy = policyRead.status === 'ok' ? policyRead.policy : null;
  const now = useNow(1000);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    // The next read is due whether or not this one answered: a read that hangs must not stop them.
    const tick = () => {
      const s = useIncidents.getState();
      void s.readOpen();
      if (s.policy.status !== 'ok') void s.loadPolicy();
      timer = setTimeout(tick, OPEN_POLL_MS);
    };
    tick();
    const off = api.on('incidents.changed', () => void useIncidents.getState().readOpen());
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    if (open.status === 'read' && policy) announceClocks(open.incidents, policy, new Date(now));
  }, [open, policy, now]);

  const view = incidentChipNow(open, policy, now);
  return (
    <a href={view.href} aria-label={view.text} className={`incident-chip incident-chip-stacked incident-chip-${view.tone} ${view.parts ? 'incident-chip-open-incident' : ''}`} title={view.title} data-testid="incident-chip">
      {view.parts ? (
        // Two short lines: the top bar has room for the clock's words only if the id goes above them.
        <>
          <span className="incident-chip-line">
            <span className="incident-chip-keep">
              {MARK[view.tone]}
              {view.parts.lead}
            </span>{' '}
            <span className="incident-chip-id">{view.parts.id}</span>
          </span>{' '}
          <span className="incident-chip-line incident-chip-clock">{view.parts.tail}</span>
        </>
      ) : (
        // "incidents" over the state: narrow, so the top bar keeps room for the environment.
        <>
          <span className="incident-chip-line incident-chip-label">incidents</span>{' '}
          <span className="incident-chip-line">
            {MARK[view.tone]}
            {SHORT_STATE[view.tone] ?? view.text}
          </span>
        </>
      )}
    </a>
  );
}

interface Urgent {
  view: IncidentView;
  clock: Clock | null;
}

/** The open incident to show: the one with the least time left on a live clock, else the newest. */
function mostUrgent(incidents: readonly IncidentView[], policy: SeverityPolicy | null, now: number): Urgent | null {
  let best: Urgent | null = null;
  for (const view of incidents) {
    const clock = policy ? mostUrgentClock(incidentClocks(view, policy, new Date(now))) : null;
    if (!best) best = { view, clock };
    else if (clock && (!best.clock || clock.remainingMs < best.clock.remainingMs)) best = { view, clock };
  }
  return best;
}

const SHORT: Record<Clock['kind'], string> = {
  ack: 'ack',
  fix: 'fix',
  status_update: 'status',
  customer_notice: 'customer notice',
  postmortem: 'postmortem',
  decision_record: 'ADR',
};

/** "ack overdue 3 min", "status in 29 min": the top bar has room for few words. */
function chipWords(c: Clock): string {
  return `${SHORT[c.kind]} ${c.state === 'overdue' ? 'overdue' : 'in'} ${formatDuration(c.remainingMs)}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the chip says at `now` (this window's clock) from the last read of `incidents.open`. */
export function incidentChipNow(open: OpenRead, policy: SeverityPolicy | null, now: number): IncidentChipView {
  if (open.status === 'unread') return { text: 'incidents: reading…', title: 'Reading the open incidents…', tone: 'reading', href: LIST };
  const last = open.status === 'read' ? open : open.last;
  const age = last ? now - last.receivedAt : null;
  const fresh = open.status === 'read' && age !== null && age <= OPEN_FRESH_MS;
  const why =
    open.status === 'failed'
      ? open.error.code === 'offline' || open.error.code === 'timeout'
        ? 'the console is not answering'
        : 'the read failed'
      : `no read for ${formatAge(age ?? 0)}`;
  const whyLong = open.status === 'failed' ? `The last read of the open incidents failed: ${open.error.message}` : `The last answer came ${formatAge(age ?? 0)} ago.`;
  const incidents = last?.incidents ?? [];
  const top = mostUrgent(incidents, policy, now);

  if (!top) {
    if (fresh) return { text: 'no open incident', title: 'No open incident on this console (read just now).', tone: 'quiet', href: LIST };
    return {
      text: 'incidents: unknown',
      title: `Whether an incident is open is not known now (${why}). ${whyLong}${last ? ' That read listed none.' : ''} Open the Incidents page.`,
      tone: 'unknown',
      href: LIST,
    };
  }
  const href = routeHash({ page: 'incidents', incidentId: top.view.id });
  const others = incidents.length > 1 ? ` (+${incidents.length - 1} open)` : '';
  const sev = sevName(policy, top.view.severity);
  const clockWords = top.clock ? chipWords(top.clock) : policy ? 'open' : 'open — clocks unknown';
  const what = `${sev} ${top.view.id} ${clockWords}`;
  const title = `${top.view.title}${top.clock ? ` — ${top.clock.label}` : policy ? '' : ' — the severity policy could not be read, so no clock can be computed'}. ${plural(incidents.length, 'open incident', 'open incidents')}.`;
  if (!fresh) {
    const tail = `${clockWords}${others} — as of ${formatAge(age ?? 0)} ago`;
    return { text: `${sev} ${top.view.id} ${tail}`, parts: { lead: sev, id: top.view.id, tail }, title: `Not current: ${whyLong} ${title}`, tone: 'unknown', href };
  }
  const tone: IncidentChipTone = top.clock?.state === 'overdue' ? 'overdue' : top.clock?.state === 'approaching' ? 'approaching' : 'open';
  return { text: `${what}${others}`, parts: { lead: sev, id: top.view.id, tail: `${clockWords}${others}` }, title, tone, href };
}
