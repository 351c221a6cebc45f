import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Dashboard, Detail } from '../../../shared/metrics.ts';
import { useApp } from '../features/app/store.ts';
import { DashboardView } from '../features/dashboard/DashboardPage.tsx';
import { CHART_HEIGHT, chartLayout } from '../features/dashboard/DetailCharts.tsx';
import { STRESS_CANVAS_HEIGHT } from '../features/dashboard/StressView.tsx';
import { useDashboard } from '../features/dashboard/store.ts';
import type { StressSeries } from '../features/dashboard/stress-model.ts';
import { Shell } from '../ui/Shell.tsx';
import { drawBaseline, makeCanvases, type BaselineCanvas, type BaselineLine } from './baseline.ts';
import { fixtureInfo } from './fixtures.ts';
import { nextFrame, timedUpdate, yieldTask, type UpdateTiming } from './harness.ts';
import { renderShot } from './shots.tsx';
import { DEMO_BRANDS, syntheticDashboard, syntheticDetail, syntheticStress } from './synthetic.ts';
import '../ui/theme.css';

/**
 * The render bench page (test/bench/render.bench.ts drives it in Chromium): the real Dashboard
 * components fed synthetic answers, and a plain-canvas baseline drawing the same points.
 * `?shot=…` renders fixed scenes for screenshots instead.
 */

const FRAMES = 4;
const root = createRoot(document.getElementById('root')!);
const baselineHost = document.getElementById('baseline')!;
let tileRenders = 0;
let chartRenders = 0;
const countTile = () => void tileRenders++;
const countChart = () => void chartRenders++;

interface Run {
  samples: UpdateTiming[];
  points: number;
  tilesPerUpdate?: number;
  panelsPerUpdate?: number;
  panels?: number;
}

function noCore() {
  // No core behind this page: the bench hands the store its answers itself.
  useDashboard.setState({ refresh: async () => {}, loadDetail: async () => {}, loadStress: async () => {}, loadThresholds: async () => {} });
}

async function mount(view: 'overview' | 'stress') {
  baselineHost.replaceChildren();
  useDashboard.setState({ view });
  flushSync(() =>
    root.render(
      <Shell>
        <DashboardView view={view} onTileRender={countTile} onChartRender={countChart} />
      </Shell>,
    ),
  );
  await nextFrame();
  await nextFrame();
}

function unmount() {
  flushSync(() => root.render(null));
}

// ── (a) the default dashboard: every tile and every detail panel gets new data ──

interface DashFrames {
  dash: Dashboard[];
  detail: Detail[];
  points: number;
}

function dashboardFrames(now: number, widthPx: number): DashFrames {
  // Every frame has the same breach (UPI p99), with other numbers: a live update, not a flapping alert.
  const dash = Array.from({ length: FRAMES }, (_, i) => syntheticDashboard(now, i + 1, DEMO_BRANDS, { spike: { upi: 2.1 } }));
  const detail = Array.from({ length: FRAMES }, (_, i) => syntheticDetail(now, '1h', null, null, widthPx, i + 1));
  const points = dash[0]!.tiles.reduce((n, t) => n + t.trend.length, 0) + detail[0]!.panels.reduce((n, p) => n + p.series.reduce((m, s) => m + s.points.length, 0), 0);
  return { dash, detail, points };
}

let version = 1;
function dashboardAnswer(f: DashFrames, i: number, now: number): { d: Dashboard; detail: Detail } {
  const v = ++version;
  const base = f.dash[i % FRAMES]!;
  const d: Dashboard = { ...base, generatedAt: now, version: v, tiles: base.tiles.map((t) => ({ ...t, freshness: { ...t.freshness, asOf: now - 1000 } })) };
  const det = f.detail[i % FRAMES]!;
  const detail: Detail = { ...det, generatedAt: now, panels: det.panels.map((p) => ({ ...p, version: v, freshness: { ...p.freshness, asOf: now - 1000 } })) };
  return { d, detail };
}

function applyDashboard(a: { d: Dashboard; detail: Detail }, now: number) {
  const st = useDashboard.getState();
  st.applyDashboard(a.d, now);
  st.applyDetail(a.detail, now);
}

let dashFrames: DashFrames | null = null;
/** Sizes read off the real components, so the baseline draws canvases of the same sizes. */
const sizes = { spark: { width: 200, height: 26 }, chart: { width: 600, height: CHART_HEIGHT }, stress: { width: 320, height: STRESS_CANVAS_HEIGHT } };

async function prepareDashboard(): Promise<DashFrames> {
  const now = Date.now();
  useDashboard.setState({ selection: { rail: null, brand: null }, range: '1h', dashboard: null, matrix: null, detail: null, stress: null });
  await mount('overview');
  sizes.chart.width = chartLayout(document.querySelector<HTMLElement>('.dash-detail-grid')?.clientWidth ?? 1100).chartWidth;
  dashFrames = dashboardFrames(now, sizes.chart.width);
  applyDashboard(dashboardAnswer(dashFrames, 0, now), now);
  await nextFrame();
  const spark = document.querySelector<SVGSVGElement>('.dash-spark');
  if (spark) sizes.spark = { width: Math.round(spark.clientWidth), height: Math.round(spark.clientHeight) };
  return dashFrames;
}

