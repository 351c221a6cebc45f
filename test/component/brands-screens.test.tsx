// @vitest-environment happy-dom
// One brand list, every screen: the dashboard's matrix, its detail charts, its breaches and the
// stress view, the wall's overview and rail slides, and the Levers page show brands by display
// name and in the same order. The names here sort unlike their ids and unlike the admin list,
// so a screen that keeps ids, the metrics' id order or the list's order shows it.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEVERS, type LeverStateSnapshot, type LeverTargetState } from '../../shared/levers.ts';
import type { Dashboard, Suggestion } from '../../shared/metrics.ts';
import { ok } from '../../shared/result.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'metrics.dashboard': vi.fn(() => new Promise<never>(() => {})),
    'metrics.detail': vi.fn(() => new Promise<never>(() => {})),
    'metrics.thresholds': vi.fn(() => new Promise<never>(() => {})),
    'levers.catalog': vi.fn(),
    'levers.state': vi.fn(),
    'levers.executions': vi.fn(),
    'levers.recoveryPlan': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { panelPlan } from '../../electron/core/metrics/reading.ts';
import { syntheticDashboard, syntheticDetail } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { DetailCharts } from '../../renderer/src/features/dashboard/DetailCharts.tsx';
import { RailMatrix } from '../../renderer/src/features/dashboard/RailMatrix.tsx';
import { useDashboard } from '../../renderer/src/features/dashboard/store.ts';
import { stressSeriesFromDetail } from '../../renderer/src/features/dashboard/stress-model.ts';
import { StressView } from '../../renderer/src/features/dashboard/StressView.tsx';
import { SuggestionsBar } from '../../renderer/src/features/dashboard/SuggestionsBar.tsx';
import { LeversPage } from '../../renderer/src/features/levers/LeversPage.tsx';
import { useLevers } from '../../renderer/src/features/levers/store.ts';
import { useWall } from '../../renderer/src/features/wall/store.ts';
import { EMPTY_MEMORY } from '../../renderer/src/features/wall/wall-memory.ts';
import { OverviewSlide, RailSlide } from '../../renderer/src/features/wall/WallSlides.tsx';
import { buildMatrix } from '../../renderer/src/ui/rail-tiles.ts';

const NOW = Date.parse('2026-03-14T03:14:00.000Z');
const AT = new Date(NOW - 1000).toISOString();

/** The admin service's list, in its own order: lucky7, cricketking, royalspin. */
const LIST = [
  { brandId: 'lucky7', name: 'Mango 7', region: 'IN-South' },
  { brandId: 'cricketking', name: 'Zed Cricket', region: 'IN-North' },
  { brandId: 'royalspin', name: 'Ace Royal', region: 'IN-West' },
];
/** The metrics' order: ids sorted. */
const METRIC_BRANDS = ['cricketking', 'lucky7', 'royalspin'];
/** What every screen must show. */
const ORDER = ['royalspin', 'lucky7', 'cricketking'];
const NAMES = ['Ace Royal', 'Mango 7', 'Zed Cricket'];
const PROVIDERS = ['razorpay'];

function leverState(opts: { brandsError?: boolean } = {}): LeverStateSnapshot {
  const targets: LeverTargetState[] = [];
  for (const l of LEVERS) {
    const ts = l.scope === 'platform' ? ['platform'] : l.scope === 'brand' ? (opts.brandsError ? [] : LIST.map((b) => b.brandId)) : PROVIDERS;
    for (const target of ts) targets.push({ lever: l.id, target, targetLabel: target, engaged: false, detail: l.releasedLabel, readAt: AT, error: null, lastKnown: null });
  }
  const ok = { state: 'ok' as const, problem: null, since: null, lastOkAt: AT };
  return {
    at: AT,
    reachable: { admin: true, gateway: true },
    targets,
    brands: opts.brandsError ? [] : LIST,
    brandsError: opts.brandsError ? { problem: 'brand list: HTTP 500', since: AT, at: AT } : null,
    providers: PROVIDERS,
    services: { admin: ok, gateway: ok },
    lastKnownBrands: opts.brandsError ? { brands: LIST, readAt: AT } : null,
  };
}

