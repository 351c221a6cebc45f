// @vitest-environment happy-dom
// The charts as an on-call engineer reads them: the points caption is true, every latency
// chart (p95 too) draws the p99 limit and names it, a chart says where its data begins and
// its time axis begins there, the All series view has time and value axes with units, and a
// sparkline is as wide as its tile. Answers are shaped like the core's (gaps as nulls).
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { RAILS, type Detail, type DetailPanel, type HistoryStart, type Point } from '../../shared/metrics.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'metrics.dashboard': vi.fn(() => new Promise<never>(() => {})),
    'metrics.detail': vi.fn(() => new Promise<never>(() => {})),
    'metrics.thresholds': vi.fn(() => new Promise<never>(() => {})),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { DEMO_BRANDS, syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { DetailCharts } from '../../renderer/src/features/dashboard/DetailCharts.tsx';
import { RailMatrix } from '../../renderer/src/features/dashboard/RailMatrix.tsx';
import { useDashboard } from '../../renderer/src/features/dashboard/store.ts';
import { stressSeriesFromDetail } from '../../renderer/src/features/dashboard/stress-model.ts';
import { StressView } from '../../renderer/src/features/dashboard/StressView.tsx';

/** 17:24:00 UTC; the console started at 17:20:05, four minutes before. */
const NOW = Date.parse('2026-03-14T17:24:00.000Z');
const CONSOLE_STARTED: HistoryStart = { at: Date.parse('2026-03-14T17:20:05.000Z'), why: 'console-started' };
const initial = useDashboard.getState();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  useDashboard.setState(initial, true);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** `n` polls 5 s apart ending at NOW, wobbling by `wobble` around `level`, with a gap (null) every `gapEvery`-th. */
function polled(n: number, level: number, wobble: number, gapEvery = 0): Point[] {
  return Array.from({ length: n }, (_, i): Point => [NOW - (n - 1 - i) * 5000, gapEvery && i % gapEvery === gapEvery - 1 ? null : level + ((i % 7) - 3) * wobble]);
}

/** The all-rails answer the core gives four minutes after it started: 48 polls per rail, a gap in every 12th. */
function allRails(opts: { rawPoints?: (series: DetailPanel['series']) => number; historyStart?: HistoryStart | null } = {}): Detail {
  const panel = (id: string, title: string, unit: 'ms' | 'percent', level: number): DetailPanel => {
    const series = RAILS.map((r, i) => ({ key: r, label: r, points: polled(48, unit === 'ms' ? level + 10 * i : level, unit === 'ms' ? 2 : 0.002, 12) }));
    return {
      id,
      title,
      unit,
      threshold: unit === 'ms' ? 200 : null,
      series,
      freshness: { status: 'ok', asOf: NOW, error: null },
      rawPoints: opts.rawPoints ? opts.rawPoints(series) : series.reduce((n, s) => n + s.points.filter((p) => p[1] !== null).length, 0),
      stepSeconds: 5,
      version: 1,
      historyStart: opts.historyStart === undefined ? CONSOLE_STARTED : opts.historyStart,
    };
  };
  return {
    range: '1h',
    generatedAt: NOW,
    panels: [panel('p99:all:all', 'p99 latency by rail', 'ms', 110), panel('p95:all:all', 'p95 latency by rail', 'ms', 80), panel('approval:all:all', 'Approval rate by rail', 'percent', 0.92)],
  };
}

const panelEl = (id: string) => document.querySelector<HTMLElement>(`[data-panel="${id}"]`)!;
const tickLabels = (el: Element, axis: 'x' | 'y' = 'x') => [...el.querySelectorAll(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`)].map((t) => t.textContent ?? '');

describe('detail charts', () => {
  it('"N of M points" counts values on both sides: a gap is no point, and a count that cannot be true is not shown', () => {
    useDashboard.getState().applyDetail(allRails(), NOW);
    render(<DetailCharts />);
    // 6 rails × 48 polls, 4 of them gaps: 264 values, all sent (no downsampling needed).
    expect(panelEl('p99:all:all').querySelector('.dash-panel-note')).toHaveTextContent(/^264 of 264 points · step 5 s$/);
    cleanup();

    // An answer counting its source per series (6 × 44) says only what is drawn, never "264 of 44".
    useDashboard.setState(initial, true);
    useDashboard.getState().applyDetail(allRails({ rawPoints: () => 44 }), NOW);
    render(<DetailCharts />);
    expect(panelEl('p99:all:all').querySelector('.dash-panel-note')).toHaveTextContent(/^264 points · step 5 s$/);
  });

  it('the p95 chart draws the p99 limit as the p99 chart does, and says it is the p99 limit', () => {
    useDashboard.getState().applyDetail(allRails({ historyStart: null }), NOW);
    render(<DetailCharts />);
    for (const id of ['p99:all:all', 'p95:all:all']) {
      const panel = panelEl(id);
      expect(panel.querySelectorAll('.recharts-reference-line'), id).toHaveLength(1);
      expect([...panel.querySelectorAll('text.recharts-label')].map((t) => t.textContent), id).toEqual(['p99 limit 200 ms']);
      // Values carry their unit on the axis, the limit's among them.
      expect(tickLabels(panel, 'y'), id).toContain('200 ms');
    }
  });

  it('says where the data begins when the console started after the range did, and begins the time axis there', () => {
    useDashboard.getState().applyDetail(allRails(), NOW);
    render(<DetailCharts />);
    for (const id of ['p99:all:all', 'p95:all:all', 'approval:all:all']) {
      const panel = panelEl(id);
      expect(panel).toHaveTextContent('data since 17:20:05 UTC (console started)');
      expect(panel.getAttribute('data-history-start')).toBe(String(CONSOLE_STARTED.at));
      // Four minutes across the chart, ticked by the minute: not 17:30 … 18:20 of a 1 h axis.
      expect(tickLabels(panel), id).toEqual(['17:21', '17:22', '17:23', '17:24']);
    }
    cleanup();

    // An hour later the history spans the range: the whole hour, and nothing said about a start.
    useDashboard.setState(initial, true);
    useDashboard.getState().applyDetail(allRails({ historyStart: null }), NOW);
    render(<DetailCharts />);
    const panel = panelEl('p99:all:all');
    expect(panel).not.toHaveTextContent('data since');
    expect(panel.hasAttribute('data-history-start')).toBe(false);
    expect(tickLabels(panel)).toEqual(['16:30', '16:40', '16:50', '17:00', '17:10', '17:20']);
  });
});

describe('the All series view', () => {
  it('gives every small multiple a time axis and two value axes, with units, and says where the data begins', async () => {
    const detail = allRails();
    const combos = RAILS.slice(0, 2).flatMap((rail) => [null, 'lucky7'].map((brand) => ({ rail, brand })));
    const series = combos.map(({ rail, brand }) => stressSeriesFromDetail(rail, brand, { ...detail, panels: [{ ...detail.panels[0]!, series: [{ key: 'p99', label: 'p99', points: polled(48, 120, 2, 12) }] }, { ...detail.panels[2]!, series: [{ key: 'approval', label: 'approval', points: polled(48, 0.93, 0.002) }] }] }));
    await act(async () => useDashboard.getState().applyStress(series, NOW, NOW));
    render(<StressView />);
    expect(screen.getByLabelText('All series')).toHaveTextContent('data since 17:20:05 UTC (console started)');
    const panels = document.querySelectorAll('.dash-stress-panel');
    expect(panels).toHaveLength(4);
    for (const p of panels) {
      const left = [...p.querySelectorAll('.line-canvas-left')].map((e) => e.textContent);
      const right = [...p.querySelectorAll('.line-canvas-right')].map((e) => e.textContent);
      const x = [...p.querySelectorAll('.line-canvas-x')].map((e) => e.textContent);
      expect(left).toEqual(['0 ms', '100 ms', '200 ms', '300 ms']);
      expect(right).toEqual(['80 %', '90 %', '100 %']);
      // Time from where the console started, not an hour of empty canvas.
      expect(x.length).toBeGreaterThanOrEqual(2);
      for (const label of x) expect(label! >= '17:20' && label! <= '17:24').toBe(true);
    }
    const model = useDashboard.getState().stress!;
    expect(model.from).toBe(CONSOLE_STARTED.at);
  });
});

describe('sparklines', () => {
  it('draw at the width their tile gives them, measured', () => {
    // happy-dom lays nothing out: the tile gives its sparkline 236 px, as a browser would measure it.
    Object.defineProperty(SVGElement.prototype, 'clientWidth', { configurable: true, get: () => 236 });
    onTestFinished(() => {
      delete (SVGElement.prototype as { clientWidth?: number }).clientWidth;
    });
    useDashboard.getState().applyDashboard(syntheticDashboard(NOW, 3, DEMO_BRANDS, { spike: { cards: 1.5 } }), NOW);
    render(<RailMatrix />);
    const spark = document.querySelector('[data-tile="cards:*"] svg.dash-spark')!;
    expect(spark.getAttribute('viewBox')).toBe('0 0 236 32');
    expect(spark.querySelector('.dash-spark-limit')!.getAttribute('x2')).toBe('236');
    // The path, shaped in a 120-wide box, is scaled once to the measured width.
    expect(spark.querySelector('.dash-spark-line')!.getAttribute('transform')).toBe(`scale(${236 / 120} 1)`);
  });
});
