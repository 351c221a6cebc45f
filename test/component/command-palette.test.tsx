// @vitest-environment happy-dom
// The command palette, as the on-call engineer uses it at 03:14: Ctrl+K from any page, type a few
// letters, Enter. It must be a real dialog (focus inside, Escape closes, focus goes back), reach
// every page, open a runbook by its name, open an incident to acknowledge it, and open a lever's
// confirmation without pulling anything.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { LEVERS } from '../../shared/levers.ts';
import { err, ok } from '../../shared/result.ts';
import type { RunbookSummary } from '../../shared/runbooks.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'runbooks.list': vi.fn(),
    'levers.catalog': vi.fn(),
    'levers.plan': vi.fn(),
    'incidents.open': vi.fn(),
    'incidents.policy': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { fixtureInfo } from '../../renderer/src/bench/fixtures.ts';
import { parseHash, useApp } from '../../renderer/src/features/app/store.ts';
import { useLevers } from '../../renderer/src/features/levers/store.ts';
import { CommandPalette } from '../../renderer/src/ui/CommandPalette.tsx';
import { ShortcutsDialog } from '../../renderer/src/ui/ShortcutsDialog.tsx';

const runbook = (id: string, title: string, tags: string[] = []): RunbookSummary => ({
  id,
  title,
  severityHint: 'SEV2',
  tags,
  version: 1,
  source: 'bundled',
  updatedAt: '2026-03-11T03:00:00.000Z',
});
const RUNBOOKS = [
  runbook('rail-latency-spike', 'Rail latency spike', ['latency', 'upi']),
  runbook('webhook-backlog', 'Webhook backlog', ['webhooks']),
  runbook('incident-response', 'Incident response loop', ['levers']),
];
const CATALOG = LEVERS.map((l) => ({
  id: l.id,
  title: l.title,
  summary: l.summary,
  scope: l.scope,
  requiredRole: l.requiredRole,
  engagedLabel: l.engagedLabel,
  releasedLabel: l.releasedLabel,
  runbookSection: l.runbookSection,
  hasSqlFallback: l.sqlFallback !== null,
}));

const at = (m: number) => new Date(Date.UTC(2026, 2, 11, 3, m)).toISOString();
const env = (id: string, incidentId: string, m: number) => ({ id, incidentId, at: at(m), enteredAt: at(m), actor: 'asha', origin: 'console-test' });
const OPEN = {
  at: at(20),
  incidents: [
    {
      incidentId: 'INC-260311-0a1b2c',
      events: [
        { ...env('e1', 'INC-260311-0a1b2c', 14), type: 'declared', title: 'UPI p99 over 200 ms', severity: 'SEV2', policyId: 'platform-runbook', rails: ['upi'], brands: [], runbookIds: [], breach: null, summary: '' },
      ] as IncidentEvent[],
      unreadable: [],
    },
    {
      incidentId: 'INC-260311-9f8e7d',
      events: [
        { ...env('e2', 'INC-260311-9f8e7d', 2), type: 'declared', title: 'Webhook backlog on cashfree', severity: 'SEV3', policyId: 'platform-runbook', rails: [], brands: [], runbookIds: [], breach: null, summary: '' },
        { ...env('e3', 'INC-260311-9f8e7d', 4), type: 'acknowledged', owner: 'ravi' },
      ] as IncidentEvent[],
      unreadable: [],
    },
  ],
};

/** A page behind the palette, with something focused when Ctrl+K is pressed. */
function Console({ onDeclare }: { onDeclare?: () => void }) {
  return (
    <>
      <main>
        <label>
          Reason
          <textarea />
        </label>
        <button type="button">Refresh</button>
      </main>
      <CommandPalette onDeclare={onDeclare} />
    </>
  );
}

async function start(hash = '#/dashboard', onDeclare?: () => void) {
  history.replaceState(null, '', hash);
  useApp.setState({ info: fixtureInfo('demo'), error: null, route: parseHash(hash), leverState: { status: 'unread' } });
  render(<Console onDeclare={onDeclare} />);
  await act(async () => {});
}

const palette = () => screen.getByRole('dialog', { name: 'Command palette' });
const field = () => within(palette()).getByRole('combobox', { name: 'Go to a page, runbook, lever or incident' });
const options = () => within(palette()).queryAllByRole('option').map((o) => o.querySelector('.palette-label')?.textContent);
const selected = () => within(palette()).getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true');

