// The clocks an on-call engineer watches: what is due, when, and in words. Times are picked by
// hand; 2026-03-04 is a Wednesday, 10:00Z = 15:30 IST (the policies' zone, no DST).
import { describe, expect, it } from 'vitest';
import { incidentClocks, mostUrgentClock, notificationKey, type Clock, type ClockKind } from '../../shared/incidents/clocks.ts';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { bundledPolicy, incident } from './incident-fixtures.ts';

const runbook = bundledPolicy('platform-runbook');
const managed = bundledPolicy('managed-operations');
const W = (hhmm: string) => `2026-03-04T${hhmm}:00Z`;
const now = (iso: string) => new Date(iso);

function clocksOf(events: IncidentEvent[], at: string, policy = runbook): Record<string, Clock> {
  return Object.fromEntries(incidentClocks(foldIncident(events), policy, now(at)).map((c) => [c.subject ? `${c.kind}:${c.subject}` : c.kind, c]));
}
const pick = (c: Clock | undefined) => c && { state: c.state, deadline: c.deadline, remainingMs: c.remainingMs, words: c.words };
const MIN = 60_000;

describe('ack', () => {
  const inc = incident('INC-A');
  const sev1 = inc.declared(W('10:00'), 'SEV1');

  it('SEV1: 5 min, approaching from the start (a 5-minute window is all urgent), then overdue', () => {
    expect(pick(clocksOf([sev1], W('10:03')).ack)).toEqual({ state: 'approaching', deadline: '2026-03-04T10:05:00.000Z', remainingMs: 2 * MIN, words: 'ack due in 2 min' });
    expect(pick(clocksOf([sev1], W('10:07')).ack)).toMatchObject({ state: 'overdue', remainingMs: -2 * MIN, words: 'ack overdue by 2 min' });
    expect(clocksOf([sev1], W('10:03')).ack!.label).toBe('Acknowledge: 5 min (SEV1)');
  });

  it('met on time, met late', () => {
    expect(pick(clocksOf([sev1, inc.at(W('10:04'), { type: 'acknowledged', owner: 'asha' })], W('11:00')).ack)).toMatchObject({ state: 'met', remainingMs: MIN, words: 'ack met with 1 min to spare' });
    const late = inc.at('2026-03-04T10:06:30Z', { type: 'acknowledged', owner: 'asha' });
    expect(pick(clocksOf([sev1, late], W('11:00')).ack)).toMatchObject({ state: 'met_late', remainingMs: -1.5 * MIN, words: 'ack met 1 min late' });
  });

  it('SEV3: 1 h; running until less than 20 % (12 min) is left', () => {
    const sev3 = inc.declared(W('10:00'), 'SEV3');
    expect(clocksOf([sev3], W('10:47')).ack!.state).toBe('running');
    expect(clocksOf([sev3], W('10:49')).ack!.state).toBe('approaching');
    expect(clocksOf([sev3], W('10:49')).ack!.words).toBe('ack due in 11 min');
  });

  it('stopped when cancelled or resolved without acknowledgement', () => {
    expect(pick(clocksOf([sev1, inc.at(W('10:02'), { type: 'cancelled', reason: 'dup' })], W('11:00')).ack)).toMatchObject({ state: 'stopped', words: 'ack stopped (incident cancelled)' });
    expect(clocksOf([sev1, inc.at(W('10:09'), { type: 'resolved' })], W('11:00')).ack!.words).toBe('ack missed by 4 min (resolved without acknowledgement)');
  });

  it('SEV4 declared Friday 23:30 IST: ack due Monday 10:00 IST; no fix clock ("as scheduled")', () => {
    const c = clocksOf([inc.declared('2026-03-06T18:00:00Z', 'SEV4')], '2026-03-07T06:00:00Z');
    expect(c.ack!.deadline).toBe('2026-03-09T04:30:00.000Z');
    expect(c.ack!.label).toBe('Acknowledge: next business day (SEV4)');
    expect(Object.keys(c)).toEqual(['ack']);
  });

  it('managed operations P3, "same business hour": declared Wed 18:30 IST → Thu 10:30 IST', () => {
    const c = clocksOf([inc.declared(W('13:00'), 'SEV3')], W('13:10'), managed);
    expect(c.ack!.deadline).toBe('2026-03-05T05:00:00.000Z');
    expect(c.ack!.label).toBe('Acknowledge: same business hour (P3)');
  });
});

