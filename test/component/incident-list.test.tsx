// @vitest-environment happy-dom
// The Incidents page: open incidents first, the one whose clock runs out soonest on top, with
// their clocks in words; then history, newest first; text, severity and open/closed filters.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../shared/result.ts';
import { declared, ev, head, MIN, policyInfo } from './incident-fixtures.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'incidents.list': vi.fn(),
    'incidents.open': vi.fn(),
    'incidents.policy': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { IncidentsPage } from '../../renderer/src/features/incidents/IncidentsPage.tsx';
import { NO_FILTER, useIncidents } from '../../renderer/src/features/incidents/store.ts';

const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(() => {
  useIncidents.setState({ heads: [], listLoaded: false, listError: null, filter: NO_FILTER, policy: { status: 'unread' }, open: { status: 'unread' }, declare: null });
  // A: SEV3 declared 89.5 min ago, acknowledged (fix due in 22 h 30 min).
  // B: SEV1 declared 2.5 min ago, nobody acknowledged (ack due in 2 min: the most urgent).
  // C: SEV2 resolved yesterday. D: SEV4 cancelled two days ago.
  api['incidents.list'].mockResolvedValue(
    ok([
      head('INC-A', { title: 'Records page slow', severity: 'SEV3', state: 'acknowledged', owner: 'ravi', declaredAt: iso(now - 89.5 * MIN) }),
      head('INC-B', { title: 'Wallet API down', severity: 'SEV1', declaredAt: iso(now - 2.5 * MIN), rails: [], brands: ['royalspin'] }),
      head('INC-C', { title: 'UPI latency spike', severity: 'SEV2', state: 'resolved', declaredAt: iso(now - 26 * 60 * MIN), resolvedAt: iso(now - 25 * 60 * MIN) }),
      head('INC-D', { title: 'Recon delay over an hour', severity: 'SEV4', state: 'cancelled', declaredAt: iso(now - 48 * 60 * MIN) }),
    ]),
  );
  api['incidents.open'].mockResolvedValue(
    ok({
      at: iso(now),
      incidents: [
        { incidentId: 'INC-A', events: [declared('INC-A', now - 89.5 * MIN, { severity: 'SEV3', title: 'Records page slow' }), ev('INC-A', now - 80 * MIN, { type: 'acknowledged', owner: 'ravi' })], unreadable: [] },
        { incidentId: 'INC-B', events: [declared('INC-B', now - 2.5 * MIN, { severity: 'SEV1', title: 'Wallet API down', rails: [], brands: ['royalspin'] })], unreadable: [] },
      ],
    }),
  );
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
});
afterEach(cleanup);

const ids = (region: HTMLElement) => Array.from(region.querySelectorAll('[data-incident]')).map((el) => el.getAttribute('data-incident'));

describe('the Incidents page', () => {
  it('lists open incidents first, the most urgent clock on top, each with its live clocks in words; then history, newest first', async () => {
    render(<IncidentsPage incidentId={null} />);
    const open = await screen.findByRole('region', { name: 'Open incidents' });
    const history = screen.getByRole('region', { name: 'Incident history' });
    await within(open).findByText(/ack due in 2 min/);
    expect(ids(open)).toEqual(['INC-B', 'INC-A']);
    expect(ids(history)).toEqual(['INC-C', 'INC-D']);
    const b = open.querySelector('[data-incident="INC-B"]') as HTMLElement;
    // Approaching is told in a word and a shape, not colour alone.
    expect(b.querySelector('[data-clock="ack"]')).toHaveAttribute('data-state', 'approaching');
    expect(b.querySelector('[data-clock="ack"]')).toHaveTextContent('▲ DUE SOON ack due in 2 min');
    expect(b).toHaveTextContent('nobody owns it');
    const a = open.querySelector('[data-incident="INC-A"]') as HTMLElement;
    expect(a).toHaveTextContent('fix due in 22 h 30 min');
    expect(a).toHaveTextContent('owner ravi');
    expect(within(history).getByText('Recon delay over an hour').closest('tr')).toHaveTextContent('CANCELLED');
  });

  it('filters by text, severity, and open or closed', async () => {
    const user = userEvent.setup();
    render(<IncidentsPage incidentId={null} />);
    const open = await screen.findByRole('region', { name: 'Open incidents' });
    const history = screen.getByRole('region', { name: 'Incident history' });
    await within(open).findByText(/ack due in 2 min/);

    await user.type(screen.getByRole('searchbox', { name: 'Filter incidents' }), 'recon');
    expect(ids(open)).toEqual([]);
    expect(open).toHaveTextContent('No open incident matches these filters.');
    expect(ids(history)).toEqual(['INC-D']);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.type(screen.getByRole('searchbox', { name: 'Filter incidents' }), 'royalspin');
    expect(ids(open)).toEqual(['INC-B']);
    expect(ids(history)).toEqual([]);

    await user.clear(screen.getByRole('searchbox', { name: 'Filter incidents' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by severity' }), 'SEV3');
    expect(ids(open)).toEqual(['INC-A']);
    expect(ids(history)).toEqual([]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by severity' }), '');
    await user.click(screen.getByRole('button', { name: 'Closed' }));
    expect(ids(open)).toEqual([]);
    expect(ids(history)).toEqual(['INC-C', 'INC-D']);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(ids(open)).toEqual(['INC-B', 'INC-A']);
    expect(ids(history)).toEqual([]);
  });

  it('never says "no open incident" before the list was read, and says so when it cannot be', async () => {
    let answer: (v: unknown) => void = () => {};
    api['incidents.list'].mockReturnValue(new Promise((r) => (answer = r)));
    render(<IncidentsPage incidentId={null} />);
    expect(screen.queryByText(/No open incident/)).toBeNull();
    await act(async () => answer({ ok: false, error: { code: 'offline', message: 'The Switchyard console server cannot be reached.' } }));
    expect(screen.getByRole('alert')).toHaveTextContent('The incident list could not be read: The Switchyard console server cannot be reached.');
    expect(screen.queryByText(/No open incident/)).toBeNull();
  });
});
