import type { StatusAudience } from '../../../../shared/incidents/events.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { sevName } from './incident-words.ts';

/** What a status update says: what is affected, what we are doing, when the next one comes. */
export interface StatusDraft {
  audience: StatusAudience;
  affected: string;
  doing: string;
  /** "HH:MM" UTC. */
  nextAt: string;
}

/** Without a cadence in the policy, updates still come every half hour (OPERATIONS.md's rhythm). */
const DEFAULT_CADENCE_MS = 30 * 60_000;

/** When the next update is due after one posted now: the policy's cadence for the current severity. */
export function nextUpdateAt(view: IncidentView, policy: SeverityPolicy | null, now: number): string {
  const cadence = policy && view.severity ? policy.severities[view.severity].statusUpdate : null;
  const ms = cadence && cadence.kind === 'elapsed' ? cadence.ms : DEFAULT_CADENCE_MS;
  return new Date(now + ms).toISOString().slice(11, 16);
}

/** "UPI, IMPS payments for royalspin": what the incident names, as a first draft. */
export function affectedOf(view: IncidentView): string {
  const rails = view.rails.map((r) => r.toUpperCase()).join(', ');
  const brands = view.brands.join(', ');
  if (rails && brands) return `${rails} payments for ${brands}`;
  if (rails) return `${rails} payments`;
  return brands ? `payments for ${brands}` : '';
}

const STATE_FOR_PEOPLE: Record<string, string> = {
  declared: 'investigating',
  acknowledged: 'investigating',
  mitigated: 'mitigated, monitoring',
  resolved: 'resolved',
};

/** The message from the template: internal for the incident channel, customer-facing for the status page. */
export function composeStatus(d: StatusDraft, view: IncidentView, policy: SeverityPolicy | null): string {
  const affected = d.affected.trim() || '(what is affected)';
  const doing = d.doing.trim() || '(what we are doing)';
  const next = d.nextAt.trim() ? `${d.nextAt.trim()} UTC` : '(time)';
  if (d.audience === 'internal') {
    return [
      `[${sevName(policy, view.severity)} ${view.id}] ${view.title} — ${STATE_FOR_PEOPLE[view.state ?? ''] ?? view.state ?? ''}${view.owner ? `, owner ${view.owner}` : ''}`,
      `Affected: ${affected}`,
      `Doing: ${doing}`,
      `Next update: by ${next}`,
    ].join('\n');
  }
  const resolved = view.state === 'resolved';
  return [
    resolved ? `Resolved: ${affected} is working normally again.` : `We are aware of a problem affecting ${affected}.`,
    resolved ? doing : `What we are doing: ${doing}`,
    resolved ? '' : `Next update by ${next}.`,
  ]
    .filter(Boolean)
    .join('\n');
}
