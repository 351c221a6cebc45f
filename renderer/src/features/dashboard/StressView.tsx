import { memo, useEffect, useMemo, useRef } from 'react';
import { brandDisplayName, orderBrandIds, type BrandNames } from '../../../../shared/brands.ts';
import { effectiveFreshness, type LiveStatus } from '../../ui/freshness.ts';
import { AXIS_ROOM, LineCanvas, type AxisTick } from '../../ui/LineCanvas.tsx';
import { brandLabel, figureText, railLabel } from '../../ui/metrics-format.ts';
import { tileKey } from '../../ui/rail-tiles.ts';
import { formatAge } from '../../ui/time.ts';
import { useElementWidth } from '../../ui/use-element-width.ts';
import { useNow } from '../../ui/use-now.ts';
import { useBrandNames } from './RailMatrix.tsx';
import { STRESS_APPROVAL_COLOR, STRESS_P99_COLOR, type StressPanelModel } from './stress-model.ts';
import { useDashboard } from './store.ts';

const MIN_PANEL = 330;
const GAP = 10;
const PAD = 10;
/** The plot's height; the clock labels take AXIS_ROOM.bottom more. */
export const STRESS_CANVAS_HEIGHT = 92;

/**
 * Columns, the width of each panel's drawing (axes included), and of its plot: what the core
 * downsamples to (about one point per two pixels of the plot).
 */
export function stressLayout(gridWidth: number): { columns: number; drawWidth: number; plotWidth: number } {
  const columns = Math.max(1, Math.floor((gridWidth + GAP) / (MIN_PANEL + GAP)));
  const panel = Math.floor((gridWidth - GAP * (columns - 1)) / columns);
  const drawWidth = Math.max(60 + AXIS_ROOM.left + AXIS_ROOM.right, panel - 2 * PAD - 2);
  return { columns, drawWidth, plotWidth: drawWidth - AXIS_ROOM.left - AXIS_ROOM.right };
}

/**
 * The panels in the dashboard's order: rail by rail, all brands then each brand in the one
 * brand order (shared/brands.ts), each titled with the brand's display name. A panel the
 * dashboard no longer lists keeps its place at the end.
 */
export function namedStressPanels(
  panels: readonly StressPanelModel[],
  rails: readonly string[],
  brands: readonly string[],
  names: BrandNames,
): { panel: StressPanelModel; title: string }[] {
  const byKey = new Map(panels.map((p) => [p.key, p]));
  const out: { panel: StressPanelModel; title: string }[] = [];
  for (const rail of rails) {
    for (const brand of [null, ...orderBrandIds(brands, names)]) {
      const panel = byKey.get(tileKey(rail, brand));
      if (!panel) continue;
      byKey.delete(panel.key);
      out.push({ panel, title: `${railLabel(rail)} × ${brand === null ? brandLabel(null) : brandDisplayName(brand, names)}` });
    }
  }
  for (const panel of byKey.values()) out.push({ panel, title: panel.title });
  return out;
}

export interface StressPanelProps {
  panel: StressPanelModel;
  /** "UPI × Royal Spin": by display name. */
  title: string;
  width: number;
  from: number;
  to: number;
  xTicks: readonly AxisTick[];
  status: LiveStatus;
  ageText: string;
}

