// The fold: an incident's events, in any arrival order, give one view; the lifecycle refuses
// what cannot happen, and a race between consoles is settled the same way everywhere.
import { describe, expect, it } from 'vitest';
import type { EventBody, IncidentEvent } from '../../shared/incidents/events.ts';
import { checkTransition, foldIncident, severityAt } from '../../shared/incidents/fold.ts';
import { incident, prng, shuffled } from './incident-fixtures.ts';

const T = (hhmmss: string) => `2026-03-02T${hhmmss}Z`;
const body = (b: Record<string, unknown>) => b as EventBody;

describe('the lifecycle', () => {
  it('declared → acknowledged → mitigated → resolved → postmortem_done, with each time', () => {
    const inc = incident('INC-1');
    const v = foldIncident([
      inc.declared(T('10:00:00'), 'SEV2', { rails: ['upi'], brands: ['b1'], runbookIds: ['rail-latency-spike'] }),
      inc.at(T('10:03:00'), { type: 'acknowledged', owner: 'asha' }),
      inc.at(T('10:20:00'), { type: 'mitigated', note: 'halted deposits' }),
      inc.at(T('10:50:00'), { type: 'resolved' }),
      inc.at(T('12:00:00'), { type: 'postmortem_completed' }),
    ]);
    expect(v).toMatchObject({
      id: 'INC-1',
      title: 'INC-1 title',
      severity: 'SEV2',
      state: 'postmortem_done',
      declaredAt: T('10:00:00'),
      acknowledgedAt: T('10:03:00'),
      mitigatedAt: T('10:20:00'),
      resolvedAt: T('10:50:00'),
      postmortemCompletedAt: T('12:00:00'),
      owner: 'asha',
      rails: ['upi'],
      brands: ['b1'],
      runbooks: [{ runbookId: 'rail-latency-spike', version: null }],
      rejected: [],
    });
  });

  it('reopen: back to acknowledged with an owner; the first resolution keeps its time', () => {
    const inc = incident('INC-2');
    const events = [
      inc.declared(T('10:00:00')),
      inc.at(T('10:02:00'), { type: 'acknowledged', owner: 'asha' }),
      inc.at(T('10:30:00'), { type: 'resolved', note: 'looked fine' }),
      inc.at(T('10:45:00'), { type: 'reopened', reason: 'recon still off' }),
    ];
    const reopened = foldIncident(events);
    expect(reopened).toMatchObject({ state: 'acknowledged', resolvedAt: null, acknowledgedAt: T('10:02:00') });
    expect(reopened.resolutions).toEqual([{ resolvedAt: T('10:30:00'), actor: 'asha', note: 'looked fine', reopenedAt: T('10:45:00'), reopenReason: 'recon still off' }]);
    const again = foldIncident([...events, inc.at(T('11:10:00'), { type: 'mitigated' }), inc.at(T('11:40:00'), { type: 'resolved' })]);
    expect(again).toMatchObject({ state: 'resolved', resolvedAt: T('11:40:00'), mitigatedAt: T('11:10:00') });
    expect(again.resolutions.map((r) => [r.resolvedAt, r.reopenedAt])).toEqual([
      [T('10:30:00'), T('10:45:00')],
      [T('11:40:00'), null],
    ]);
  });

  it('resolved without acknowledgement, then reopened: back to declared', () => {
    const inc = incident('INC-3');
    const v = foldIncident([inc.declared(T('10:00:00')), inc.at(T('10:04:00'), { type: 'resolved' }), inc.at(T('10:09:00'), { type: 'reopened', reason: 'back' })]);
    expect(v).toMatchObject({ state: 'declared', acknowledgedAt: null, owner: null, resolvedAt: null, rejected: [] });
  });

  it('acknowledged → resolved skips mitigation; cancel from mitigated', () => {
    const inc = incident('INC-4');
    expect(foldIncident([inc.declared(T('10:00:00')), inc.at(T('10:01:00'), { type: 'acknowledged', owner: 'a' }), inc.at(T('10:09:00'), { type: 'resolved' })]).state).toBe('resolved');
    const c = foldIncident([
      inc.declared(T('10:00:00')),
      inc.at(T('10:01:00'), { type: 'acknowledged', owner: 'a' }),
      inc.at(T('10:02:00'), { type: 'mitigated' }),
      inc.at(T('10:03:00'), { type: 'cancelled', reason: 'false alarm' }),
    ]);
    expect(c).toMatchObject({ state: 'cancelled', cancelledAt: T('10:03:00'), cancelReason: 'false alarm' });
  });
});

