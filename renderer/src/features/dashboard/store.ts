import { create } from 'zustand';
import { DEFAULT_THRESHOLDS, type Dashboard, type Detail, type RangeKey, type Thresholds } from '../../../../shared/metrics.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';
import type { Snapshot } from '../../ui/freshness.ts';
import { buildMatrix, type Matrix } from '../../ui/rail-tiles.ts';
import { shapeDetail, type DetailModel } from './detail-model.ts';
import { shapeStress, stressSeriesFromDetail, stressWindow, type StressModel, type StressSeries } from './stress-model.ts';
import { startMetricsLive } from '../../ui/metrics-live.ts';

export type DashboardView = 'overview' | 'stress';

export interface DashboardState {
  view: DashboardView;
  range: RangeKey;
  /** The rail × brand the detail charts show; rail null: all six rails. */
  selection: { rail: string | null; brand: string | null };
  dashboard: Dashboard | null;
  snapshot: Snapshot | null;
  matrix: Matrix | null;
  thresholds: Thresholds;
  /** The last dashboard request failed: what is on screen is the last answer, shown STALE. */
  error: ApiError | null;
  errorSince: number | null;
  detail: DetailModel | null;
  detailError: ApiError | null;
  detailLoading: boolean;
  /** A detail chart's measured width: the core downsamples to about one point per two pixels of it. */
  chartWidth: number;
  stress: StressModel | null;
  stressError: ApiError | null;
  stressWidth: number;

  setView(v: DashboardView): void;
  setRange(r: RangeKey): void;
  select(rail: string | null, brand: string | null): void;
  setChartWidth(px: number): void;
  setStressWidth(px: number): void;
  refresh(): Promise<void>;
  loadDetail(): Promise<void>;
  loadStress(): Promise<void>;
  loadThresholds(): Promise<void>;
  /** Takes a Dashboard answer (from the core, or from the render bench). */
  applyDashboard(d: Dashboard, receivedAt?: number): void;
  applyDetail(d: Detail, receivedAt?: number, sel?: { rail: string | null; brand: string | null; widthPx: number }): void;
  applyStress(series: readonly StressSeries[], generatedAt: number, receivedAt?: number): void;
}

let dashboardSeq = 0;
let detailSeq = 0;
let stressSeq = 0;
const STRESS_PARALLEL = 4;

/** Widths are bucketed so that a window resized by a few pixels does not refetch every chart. */
const bucket = (px: number) => Math.max(50, Math.min(8000, Math.round(px / 20) * 20));

