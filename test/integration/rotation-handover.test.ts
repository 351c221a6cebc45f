// The rotation document (versions, validation, a save over a newer version refused) and the
// handover drafted from the console's own state against the real demo platform: an open
// incident with its clocks and a pulled lever, each fact with its age; handing over and
// acknowledging are recorded and on the incident's timeline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/console.ts';
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

describe('importing on-call from an iCal feed', () => {
  const feed = readFileSync(join(REPO_ROOT, 'test/fixtures/ical/pagerduty-oncall.ics'), 'utf8');

  it('shows the diff first, applies it as a new version, and a re-import of the same feed changes nothing', async () => {
    const rig = await startRig(scratch);
    const plan = await value(rig.core, 'rotation.planImport', { text: feed, feed: 'pagerduty-payments', role: 'primary', rotationId: 'apac' });
    expect(plan.problems).toEqual([]);
    expect(plan.add.length).toBeGreaterThan(0);
    expect(plan.update).toEqual([]);
    // Nothing is applied by planning.
    expect((await value(rig.core, 'rotation.get')).source).toBe('bundled');
    const applied = await value(rig.core, 'rotation.applyImport', { planId: plan.planId, baseVersion: null });
    expect(applied.version).toBe(1);
    expect(applied.note).toBe(`iCal import: ${plan.add.length} changes`);
    const overrides = Schedule.parse(applied.schedule).overrides;
    expect(overrides).toHaveLength(plan.add.length);
    expect(overrides.every((o) => o.source.kind === 'ical' && o.source.feed === 'pagerduty-payments' && o.rotationId === 'apac')).toBe(true);
    // The same plan cannot be applied twice.
    expect((await call(rig.core, 'rotation.applyImport', { planId: plan.planId, baseVersion: 1 })).ok).toBe(false);

    const again = await value(rig.core, 'rotation.planImport', { text: feed, feed: 'pagerduty-payments', role: 'primary', rotationId: 'apac' });
    expect({ add: again.add.length, update: again.update.length, remove: again.remove.length, unchanged: again.unchanged }).toEqual({ add: 0, update: 0, remove: 0, unchanged: plan.add.length });
  });

  it('a bad feed is reported with what and where, and nothing can be applied', async () => {
    const rig = await startRig(scratch);
    const bad = readFileSync(join(REPO_ROOT, 'test/fixtures/ical/bad-missing-dtstart.ics'), 'utf8');
    const plan = await value(rig.core, 'rotation.planImport', { text: bad, feed: 'broken', role: 'primary' });
    expect(plan.problems.length).toBeGreaterThan(0);
    expect(plan.problems[0]!.message).toMatch(/DTSTART/);
    expect((await call(rig.core, 'rotation.applyImport', { planId: plan.planId, baseVersion: null })).ok).toBe(false);
    expect((await value(rig.core, 'rotation.get')).source).toBe('bundled');
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
    expect(lever.text).toMatch(/^brand-deposits-off is pulled on Royal Spin .*— by test-oncall at \d\d:\d\d UTC, audit #2\.$/);
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
