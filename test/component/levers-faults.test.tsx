// @vitest-environment happy-dom
// The Levers page says only what it read now. With the admin service failing after a good read,
// it says so (what, since when, the next step), keeps the last rows with their age, each marked
// "state unknown — last read …", shows the SQL fallback, and never claims nothing is pulled.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEVERS } from '../../shared/levers.ts';
import { err, ok } from '../../shared/result.ts';
import { adminFailing, answerDefaults, api, DASHBOARD_ORDER, goodRead, plan } from './levers-fixtures.ts';

vi.mock('../../renderer/src/api.ts', async () => ({ api: (await import('./levers-fixtures.ts')).api }));

import { LeversPage } from '../../renderer/src/features/levers/LeversPage.tsx';
import { useLevers } from '../../renderer/src/features/levers/store.ts';

const initial = useLevers.getState();
const GOOD_AT = '2026-03-11T03:12:00.000Z';
const FAILING_SINCE = '2026-03-11T03:12:40.000Z';
const LATER = Date.parse('2026-03-11T03:14:00.000Z'); // two minutes after the good read
const ALL_CLEAR = /No lever is pulled|money moves/;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse(GOOD_AT) + 1000);
  useLevers.setState(initial, true);
  answerDefaults();
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

const control = (lever: string, target: string) => document.querySelector<HTMLElement>(`.lever-control[data-lever="${lever}"][data-target="${target}"]`)!;
const pulledNow = () => screen.getByRole('region', { name: 'Pulled now' });

/** A first good read, then the admin service fails and two minutes pass before the next read. */
async function goodThenFailing(opts: { carried?: boolean; pulled?: string[] } = {}) {
  const good = goodRead(GOOD_AT, opts.pulled);
  api['levers.state'].mockResolvedValue(ok(good));
  render(<LeversPage />);
  await screen.findAllByText('● deposits on');
  // Read in full, the page may say so: the claim the failing read must take back.
  if (!opts.pulled?.length) expect(pulledNow()).toHaveTextContent('✓ No lever is pulled: money moves on every brand.');
  expect(screen.getByRole('region', { name: 'Platform state' })).toHaveTextContent('✓ admin service');
  expect(screen.queryByRole('region', { name: 'SQL fallback' })).toBeNull();
  vi.setSystemTime(LATER);
  api['levers.state'].mockResolvedValue(ok(adminFailing(new Date(LATER - 1000).toISOString(), FAILING_SINCE, good, opts.carried ?? true)));
  fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
  await screen.findByRole('alert', { name: 'admin service failure' });
}

