// @vitest-environment happy-dom
// "OK" and "no breach" are claims that need fresh data for every panel they cover: each state
// where they are not known, and levers that explain a breach, as the screen shows them.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../shared/metrics.ts';
import type { LeverExecution, LeverStateSnapshot } from '../../shared/levers.ts';
import { ok } from '../../shared/result.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'metrics.dashboard': vi.fn(),
    'metrics.detail': vi.fn(),
    'metrics.thresholds': vi.fn(),
    'levers.executions': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { DEMO_BRANDS, syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { DashboardHeader } from '../../renderer/src/features/dashboard/DashboardHeader.tsx';
import { useDashboard } from '../../renderer/src/features/dashboard/store.ts';
import { RailMatrix } from '../../renderer/src/features/dashboard/RailMatrix.tsx';
import { useIncidents } from '../../renderer/src/features/incidents/store.ts';
import { SuggestionsBar } from '../../renderer/src/features/dashboard/SuggestionsBar.tsx';

const initialDash = useDashboard.getState();
const initialApp = useApp.getState();
const never = () => new Promise<never>(() => {});

beforeEach(() => {
  useDashboard.setState(initialDash, true);
  useApp.setState(initialApp, true);
  api['metrics.dashboard'].mockImplementation(never);
  api['metrics.detail'].mockImplementation(never);
  api['metrics.thresholds'].mockImplementation(never);
  api['levers.executions'].mockResolvedValue(ok([]));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const show = (d: Dashboard, receivedAt = Date.now()) => {
  useDashboard.getState().applyDashboard(d, receivedAt);
  render(
    <>
      <DashboardHeader view="overview" />
      <SuggestionsBar />
    </>,
  );
};
const badge = () => screen.getByLabelText(/^Metrics source:/);

describe('never an all-clear that is not known', () => {
  it('fresh data with no breach: UP and "No breach"', () => {
    show(syntheticDashboard(Date.now(), 3));
    expect(badge()).toHaveTextContent('● UP');
    expect(screen.getByText(/No breach: every rail is within its thresholds/)).toBeInTheDocument();
  });

  it('before the first answer: nothing is claimed', () => {
    render(<SuggestionsBar />);
    expect(screen.queryByText(/No breach/)).toBeNull();
    expect(screen.getByText(/Waiting for the first metrics/)).toBeInTheDocument();
  });

  it('the source answering 500 on every panel while the connection is up: FAILING, cannot evaluate, for how long', () => {
    const now = Date.now();
    const d = syntheticDashboard(now, 3);
    const failing: Dashboard = {
      ...d,
      tiles: d.tiles.map((t) => ({ ...t, freshness: { status: 'error', asOf: null, error: 'HTTP 500' } })),
      errorRatio: { ...d.errorRatio, freshness: { status: 'error', asOf: null, error: 'HTTP 500' } },
      webhookBacklog: { ...d.webhookBacklog, freshness: { status: 'error', asOf: null, error: 'HTTP 500' } },
      source: { ...d.source, up: true, lastSuccessAt: now - 40_000 },
      suggestions: [],
    };
    show(failing, now);
    expect(badge()).toHaveTextContent('FAILING');
    expect(badge()).not.toHaveTextContent('UP');
    expect(screen.getByLabelText('Cannot evaluate')).toHaveTextContent(/Cannot evaluate: metrics failing \(HTTP 500\) for 4\d ?s/);
    expect(screen.queryByText(/No breach:/)).toBeNull();
  });

  it('the source down: SOURCE DOWN, cannot evaluate, and no "No breach"', () => {
    show(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { sourceDownMs: 120_000 }));
    expect(badge()).toHaveTextContent('SOURCE DOWN');
    expect(screen.getByLabelText('Cannot evaluate')).toHaveTextContent(/metrics failing \(connect ECONNREFUSED/);
    expect(screen.queryByText(/No breach:/)).toBeNull();
  });

  it('an answer received two minutes ago (back from another page): cannot evaluate until a fresh one', () => {
    const then = Date.now() - 120_000;
    show(syntheticDashboard(then, 3), then);
    expect(badge()).not.toHaveTextContent('UP');
    expect(screen.getByLabelText('Cannot evaluate')).toBeInTheDocument();
    expect(screen.queryByText(/No breach:/)).toBeNull();
  });

  it('some panels stale: says how many cannot be evaluated, never "No breach"', () => {
    show(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { stale: (rail) => rail === 'netbanking' }));
    expect(badge()).toHaveTextContent('PARTIAL');
    expect(screen.getByLabelText('Cannot evaluate')).toHaveTextContent(/Cannot evaluate 4 of 26 panels/);
    expect(screen.queryByText(/No breach:/)).toBeNull();
  });
});

describe('levers the console pulled are known on the dashboard', () => {
  const snapshot = (engaged: boolean): LeverStateSnapshot =>
    ({
      at: new Date().toISOString(),
      reachable: { admin: true, gateway: true },
      brands: [],
      targets: [
        { lever: 'brand-deposits-off', target: 'lucky7', targetLabel: 'Lucky 7', engaged, detail: 'deposits disabled', readAt: new Date().toISOString(), error: null },
      ],
    }) as unknown as LeverStateSnapshot;
  const execution: LeverExecution = {
    id: 'x1',
    lever: 'brand-deposits-off',
    action: 'engage',
    target: 'lucky7',
    environment: 'demo',
    reason: 'fraud cluster on lucky7',
    incidentId: null,
    approvedBy: null,
    recoveryOf: null,
    startedAt: '2026-11-30T17:20:00.000Z',
    finishedAt: '2026-11-30T17:20:02.000Z',
    status: 'verified',
    detail: null,
    conflict: false,
    probe: null,
    actor: 'asha',
    foundReleased: null,
  };

  it('an approval breach a pulled lever explains is shown apart, not as a breach', async () => {
    api['levers.executions'].mockResolvedValue(ok([execution]));
    useApp.setState({ leverState: { status: 'read', snapshot: snapshot(true) } });
    show(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { drop: { upi: 40 } }));
    const note = await screen.findByLabelText('Explained by levers');
    expect(note).toHaveTextContent(/Not counted as breaches/);
    expect(note).toHaveTextContent(/deposits disabled — Lucky 7/);
    expect(await screen.findByText(/fraud cluster on lucky7/)).toBeInTheDocument();
    // When and by whom, from this console's audit record of the pull.
    expect(note).toHaveTextContent(/lever, \d\d:\d\d, by asha/);
    // The approval breach is still visible there, but no BREACH ▼ approval line remains.
    expect(note).toHaveTextContent(/▼ approval/);
    expect(screen.queryAllByText(/BREACH ▼ approval/)).toHaveLength(0);
  });

  it('a lever pulled elsewhere is still marked, and says who and when are not known', async () => {
    api['levers.executions'].mockResolvedValue(ok([]));
    useApp.setState({ leverState: { status: 'read', snapshot: snapshot(true) } });
    show(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { drop: { upi: 40 } }));
    const note = await screen.findByLabelText('Explained by levers');
    expect(note).toHaveTextContent(/when and by whom not known: pulled outside this console/);
  });

  it('the tiles of the brand whose lever is pulled say so, with when and by whom; the others do not', async () => {
    api['levers.executions'].mockResolvedValue(ok([execution]));
    useApp.setState({ leverState: { status: 'read', snapshot: snapshot(true) } });
    useDashboard.getState().applyDashboard(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { drop: { upi: 40 } }), Date.now());
    const { container } = render(<RailMatrix />);
    await waitFor(() => expect(container.querySelector('[data-tile="upi:lucky7"] [data-testid="tile-lever"]')).not.toBeNull());
    const marked = [...container.querySelectorAll('[data-lever]')].map((el) => el.getAttribute('data-tile'));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((k) => k!.endsWith(":lucky7"))).toBe(true);
    const tile = container.querySelector('[data-tile="upi:lucky7"]')!;
    expect(tile).toHaveTextContent('deposits off by lever');
    await waitFor(() => expect(tile.getAttribute('aria-label')).toMatch(/deposits off by lever \(lever, \d\d:\d\d, by asha: “fraud cluster on lucky7”\)/));
    expect(container.querySelector('[data-tile="upi:royalspin"] [data-testid="tile-lever"]')).toBeNull();
  });

  it('with the lever released, the same breach is a breach', () => {
    useApp.setState({ leverState: { status: 'read', snapshot: snapshot(false) } });
    show(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { drop: { upi: 40 } }));
    expect(screen.queryByLabelText('Explained by levers')).toBeNull();
    expect(screen.getAllByText(/BREACH ▼ approval/).length).toBeGreaterThan(0);
  });
});

describe('declaring from a breach', () => {
  it('one click opens the declaration with severity, rail, runbook and the breach figures filled in', async () => {
    useIncidents.setState({ declare: null });
    useApp.setState({ leverState: { status: 'unread' } });
    show(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, { spike: { upi: 4 } }));
    const button = (await screen.findAllByRole('button', { name: /^Declare SEV\d…$/ }))[0]!;
    fireEvent.click(button);
    const d = useIncidents.getState().declare;
    expect(d).not.toBeNull();
    expect(d!.prefill).toMatchObject({ severity: expect.stringMatching(/^SEV[12]$/), rails: ['upi'], runbookIds: ['rail-latency-spike'] });
    expect(d!.prefill.breach).toMatchObject({ rail: 'upi', kind: 'latency' });
    expect(d!.prefill.breach!.summary).toMatch(/upi/i);
  });
});
