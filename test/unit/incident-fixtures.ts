// Builders shared by the incident-*.test.ts files: events through the real schema (so defaults
// apply as they do in the core), the bundled policies as shipped, and a seeded shuffle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentEvent, type EventBody } from '../../shared/incidents/events.ts';
import { parseSeverityPolicy, type SeverityPolicy } from '../../shared/incidents/policy.ts';
import { REPO_ROOT } from '../helpers/console.ts';

export const POLICY_DIR = join(REPO_ROOT, 'resources', 'severity-policies');

export function policyText(id: string): string {
  return readFileSync(join(POLICY_DIR, `${id}.yaml`), 'utf8');
}

export function bundledPolicy(id: 'platform-runbook' | 'managed-operations'): SeverityPolicy {
  const r = parseSeverityPolicy(policyText(id));
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Body input as written (schema defaults may be left out). */
type BodyInput = { type: EventBody['type'] } & Record<string, unknown>;

let seq = 0;
/** One event of `incidentId` at `at`; ids are e-000001, e-000002, … unless given. */
export function ev(incidentId: string, at: string, body: BodyInput, env: { id?: string; origin?: string; actor?: string } = {}): IncidentEvent {
  seq += 1;
  return IncidentEvent.parse({
    id: env.id ?? `e-${String(seq).padStart(6, '0')}`,
    incidentId,
    at,
    enteredAt: at,
    actor: env.actor ?? 'asha',
    origin: env.origin ?? 'console-a',
    ...body,
  });
}

/** An incident's event builder: `inc.at('2026-03-02T10:00:00Z', { type: 'note_added', text: 'x' })`. */
export function incident(id: string) {
  return {
    id,
    at: (at: string, body: BodyInput, env?: { id?: string; origin?: string; actor?: string }) => ev(id, at, body, env),
    declared: (at: string, severity = 'SEV1', extra: Record<string, unknown> = {}) =>
      ev(id, at, { type: 'declared', title: `${id} title`, severity, policyId: 'platform-runbook', ...extra }),
  };
}

/** mulberry32: a small seeded PRNG, so a failing shuffle can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
