// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, Detail } from '../../shared/metrics.ts';
import { ok, err } from '../../shared/result.ts';

// The core is not running here: the api module answers with fixture Results.
const { api, listeners } = vi.hoisted(() => {
  const listeners = new Map<string, (payload: unknown) => void>();
  const api = {
    'metrics.dashboard': vi.fn(),
    'metrics.detail': vi.fn(),
    'metrics.thresholds': vi.fn(),
    'wall.config': vi.fn(),
    'app.info': vi.fn(),
    on: vi.fn((event: string, l: (payload: unknown) => void) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    }),
  };
  return { api, listeners };
});
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { DEMO_BRANDS, syntheticDashboard, syntheticDetail } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { DashboardView } from '../../renderer/src/features/dashboard/DashboardPage.tsx';
import { DetailCharts } from '../../renderer/src/features/dashboard/DetailCharts.tsx';
import { RailMatrix } from '../../renderer/src/features/dashboard/RailMatrix.tsx';
import { startDashboardLive, useDashboard } from '../../renderer/src/features/dashboard/store.ts';
import { SuggestionsBar } from '../../renderer/src/features/dashboard/SuggestionsBar.tsx';

const initial = useDashboard.getState();
const never = () => new Promise<never>(() => {});

beforeEach(() => {
  useDashboard.setState(initial, true);
  api['metrics.dashboard'].mockImplementation(never);
  api['metrics.detail'].mockImplementation(never);
  api['metrics.thresholds'].mockImplementation(never);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  listeners.clear();
  vi.useRealTimers();
});

const tile = (key: string) => document.querySelector<HTMLElement>(`[data-tile="${key}"]`)!;

describe('the rail × brand matrix', () => {
  it('marks a breach with a word and a shape, not by color alone', () => {
    const now = Date.now();
    useDashboard.getState().applyDashboard(syntheticDashboard(now, 3, DEMO_BRANDS, { spike: { upi: 2.1 }, drop: { cards: 13 } }), now);
    render(<RailMatrix />);
    const upi = tile('upi:*');
    expect(upi).toHaveTextContent('BREACH ▲ p99');
    expect(upi.getAttribute('aria-label')).toMatch(/BREACH ▲ p99/);
    expect(upi).toHaveClass('dash-tile-breach');
    expect(tile('cards:*')).toHaveTextContent('BREACH ▼ approval');
    // A rail within its thresholds says so in words too, and says no BREACH.
    expect(tile('imps:*')).toHaveTextContent('✓ OK');
    expect(tile('imps:*')).not.toHaveTextContent('BREACH');
  });

  it('shows a stale tile as STALE with its age, and its old value only struck through', () => {
    const now = Date.now();
    const d = syntheticDashboard(now, 3, DEMO_BRANDS, { stale: (rail) => rail === 'netbanking' });
    useDashboard.getState().applyDashboard(d, now);
    render(<RailMatrix />);
    const nb = tile('netbanking:*');
    const old = Math.round(d.tiles.find((t) => t.rail === 'netbanking' && t.brand === null)!.p99Ms!);
    expect(nb).toHaveTextContent('STALE');
    expect(nb).toHaveTextContent('data 3 min old');
    expect(nb).toHaveClass('dash-tile-stale');
    expect(nb.querySelector('.dash-tile-p99')).toBeNull(); // no big live number
    const shown = [...nb.querySelectorAll('*')].filter((e) => e.children.length === 0 && e.textContent?.includes(`${old} ms`));
    expect(shown.length).toBeGreaterThan(0);
    for (const e of shown) expect(e.closest('del')).not.toBeNull();
    // The neighbouring rail is live and shows its number as such.
    expect(tile('upi:*').querySelector('.dash-tile-p99')).not.toBeNull();
  });

  it('turns every tile STALE when the console stopped hearing from the core, even if the last answer said ok', () => {
    const now = Date.now();
    const then = now - 60_000;
    useDashboard.getState().applyDashboard(syntheticDashboard(then, 3, DEMO_BRANDS), then);
    render(<RailMatrix />);
    const tiles = document.querySelectorAll('[data-tile]');
    expect(tiles).toHaveLength(24);
    for (const t of tiles) expect(t).toHaveTextContent('STALE');
    expect(document.querySelector('.dash-tile-p99')).toBeNull();
  });

  it('re-renders only the tiles whose data changed', () => {
    const now = Date.now();
    const d = syntheticDashboard(now, 3, DEMO_BRANDS, {}, 1);
    useDashboard.getState().applyDashboard(d, now);
    const renders = new Map<string, number>();
    render(<RailMatrix onTileRender={(k) => renders.set(k, (renders.get(k) ?? 0) + 1)} />);
    expect(renders.size).toBe(24);
    const next: Dashboard = { ...d, version: 2, tiles: d.tiles.map((t) => (t.rail === 'upi' && t.brand === 'lucky7' ? { ...t, p99Ms: 250, breaches: ['latency'] } : { ...t })) };
    act(() => useDashboard.getState().applyDashboard(next, now));
    expect([...renders].filter(([, n]) => n > 1).map(([k]) => k)).toEqual(['upi:lucky7']);
    expect(tile('upi:lucky7')).toHaveTextContent('BREACH ▲ p99');
  });

  it('opens the detail of a tile when it is clicked', () => {
    const now = Date.now();
    useDashboard.getState().applyDashboard(syntheticDashboard(now, 3), now);
    render(<RailMatrix />);
    fireEvent.click(tile('cards:lucky7'));
    expect(useDashboard.getState().selection).toEqual({ rail: 'cards', brand: 'lucky7' });
    expect(api['metrics.detail']).toHaveBeenCalledWith(expect.objectContaining({ rail: 'cards', brand: 'lucky7', range: '1h' }));
    expect(tile('cards:lucky7')).toHaveAttribute('aria-pressed', 'true');
  });
});

