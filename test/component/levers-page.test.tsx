// @vitest-environment happy-dom
// The Levers page says plainly what it could not read or settle: a brand list that failed (what,
// since when) where the brand table would be, an execution that ended unknown because something
// threw, an engage found released by someone else, a re-verify that found the state moved.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PROVIDERS } from '../../shared/environment.ts';
import { LEVERS, type LeverExecution, type LeverStateSnapshot, type LeverTargetState } from '../../shared/levers.ts';
import { ok } from '../../shared/result.ts';

// The core is not running here: the api module answers with fixture Results.
const { api } = vi.hoisted(() => ({
  api: {
    'levers.catalog': vi.fn(),
    'levers.state': vi.fn(),
    'levers.executions': vi.fn(),
    'levers.recoveryPlan': vi.fn(),
    'levers.plan': vi.fn(),
    'levers.execute': vi.fn(),
    'levers.reverify': vi.fn(),
    'levers.recover': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { LeversPage } from '../../renderer/src/features/levers/LeversPage.tsx';
import { useLevers } from '../../renderer/src/features/levers/store.ts';

const NOW = Date.parse('2026-03-11T03:20:00.000Z');
const initial = useLevers.getState();

const catalog = LEVERS.map((l) => ({
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

const row = (lever: LeverTargetState['lever'], target: string, detail: string): LeverTargetState => ({
  lever,
  target,
  targetLabel: target,
  engaged: false,
  detail,
  readAt: '2026-03-11T03:19:58.000Z',
  error: null,
});

/** The brand list failed (401) since 03:14; everything else read fine and nothing is pulled. */
const brandsFailing: LeverStateSnapshot = {
  at: '2026-03-11T03:19:58.000Z',
  reachable: { admin: true, gateway: true },
  targets: [row('platform-freeze', 'platform', 'live'), row('halt-deposits', 'platform', 'deposits live'), ...DEMO_PROVIDERS.map((p) => row('provider-ingress-block', p, 'open'))],
  brands: [],
  brandsError: { problem: 'brand list: HTTP 401 — the token was refused', since: '2026-03-11T03:14:00.000Z', at: '2026-03-11T03:19:58.000Z' },
  providers: DEMO_PROVIDERS,
};

const execution = (over: Partial<LeverExecution>): LeverExecution => ({
  id: 'e0000000-0000-0000-0000-000000000000',
  lever: 'halt-deposits',
  action: 'engage',
  target: 'platform',
  environment: 'demo',
  reason: 'UPI rail melting',
  incidentId: null,
  approvedBy: null,
  recoveryOf: null,
  startedAt: '2026-03-11T03:15:00.000Z',
  finishedAt: '2026-03-11T03:15:02.000Z',
  status: 'verified',
  detail: 'write: HTTP 200; read-back shows DEPOSITS HALTED; probe deposit for royalspin: refused "Finance maintenance"',
  conflict: false,
  probe: null,
  actor: null, foundReleased: null,
  ...over,
});

const THREW =
  'write: HTTP 200; Switchyard failed while reading the state back (TypeError: cannot read properties of undefined): whether the write applied is not known. Re-verify to settle.';
const FOUND =
  'found released by reading the platform on a state read at 2026-03-11T03:18:00.000Z: it shows open for razorpay; released by someone else: this console sent no release. Closed: no longer offered for recovery.';
const MOVED =
  "re-verify: the state has moved since: this console's release r1000000 (2026-03-11T03:17:00.000Z, verified) changed it after this engage. The platform now shows deposits live, which says nothing about this engage; it is not judged again.";

const executions: LeverExecution[] = [
  execution({ id: 'a1', status: 'unknown', detail: THREW }),
  execution({ id: 'a2', lever: 'provider-ingress-block', target: 'razorpay', foundReleased: { at: '2026-03-11T03:18:00.000Z', detail: FOUND } }),
  execution({ id: 'a3', status: 'unknown', detail: MOVED }),
];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  useLevers.setState(initial, true);
  api['levers.catalog'].mockResolvedValue(ok(catalog));
  api['levers.state'].mockResolvedValue(ok(brandsFailing));
  api['levers.executions'].mockResolvedValue(ok(executions));
  api['levers.recoveryPlan'].mockResolvedValue(ok({ steps: [], requiresTypedEnvironment: false, freeze: { active: false, window: '' }, environment: 'demo', production: false }));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

async function renderPage() {
  render(<LeversPage />);
  await screen.findByText(/BRANDS UNKNOWN/);
}

describe('a brand list that cannot be read', () => {
  it('is an error where the brand table would be: what failed and since when', async () => {
    await renderPage();
    const brands = screen.getByRole('region', { name: 'Brands' });
    const alert = within(brands).getByRole('alert');
    expect(alert).toHaveTextContent("✗ BRANDS UNKNOWN: the platform's brand list cannot be read.");
    expect(alert).toHaveTextContent('brand list: HTTP 401 — the token was refused');
    expect(alert).toHaveTextContent('Failing since 2026-03-11 03:14 UTC (6 min ago)');
    expect(alert).toHaveTextContent('Brand levers cannot be planned');
    expect(within(brands).queryByRole('table')).toBeNull();
  });

  it('leaves the platform-wide and provider rows, and claims no all-clear for the brands', async () => {
    await renderPage();
    expect(document.querySelector('[data-lever="halt-deposits"][data-target="platform"]')).toHaveTextContent('deposits live');
    expect(document.querySelector('[data-lever="platform-freeze"][data-target="platform"]')).not.toBeNull();
    for (const p of DEMO_PROVIDERS) expect(document.querySelector(`[data-lever="provider-ingress-block"][data-target="${p}"]`)).toHaveTextContent('open');
    const pulled = screen.getByRole('region', { name: 'Pulled now' });
    expect(pulled).not.toHaveTextContent('No lever is pulled');
    expect(pulled).toHaveTextContent('▲ None of the 8 lever states read is pulled, but this cannot say for any brand (their list cannot be read).');
  });
});

describe('executions that did not end plainly verified', () => {
  it('say why on the page: an exception after the write, a lever found released, a state moved since', async () => {
    await renderPage();
    const table = within(screen.getByRole('region', { name: 'Recent lever executions' })).getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('? UNKNOWN');
    expect(rows[0]).toHaveTextContent(THREW);
    expect(within(rows[0]!).getByRole('button', { name: 'Re-verify' })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('✓ VERIFIED');
    expect(rows[1]).toHaveTextContent('↺ FOUND RELEASED');
    expect(rows[1]).toHaveTextContent(FOUND);
    expect(rows[2]).toHaveTextContent(MOVED);
  });

  it('a recovery result lists a lever found released as such: nothing sent for it', async () => {
    await renderPage();
    const released = execution({ id: 'r1', action: 'release', recoveryOf: 'a0', detail: 'write: HTTP 200; read-back shows deposits live' });
    act(() =>
      useLevers.setState({
        dialog: { kind: 'recovered', results: [execution({ id: 'a2', lever: 'provider-ingress-block', target: 'razorpay', foundReleased: { at: '2026-03-11T03:18:00.000Z', detail: FOUND } }), released], error: null },
      }),
    );
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Recovery complete');
    const items = within(dialog).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('↺ FOUND RELEASED provider-ingress-block — razorpay: nothing sent');
    expect(items[0]).toHaveTextContent(FOUND);
    expect(items[1]).toHaveTextContent('✓ VERIFIED halt-deposits — platform');
  });
});
