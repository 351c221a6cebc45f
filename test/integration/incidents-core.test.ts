// Incidents through the core's one validating door: declared with the breach's figures, every
// change an event, illegal transitions refused with words, a lever pulled for the incident on
// its timeline linked to its audit record, and all of it still there after a restart.
import { describe, expect, it } from 'vitest';
import { foldIncident } from '../../shared/incidents/fold.ts';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { call, manualClock, openCore, value } from '../helpers/console.ts';
import { confirmArgs, leverCase, planEngage, startRig } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

const breach = { rail: 'upi', kind: 'latency' as const, summary: 'p99 2.4 s (limit 1.5 s)', value: 2400, threshold: 1500, brands: [] };

describe('incidents in the core', () => {
  it('declares with the breach as the first event, records changes, refuses what the lifecycle does not allow', async () => {
    const core = openCore(scratch, { actor: 'asha' });
    const declared = await value(core, 'incidents.declare', {
      title: 'UPI p99 latency over its limit',
      severity: 'SEV2',
      rails: ['upi'],
      runbookIds: ['rail-latency-spike'],
      breach,
    });
    const id = declared.incidentId;
    expect(id).toMatch(/^INC-\d{6}-[0-9a-f]{6}$/);
    expect(declared.events.map((e) => e.type)).toEqual(['declared', 'runbook_attached']);
    const d = declared.events[0] as Extract<IncidentEvent, { type: 'declared' }>;
    expect(d.breach?.summary).toBe('p99 2.4 s (limit 1.5 s)');
    expect(d.actor).toBe('asha');
    expect(d.policyId).toBe('platform-runbook');

    // Mitigating before anyone owns it is refused, with words, and nothing is written.
    const early = await call(core, 'incidents.record', { incidentId: id, body: { type: 'mitigated', note: '' } });
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.error.code).toBe('conflict');
      expect(early.error.message.length).toBeGreaterThan(10);
    }
    await value(core, 'incidents.record', { incidentId: id, body: { type: 'acknowledged', owner: 'asha' } });
    const twice = await call(core, 'incidents.record', { incidentId: id, body: { type: 'acknowledged', owner: 'ravi' } });
    expect(twice.ok).toBe(false);
    // A note can carry an earlier time (the first symptom) and keeps when it was entered.
    const earlier = new Date(Date.parse(d.at) - 10 * 60_000).toISOString();
    const noted = await value(core, 'incidents.record', { incidentId: id, at: earlier, body: { type: 'note_added', text: 'first complaints in support chat' } });
    const note = noted.events.find((e) => e.type === 'note_added')!;
    expect(note.at).toBe(earlier);
    expect(note.enteredAt).not.toBe(earlier);
    expect(noted.events[0]!.type).toBe('note_added'); // sorted by when it happened

    // Events written by the console only are refused from a person.
    const forged = await call(core, 'incidents.record', { incidentId: id, body: { type: 'breach_ended', rail: 'upi', kind: 'latency', summary: 'x' } });
    expect(forged.ok).toBe(false);

    const list = await value(core, 'incidents.list', { open: true });
    expect(list.map((h) => [h.incidentId, h.state, h.owner, h.severity])).toEqual([[id, 'acknowledged', 'asha', 'SEV2']]);
    const unknown = await call(core, 'incidents.get', { incidentId: 'INC-000000-000000' });
    expect(unknown.ok).toBe(false);
  });

  it('reports MTTA and MTTR from what was recorded, leaving unacknowledged resolutions out of MTTA', async () => {
    const clock = manualClock('2026-03-11T03:14:00.000Z');
    const core = openCore(scratch, { clock, actor: 'asha' });
    const a = await value(core, 'incidents.declare', { title: 'UPI slow', severity: 'SEV2', rails: ['upi'] });
    clock.advance(3 * 60_000);
    await value(core, 'incidents.record', { incidentId: a.incidentId, body: { type: 'acknowledged', owner: 'asha' } });
    clock.advance(17 * 60_000);
    await value(core, 'incidents.record', { incidentId: a.incidentId, body: { type: 'resolved', note: '' } });
    const b = await value(core, 'incidents.declare', { title: 'IMPS blip', severity: 'SEV3', rails: ['imps'] });
    clock.advance(10 * 60_000);
    await value(core, 'incidents.record', { incidentId: b.incidentId, body: { type: 'resolved', note: 'cleared by itself' } });
    const r = await value(core, 'incidents.report', {});
    expect(r.overall).toMatchObject({ incidents: 2, resolvedWithoutAck: 1 });
    expect(r.overall.mtta).toMatchObject({ count: 1, meanMs: 3 * 60_000 });
    expect(r.overall.mttr).toMatchObject({ count: 2, meanMs: 15 * 60_000 }); // (20 + 10) / 2 min
    expect(r.timezone).toBe('Asia/Kolkata');
    // Declared in a window that holds neither: nothing.
    expect((await value(core, 'incidents.report', { from: '2026-04-01T00:00:00Z' })).overall.incidents).toBe(0);
  });

  it('keeps everything across a restart of the same data folder, with the same origin', async () => {
    const dataDir = `${scratch.tempDir('switchyard-inc-')}/profile`;
    const first = openCore(scratch, { dataDir });
    const d = await value(first, 'incidents.declare', { title: 'IMPS approval collapse', severity: 'SEV1', rails: ['imps'] });
    first.close();
    const second = openCore(scratch, { dataDir });
    const again = await value(second, 'incidents.get', { incidentId: d.incidentId });
    expect(again.events).toEqual(d.events);
    const r = await value(second, 'incidents.record', { incidentId: d.incidentId, body: { type: 'note_added', text: 'after restart' } });
    expect(new Set(r.events.map((e) => e.origin)).size).toBe(1);
  });

  it('a lever pulled for the incident is on its timeline, linked to its audit record', async () => {
    const rig = await startRig(scratch);
    const d = await value(rig.core, 'incidents.declare', { title: 'Fraud cluster on royalspin', severity: 'SEV2', brands: ['royalspin'] });
    const c = leverCase('brand-deposits-off');
    const plan = await planEngage(rig, c);
    const ex = await value(rig.core, 'levers.execute', { ...confirmArgs(c, plan.planId), incidentId: d.incidentId });
    expect(ex.status).toBe('verified');
    const view = foldIncident((await value(rig.core, 'incidents.get', { incidentId: d.incidentId })).events);
    expect(view.levers).toHaveLength(1);
    const lever = view.levers[0]!;
    expect(lever).toMatchObject({ executionId: ex.id, lever: 'brand-deposits-off', target: c.target, outcome: 'verified' });
    const audit = await value(rig.core, 'audit.list', { limit: 50 });
    const outcome = audit.find((a) => a.executionId === ex.id && a.kind === 'outcome')!;
    expect(lever.auditSeq).toBe(outcome.seq);
    expect(view.events.find((e) => e.type === 'lever_executed')!.actor).toBe('test-oncall');
  });

  it('a lever naming an incident this console does not hold writes nothing to any incident', async () => {
    const rig = await startRig(scratch);
    const c = leverCase('brand-deposits-off');
    const plan = await planEngage(rig, c);
    await value(rig.core, 'levers.execute', { ...confirmArgs(c, plan.planId), incidentId: 'INC-ELSEWHERE' });
    expect(await value(rig.core, 'incidents.list', {})).toEqual([]);
  });
});
