// @vitest-environment happy-dom
// Keyboard: "/" focuses the runbook search from every page, "?" lists the shortcuts in a real
// modal (focus inside and kept there, Escape closes, focus returns), and typing is never a command.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../shared/environment.ts';
import { ok } from '../../shared/result.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'levers.state': vi.fn(),
    'runbooks.search': vi.fn(),
    'runbooks.facets': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));
// The runbook reader is not what this tests (and has its own tests): the search box is.
vi.mock('../../renderer/src/features/runbooks/RunbookView.tsx', () => ({ RunbookView: () => null }));

import { Shell } from '../../renderer/src/ui/Shell.tsx';
import { RunbooksPage } from '../../renderer/src/features/runbooks/RunbooksPage.tsx';
import { parseHash, useApp } from '../../renderer/src/features/app/store.ts';

const offline: AppInfo = {
  version: '0.0.0-test',
  transport: 'http',
  role: 'operator',
  dataDir: '/tmp/x',
  profile: 'offline',
  environment: {
    name: 'offline',
    kind: 'none',
    production: false,
    adminUrl: null,
    gatewayUrl: null,
    metricsUrl: null,
    role: 'viewer',
    tokenSource: 'none',
    hasToken: false,
  },
  startedAt: '2026-03-11T03:00:00.000Z',
  storage: { schemaVersion: 3, path: '/tmp/x/switchyard.db' },
  audit: { ok: true, checked: 0, firstBad: null, problem: null, at: '2026-03-11T03:00:00.000Z' },
  interruptedLevers: 0,
};

/** The console as main.tsx builds it, with a stand-in Levers page that has a text field. */
function Console() {
  const route = useApp((s) => s.route);
  return (
    <Shell>
      {route.page === 'runbooks' ? (
        <RunbooksPage />
      ) : (
        <section aria-label={`${route.page} page`}>
          <label>
            Reason
            <textarea />
          </label>
          <button type="button">Refresh</button>
        </section>
      )}
    </Shell>
  );
}

async function start(hash: string) {
  history.replaceState(null, '', hash);
  useApp.setState({ info: offline, error: null, route: parseHash(hash), leverState: { status: 'unread' } });
  render(<Console />);
  await act(async () => {});
}

beforeEach(() => {
  api['runbooks.search'].mockResolvedValue(ok({ hits: [], truncated: false }));
  api['runbooks.facets'].mockResolvedValue(ok({ tags: [], severities: [], total: 0 }));
});
afterEach(cleanup);

describe('"/" from every page', () => {
  it('goes to Runbooks and puts the cursor in the search box', async () => {
    const user = userEvent.setup();
    await start('#/levers');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await user.keyboard('/');
    const search = await screen.findByRole('searchbox', { name: 'Search runbooks' });
    await waitFor(() => expect(search).toHaveFocus());
    expect(location.hash).toBe('#/runbooks');
    expect(search).toHaveValue(''); // the "/" itself is not typed into the box
  });

  it('is a character while typing in a text field, and a command once out of it', async () => {
    const user = userEvent.setup();
    await start('#/levers');
    const reason = screen.getByLabelText('Reason');
    await user.click(reason);
    await user.keyboard('UPI/IMPS down? g');
    expect(reason).toHaveValue('UPI/IMPS down? g');
    expect(useApp.getState().route.page).toBe('levers');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await user.keyboard('/');
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search runbooks' })).toHaveFocus());
  });
});

describe('"?" lists the shortcuts in a modal', () => {
  it('opens with focus inside, keeps Tab inside, closes on Escape and gives focus back', async () => {
    const user = userEvent.setup();
    await start('#/levers');
    const before = screen.getByRole('button', { name: 'Refresh' });
    before.focus();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveTextContent('Search runbooks (from any page)');
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Tab and Shift+Tab cycle inside the dialog.
    for (let i = 0; i < 4; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    // The page behind is out of reach while it is open.
    expect(screen.getByRole('navigation', { name: 'Main', hidden: true }).closest('[inert]')).not.toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(before).toHaveFocus();
    expect(document.querySelector('[inert]')).toBeNull();
  });

  it('also opens from the "?" button in the top bar and closes with its Close button', async () => {
    const user = userEvent.setup();
    await start('#/audit');
    const opener = screen.getByRole('button', { name: 'Keyboard shortcuts' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(dialog).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });
});

describe('"g" then a letter', () => {
  it('goes to that page', async () => {
    const user = userEvent.setup();
    await start('#/levers');
    await user.keyboard('ga');
    expect(useApp.getState().route.page).toBe('audit');
    expect(location.hash).toBe('#/audit');
    expect(screen.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
  });
});
