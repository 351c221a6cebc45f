// The rotation the component tests hold: follow-the-sun, three regions, a week's turn starting
// Monday 2026-03-16, and one override that leaves APAC without a backup for an hour.
//
// UTC shifts that week (London on GMT until 29 March, New York on EDT since 8 March):
//   APAC 08:00–17:00 Asia/Kolkata   = 02:30–11:30 UTC   asha (primary) · ravi (backup)
//   EMEA 07:00–16:30 Europe/London  = 07:00–16:30 UTC   oliver · amelia
//   AMER 09:00–23:00 America/New_York = 13:00–03:00 UTC sofia · liam
// At NOW (Tue 08:00 UTC) APAC supplies both roles, EMEA is on too (overlap), and the primary
// passes to oliver at 11:30 UTC. The override makes asha the backup too on Wed 03:00–04:00 UTC:
// with two people in APAC nobody is left to be backup, a gap.
import type { ScheduleInput } from '../../shared/rotation/schema.ts';
import type { Handover, HandoverDraft } from '../../shared/rotation/handover.ts';

export const NOW = Date.parse('2026-03-17T08:00:00Z');
export const MIN = 60_000;
export const VIEWER_ZONE = 'America/New_York';

export function schedule(over: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    id: 'payments-oncall',
    name: 'Payments on-call',
    rotations: [
      { id: 'apac', name: 'APAC (Bengaluru)', region: 'APAC', timezone: 'Asia/Kolkata', from: '08:00', to: '17:00', every: 'week', start: '2026-03-16', people: ['asha', 'ravi'] },
      { id: 'emea', name: 'EMEA (London)', region: 'EMEA', timezone: 'Europe/London', from: '07:00', to: '16:30', every: 'week', start: '2026-03-16', people: ['oliver', 'amelia', 'jack'] },
      { id: 'amer', name: 'AMER (New York)', region: 'AMER', timezone: 'America/New_York', from: '09:00', to: '23:00', every: 'week', start: '2026-03-16', people: ['sofia', 'liam', 'ethan'] },
    ],
    overrides: [
      { id: 'ov-dentist', role: 'backup', person: 'asha', start: '2026-03-18T03:00:00Z', end: '2026-03-18T04:00:00Z', rotationId: 'apac', reason: 'ravi at the dentist', source: { kind: 'console' } },
    ],
    swaps: [],
    ...over,
  };
}

export function info(s: unknown = schedule(), version: number | null = 3) {
  return { schedule: s, version, savedAt: '2026-03-16T09:00:00.000Z', savedBy: 'meera', note: 'dentist cover', source: 'saved' as const };
}

export const VERSIONS = [
  { version: 3, savedAt: '2026-03-16T09:00:00.000Z', savedBy: 'meera', note: 'dentist cover' },
  { version: 2, savedAt: '2026-03-10T12:00:00.000Z', savedBy: 'asha', note: 'two people in APAC' },
];

const iso = (ms: number) => new Date(ms).toISOString();

export function draft(): HandoverDraft {
  const facts = [
    { kind: 'incident' as const, text: 'SEV2 INC-260317-a1b2c3 “UPI p99 over 200 ms” — acknowledged, owner ravi', asOf: iso(NOW - 2 * MIN), source: 'incidents on this console', link: '#/incidents/INC-260317-a1b2c3' },
    { kind: 'unknown' as const, text: 'Levers: state unknown (the platform cannot be reached).', asOf: null, source: 'the platform admin API', link: '#/levers' },
    { kind: 'rail' as const, text: 'Every rail within its thresholds.', asOf: iso(NOW - 30_000), source: 'metrics (prometheus)', link: '#/dashboard' },
  ];
  return { from: 'asha', to: 'oliver', draftedAt: iso(NOW - 60_000), facts, text: 'Handover asha → oliver, 2026-03-17 07:59 UTC\n\n- SEV2 …\n\nNotes from the outgoing shift:\n' };
}

export function handover(over: Partial<Handover> = {}): Handover {
  const d = draft();
  return { id: 'ho-1', ...d, handedAt: iso(NOW - 5 * MIN), handedBy: 'asha', acknowledgedAt: null, acknowledgedBy: null, ...over };
}