describe('suggestions', () => {
  it('opens the runbook of a breach in one click', () => {
    const now = Date.now();
    useDashboard.getState().applyDashboard(syntheticDashboard(now, 3, DEMO_BRANDS, { spike: { upi: 2.1 } }), now);
    render(<SuggestionsBar />);
    const bar = screen.getByRole('region', { name: 'Suggestions' });
    expect(within(bar).getAllByText('▲ SEV2')[0]).toBeInTheDocument(); // severity in a word and a shape
    fireEvent.click(within(bar).getByRole('button', { name: /Open runbook: rail-latency-spike/ }));
    expect(useApp.getState().route).toEqual({ page: 'runbooks', runbookId: 'rail-latency-spike' });
    expect(location.hash).toBe('#/runbooks/rail-latency-spike');
  });

  it('says there is no breach when there is none', () => {
    const now = Date.now();
    useDashboard.getState().applyDashboard(syntheticDashboard(now, 3), now);
    render(<SuggestionsBar />);
    expect(screen.getByText(/No breach/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('detail charts', () => {
  function detailWithVersions(d: Detail, versions: number[]): Detail {
    return { ...d, panels: d.panels.map((p, i) => ({ ...p, version: versions[i]!, series: p.series.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, v === null ? null : v + 1] as [number, number | null]) })) })) };
  }

  it('does not re-render a panel whose version did not change', () => {
    const now = Date.now();
    const d = syntheticDetail(now, '1h', null, null, 600, 1, 1);
    useDashboard.getState().applyDetail(d, now);
    const renders = new Map<string, number>();
    render(<DetailCharts onChartRender={(id) => renders.set(id, (renders.get(id) ?? 0) + 1)} />);
    expect([...renders.keys()]).toEqual(['latency:p99:all', 'latency:p95:all', 'approval:all']);
    expect([...renders.values()]).toEqual([1, 1, 1]);
    const pathBefore = document.querySelector('[data-panel="latency:p99:all"] path.dash-series-line')!.getAttribute('d');
    expect(pathBefore).toMatch(/^M[\d.]+ [\d.]+L/);

    // A new answer, every panel at the version it had (even with other points): nothing re-renders.
    act(() => useDashboard.getState().applyDetail(detailWithVersions(d, [1, 1, 1]), now + 5000));
    expect([...renders.values()]).toEqual([1, 1, 1]);
    expect(document.querySelector('[data-panel="latency:p99:all"] path.dash-series-line')!.getAttribute('d')).toBe(pathBefore);

    // Only the approval panel moved on: only it re-renders.
    act(() => useDashboard.getState().applyDetail(detailWithVersions(d, [1, 1, 2]), now + 10_000));
    expect(Object.fromEntries(renders)).toEqual({ 'latency:p99:all': 1, 'latency:p95:all': 1, 'approval:all': 2 });
  });

  it('draws the p99 limit from the thresholds and shows the downsampling', () => {
    const now = Date.now();
    useDashboard.getState().applyDetail(syntheticDetail(now, '1h', 'upi', 'royalspin', 600, 1, 1), now);
    render(<DetailCharts />);
    const latency = screen.getByRole('region', { name: 'Latency' });
    expect(latency).toHaveTextContent('limit 200 ms');
    expect(latency.querySelectorAll('path.dash-series-line')).toHaveLength(2); // p95 and p99
    expect(latency).toHaveTextContent(/600 of 1,440 points · step 12 s/); // 2 × 720 fetched, 2 × 300 sent for 600 px
  });

  it('draws nothing for a panel in error, and says why', () => {
    const now = Date.now();
    const d = syntheticDetail(now, '1h', null, null, 600);
    d.panels[0] = { ...d.panels[0]!, freshness: { status: 'error', asOf: null, error: 'partial answer from the source' } };
    useDashboard.getState().applyDetail(d, now);
    render(<DetailCharts />);
    const panel = document.querySelector('[data-panel="latency:p99:all"]')!;
    expect(panel).toHaveTextContent('✕ ERROR — nothing drawn: partial answer from the source');
    expect(panel.querySelector('path.dash-series-line')).toBeNull();
  });
});

describe('live updates', () => {
  it('refetches on a metrics.tick only when the version changed', async () => {
    // The store's own clock and timers, so "long enough that a refetch would have happened" is
    // a whole refresh interval of its live loop, not a guess at how many microtasks suffice.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const now = Date.now();
    const held = syntheticDashboard(now, 3, DEMO_BRANDS, {}, 7);
    const refreshMs = held.source.refreshSeconds * 1000;
    api['metrics.dashboard'].mockResolvedValue(ok(held));
    api['metrics.detail'].mockResolvedValue(ok(syntheticDetail(now, '1h', null, null, 600)));
    const stop = startDashboardLive();
    await vi.waitFor(() => expect(useDashboard.getState().dashboard?.version).toBe(7));
    const fetches = () => api['metrics.dashboard'].mock.calls.length;
    const before = fetches();

    // A tick for the version already held, then one full refresh interval (the live loop's
    // timer fires in it, and every promise it starts settles): nothing is fetched again.
    listeners.get('metrics.tick')!({ version: 7, generatedAt: now + 1000 });
    await vi.advanceTimersByTimeAsync(refreshMs);
    await new Promise<void>((resolve) => setImmediate(resolve)); // and a real event-loop turn
    expect(fetches()).toBe(before);
    expect(useDashboard.getState().dashboard).toBe(held);

    // The same wait after a tick with a new version does refetch, exactly once: the wait above
    // was long enough to see one.
    const next = syntheticDashboard(now + 5000, 4, DEMO_BRANDS, {}, 8);
    api['metrics.dashboard'].mockResolvedValue(ok(next));
    listeners.get('metrics.tick')!({ version: 8, generatedAt: now + 5000 });
    await vi.advanceTimersByTimeAsync(refreshMs);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(fetches()).toBe(before + 1);
    expect(useDashboard.getState().dashboard?.version).toBe(8);

    // And a tick for that version, again nothing.
    listeners.get('metrics.tick')!({ version: 8, generatedAt: now + 6000 });
    await vi.advanceTimersByTimeAsync(refreshMs);
    expect(fetches()).toBe(before + 1);
    stop();
    expect(listeners.has('metrics.tick')).toBe(false);
  });

  it('says when metrics are unavailable, and keeps the last answer as STALE', async () => {
    const then = Date.now() - 60_000;
    useDashboard.getState().applyDashboard(syntheticDashboard(then, 3), then);
    api['metrics.dashboard'].mockResolvedValue(err('offline', 'metrics are not wired yet'));
    await act(() => useDashboard.getState().refresh());
    render(<DashboardView view="overview" />);
    expect(screen.getByRole('alert')).toHaveTextContent('Metrics unavailable');
    expect(screen.getByRole('alert')).toHaveTextContent('metrics are not wired yet');
    expect(screen.getByRole('alert')).toHaveTextContent('marked STALE');
    expect(tile('upi:*')).toHaveTextContent('STALE');
  });
});

describe('a source outage', () => {
  it('does not claim "no breach" from old data', () => {
    const now = Date.now();
    useDashboard.getState().applyDashboard(syntheticDashboard(now, 3, DEMO_BRANDS, { sourceDownMs: 185_000 }), now);
    render(<SuggestionsBar />);
    expect(screen.getByLabelText('Suggestions')).toHaveTextContent(/Cannot evaluate: metrics failing \(connect ECONNREFUSED [^)]*\) for 3 ?min/);
    expect(screen.queryByText(/every rail is within/)).toBeNull();
  });
});
