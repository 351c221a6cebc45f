// Incidents as the core returns them, for the incidents UI's component tests: events with
// envelopes, the bundled severity policy as written, and the api mock's answers.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { EventBody, IncidentEvent } from '../../shared/incidents/events.ts';
import type { IncidentHead, PolicyInfo } from '../../shared/incidents/api.ts';

export const policyInfo = (): PolicyInfo => ({
  raw: parse(readFileSync('resources/severity-policies/platform-runbook.yaml', 'utf8')),
  source: { kind: 'bundled', path: 'resources/severity-policies/platform-runbook.yaml' },
  problem: null,
  bundled: [{ id: 'platform-runbook', name: 'Platform runbook' }],
});

let n = 0;
/** One event of `incidentId` at `at` (ms or ISO). */
export function ev(incidentId: string, at: number | string, body: EventBody, actor = 'asha'): IncidentEvent {
  n++;
  const iso = typeof at === 'number' ? new Date(at).toISOString() : at;
  return { id: `e-${String(n).padStart(5, '0')}`, incidentId, at: iso, enteredAt: iso, actor, origin: 'console-test', ...body } as IncidentEvent;
}

export const declared = (incidentId: string, at: number, over: Partial<Extract<EventBody, { type: 'declared' }>> = {}): IncidentEvent =>
  ev(incidentId, at, { type: 'declared', title: `Incident ${incidentId}`, severity: 'SEV2', policyId: 'platform-runbook', rails: ['upi'], brands: [], runbookIds: [], breach: null, summary: '', ...over });

export function head(incidentId: string, over: Partial<IncidentHead> = {}): IncidentHead {
  return {
    incidentId,
    title: `Incident ${incidentId}`,
    severity: 'SEV2',
    state: 'declared',
    declaredAt: '2026-03-11T03:00:00.000Z',
    resolvedAt: null,
    owner: null,
    rails: ['upi'],
    brands: [],
    eventCount: 1,
    updatedAt: '2026-03-11T03:00:00.000Z',
    ...over,
  };
}

export const MIN = 60_000;
