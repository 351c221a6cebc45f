// The rotation document (versions, validation, a save over a newer version refused) and the
// handover drafted from the console's own state against the real demo platform: an open
// incident with its clocks and a pulled lever, each fact with its age; handing over and
// acknowledging are recorded and on the incident's timeline.
import { describe, expect, it } from 'vitest';
import { Schedule } from '../../shared/rotation/schema.ts';
import { useScratch } from '../helpers/scratch.ts';
import { call, leverCase, pull, startRig, value } from '../helpers/platform.ts';

const scratch = useScratch();
const brandDeposits = leverCase('brand-deposits-off');

describe('the rotation document', () => {
  it('starts from the bundled example, saves versions, refuses an invalid one with where and what, and a save over a newer version', async () => {
    const rig = await startRig(scratch);
    const first = await value(rig.core, 'rotation.get');
    expect(first.source).toBe('bundled');
    expect(first.version).toBeNull();
    const schedule = Schedule.parse(first.schedule);
    expect(schedule.rotations.map((r) => r.region)).toEqual(['APAC', 'EMEA', 'AMER']);

    const edited = { ...schedule, overrides: [{ id: 'o1', role: 'primary', person: 'meera', start: '2026-03-11T03:00:00.000Z', end: '2026-03-11T09:00:00.000Z', reason: 'asha at the dentist' }] };
    const saved = await value(rig.core, 'rotation.save', { schedule: edited, note: 'cover asha', baseVersion: null });
    expect(saved).toMatchObject({ version: 1, source: 'saved', savedBy: 'test-oncall', note: 'cover asha' });
    expect(Schedule.parse(saved.schedule).overrides).toHaveLength(1);

    const bad = await call(rig.core, 'rotation.save', { schedule: { ...schedule, rotations: [{ ...schedule.rotations[0]!, timezone: 'Mars/Olympus' }] }, baseVersion: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toBe('Not saved: rotations.0.timezone: not a known IANA time zone (e.g. Europe/London)');
    const stale = await call(rig.core, 'rotation.save', { schedule, baseVersion: null });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.message).toMatch(/changed since you opened it \(now version 1/);
    expect((await value(rig.core, 'rotation.versions')).map((v) => v.version)).toEqual([1]);
  });
});

describe('a handover', () => {
  it('names the open incident and the pulled lever with their ages; handing over and acknowledging are on the timeline', async () => {
    const rig = await startRig(scratch);
    const declared = await value(rig.core, 'incidents.declare', { title: 'UPI p99 450 ms on Royal Spin', severity: 'SEV2', rails: ['upi'], brands: ['royalspin'] });
    const other = await value(rig.core, 'incidents.declare', { title: 'IMPS approval 71 %', severity: 'SEV3', rails: ['imps'] });
    await value(rig.core, 'incidents.record', { incidentId: declared.incidentId, body: { type: 'acknowledged', owner: 'asha' } });
    rig.clock.advance(60_000);
    await pull(rig, brandDeposits);
    rig.clock.advance(5 * 60_000);

    const draft = await value(rig.core, 'handover.draft', { from: 'asha', to: 'oliver' });
    const incident = draft.facts.find((f) => f.kind === 'incident')!;
    expect(incident.text).toContain(declared.incidentId);
    expect(incident.text).toMatch(/^SEV2 .* acknowledged, owner asha; status update due in 24 min \(by 03:44 UTC\)$/);
    expect(draft.facts.find((f) => f.text.includes(other.incidentId))?.text).toMatch(/SEV3 .* declared, nobody owns it; ack due in 54 min/);
    expect(incident.text).toMatch(/status update due in \d+ min \(by \d\d:\d\d UTC\)/);
    const lever = draft.facts.find((f) => f.kind === 'lever')!;
    expect(lever.text).toMatch(/brand-deposits-off is pulled on .*royal/i);
    expect(lever.asOf).not.toBeNull();
    expect(draft.text).toContain('Handover asha → oliver');
    expect(draft.text).toMatch(/brand-deposits-off is pulled .*\[as of \d\d:\d\d UTC/);

    const handed = await value(rig.core, 'handover.handOver', { from: 'asha', to: 'oliver', draftedAt: draft.draftedAt, facts: draft.facts, text: `${draft.text}\nwatch razorpay` });
    expect(handed).toMatchObject({ from: 'asha', to: 'oliver', acknowledgedAt: null });
    const acked = await value(rig.core, 'handover.acknowledge', { id: handed.id, by: 'oliver' });
    expect(acked.acknowledgedBy).toBe('oliver');
    const again = await call(rig.core, 'handover.acknowledge', { id: handed.id, by: 'oliver' });
    expect(again.ok).toBe(false);

    const events = (await value(rig.core, 'incidents.get', { incidentId: declared.incidentId })).events;
    // asha owned it: ownership moves to oliver with the handover.
    const h = events.find((e) => e.type === 'handover');
    expect(h).toMatchObject({ type: 'handover', from: 'asha', to: 'oliver' });
    // Nobody owned the other one: the handover is a note there, and nobody is made its owner.
    const otherEvents = (await value(rig.core, 'incidents.get', { incidentId: other.incidentId })).events;
    expect(otherEvents.some((e) => e.type === 'note_added' && e.text === 'Shift handover asha → oliver; nobody owns this incident yet.')).toBe(true);
    expect(events.some((e) => e.type === 'note_added' && e.text === 'Handover from asha to oliver acknowledged by oliver.')).toBe(true);
    expect((await value(rig.core, 'handover.list')).map((x) => x.id)).toEqual([handed.id]);
  });

  it('says what it cannot know: with the platform gone the levers are unknown, never "no lever pulled"', async () => {
    const rig = await startRig(scratch);
    await rig.demo.stop();
    const draft = await value(rig.core, 'handover.draft', { from: 'asha', to: 'oliver' });
    expect(draft.facts.some((f) => f.kind === 'lever' && /No lever pulled/.test(f.text))).toBe(false);
    expect(draft.facts.some((f) => f.kind === 'unknown' && /lever/i.test(f.text))).toBe(true);
    expect(draft.facts.find((f) => f.kind === 'incident')?.text).toBe('No open incident on this console.');
  });
});