async function dashboard(n: number, warmup = 20): Promise<Run> {
  const f = await prepareDashboard();
  for (let i = 0; i < warmup; i++) {
    const now = Date.now();
    const a = dashboardAnswer(f, i, now);
    await timedUpdate(() => applyDashboard(a, now));
  }
  tileRenders = 0;
  chartRenders = 0;
  const samples: UpdateTiming[] = [];
  for (let i = 0; i < n; i++) {
    const now = Date.now();
    const a = dashboardAnswer(f, i, now);
    samples.push(await timedUpdate(() => applyDashboard(a, now)));
  }
  const panels = useDashboard.getState().detail?.panels.length ?? 0;
  const out = { samples, points: f.points, tilesPerUpdate: tileRenders / n, panelsPerUpdate: chartRenders / n, panels };
  unmount();
  return out;
}

async function dashboardBaseline(n: number, warmup = 20): Promise<Run> {
  const f = dashFrames ?? (await prepareDashboard());
  unmount();
  const d0 = f.dash[0]!;
  const canvases = makeCanvases(baselineHost, [...d0.tiles.map(() => sizes.spark), ...f.detail[0]!.panels.map(() => sizes.chart)]);
  const draw = (i: number, now: number) => {
    const d = f.dash[i % FRAMES]!;
    const det = f.detail[i % FRAMES]!;
    d.tiles.forEach((t, k) => drawBaseline(canvases[k]!, [{ points: t.trend, min: 0, max: 300 }], t.trend[0]![0], t.trend[t.trend.length - 1]![0]));
    det.panels.forEach((p, k) => {
      const lines: BaselineLine[] = p.series.map((s) => ({ points: s.points, min: p.unit === 'ms' ? 0 : 0.8, max: p.unit === 'ms' ? 400 : 1 }));
      drawBaseline(canvases[d.tiles.length + k]!, lines, now - 3_600_000, now);
    });
  };
  for (let i = 0; i < warmup; i++) await timedUpdate(() => draw(i, Date.now()));
  const samples: UpdateTiming[] = [];
  for (let i = 0; i < n; i++) samples.push(await timedUpdate(() => draw(i, Date.now())));
  baselineHost.replaceChildren();
  return { samples, points: f.points };
}

// ── (b) the 48-panel stress view: 48 series × 2 metrics × 1 h at 5 s ──

let stressFrames: StressSeries[][] = [];
const stressShape = { count: 48, points: 720, stepMs: 5000 };

function stressAnswer(i: number): StressSeries[] {
  const v = ++version;
  return stressFrames[i % FRAMES]!.map((s) => ({ ...s, version: `${v}:${s.key}` }));
}

async function stress(n: number, warmup = 10): Promise<Run> {
  const now = Date.now();
  stressFrames = Array.from({ length: FRAMES }, (_, i) => syntheticStress(now, stressShape.count, stressShape.points, stressShape.stepMs, i + 1));
  useDashboard.setState({ stress: null, range: '1h' });
  await mount('stress');
  useDashboard.getState().applyStress(stressAnswer(0), now);
  await nextFrame();
  const c = document.querySelector<HTMLCanvasElement>('.dash-stress-canvas');
  if (c) sizes.stress = { width: Math.round(c.clientWidth), height: Math.round(c.clientHeight) };
  for (let i = 0; i < warmup; i++) {
    const a = stressAnswer(i);
    await timedUpdate(() => useDashboard.getState().applyStress(a, now));
  }
  const samples: UpdateTiming[] = [];
  for (let i = 0; i < n; i++) {
    const a = stressAnswer(i);
    samples.push(await timedUpdate(() => useDashboard.getState().applyStress(a, now)));
  }
  const panels = document.querySelectorAll('.dash-stress-canvas').length;
  unmount();
  return { samples, points: stressShape.count * 2 * stressShape.points, panels };
}

async function stressBaseline(n: number, warmup = 10): Promise<Run> {
  unmount();
  const now = Date.now();
  if (!stressFrames.length) stressFrames = Array.from({ length: FRAMES }, (_, i) => syntheticStress(now, stressShape.count, stressShape.points, stressShape.stepMs, i + 1));
  const canvases: BaselineCanvas[] = makeCanvases(baselineHost, stressFrames[0]!.map(() => sizes.stress));
  const from = now - 3_600_000;
  const draw = (i: number) =>
    stressFrames[i % FRAMES]!.forEach((s, k) =>
      drawBaseline(
        canvases[k]!,
        [
          { points: s.p99, min: 0, max: 400 },
          { points: s.approval, min: 0.8, max: 1 },
        ],
        from,
        now,
      ),
    );
  for (let i = 0; i < warmup; i++) await timedUpdate(() => draw(i));
  const samples: UpdateTiming[] = [];
  for (let i = 0; i < n; i++) samples.push(await timedUpdate(() => draw(i)));
  baselineHost.replaceChildren();
  return { samples, points: stressShape.count * 2 * stressShape.points };
}

// ── (c) many updates, for the heap: no timing, a frame every few updates ──

async function churn(n: number): Promise<{ ms: number }> {
  const f = dashFrames ?? (await prepareDashboard());
  if (!document.querySelector('.dash-matrix')) await mount('overview');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const now = Date.now();
    const a = dashboardAnswer(f, i, now);
    flushSync(() => applyDashboard(a, now));
    if (i % 10 === 9) await nextFrame();
    else await yieldTask();
  }
  return { ms: performance.now() - t0 };
}

const params = new URLSearchParams(location.search);
const shot = params.get('shot');
if (shot) {
  renderShot(root, shot, params);
} else {
  useApp.setState({ info: fixtureInfo('demo') });
  noCore();
  Object.assign(window, { __bench: { ready: true, dashboard, dashboardBaseline, stress, stressBaseline, prepareDashboard, churn, unmount, sizes } });
}