describe('illegal transitions are refused with a clear message', () => {
  const inc = incident('INC-9');
  const declared = inc.declared(T('10:00:00'));
  const ack = inc.at(T('10:01:00'), { type: 'acknowledged', owner: 'asha' });
  const resolved = inc.at(T('10:30:00'), { type: 'resolved' });
  const cancelled = inc.at(T('10:05:00'), { type: 'cancelled', reason: 'duplicate of INC-8' });
  const closed = inc.at(T('12:00:00'), { type: 'postmortem_completed' });
  const cases: Array<[string, IncidentEvent[], Record<string, unknown>, string]> = [
    ['resolve a cancelled incident', [declared, cancelled], { type: 'resolved', note: '' }, 'Cannot resolve INC-9: it is cancelled'],
    ['acknowledge twice', [declared, ack], { type: 'acknowledged', owner: 'ben' }, 'Cannot acknowledge INC-9: it is already acknowledged (owner asha); hand it over or assign a role instead'],
    ['mitigate before anyone acknowledged', [declared], { type: 'mitigated', note: '' }, 'Cannot mitigate INC-9: nobody has acknowledged it yet; acknowledge it first'],
    ['reopen an open incident', [declared, ack], { type: 'reopened', reason: 'x' }, 'Cannot reopen INC-9: it is acknowledged, not resolved'],
    ['complete the postmortem of an open incident', [declared], { type: 'postmortem_completed' }, 'Cannot complete the postmortem of INC-9: it is declared and not acknowledged yet, not resolved'],
    ['cancel a resolved incident', [declared, ack, resolved], { type: 'cancelled', reason: 'x' }, 'Cannot cancel INC-9: it is resolved; reopen it first'],
    ['resolve twice', [declared, ack, resolved], { type: 'resolved', note: '' }, 'Cannot resolve INC-9: it is already resolved'],
    ['reopen after the postmortem', [declared, ack, resolved, closed], { type: 'reopened', reason: 'x' }, 'Cannot reopen INC-9: its postmortem is complete; declare a new incident instead'],
    ['declare twice', [declared], { ...declared, type: 'declared' }, `Cannot declare INC-9: it was already declared at ${T('10:00:00')}`],
    ['acknowledge before the declaration', [inc.at(T('09:58:00'), { type: 'note_added', text: 'first symptom' })], { type: 'acknowledged', owner: 'a' }, 'Cannot acknowledge INC-9: it has not been declared'],
    ['set the severity it already has', [declared], { type: 'severity_changed', severity: 'SEV1', reason: '' }, 'Cannot change the severity of INC-9: it is already SEV1'],
    ['release a role someone else holds', [declared, inc.at(T('10:01:00'), { type: 'role_assigned', role: 'commander', person: 'asha' })], { type: 'role_released', role: 'commander', person: 'ben' }, 'ben does not hold the commander role on INC-9 (asha does)'],
    ['hand over from someone who does not own it', [declared, ack], { type: 'handover', from: 'ben', to: 'chen', text: '' }, 'Cannot hand over INC-9 from ben: asha owns it'],
    ['detach a runbook that is not attached', [declared], { type: 'runbook_detached', runbookId: 'dns-cert-emergency' }, 'Runbook dns-cert-emergency is not attached to INC-9'],
    ['pin an unknown event', [declared], { type: 'event_pinned', eventId: 'nope', pinned: true }, 'There is no event nope in INC-9 to pin'],
    ['file a decision record for an unknown lever', [declared], { type: 'decision_record_filed', executionId: 'x-1', reference: 'ADR-7' }, 'There is no lever execution x-1 on INC-9 that bypassed change control'],
  ];
  it.each(cases)('%s', (_what, events, b, message) => {
    expect(checkTransition(foldIncident(events), body(b))).toEqual({ ok: false, message });
  });

  it('the legal ones pass, notes and status updates in any state', () => {
    const v = foldIncident([declared, cancelled]);
    expect(checkTransition(v, body({ type: 'note_added', text: 'why we cancelled' }))).toEqual({ ok: true });
    expect(checkTransition(v, body({ type: 'status_posted', audience: 'internal', text: 'stand down' }))).toEqual({ ok: true });
    expect(checkTransition(foldIncident([declared]), body({ type: 'resolved', note: '' }))).toEqual({ ok: true });
    expect(checkTransition(foldIncident([declared, ack, resolved]), body({ type: 'reopened', reason: 'x' }))).toEqual({ ok: true });
  });
});

