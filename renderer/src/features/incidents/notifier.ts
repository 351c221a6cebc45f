import { incidentClocks, notificationKey, type Clock } from '../../../../shared/incidents/clocks.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { CLOCK_TITLE, sevName } from './incident-words.ts';

/**
 * Desktop notifications before a clock breaches: one per clock and deadline (clocks.ts's
 * notificationKey), remembered in localStorage so a reload or a second window does not ring
 * again. Permission is asked only from a click (askPermission), never on load.
 */
const KEY = 'switchyard.incidents.notified';
/** Keys kept: enough for every clock of a long night, small enough to parse every second. */
const KEEP = 500;

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askPermission(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

function fired(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

function remember(keys: string[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(keys.slice(-KEEP)));
  } catch {
    // storage full or disabled: at worst a clock rings twice
  }
}

/** The clocks that deserve a notification now: approaching, or already overdue and never announced. */
export function clocksToAnnounce(views: readonly IncidentView[], policy: SeverityPolicy, now: Date, already: ReadonlySet<string>): Array<{ view: IncidentView; clock: Clock }> {
  const out: Array<{ view: IncidentView; clock: Clock }> = [];
  for (const view of views) {
    for (const clock of incidentClocks(view, policy, now)) {
      if (clock.state !== 'approaching' && clock.state !== 'overdue') continue;
      if (!already.has(notificationKey(clock))) out.push({ view, clock });
    }
  }
  return out;
}

/** Rings what is due; returns how many notifications were shown. */
export function announceClocks(views: readonly IncidentView[], policy: SeverityPolicy, now: Date): number {
  if (notifyPermission() !== 'granted') return 0;
  const keys = fired();
  const due = clocksToAnnounce(views, policy, now, new Set(keys));
  for (const { view, clock } of due) {
    const key = notificationKey(clock);
    try {
      const n = new Notification(`${sevName(policy, view.severity)} ${view.id}: ${clock.words}`, {
        body: `${view.title}\n${CLOCK_TITLE[clock.kind]} by ${clock.deadline.slice(11, 16)} UTC`,
        tag: key,
      });
      n.onclick = () => {
        window.focus();
        location.hash = `#/incidents/${encodeURIComponent(view.id)}`;
      };
    } catch {
      // a platform without notifications: the top bar still says it
    }
    keys.push(key);
  }
  if (due.length) remember(keys);
  return due.length;
}