export const useDashboard = create<DashboardState>((set, get) => ({
  view: 'overview',
  range: '1h',
  selection: { rail: null, brand: null },
  dashboard: null,
  snapshot: null,
  matrix: null,
  thresholds: DEFAULT_THRESHOLDS,
  error: null,
  errorSince: null,
  detail: null,
  detailError: null,
  detailLoading: false,
  chartWidth: 600,
  stress: null,
  stressError: null,
  stressWidth: 320,

  setView(view) {
    if (view === get().view) return;
    set({ view });
    if (view === 'stress') void get().loadStress();
  },

  setRange(range) {
    if (range === get().range) return;
    set({ range, detail: null, stress: null });
    void get().loadDetail();
    if (get().view === 'stress') void get().loadStress();
  },

  select(rail, brand) {
    const s = get().selection;
    if (s.rail === rail && s.brand === brand) return;
    set({ selection: { rail, brand }, detail: null, detailError: null });
    void get().loadDetail();
  },

  setChartWidth(px) {
    const w = bucket(px);
    if (w === get().chartWidth) return;
    set({ chartWidth: w });
    void get().loadDetail();
  },

  setStressWidth(px) {
    const w = bucket(px);
    if (w === get().stressWidth) return;
    set({ stressWidth: w });
    if (get().view === 'stress') void get().loadStress();
  },

  async refresh() {
    const seq = ++dashboardSeq;
    const r = await api['metrics.dashboard']();
    if (seq !== dashboardSeq) return; // a newer request already answered
    if (!r.ok) {
      set({ error: r.error, errorSince: get().errorSince ?? Date.now() });
      if (!get().detail && !get().detailLoading) void get().loadDetail();
      return;
    }
    const changed = r.value.version !== get().dashboard?.version;
    if (changed) get().applyDashboard(r.value);
    else if (get().error) set({ error: null, errorSince: null });
    if (changed || !get().detail) void get().loadDetail();
    if (changed && get().view === 'stress') void get().loadStress();
  },

  async loadDetail() {
    const { selection, range, chartWidth } = get();
    const seq = ++detailSeq;
    set({ detailLoading: true });
    const r = await api['metrics.detail']({ rail: selection.rail, brand: selection.brand, range, widthPx: chartWidth });
    if (seq !== detailSeq) return;
    if (r.ok) get().applyDetail(r.value, Date.now(), { ...selection, widthPx: chartWidth });
    else set({ detailError: r.error, detailLoading: false });
  },

  async loadStress() {
    const d = get().dashboard;
    if (!d) return;
    const seq = ++stressSeq;
    const { range, stressWidth } = get();
    const combos = d.rails.flatMap((rail) => [null, ...d.brands].map((brand) => ({ rail, brand })));
    const out: StressSeries[] = new Array(combos.length);
    let generatedAt = 0;
    let failure: ApiError | null = null;
    let next = 0;
    const worker = async () => {
      while (next < combos.length) {
        const i = next++;
        const { rail, brand } = combos[i]!;
        const r = await api['metrics.detail']({ rail, brand, range, widthPx: stressWidth });
        if (r.ok) {
          out[i] = stressSeriesFromDetail(rail, brand, r.value);
          generatedAt = Math.max(generatedAt, r.value.generatedAt);
        } else {
          failure = r.error;
          out[i] = {
            key: `${rail}:${brand ?? '*'}`,
            rail,
            brand,
            p99: [],
            approval: [],
            freshness: { status: 'error', asOf: null, error: r.error.message },
            version: `error:${r.error.code}`,
          };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(STRESS_PARALLEL, combos.length) }, worker));
    if (seq !== stressSeq) return;
    set({ stressError: failure });
    get().applyStress(out, generatedAt || Date.now());
  },

  async loadThresholds() {
    const r = await api['metrics.thresholds']();
    if (r.ok && !get().dashboard) set({ thresholds: r.value });
  },

  applyDashboard(d, receivedAt = Date.now()) {
    set({
      dashboard: d,
      snapshot: { generatedAt: d.generatedAt, receivedAt, refreshSeconds: d.source.refreshSeconds },
      matrix: buildMatrix(d, get().matrix),
      thresholds: d.thresholds,
      error: null,
      errorSince: null,
    });
  },

  applyDetail(d, receivedAt = Date.now(), sel = { ...get().selection, widthPx: get().chartWidth }) {
    set({ detail: shapeDetail(d, sel, get().detail, get().thresholds, receivedAt), detailError: null, detailLoading: false });
  },

  applyStress(series, generatedAt, receivedAt = Date.now()) {
    const prev = get().stress;
    const window = stressWindow(series, get().range, generatedAt, prev);
    set({ stress: shapeStress(series, prev, get().thresholds, { ...window, generatedAt, receivedAt }) });
  },
}));

/**
 * Keeps the dashboard live while it is on screen: refetch when a `metrics.tick` carries a
 * version we do not hold; poll at the refresh interval only while ticks are not arriving
 * (no event stream, or it is reconnecting).
 */
export function startDashboardLive(): () => void {
  const st = useDashboard.getState;
  void st().loadThresholds();
  return startMetricsLive({
    refresh: () => st().refresh(),
    held: () => ({ version: st().dashboard?.version, refreshSeconds: st().dashboard?.source.refreshSeconds }),
  });
}