describe('racing consoles', () => {
  it('cancel and resolve at the same second: origin order decides, the loser is kept and listed', () => {
    const inc = incident('INC-5');
    const cancel = inc.at(T('10:20:00'), { type: 'cancelled', reason: 'not real' }, { origin: 'console-a' });
    const resolve = inc.at(T('10:20:00'), { type: 'resolved' }, { origin: 'console-b' });
    const v = foldIncident([resolve, inc.declared(T('10:00:00')), cancel]);
    expect(v.state).toBe('cancelled');
    expect(v.resolvedAt).toBeNull();
    expect(v.events.map((e) => e.type)).toEqual(['declared', 'cancelled', 'resolved']);
    expect(v.rejected).toEqual([{ event: resolve, reason: 'Cannot resolve INC-5: it is cancelled' }]);
  });

  it('the same event delivered twice counts once; another event reusing its id is set aside', () => {
    const inc = incident('INC-6');
    const note = inc.at(T('10:05:00'), { type: 'note_added', text: 'one' }, { id: 'n-1' });
    const impostor = inc.at(T('10:06:00'), { type: 'note_added', text: 'two' }, { id: 'n-1' });
    const v = foldIncident([inc.declared(T('10:00:00')), note, { ...note }, impostor]);
    expect(v.notes.map((n) => n.text)).toEqual(['one']);
    expect(v.events).toHaveLength(3);
    expect(v.rejected.map((r) => r.reason)).toEqual(['Event id n-1 was already used by another event']);
  });

  it("another incident's event is not applied", () => {
    const v = foldIncident([incident('INC-7').declared(T('10:00:00')), incident('INC-8').at(T('10:01:00'), { type: 'acknowledged', owner: 'a' })]);
    expect(v.state).toBe('declared');
    expect(v.rejected[0]!.reason).toMatch(/belongs to INC-8, not INC-7/);
  });
});