describe('the admin service answers 500 after a good read', () => {
  it('says it is failing: what, since when, the last complete read, and the next step', async () => {
    await goodThenFailing();
    const head = screen.getByRole('region', { name: 'Platform state' });
    expect(head).toHaveTextContent('✗ admin service FAILING');
    expect(head).not.toHaveTextContent('✓ admin service');
    expect(head).toHaveTextContent('✓ gateway');
    const alert = screen.getByRole('alert', { name: 'admin service failure' });
    expect(alert).toHaveTextContent('✗ ADMIN SERVICE FAILING since 2026-03-11 03:12 UTC (1 min ago)');
    expect(alert).toHaveTextContent('HTTP 500: injected fault on 3 of 3 reads');
    expect(alert).toHaveTextContent('Last complete read: 2026-03-11 03:12 UTC (2 min ago).');
    expect(alert).toHaveTextContent('last ones read, not now');
    expect(alert).toHaveTextContent('Next: check the admin service (runbook incident-response §2');
    expect(alert).toHaveTextContent("To act now: the lever's SQL fallback (runbook §3), run in psql by platform-sre with database write access");
    expect(within(alert).getByRole('link', { name: 'runbook incident-response' })).toHaveAttribute('href', '#/runbooks/incident-response');
  });

  it('keeps every last known row — platform, brands in the dashboard order by name, providers — marked unknown with its age', async () => {
    await goodThenFailing();
    expect(control('halt-deposits', 'platform')).toHaveTextContent('? state unknown — last read 2 min ago: deposits live');
    expect(control('platform-freeze', 'platform')).toHaveTextContent('? state unknown — last read 2 min ago: live');
    const brands = screen.getByRole('region', { name: 'Brands' });
    const rows = within(within(brands).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').querySelector('.lever-title')!.textContent)).toEqual(DASHBOARD_ORDER);
    for (const b of ['royalspin', 'lucky7', 'cricketking', 'teenpatti']) {
      expect(control('brand-deposits-off', b)).toHaveTextContent('? state unknown — last read 2 min ago: deposits on');
      expect(control('brand-withdrawals-off', b)).toHaveTextContent('? state unknown — last read 2 min ago: withdrawals on');
    }
    // The gateway still answers: its rows are read now.
    expect(control('provider-ingress-block', 'razorpay')).toHaveTextContent('● open');
    expect(control('provider-ingress-block', 'razorpay')).not.toHaveTextContent('unknown');
    // The brand list's own failure is still said where the table is.
    expect(within(brands).getByRole('alert', { name: 'Brand list failure' })).toHaveTextContent('brand list: HTTP 500: injected fault');
  });

  it('keeps the rows in the renderer when the core carries none (a core that restarted mid-outage)', async () => {
    await goodThenFailing({ carried: false });
    expect(control('halt-deposits', 'platform')).toHaveTextContent('? state unknown — last read 2 min ago: deposits live');
    expect(control('brand-deposits-off', 'lucky7')).toHaveTextContent('? state unknown — last read 2 min ago: deposits on');
    expect(screen.getByRole('region', { name: 'Brands' })).toHaveTextContent('Lucky 7');
    expect(pulledNow()).not.toHaveTextContent(ALL_CLEAR);
  });

  it('never says "No lever is pulled": says what it cannot tell, and what was last read as pulled', async () => {
    await goodThenFailing({ pulled: ['brand-deposits-off:royalspin'] });
    const pulled = pulledNow();
    expect(pulled).not.toHaveTextContent(ALL_CLEAR);
    expect(pulled).toHaveTextContent('▲ None of the 2 lever states read is pulled, but this cannot say for 10 lever states that could not be read.');
    expect(within(pulled).getByRole('list', { name: 'Last read as pulled' })).toHaveTextContent(
      '? DEPOSITS OFF Disable deposits for one brand — Royal Spin (royalspin): pulled when last read, 2 min ago; not known now.',
    );
    expect(control('brand-deposits-off', 'royalspin')).toHaveTextContent('? state unknown — last read 2 min ago: ■ DEPOSITS OFF');
  });

  it('shows the runbook SQL fallback for every lever that has one (shown, never run)', async () => {
    await goodThenFailing();
    const sql = screen.getByRole('region', { name: 'SQL fallback' });
    expect(sql).toHaveTextContent('SQL fallback — shown, never run');
    for (const l of LEVERS) {
      if (!l.sqlFallback) continue;
      expect(sql).toHaveTextContent(squash(l.sqlFallback.engage));
      expect(sql).toHaveTextContent(squash(l.sqlFallback.release));
    }
    expect(sql).toHaveTextContent("No SQL fallback: Block a provider's ingress (it lives in the gateway).");
  });

  it('a lever refused because the admin API fails shows its SQL fallback, filled in for the brand', async () => {
    await goodThenFailing();
    const sqlText = LEVERS.find((l) => l.id === 'brand-deposits-off')!.sqlFallback!.engage.replace('{brand}', 'lucky7');
    api['levers.plan'].mockResolvedValue(
      ok(plan({ planId: null, before: '?', refusal: { code: 'upstream', message: 'Could not read the current state: HTTP 500: injected fault. Nothing was sent.' }, sqlFallback: sqlText })),
    );
    fireEvent.click(within(control('brand-deposits-off', 'lucky7')).getByRole('button', { name: 'Disable deposits on Lucky 7…' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Could not read the current state: HTTP 500: injected fault. Nothing was sent.');
    expect(dialog.querySelector('.code-block')).toHaveTextContent(squash(sqlText));
    expect(dialog).toHaveTextContent('run in psql by platform-sre with database write access — runbook incident-response, Lever 3c');
  });
});

/** toHaveTextContent collapses the element's whitespace, not the expected text's. */
function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe('an answer that is not now', () => {
  it('the console not answering: the last rows stay, unknown with their age; no all-clear', async () => {
    api['levers.state'].mockResolvedValue(ok(goodRead(GOOD_AT)));
    render(<LeversPage />);
    await screen.findByText('✓ No lever is pulled: money moves on every brand.');
    vi.setSystemTime(LATER);
    api['levers.state'].mockResolvedValue(err('offline', 'The Switchyard console server cannot be reached. Is `npm run serve` still running?'));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText(/console server cannot be reached/);
    expect(pulledNow()).not.toHaveTextContent(ALL_CLEAR);
    expect(pulledNow()).toHaveTextContent('▲ No lever state is known now');
    expect(control('brand-withdrawals-off', 'teenpatti')).toHaveTextContent('? state unknown — last read 2 min ago: withdrawals on');
    expect(screen.getByRole('region', { name: 'Platform state' })).not.toHaveTextContent('✓ admin service');
  });

  it('an answer older than two polls is stale: no all-clear from it', async () => {
    api['levers.state'].mockResolvedValue(ok(goodRead(GOOD_AT)));
    render(<LeversPage />);
    await screen.findByText('✓ No lever is pulled: money moves on every brand.');
    act(() => vi.setSystemTime(LATER));
    // The page's clock ticks each second; the answer is now two minutes old.
    await screen.findByText(/▲ STALE/, {}, { timeout: 3000 });
    expect(pulledNow()).not.toHaveTextContent(ALL_CLEAR);
    expect(control('halt-deposits', 'platform')).toHaveTextContent('? state unknown — last read 2 min ago: deposits live');
  });
});

describe('what the buttons say', () => {
  it('each says what it does, to a screen reader too', async () => {
    api['levers.state'].mockResolvedValue(ok(goodRead(GOOD_AT, ['platform-freeze:platform', 'brand-withdrawals-off:lucky7'])));
    render(<LeversPage />);
    await screen.findAllByText('● deposits on');
    const names = (lever: string, target: string) => within(control(lever, target)).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names('platform-freeze', 'platform')).toEqual(['Release the maintenance freeze…']);
    expect(names('halt-deposits', 'platform')).toEqual(['Halt deposits on every brand…']);
    expect(names('brand-deposits-off', 'lucky7')).toEqual(['Disable deposits on Lucky 7…']);
    expect(names('brand-withdrawals-off', 'lucky7')).toEqual(['Enable withdrawals on Lucky 7…']);
    expect(names('brand-deposits-off', 'teenpatti')).toEqual(['Disable deposits on Teen Patti Club…']);
    expect(names('provider-ingress-block', 'payu')).toEqual(['Block callbacks from payu…']);
    // In a brand cell the visible word is short, and the accessible name starts with it.
    const disable = within(control('brand-deposits-off', 'lucky7')).getByRole('button', { name: 'Disable deposits on Lucky 7…' });
    expect(disable).toHaveTextContent('Disable…');
    // Nobody reads "Pull…" and wonders what it pulls.
    expect(screen.queryByRole('button', { name: 'Pull…' })).toBeNull();
  });

  it('an unknown state offers both directions, each named', async () => {
    await goodThenFailing();
    expect(within(control('brand-deposits-off', 'cricketking')).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Disable deposits on Cricket King…',
      'Enable deposits on Cricket King…',
    ]);
  });
});