describe('fix and severity changes', () => {
  const inc = incident('INC-F');

  it('SEV1 fix: 1 h from the declaration; met by the resolution; a reopen runs it again', () => {
    const d = inc.declared(W('10:00'), 'SEV1');
    const ack = inc.at(W('10:02'), { type: 'acknowledged', owner: 'a' });
    expect(pick(clocksOf([d, ack], W('10:30')).fix)).toEqual({ state: 'running', deadline: '2026-03-04T11:00:00.000Z', remainingMs: 30 * MIN, words: 'fix due in 30 min' });
    const resolved = inc.at(W('10:40'), { type: 'resolved' });
    expect(clocksOf([d, ack, resolved], W('12:00')).fix!.state).toBe('met');
    const reopened = inc.at(W('10:50'), { type: 'reopened', reason: 'recon' });
    expect(pick(clocksOf([d, ack, resolved, reopened], W('11:10')).fix)).toMatchObject({ state: 'overdue', words: 'fix overdue by 10 min' });
  });

  it('an upgrade recomputes from the declaration with the new target; a met clock is not re-judged', () => {
    const d = inc.declared(W('10:00'), 'SEV3');
    const ack = inc.at(W('10:20'), { type: 'acknowledged', owner: 'a' });
    const up = inc.at(W('10:30'), { type: 'severity_changed', severity: 'SEV1', reason: 'wallet' });
    const c = clocksOf([d, ack, up], W('10:31'));
    expect(c.fix!.deadline).toBe('2026-03-04T11:00:00.000Z'); // SEV1's 1 h from 10:00, not SEV3's 24 h
    expect(pick(c.ack)).toMatchObject({ state: 'met', deadline: '2026-03-04T11:00:00.000Z', words: 'ack met with 40 min to spare' }); // judged as SEV3
    const unacked = clocksOf([d, up], W('10:31'));
    expect(pick(unacked.ack)).toMatchObject({ state: 'overdue', deadline: '2026-03-04T10:05:00.000Z', words: 'ack overdue by 26 min' });
    const down = clocksOf([inc.declared(W('10:00'), 'SEV1'), inc.at(W('10:01'), { type: 'severity_changed', severity: 'SEV2', reason: '' })], W('10:10'));
    expect(down.fix!.deadline).toBe('2026-03-04T14:00:00.000Z');
  });
});

describe('status updates (SEV1/2 every 30 min)', () => {
  const inc = incident('INC-S');
  const d = inc.declared(W('10:00'), 'SEV1');
  const post = inc.at(W('10:25'), { type: 'status_posted', audience: 'internal', text: 'still on it' });
  const mitigated = [inc.at(W('10:02'), { type: 'acknowledged', owner: 'a' }), inc.at(W('10:40'), { type: 'mitigated' })];

  it('due 30 min after the declaration when nothing was posted', () => {
    expect(pick(clocksOf([d], W('10:20')).status_update)).toEqual({ state: 'running', deadline: '2026-03-04T10:30:00.000Z', remainingMs: 10 * MIN, words: 'status update due in 10 min' });
  });

  it('a post resets it; a state change without a post does not', () => {
    expect(clocksOf([d, post], W('10:30')).status_update!.deadline).toBe('2026-03-04T10:55:00.000Z');
    expect(pick(clocksOf([d, post, ...mitigated], W('11:07')).status_update)).toMatchObject({ deadline: '2026-03-04T10:55:00.000Z', state: 'overdue', words: 'status update overdue by 12 min' });
  });

  it('stops at the resolution (saying it was missed if it was)', () => {
    const resolved = inc.at(W('11:10'), { type: 'resolved' });
    expect(pick(clocksOf([d, post, ...mitigated, resolved], W('12:00')).status_update)).toMatchObject({ state: 'stopped', remainingMs: -15 * MIN, words: 'status update missed by 15 min (incident resolved)' });
  });

  it('none for SEV3; after an upgrade into SEV2 it runs from the upgrade', () => {
    const sev3 = inc.declared(W('10:00'), 'SEV3');
    expect(clocksOf([sev3], W('10:20')).status_update).toBeUndefined();
    const up = inc.at(W('12:00'), { type: 'severity_changed', severity: 'SEV2', reason: '' });
    expect(clocksOf([sev3, up], W('12:10')).status_update!.deadline).toBe('2026-03-04T12:30:00.000Z');
  });
});