const BREACH: Suggestion = {
  kind: 'latency',
  rail: 'upi',
  brand: null,
  severity: 'SEV2',
  runbookId: 'rail-latency-spike',
  message: 'upi (cricketking, royalspin): p99 420 ms (limit 200 ms)',
};

function dashboard(): Dashboard {
  const d = syntheticDashboard(NOW, 1, METRIC_BRANDS);
  expect(d.brands).toEqual(METRIC_BRANDS);
  return { ...d, suggestions: [BREACH] };
}

const brandsOf = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.getAttribute('data-brand'));
const textsOf = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.firstChild?.textContent?.trim());

const initial = { dashboard: useDashboard.getState(), app: useApp.getState(), levers: useLevers.getState(), wall: useWall.getState() };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  useDashboard.setState(initial.dashboard, true);
  useApp.setState(initial.app, true);
  useLevers.setState(initial.levers, true);
  useWall.setState(initial.wall, true);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.clearAllMocks();
});

/** The top bar's lever read, as the LeverChip leaves it. */
const readLevers = (snap: LeverStateSnapshot) => act(() => useApp.setState({ leverState: { status: 'read', snapshot: snap } }));

describe('the dashboard', () => {
  // First in this file: the dashboard keeps the last names it read for the rest of the session.
  it('shows ids, in id order, while no brand list was ever read, then keeps the names through a failed read', async () => {
    useDashboard.getState().applyDashboard(dashboard(), NOW);
    const failed = () => act(() => useApp.setState({ leverState: { status: 'failed', error: { code: 'offline', message: 'unreachable' } } }));
    await failed();
    render(<RailMatrix />);
    expect(brandsOf('.dash-colhead[data-brand]')).toEqual(METRIC_BRANDS);
    expect(textsOf('.dash-colhead[data-brand]')).toEqual(METRIC_BRANDS);
    // The admin service fails: the core's last list read stands in.
    await readLevers(leverState({ brandsError: true }));
    expect(textsOf('.dash-colhead[data-brand]')).toEqual(NAMES);
    // The console itself does not answer one read: the names stay.
    await failed();
    expect(textsOf('.dash-colhead[data-brand]')).toEqual(NAMES);
  });

  it('shows brand columns by display name, in the one order, and names the tiles so', async () => {
    useDashboard.getState().applyDashboard(dashboard(), NOW);
    await readLevers(leverState());
    render(<RailMatrix />);
    expect(brandsOf('.dash-colhead[data-brand]')).toEqual(ORDER);
    expect(textsOf('.dash-colhead[data-brand]')).toEqual(NAMES);
    // Each row's tiles follow the columns: the second brand column holds lucky7's tiles.
    const upi = [...document.querySelectorAll('[data-tile^="upi:"]')].map((e) => e.getAttribute('data-tile'));
    expect(upi).toEqual(['upi:*', ...ORDER.map((b) => `upi:${b}`)]);
    expect(document.querySelector('[data-tile="upi:lucky7"]')!.getAttribute('aria-label')).toMatch(/^UPI × Mango 7: p99 /);
  });

  it('names the brands of a breach by display name, in the one order', async () => {
    useDashboard.getState().applyDashboard(dashboard(), NOW);
    await readLevers(leverState());
    render(<SuggestionsBar />);
    const msg = document.querySelector('.dash-suggest-msg')!;
    expect(msg).toHaveTextContent('upi (Ace Royal, Zed Cricket): p99 420 ms (limit 200 ms)');
    expect(msg.getAttribute('title')).toBe('upi (Ace Royal, Zed Cricket): p99 420 ms (limit 200 ms)');
  });

  it('titles the detail charts of one brand with its display name', async () => {
    useDashboard.getState().applyDashboard(dashboard(), NOW);
    await readLevers(leverState());
    useDashboard.setState({ selection: { rail: 'upi', brand: 'cricketking' } });
    // The panels titled as the core titles them ("upi latency (p99, p95) · cricketking").
    const plan = panelPlan({ rail: 'upi', brand: 'cricketking' });
    const detail = syntheticDetail(NOW, '1h', 'upi', 'cricketking', 600);
    const panels = detail.panels.map((p, i) => ({ ...p, id: plan[i]!.id, title: plan[i]!.title }));
    expect(panels.map((p) => p.title)).toEqual(['upi latency (p99, p95) · cricketking', 'upi approval rate · cricketking']);
    await act(async () => useDashboard.getState().applyDetail({ ...detail, panels }, NOW, { rail: 'upi', brand: 'cricketking', widthPx: 600 }));
    render(<DetailCharts />);
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('UPI × Zed Cricket');
    const titles = [...document.querySelectorAll('.dash-panel h3')].map((h) => h.textContent);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).toEqual(['upi latency (p99, p95) · Zed Cricket', 'upi approval rate · Zed Cricket']);
  });

  it('orders and names the stress view the same way', async () => {
    useDashboard.getState().applyDashboard(dashboard(), NOW);
    await readLevers(leverState());
    const detail = syntheticDetail(NOW, '1h', 'upi', null, 300);
    const series = [null, ...METRIC_BRANDS].map((brand) => stressSeriesFromDetail('upi', brand, detail));
    await act(async () => useDashboard.getState().applyStress(series, NOW, NOW));
    render(<StressView />);
    expect([...document.querySelectorAll('.dash-stress-head b')].map((b) => b.textContent)).toEqual(['UPI × All brands', ...NAMES.map((n) => `UPI × ${n}`)]);
  });
});