/** A busy incident: roles, runbooks, levers, pins, a reopen, racing and illegal events (a second ack, a release after the role moved on, a cancel racing a resolve). */
function busyIncident(): IncidentEvent[] {
  const inc = incident('INC-42');
  const out = [
    inc.at(T('09:52:00'), { type: 'note_added', text: 'First symptom.' }),
    inc.at(T('09:55:00'), { type: 'breach_started', breach: { rail: 'upi', kind: 'latency', summary: 'p99 2.4 s', value: 2400, threshold: 200, brands: ['b2'] } }),
    inc.declared(T('10:00:00'), 'SEV2', { rails: ['upi'], brands: ['b1'], runbookIds: ['rail-latency-spike'] }),
    inc.at(T('10:01:00'), { type: 'runbook_attached', runbookId: 'rail-latency-spike', version: 3 }),
    inc.at(T('10:02:00'), { type: 'acknowledged', owner: 'asha' }),
    inc.at(T('10:02:00'), { type: 'acknowledged', owner: 'ben' }, { origin: 'console-b' }),
    inc.at(T('10:03:00'), { type: 'role_assigned', role: 'commander', person: 'asha' }),
    inc.at(T('10:04:00'), { type: 'severity_changed', severity: 'SEV1', reason: 'three brands' }),
    inc.at(T('10:05:00'), { type: 'checklist_ticked', runbookId: 'rail-latency-spike', version: 3, text: 'Check p99', nth: 1, ticked: true }),
    inc.at(T('10:06:00'), { type: 'checklist_ticked', runbookId: 'rail-latency-spike', version: 3, text: 'Check p99', nth: 1, ticked: false }, { actor: 'ben' }),
    inc.at(T('10:06:30'), { type: 'checklist_ticked', runbookId: 'rail-latency-spike', version: 3, text: 'Halt deposits', nth: 1, ticked: true }),
    inc.at(T('10:07:00'), { type: 'lever_executed', executionId: 'x-1', auditSeq: 11, lever: 'halt_deposits', action: 'engage', target: 'global', outcome: 'in_flight', bypassedChangeControl: true, approvedBy: 'asha' }),
    inc.at(T('10:07:20'), { type: 'lever_executed', executionId: 'x-1', auditSeq: 12, lever: 'halt_deposits', action: 'engage', target: 'global', outcome: 'verified', bypassedChangeControl: true, approvedBy: 'asha' }),
    inc.at(T('10:08:00'), { type: 'lever_executed', executionId: 'x-2', auditSeq: 13, lever: 'brand_deposit', action: 'engage', target: 'b1', outcome: 'verified', bypassedChangeControl: true, approvedBy: 'asha' }),
    inc.at(T('10:09:00'), { type: 'status_posted', audience: 'customer', text: 'Deposits paused' }, { id: 'status-1' }),
    inc.at(T('10:10:00'), { type: 'event_pinned', eventId: 'status-1', pinned: true }),
    inc.at(T('10:11:00'), { type: 'role_assigned', role: 'commander', person: 'ben' }),
    inc.at(T('10:12:00'), { type: 'handover', from: 'asha', to: 'ben', text: 'shift change' }),
    inc.at(T('10:13:00'), { type: 'mitigated' }),
    inc.at(T('10:14:00'), { type: 'role_released', role: 'commander', person: 'asha' }),
    inc.at(T('10:15:00'), { type: 'decision_record_filed', executionId: 'x-2', reference: 'ADR-12' }),
    inc.at(T('10:20:00'), { type: 'resolved' }),
    inc.at(T('10:20:00'), { type: 'cancelled', reason: 'dup' }, { origin: 'console-b' }),
    inc.at(T('10:25:00'), { type: 'reopened', reason: 'recon off' }),
    inc.at(T('10:26:00'), { type: 'event_pinned', eventId: 'status-1', pinned: false }),
    inc.at(T('10:27:00'), { type: 'breach_ended', rail: 'upi', kind: 'latency', summary: 'back under' }),
    inc.at(T('10:40:00'), { type: 'resolved' }),
    inc.at(T('10:41:00'), { type: 'postmortem_edited', markdown: '# draft 1' }),
    inc.at(T('10:42:00'), { type: 'postmortem_edited', markdown: '# draft 2' }),
  ];
  return out;
}

