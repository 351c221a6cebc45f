// @vitest-environment happy-dom
// The top bar's incident chip: the most urgent clock of the open incidents, linking to it;
// "no open incident" only from a successful read of the last half minute — never from a read
// that failed, one that is too old, or before any read.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { validateSeverityPolicy, type SeverityPolicy } from '../../shared/incidents/policy.ts';
import { err, ok } from '../../shared/result.ts';
import { declared, ev, MIN, policyInfo } from './incident-fixtures.ts';

const { api, listeners } = vi.hoisted(() => {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    listeners,
    api: {
      'incidents.open': vi.fn(),
      'incidents.policy': vi.fn(),
      on: vi.fn((event: string, l: (p: unknown) => void) => {
        listeners.set(event, l);
        return () => listeners.delete(event);
      }),
    },
  };
});
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { IncidentChip, incidentChipNow } from '../../renderer/src/ui/IncidentChip.tsx';
import { OPEN_FRESH_MS, useIncidents } from '../../renderer/src/features/incidents/store.ts';

const policy = (validateSeverityPolicy(policyInfo().raw) as { ok: true; value: SeverityPolicy }).value;
const now = Date.parse('2026-03-11T03:30:00.000Z');
/** SEV2 declared 20 min before `now`, not acknowledged: ack (15 min) 5 min overdue. */
const overdue = () => foldIncident([declared('INC-260311-3f9a2c', now - 20 * MIN, { title: 'UPI p99 over 200 ms' })]);
/** SEV3 declared 10 min before, acknowledged: only the fix clock (24 h) runs. */
const calm = () => foldIncident([declared('INC-260311-aaaaaa', now - 10 * MIN, { severity: 'SEV3' }), ev('INC-260311-aaaaaa', now - 9 * MIN, { type: 'acknowledged', owner: 'ravi' })]);

describe('what the chip says', () => {
  it('before any read: reading, never "no open incident"', () => {
    expect(incidentChipNow({ status: 'unread' }, policy, now).text).toBe('incidents: reading…');
  });

  it('a fresh read with none open: "no open incident"', () => {
    const v = incidentChipNow({ status: 'read', incidents: [], receivedAt: now - 5000 }, policy, now);
    expect(v).toMatchObject({ text: 'no open incident', tone: 'quiet', href: '#/incidents' });
  });

  it('a read that is too old backs no "none": unknown, and for how long', () => {
    const v = incidentChipNow({ status: 'read', incidents: [], receivedAt: now - OPEN_FRESH_MS - 1000 }, policy, now);
    expect(v.tone).toBe('unknown');
    expect(v.text).toBe('incidents: unknown');
    expect(v.title).toContain('(no read for 36s)');
    expect(v.text).not.toContain('no open incident');
  });

  it('a failed read backs no "none", even right after a fresh one that said none', () => {
    const last = { incidents: [], receivedAt: now - 2000 };
    const v = incidentChipNow({ status: 'failed', error: { code: 'storage', message: 'database is locked' }, receivedAt: now - 1000, last }, policy, now);
    expect(v).toMatchObject({ text: 'incidents: unknown', tone: 'unknown' });
    expect(v.title).toContain('(the read failed)');
    expect(v.title).toContain('database is locked');
    const never = incidentChipNow({ status: 'failed', error: { code: 'offline', message: 'down' }, receivedAt: now, last: null }, policy, now);
    expect(never.title).toContain('(the console is not answering)');
  });

  it('open incidents: the most urgent clock, with the team’s severity name and the id, linking to it', () => {
    const v = incidentChipNow({ status: 'read', incidents: [calm(), overdue()], receivedAt: now - 1000 }, policy, now);
    expect(v).toMatchObject({ text: 'SEV2 INC-260311-3f9a2c ack overdue 5 min (+1 open)', tone: 'overdue', href: '#/incidents/INC-260311-3f9a2c' });
    const one = incidentChipNow({ status: 'read', incidents: [calm()], receivedAt: now - 1000 }, policy, now);
    expect(one).toMatchObject({ text: 'SEV3 INC-260311-aaaaaa fix in 23 h 50 min', tone: 'open' });
    // Known before, not now: still shown, marked as not current.
    const stale = incidentChipNow({ status: 'failed', error: { code: 'offline', message: 'down' }, receivedAt: now, last: { incidents: [overdue()], receivedAt: now - 60_000 } }, policy, now);
    expect(stale.tone).toBe('unknown');
    expect(stale.text).toBe('SEV2 INC-260311-3f9a2c ack overdue 5 min — as of 1 min ago');
  });
});

describe('the chip in the top bar', () => {
  beforeEach(() => {
    useIncidents.setState({ open: { status: 'unread' }, policy: { status: 'unread' } });
    api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  });
  afterEach(cleanup);

  it('reads, says none when the read says none, and unknown when the next read fails', async () => {
    api['incidents.open'].mockResolvedValueOnce(ok({ at: new Date().toISOString(), incidents: [] }));
    render(<IncidentChip />);
    const chip = await screen.findByRole('link', { name: 'no open incident' });
    expect(chip).toHaveAttribute('href', '#/incidents');
    expect(chip).toHaveTextContent('incidents none open');
    api['incidents.open'].mockResolvedValueOnce(err('offline', 'The Switchyard console server cannot be reached.'));
    await act(async () => listeners.get('incidents.changed')?.({ incidentId: 'INC-x' }));
    expect(screen.getByTestId('incident-chip')).toHaveAccessibleName('incidents: unknown');
    expect(screen.getByTestId('incident-chip')).toHaveTextContent('incidents ? unknown');
    expect(screen.getByTestId('incident-chip')).toHaveAttribute('title', expect.stringContaining('the console is not answering'));
    expect(screen.queryByRole('link', { name: 'no open incident' })).toBeNull();
  });

  it('a transport that throws is an unknown, not a none', async () => {
    api['incidents.open'].mockRejectedValueOnce(new TypeError('api.incidents.open is not a function'));
    render(<IncidentChip />);
    expect(await screen.findByRole('link', { name: 'incidents: unknown' })).toHaveClass('incident-chip-unknown');
  });

  it('an incident declared elsewhere shows at the next push, with its clock', async () => {
    api['incidents.open'].mockResolvedValueOnce(ok({ at: new Date().toISOString(), incidents: [] }));
    render(<IncidentChip />);
    await screen.findByRole('link', { name: 'no open incident' });
    const at = Date.now() - 2.5 * MIN;
    api['incidents.open'].mockResolvedValueOnce(ok({ at: new Date().toISOString(), incidents: [{ incidentId: 'INC-1', events: [declared('INC-1', at, { severity: 'SEV1' })], unreadable: [] }] }));
    await act(async () => listeners.get('incidents.changed')?.({ incidentId: 'INC-1' }));
    const chip = screen.getByTestId('incident-chip');
    expect(chip).toHaveTextContent('▲ SEV1 INC-1 ack in 2 min');
    expect(chip).toHaveAttribute('href', '#/incidents/INC-1');
    expect(chip).toHaveClass('incident-chip-approaching');
  });
});