/** One rail × brand: p99 (ms, left axis) and approval (%, right axis) over time, on one plain canvas. */
export const StressPanel = memo(function StressPanel({ panel, title, width, from, to, xTicks, status, ageText }: StressPanelProps) {
  const dead = status === 'stale' || status === 'error';
  return (
    <section className={`dash-stress-panel${dead ? ' dash-stress-stale' : panel.breach ? ' dash-stress-breach' : ''}`} aria-label={title} data-panel={panel.key}>
      <header className="dash-stress-head">
        <b title={title}>{title}</b>
        {dead ? (
          <span className="dash-mark dash-mark-stale">
            ▲ STALE{ageText ? ` · ${ageText}` : ''}
            {status === 'error' ? ' · ERROR' : ''}
          </span>
        ) : panel.breach ? (
          <span className="dash-mark dash-mark-breach">BREACH ▲ p99</span>
        ) : null}
      </header>
      <div className={`dash-stress-last${dead ? ' dash-stress-was' : ''}`}>
        <span style={{ color: STRESS_P99_COLOR }}>p99 {figureText(panel.p99)}</span> · <span style={{ color: STRESS_APPROVAL_COLOR }}>approval {figureText(panel.approval)}</span>
      </div>
      {status === 'error' ? (
        <div className="dash-panel-error" style={{ height: STRESS_CANVAS_HEIGHT + AXIS_ROOM.bottom }}>
          ✕ nothing drawn: {panel.freshness.error ?? 'bad answer'}
        </div>
      ) : (
        <LineCanvas
          series={panel.lines}
          guides={panel.guides}
          width={width}
          height={STRESS_CANVAS_HEIGHT + AXIS_ROOM.bottom}
          from={from}
          to={to}
          xTicks={xTicks}
          leftAxis={panel.leftAxis}
          rightAxis={panel.rightAxis}
          label={`${title}: p99 and approval`}
          className="dash-stress-canvas"
        />
      )}
    </section>
  );
});

/** Every rail × brand at once, on plain canvases: what the 48-panel benchmark renders. */
export function StressView() {
  const stress = useDashboard((s) => s.stress);
  const error = useDashboard((s) => s.stressError);
  const hasDashboard = useDashboard((s) => s.dashboard !== null);
  const rails = useDashboard((s) => s.dashboard?.rails);
  const brands = useDashboard((s) => s.dashboard?.brands);
  const names = useBrandNames();
  const shown = useMemo(() => (stress ? namedStressPanels(stress.panels, rails ?? [], brands ?? [], names) : []), [stress, rails, brands, names]);
  const refreshSeconds = useDashboard((s) => s.snapshot?.refreshSeconds ?? 5);
  const setStressWidth = useDashboard((s) => s.setStressWidth);
  const grid = useRef<HTMLDivElement>(null);
  const gridWidth = useElementWidth(grid, 1200);
  const { columns, drawWidth, plotWidth } = stressLayout(gridWidth);
  const now = useNow(1000);
  useEffect(() => setStressWidth(plotWidth), [plotWidth, setStressWidth]);
  const snap = stress ? { generatedAt: stress.generatedAt, receivedAt: stress.receivedAt, refreshSeconds } : null;
  return (
    <section className="dash-stress" aria-label="All series">
      <p className="muted small dash-stress-legend">
        <span style={{ color: STRESS_P99_COLOR }}>━ p99 latency</span> · <span style={{ color: STRESS_APPROVAL_COLOR }}>━ approval rate</span> ·{' '}
        <span className="error-text">┅ p99 limit</span> — each rail × brand on its own canvas, {stress?.panels.length ?? 0} panels: p99 in ms on the left axis,
        approval in % on the right, time in UTC below.
      </p>
      {stress?.since && <p className="muted small dash-stress-since" style={{ margin: 0 }}>◂ {stress.since}</p>}
      {error && <p className="error-text">✕ Some series are unavailable: {error.message}</p>}
      {!stress && <p className="muted">{hasDashboard ? 'Loading every series…' : 'Waiting for the dashboard…'}</p>}
      <div ref={grid} className="dash-stress-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {stress &&
          shown.map(({ panel: p, title }) => {
            const eff = effectiveFreshness(p.freshness, snap, now);
            return (
              <StressPanel
                key={p.key}
                panel={p}
                title={title}
                width={drawWidth}
                from={stress.from}
                to={stress.to}
                xTicks={stress.xTicks}
                status={eff.status}
                ageText={eff.status === 'live' || eff.ageMs === null ? '' : formatAge(eff.ageMs)}
              />
            );
          })}
      </div>
    </section>
  );
}