describe('the wall', () => {
  it('shows the overview columns and a rail slide by display name, in the one order', async () => {
    const d = dashboard();
    const matrix = buildMatrix(d, null);
    await act(() => useWall.setState({ levers: { snapshot: leverState(), receivedAt: NOW, error: null, errorSince: null } }));
    const props = { dashboard: d, matrix, snapshot: { generatedAt: NOW, receivedAt: NOW, refreshSeconds: 5 }, memory: EMPTY_MEMORY, levers: new Map<string, string>(), now: NOW };
    const { unmount } = render(<OverviewSlide {...props} />);
    expect(brandsOf('.wall-colhead[data-brand]')).toEqual(ORDER);
    expect(textsOf('.wall-colhead[data-brand]')).toEqual(NAMES);
    const cards = [...document.querySelectorAll('.wall-matrix [data-tile^="cards:"]')].map((e) => e.getAttribute('data-tile'));
    expect(cards).toEqual(['cards:*', ...ORDER.map((b) => `cards:${b}`)]);
    expect(document.querySelector('[data-tile="cards:royalspin"]')!.getAttribute('aria-label')).toBe('Cards × Ace Royal');
    unmount();
    render(<RailSlide {...props} rail="upi" />);
    expect(brandsOf('.wall-brand[data-brand]')).toEqual(ORDER);
    expect(textsOf('.wall-brand-name')).toEqual(NAMES);
  });
});

describe('the Levers page', () => {
  it('lists the brands by display name in the same order as the dashboard and the wall', async () => {
    api['levers.catalog'].mockResolvedValue(ok(LEVERS.map((l) => ({ ...l, hasSqlFallback: l.sqlFallback !== null }))));
    api['levers.state'].mockResolvedValue(ok(leverState()));
    api['levers.executions'].mockResolvedValue(ok([]));
    api['levers.recoveryPlan'].mockResolvedValue(ok({ steps: [], requiresTypedEnvironment: false, freeze: { active: false, reason: null }, environment: 'demo', production: false }));
    render(<LeversPage />);
    const table = await screen.findByRole('region', { name: 'Brands' });
    await vi.waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(1));
    expect(brandsOf('.brand-table tr[data-brand]')).toEqual(ORDER);
    expect([...table.querySelectorAll('tr[data-brand] .lever-title')].map((e) => e.textContent)).toEqual(NAMES);
  });
});