describe('a busy incident', () => {
  const v = foldIncident(busyIncident());

  it('roles, owner, severity history', () => {
    expect(v.owner).toBe('ben');
    expect(v.roles).toEqual({ commander: 'ben', communications: null, responder: null });
    expect(v.roleHistory).toEqual([
      { role: 'commander', person: 'asha', takenAt: T('10:03:00'), handedOnAt: T('10:11:00'), handedOnTo: 'ben' },
      { role: 'commander', person: 'ben', takenAt: T('10:11:00'), handedOnAt: null, handedOnTo: null },
    ]);
    expect(v.severityHistory.map((s) => [s.severity, s.at])).toEqual([
      ['SEV2', T('10:00:00')],
      ['SEV1', T('10:04:00')],
    ]);
    expect(severityAt(v, T('10:03:59'))).toBe('SEV2');
    expect(severityAt(v, T('10:04:00'))).toBe('SEV1');
  });

  it('runbooks, checklist ticks (latest per item), levers merged by execution, decision-record reminders', () => {
    expect(v.runbooks).toEqual([{ runbookId: 'rail-latency-spike', version: 3, attachedAt: T('10:01:00') }]);
    expect(v.checklists).toEqual([
      {
        runbookId: 'rail-latency-spike',
        version: 3,
        items: [
          { text: 'Check p99', nth: 1, ticked: false, at: T('10:06:00'), actor: 'ben' },
          { text: 'Halt deposits', nth: 1, ticked: true, at: T('10:06:30'), actor: 'asha' },
        ],
      },
    ]);
    expect(v.levers.map((l) => [l.executionId, l.outcome, l.at, l.updatedAt, l.severity])).toEqual([
      ['x-1', 'verified', T('10:07:00'), T('10:07:20'), 'SEV1'],
      ['x-2', 'verified', T('10:08:00'), T('10:08:00'), 'SEV1'],
    ]);
    expect(v.decisionRecordReminders.map((l) => l.executionId)).toEqual(['x-1']);
    expect(v.decisionRecords).toMatchObject([{ executionId: 'x-2', reference: 'ADR-12' }]);
  });

  it('state, resolutions, pins, postmortem, breaches, rejected race events', () => {
    expect(v).toMatchObject({ state: 'resolved', resolvedAt: T('10:40:00'), acknowledgedAt: T('10:02:00'), mitigatedAt: T('10:13:00'), cancelledAt: null });
    expect(v.resolutions.map((r) => r.resolvedAt)).toEqual([T('10:20:00'), T('10:40:00')]);
    expect(v.pinned).toEqual([]);
    expect(v.postmortem?.markdown).toBe('# draft 2');
    expect(v.breaches).toEqual([{ rail: 'upi', kind: 'latency', summary: 'p99 2.4 s', startedAt: T('09:55:00'), endedAt: T('10:27:00') }]);
    expect(v.brands).toEqual(['b2', 'b1']);
    expect(v.statusUpdates).toMatchObject([{ audience: 'customer', text: 'Deposits paused', at: T('10:09:00') }]);
    expect(v.rejected.map((r) => r.reason)).toEqual([
      'Cannot acknowledge INC-42: it is already acknowledged (owner asha); hand it over or assign a role instead',
      'asha does not hold the commander role on INC-42 (ben does)',
      'Cannot cancel INC-42: it is resolved; reopen it first',
    ]);
    expect(v.events).toHaveLength(29);
  });

  it('is the same whatever order the events arrive in (300 seeded shuffles)', () => {
    const events = busyIncident();
    const expected = foldIncident(events);
    const random = prng(20260302);
    for (let i = 0; i < 300; i++) expect(foldIncident(shuffled(events, random))).toEqual(expected);
  });
});

describe('scale', () => {
  it('folds 10,000 events quickly (O(n log n): maps, no rescans)', () => {
    const inc = incident('INC-BIG');
    const start = Date.parse(T('00:00:00'));
    const events: IncidentEvent[] = [inc.declared(T('00:00:00')), inc.at(T('00:00:30'), { type: 'acknowledged', owner: 'a' })];
    for (let i = 0; i < 9_998; i++) {
      const at = new Date(start + 60_000 + i * 1000).toISOString();
      const kind = i % 5;
      if (kind === 0) events.push(inc.at(at, { type: 'note_added', text: `note ${i}` }));
      else if (kind === 1) events.push(inc.at(at, { type: 'status_posted', audience: 'internal', text: `update ${i}` }));
      else if (kind === 2) events.push(inc.at(at, { type: 'checklist_ticked', runbookId: 'r', version: 1, text: `item ${Math.floor(i / 5) % 50}`, nth: 1, ticked: i % 2 === 0 }));
      else if (kind === 3) events.push(inc.at(at, { type: 'event_pinned', eventId: events[events.length - 1]!.id, pinned: true }));
      else events.push(inc.at(at, { type: 'role_assigned', role: 'responder', person: `p${i}` }));
    }
    const input = shuffled(events, prng(7));
    const t0 = performance.now();
    const v = foldIncident(input);
    const ms = performance.now() - t0;
    expect(v.events).toHaveLength(10_000);
    expect(v.rejected).toEqual([]);
    expect(v.notes).toHaveLength(2000);
    expect(v.checklists[0]!.items).toHaveLength(50);
    expect(ms).toBeLessThan(1500);
  });
});
