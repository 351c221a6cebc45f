// @vitest-environment happy-dom
// The lever dialog is a real modal: focus moves in and stays in (Tab and Shift+Tab cycle), the
// page behind is inert, Escape and a click on the backdrop cancel (never a write in flight),
// and focus returns to the lever's button.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeverExecution } from '../../shared/levers.ts';
import { ok, type Result } from '../../shared/result.ts';
import { answerDefaults, api, goodRead, plan } from './levers-fixtures.ts';

vi.mock('../../renderer/src/api.ts', async () => ({ api: (await import('./levers-fixtures.ts')).api }));

import { LeversPage } from '../../renderer/src/features/levers/LeversPage.tsx';
import { useLevers } from '../../renderer/src/features/levers/store.ts';

const initial = useLevers.getState();
const AT = '2026-03-11T03:12:00.000Z';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse(AT) + 1000);
  useLevers.setState(initial, true);
  answerDefaults();
  api['levers.state'].mockResolvedValue(ok(goodRead(AT)));
  api['levers.plan'].mockResolvedValue(ok(plan()));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

const DISABLE_LUCKY7 = 'Disable deposits on Lucky 7…';

async function openConfirm() {
  const user = userEvent.setup();
  const { container } = render(<LeversPage />);
  const opener = await screen.findByRole('button', { name: DISABLE_LUCKY7 });
  await user.click(opener);
  const dialog = await screen.findByRole('dialog', { name: 'Pull: Disable deposits for one brand' });
  return { user, container, opener, dialog };
}

const inside = (dialog: HTMLElement) => dialog.contains(document.activeElement);

describe('the lever dialog is modal', () => {
  it('takes focus into the dialog (the reason) and makes the page behind inert', async () => {
    const { container, dialog } = await openConfirm();
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(document.activeElement).toBe(within(dialog).getByLabelText(/^Reason/));
    // The page (the app's root) takes no focus, no click, no Enter while the dialog is open.
    expect(container).toHaveAttribute('inert');
    expect(container.contains(dialog)).toBe(false);
  });

  it('Tab and Shift+Tab cycle inside; focus never reaches the page', async () => {
    const { user, dialog } = await openConfirm();
    await user.type(within(dialog).getByLabelText(/^Reason/), 'UPI p99 at 450 ms');
    const focusable = within(dialog).getAllByRole('button').filter((b) => !b.hasAttribute('disabled'));
    const seen = new Set<Element>();
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(inside(dialog)).toBe(true);
      seen.add(document.activeElement!);
    }
    // It went round: every enabled button was reached, and the reason again.
    for (const b of focusable) expect(seen.has(b)).toBe(true);
    expect(seen.has(within(dialog).getByLabelText(/^Reason/))).toBe(true);
    within(dialog).getByLabelText(/^Reason/).focus();
    await user.tab({ shift: true });
    expect(inside(dialog)).toBe(true);
    // Backwards from the first field wraps to the last action.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Pull lever in demo' }));
  });

  it('Escape cancels, sends nothing, and gives focus back to the button that opened it', async () => {
    const { user, opener } = await openConfirm();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api['levers.execute']).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
    expect(document.querySelector('[inert]')).toBeNull();
  });

  it('a click on the backdrop cancels; a click inside does not', async () => {
    const { opener, dialog } = await openConfirm();
    fireEvent.mouseDown(within(dialog).getByLabelText(/^Reason/));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    fireEvent.mouseDown(dialog.parentElement!);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('neither Escape nor the backdrop abandons a write in flight; the outcome is shown, then focus returns to the lever', async () => {
    let answer: (r: Result<LeverExecution>) => void = () => {};
    api['levers.execute'].mockReturnValue(new Promise<Result<LeverExecution>>((r) => (answer = r)));
    const { user, dialog } = await openConfirm();
    await user.type(within(dialog).getByLabelText(/^Reason/), 'UPI p99 at 450 ms');
    await user.click(within(dialog).getByRole('button', { name: 'Pull lever in demo' }));
    await screen.findByRole('dialog', { name: 'Pulling: Disable deposits for one brand' });
    await user.keyboard('{Escape}');
    fireEvent.mouseDown(screen.getByRole('dialog').parentElement!);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(inside(screen.getByRole('dialog'))).toBe(true);

    // The write lands: the platform now reads DEPOSITS OFF, so "Disable…" is gone from the row.
    api['levers.state'].mockResolvedValue(ok(goodRead(AT, ['brand-deposits-off:lucky7'])));
    await act(async () =>
      answer(
        ok({
          id: 'x1', lever: 'brand-deposits-off', action: 'engage', target: 'lucky7', environment: 'demo', reason: 'UPI p99 at 450 ms', incidentId: null,
          approvedBy: null, recoveryOf: null, startedAt: AT, finishedAt: AT, status: 'verified', detail: 'read-back shows DEPOSITS OFF', conflict: false,
          probe: null, actor: null, foundReleased: null,
        }),
      ),
    );
    const done = await screen.findByRole('dialog', { name: /VERIFIED/ });
    await waitFor(() => expect(screen.queryByRole('button', { name: DISABLE_LUCKY7 })).toBeNull());
    // The outcome's Close takes focus, so Enter closes it.
    expect(document.activeElement).toBe(within(done).getByRole('button', { name: 'Close' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Enable deposits on Lucky 7…' }));
  });

  it('Escape while the plan is read cancels for good: a late plan does not reopen the dialog', async () => {
    let answer: (r: Result<ReturnType<typeof plan>>) => void = () => {};
    api['levers.plan'].mockReturnValue(new Promise((r) => (answer = r)));
    const user = userEvent.setup();
    render(<LeversPage />);
    await user.click(await screen.findByRole('button', { name: DISABLE_LUCKY7 }));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Reading the current state');
    await user.keyboard('{Escape}');
    await act(async () => answer(ok(plan())));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