describe('customer notice (SEV1: 15 min)', () => {
  const inc = incident('INC-C');
  const d = inc.declared(W('10:00'), 'SEV1');
  it('only a customer-audience post meets it', () => {
    const internal = inc.at(W('10:05'), { type: 'status_posted', audience: 'internal', text: 'x' });
    expect(pick(clocksOf([d, internal], W('10:16')).customer_notice)).toMatchObject({ state: 'overdue', deadline: '2026-03-04T10:15:00.000Z', words: 'customer notice overdue by 1 min' });
    expect(clocksOf([d, internal, inc.at(W('10:12'), { type: 'status_posted', audience: 'customer', text: 'y' })], W('10:16')).customer_notice!.state).toBe('met');
    expect(clocksOf([d, inc.at(W('10:20'), { type: 'status_posted', audience: 'customer', text: 'y' })], W('10:30')).customer_notice!.words).toBe('customer notice met 5 min late');
  });
  it('no customer notice clock for SEV2', () => {
    expect(clocksOf([inc.declared(W('10:00'), 'SEV2')], W('10:01')).customer_notice).toBeUndefined();
  });
});

describe('postmortem: a resolution on Friday 23:30 IST', () => {
  const inc = incident('INC-P');
  const friday = '2026-03-06T18:00:00Z'; // Fri 23:30 IST
  const events = (sev: string) => [inc.declared('2026-03-06T16:00:00Z', sev), inc.at('2026-03-06T16:02:00Z', { type: 'acknowledged', owner: 'a' }), inc.at(friday, { type: 'resolved' })];

  it('SEV1: 5 business days → next Friday 23:30 IST; approaching on the Thursday (less than 20 % of 7 days)', () => {
    expect(pick(clocksOf(events('SEV1'), '2026-03-09T06:00:00Z').postmortem)).toMatchObject({ state: 'running', deadline: '2026-03-13T18:00:00.000Z' });
    expect(pick(clocksOf(events('SEV1'), '2026-03-12T18:00:00Z').postmortem)).toMatchObject({ state: 'approaching', words: 'postmortem due in 24 h' });
    const done = [...events('SEV1'), inc.at('2026-03-13T10:00:00Z', { type: 'postmortem_completed' })];
    expect(clocksOf(done, '2026-03-20T00:00:00Z').postmortem!.state).toBe('met');
  });

  it('SEV2: 10 business days → Friday 2026-03-20 23:30 IST; SEV3: none', () => {
    expect(clocksOf(events('SEV2'), '2026-03-09T06:00:00Z').postmortem!.deadline).toBe('2026-03-20T18:00:00.000Z');
    expect(clocksOf(events('SEV3'), '2026-03-09T06:00:00Z').postmortem).toBeUndefined();
  });

  it('managed operations P1: 24 clock hours → Saturday 23:30 IST', () => {
    const c = clocksOf(events('SEV1'), '2026-03-07T12:00:00Z', managed).postmortem!;
    expect(c.deadline).toBe('2026-03-07T18:00:00.000Z');
    expect(c.label).toBe('Postmortem: 24 h after resolution (P1)');
  });

  it('the other clocks of that incident stopped or met at the resolution', () => {
    const c = clocksOf(events('SEV1'), '2026-03-09T06:00:00Z');
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.state]))).toEqual({ ack: 'met', customer_notice: 'stopped', status_update: 'stopped', fix: 'met_late', postmortem: 'running' });
  });
});

