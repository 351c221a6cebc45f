// @vitest-environment happy-dom
// The dashboard header and the wall take the metrics source's state from the core (what its last
// answer was), not only from every panel failing: FAILING with the status and since when, even
// when some panels still hold fresh data; an older core without the field is still judged by its panels.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../shared/metrics.ts';

const { api } = vi.hoisted(() => ({
  api: { 'metrics.dashboard': vi.fn(), 'metrics.detail': vi.fn(), 'metrics.thresholds': vi.fn(), on: vi.fn(() => () => {}) },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { DashboardHeader } from '../../renderer/src/features/dashboard/DashboardHeader.tsx';
import { useDashboard } from '../../renderer/src/features/dashboard/store.ts';
import { EMPTY_MEMORY } from '../../renderer/src/features/wall/wall-memory.ts';
import { wallStatus } from '../../renderer/src/features/wall/wall-status.ts';

const initialDash = useDashboard.getState();
const never = () => new Promise<never>(() => {});
const NOW = Date.parse('2026-03-11T03:15:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  useDashboard.setState(initialDash, true);
  api['metrics.dashboard'].mockImplementation(never);
  api['metrics.detail'].mockImplementation(never);
  api['metrics.thresholds'].mockImplementation(never);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

const ERROR = 'every query failed: HTTP 503: the answer is not JSON (truncated or not Prometheus)';

/** Prometheus answering 503 to the upi queries only, since 03:14:10: the other rails are fresh. */
function partlyFailing(state: 'failing' | undefined): Dashboard {
  const d = syntheticDashboard(NOW, 3);
  return {
    ...d,
    source: { ...d.source, kind: 'prometheus', up: true, error: state ? ERROR : null, ...(state ? { state, failingSince: Date.parse('2026-03-11T03:14:10.000Z') } : {}) },
    tiles: d.tiles.map((t) => (t.rail === 'upi' ? { ...t, p99Ms: null, p95Ms: null, approval: null, freshness: { status: 'error', asOf: null, error: 'p99_by_rail: HTTP 503' } } : t)),
    suggestions: [],
  };
}

const badge = () => screen.getByLabelText(/^Metrics source:/);

describe('the dashboard header', () => {
  it('says FAILING when the core says the source fails, with the status and since when, though some panels are fresh', () => {
    useDashboard.getState().applyDashboard(partlyFailing('failing'), NOW);
    render(<DashboardHeader view="overview" />);
    expect(badge()).toHaveTextContent('✕ FAILING');
    expect(badge()).not.toHaveTextContent('UP');
    expect(screen.getByLabelText('Source failing since')).toHaveTextContent(`${ERROR} — since 03:14:10 UTC (50s)`);
  });

  it('an older core (no state): PARTIAL from the panels, nothing said of since when', () => {
    useDashboard.getState().applyDashboard(partlyFailing(undefined), NOW);
    render(<DashboardHeader view="overview" />);
    expect(badge()).toHaveTextContent('▲ PARTIAL');
    expect(screen.queryByLabelText('Source failing since')).toBeNull();
  });

  it('before the core has polled the source: connecting, not SOURCE DOWN', () => {
    const d = syntheticDashboard(NOW, 3);
    useDashboard.getState().applyDashboard({ ...d, source: { ...d.source, up: false, lastSuccessAt: null, state: 'unknown', failingSince: null } }, NOW);
    render(<DashboardHeader view="overview" />);
    expect(badge()).toHaveTextContent('… CONNECTING');
  });
});

describe('the wall', () => {
  const levers = { level: 'none' as const, head: '✓ NO LEVER PULLED', items: [], note: null };
  const snapshot = { generatedAt: NOW, receivedAt: NOW, refreshSeconds: 5 };

  it('every panel in error, the core saying FAILING: down for the room since the FIRST failure (not the last values), with the status', () => {
    const d = syntheticDashboard(NOW, 3);
    const dead = { status: 'error' as const, asOf: null, error: 'HTTP 500 from http://127.0.0.1:7411/metrics' };
    const failing: Dashboard = {
      ...d,
      source: { ...d.source, up: true, error: dead.error, state: 'failing', failingSince: NOW - 125_000, lastSuccessAt: NOW - 130_000 },
      tiles: d.tiles.map((t) => ({ ...t, freshness: dead })),
      errorRatio: { ...d.errorRatio, freshness: dead },
      webhookBacklog: { ...d.webhookBacklog, freshness: dead },
      suggestions: [],
    };
    const s = wallStatus({ dashboard: failing, snapshot, error: null, memory: EMPTY_MEMORY, levers, startedAt: NOW - 600_000, now: NOW });
    expect(s.phase).toBe('stale');
    // The wall remembers no values (a wall started during the outage): the core's first failure is the "since".
    expect(s.stale).toMatch(/^metrics source down for 2 min — no values since the wall started \(HTTP 500\)$/);
  });

  it('some panels fresh, the core saying FAILING: LIVE for what is fresh, and the source failing said', () => {
    const s = wallStatus({ dashboard: partlyFailing('failing'), snapshot, error: null, memory: EMPTY_MEMORY, levers, startedAt: NOW - 600_000, now: NOW });
    expect(s.badge).toMatch(/^● LIVE · ▲ \d+ of \d+ STALE/);
    expect(s.stale).toMatch(/^metrics source failing for 50 s \(HTTP 503\)/);
  });
});