beforeEach(() => {
  api['runbooks.list'].mockResolvedValue(ok(RUNBOOKS));
  api['levers.catalog'].mockResolvedValue(ok(CATALOG));
  api['incidents.open'].mockResolvedValue(ok(OPEN));
  api['incidents.policy'].mockResolvedValue(err('offline', 'no policy in this test'));
  api['levers.plan'].mockReturnValue(new Promise(() => {})); // the confirmation's plan: not what this tests
  useLevers.setState({ dialog: { kind: 'closed' } });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Ctrl+K', () => {
  it('opens a real dialog from any page, even while typing in a field, with focus in its search field', async () => {
    const user = userEvent.setup();
    await start('#/levers');
    screen.getByRole('textbox', { name: 'Reason' }).focus();
    await user.keyboard('{Control>}k{/Control}');
    expect(palette()).toHaveAttribute('aria-modal', 'true');
    expect(field()).toHaveFocus();
    // The page behind is out of reach while it is open.
    expect(screen.getByRole('button', { name: 'Refresh', hidden: true }).closest('[inert]')).not.toBeNull();
    // Every page is there, and what was read from the core.
    await waitFor(() => expect(options()).toContain('Rail latency spike'));
    expect(options()).toEqual(expect.arrayContaining(['Dashboard', 'Incidents', 'Levers', 'Runbooks', 'Audit', 'Reports', 'Settings', 'Wall', 'Declare an incident…']));
  });

  it('⌘K opens it too (a Mac), and Ctrl+K again closes it', async () => {
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Meta>}k{/Meta}');
    expect(palette()).toBeInTheDocument();
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('does not open over another dialog (a lever confirmation)', async () => {
    const user = userEvent.setup();
    await start();
    render(<div role="dialog" aria-modal="true" aria-label="Pull Halt deposits" />);
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
  });

  it('does not open on the wall', async () => {
    const user = userEvent.setup();
    await start('#/wall');
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('choosing', () => {
  it('filters as you type', async () => {
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(field(), 'aud');
    expect(options()).toContain('Audit');
    expect(options()).not.toContain('Levers');
    expect(options()).not.toContain('Dashboard');
    await user.clear(field());
    await user.type(field(), 'zzqx');
    expect(options()).toEqual([]);
    expect(palette()).toHaveTextContent('Nothing matches “zzqx”.');
  });

  it('Enter on "Levers" goes to the Levers page and closes the palette', async () => {
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(options()).toContain('Pull Platform maintenance freeze…'));
    await user.type(field(), 'Levers');
    expect(selected()).toHaveTextContent(/^Levers$/);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useApp.getState().route).toEqual({ page: 'levers' });
    expect(location.hash).toBe('#/levers');
  });

  it('a runbook by its name opens that runbook', async () => {
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(options()).toContain('Rail latency spike'));
    await user.type(field(), 'latency spike');
    expect(selected()).toHaveTextContent('Rail latency spike');
    await user.keyboard('{Enter}');
    expect(useApp.getState().route).toEqual({ page: 'runbooks', runbookId: 'rail-latency-spike' });
    expect(location.hash).toBe('#/runbooks/rail-latency-spike');
  });

  it('an unacknowledged incident is offered as "Acknowledge …: open it", and opens it', async () => {
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(options()).toContain('Acknowledge INC-260311-0a1b2c: open it'));
    expect(options()).toContain('Open INC-260311-9f8e7d'); // acknowledged already (owner ravi)
    await user.type(field(), 'ack');
    expect(selected()).toHaveTextContent('Acknowledge INC-260311-0a1b2c: open it');
    expect(selected()).toHaveTextContent('SEV2 · UPI p99 over 200 ms');
    await user.keyboard('{Enter}');
    expect(location.hash).toBe('#/incidents/INC-260311-0a1b2c');
  });

  it('a platform lever opens its confirmation on the Levers page (nothing pulled); a brand lever goes to Levers', async () => {
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(options()).toContain('Pull Halt deposits (all brands)…'));
    await user.type(field(), 'halt deposits');
    expect(selected()).toHaveTextContent('Pull Halt deposits (all brands)…');
    await user.keyboard('{Enter}');
    expect(location.hash).toBe('#/levers');
    expect(api['levers.plan']).toHaveBeenCalledWith({ lever: 'halt-deposits', target: 'platform', action: 'engage' });
    expect(useLevers.getState().dialog).toMatchObject({ kind: 'planning', lever: 'halt-deposits', action: 'engage' });

    useLevers.setState({ dialog: { kind: 'closed' } });
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(options()).toContain('Disable deposits for one brand: choose the brand on Levers'));
    await user.type(field(), 'disable deposits');
    expect(selected()).toHaveTextContent('Disable deposits for one brand: choose the brand on Levers');
    await user.keyboard('{Enter}');
    expect(useApp.getState().route).toEqual({ page: 'levers' });
    expect(api['levers.plan']).toHaveBeenCalledTimes(1);
  });

  it('"Declare an incident…" calls onDeclare', async () => {
    const user = userEvent.setup();
    const onDeclare = vi.fn();
    await start('#/runbooks', onDeclare);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(field(), 'declare');
    await user.keyboard('{Enter}');
    expect(onDeclare).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says what it could not list, never a silently shorter list', async () => {
    api['runbooks.list'].mockResolvedValue(err('storage', 'runbook cache locked'));
    const user = userEvent.setup();
    await start();
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(palette()).toHaveTextContent('✗ runbooks cannot be listed: runbook cache locked'));
  });
});

describe('Escape', () => {
  it('closes the palette and gives focus back to where it was', async () => {
    const user = userEvent.setup();
    await start('#/levers');
    const before = screen.getByRole('button', { name: 'Refresh' });
    before.focus();
    await user.keyboard('{Control>}k{/Control}');
    expect(field()).toHaveFocus();
    await user.type(field(), 'run');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(before).toHaveFocus();
    expect(document.querySelector('[inert]')).toBeNull();
    expect(useApp.getState().route).toEqual({ page: 'levers' });
  });
});

describe('the "?" shortcuts dialog', () => {
  it('lists Ctrl + K (held together, not one after the other)', () => {
    render(<ShortcutsDialog onClose={() => {}} />);
    const row = screen.getByRole('rowheader', { name: /Ctrl/ }).closest('tr')!;
    expect(row).toHaveTextContent('Ctrl + K');
    expect(row).toHaveTextContent('Command palette');
    expect(screen.getByRole('rowheader', { name: 'g then d' })).toBeInTheDocument();
  });
});