describe('decision records', () => {
  const inc = incident('INC-D');
  const lever = (at: string, executionId: string, bypassed = true) =>
    inc.at(at, { type: 'lever_executed', executionId, auditSeq: 1, lever: 'halt_deposits', action: 'engage', target: 'global', outcome: 'verified', bypassedChangeControl: bypassed, approvedBy: 'ic' });
  const base = [inc.declared(W('10:00'), 'SEV3'), inc.at(W('10:01'), { type: 'acknowledged', owner: 'a' })];

  it('one per lever that bypassed change control at SEV1/2: due 5 business days later; met when filed', () => {
    const events = [...base, lever(W('10:03'), 'x-0'), inc.at(W('10:05'), { type: 'severity_changed', severity: 'SEV1', reason: '' }), lever(W('10:07'), 'x-1'), lever(W('10:08'), 'x-2'), lever(W('10:09'), 'x-3', false)];
    const c = clocksOf(events, W('10:10'));
    expect(Object.keys(c).filter((k) => k.startsWith('decision_record'))).toEqual(['decision_record:x-1', 'decision_record:x-2']);
    expect(pick(c['decision_record:x-1'])).toMatchObject({ state: 'running', deadline: '2026-03-11T10:07:00.000Z' });
    expect(c['decision_record:x-1']!.words).toBe('decision record for halt_deposits due in 6 d 23 h');
    const filed = clocksOf([...events, inc.at(W('11:00'), { type: 'decision_record_filed', executionId: 'x-2', reference: 'ADR-3' })], W('11:30'));
    expect(filed['decision_record:x-2']!.state).toBe('met');
    expect(notificationKey(filed['decision_record:x-1']!)).toBe('INC-D:decision_record:2026-03-11T10:07:00.000Z:x-1');
  });
});

describe('most urgent clock and notification keys', () => {
  const inc = incident('INC-U');
  it('the most overdue live clock wins; none when every clock is met or stopped', () => {
    const clocks = incidentClocks(foldIncident([inc.declared(W('10:00'), 'SEV1')]), runbook, now(W('10:20')));
    const kinds: ClockKind[] = clocks.map((c) => c.kind);
    expect(kinds).toEqual(['ack', 'customer_notice', 'status_update', 'fix']);
    expect(mostUrgentClock(clocks)?.kind).toBe('ack'); // 15 min overdue beats customer notice's 5
    expect(notificationKey(mostUrgentClock(clocks)!)).toBe('INC-U:ack:2026-03-04T10:05:00.000Z');
    const cancelled = incidentClocks(foldIncident([inc.declared(W('10:00'), 'SEV1'), inc.at(W('10:01'), { type: 'cancelled', reason: 'x' })]), runbook, now(W('10:20')));
    expect(mostUrgentClock(cancelled)).toBeNull();
  });

  it('a status update moves the deadline, so the notifier may fire again for the new one', () => {
    const d = inc.declared(W('10:00'), 'SEV2');
    const key = (events: IncidentEvent[]) => notificationKey(incidentClocks(foldIncident(events), runbook, now(W('10:40'))).find((c) => c.kind === 'status_update')!);
    expect(key([d])).toBe('INC-U:status_update:2026-03-04T10:30:00.000Z');
    expect(key([d, inc.at(W('10:35'), { type: 'status_posted', audience: 'internal', text: 'x' })])).toBe('INC-U:status_update:2026-03-04T11:05:00.000Z');
  });
});
