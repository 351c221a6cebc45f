import { useEffect, useRef } from 'react';
import { brandDisplayName, type BrandNames } from '../../../../shared/brands.ts';
import { FreshnessBadge } from '../../ui/FreshnessBadge.tsx';
import { effectiveFreshness, type Snapshot } from '../../ui/freshness.ts';
import { brandLabel, railLabel } from '../../ui/metrics-format.ts';
import { formatAge } from '../../ui/time.ts';
import { useElementWidth } from '../../ui/use-element-width.ts';
import { useNow } from '../../ui/use-now.ts';
import { DetailChart } from './DetailChart.tsx';
import type { PanelModel } from './detail-model.ts';
import { useBrandNames } from './RailMatrix.tsx';
import { useDashboard } from './store.ts';

const MIN_COLUMN = 420;
const GAP = 16;
const PANEL_PAD = 16;
export const CHART_HEIGHT = 220;

/**
 * Column count and chart width for a grid width: computed here so CSS and the request agree.
 * `panels`: how many charts the answer will hold (two for one rail, three for all rails), so
 * two charts share the row instead of leaving a third of it empty.
 */
export function chartLayout(gridWidth: number, panels = 3): { columns: number; chartWidth: number } {
  const columns = Math.max(1, Math.min(panels, Math.floor((gridWidth + GAP) / (MIN_COLUMN + GAP))));
  const column = Math.floor((gridWidth - GAP * (columns - 1)) / columns);
  return { columns, chartWidth: Math.max(120, column - 2 * PANEL_PAD - 2) };
}

/** The core titles a brand's panel "upi approval rate · royalspin": the brand by its display name instead. */
export function namedPanelTitle(title: string, brand: string | null, names: BrandNames): string {
  const suffix = brand === null ? '' : ` · ${brand}`;
  if (!suffix || !title.endsWith(suffix)) return title;
  return `${title.slice(0, -suffix.length)} · ${brandDisplayName(brand!, names)}`;
}

function PanelFrame({
  panel,
  title,
  width,
  snap,
  now,
  onChartRender,
}: {
  panel: PanelModel;
  title: string;
  width: number;
  snap: Snapshot | null;
  now: number;
  onChartRender?: (id: string) => void;
}) {
  const eff = effectiveFreshness(panel.freshness, snap, now);
  const dead = eff.status === 'stale' || eff.status === 'error';
  return (
    <section className={`dash-panel${dead ? ' dash-panel-stale' : ''}`} aria-label={title} data-panel={panel.id} data-history-start={panel.historyStart ?? undefined}>
      <header className="dash-panel-head">
        <h3>{title}</h3>
        <FreshnessBadge status={eff.status} ageMs={eff.ageMs} />
      </header>
      {panel.since && <p className="muted small dash-panel-since" style={{ margin: '0 0 2px' }}>◂ {panel.since}</p>}
      {eff.status === 'error' ? (
        // A malformed or partial answer draws nothing: a wrong line is worse than none.
        <div className="dash-panel-error" style={{ height: CHART_HEIGHT }}>
          ✕ ERROR — nothing drawn: {panel.freshness.error ?? 'the source gave a malformed or partial answer'}
        </div>
      ) : (
        <div className="dash-chart-wrap">
          <DetailChart panel={panel} title={title} width={width} height={CHART_HEIGHT} onRender={onChartRender} />
          {dead && (
            <div className="dash-stale-overlay" style={{ height: CHART_HEIGHT }}>
              <span>▲ STALE{eff.ageMs !== null ? ` · newest point ${formatAge(eff.ageMs)} old` : ''}</span>
            </div>
          )}
        </div>
      )}
      <footer className="dash-panel-note">{panel.note}</footer>
    </section>
  );
}

/** p95/p99 latency and approval over time, for the picked rail × brand or all six rails. */
export function DetailCharts({ onChartRender }: { onChartRender?: (id: string) => void }) {
  const detail = useDashboard((s) => s.detail);
  const error = useDashboard((s) => s.detailError);
  const loading = useDashboard((s) => s.detailLoading);
  const selection = useDashboard((s) => s.selection);
  const range = useDashboard((s) => s.range);
  const refreshSeconds = useDashboard((s) => s.snapshot?.refreshSeconds ?? 5);
  const select = useDashboard((s) => s.select);
  const setChartWidth = useDashboard((s) => s.setChartWidth);
  const grid = useRef<HTMLDivElement>(null);
  const gridWidth = useElementWidth(grid, 1100);
  const { columns, chartWidth } = chartLayout(gridWidth, selection.rail === null ? 3 : 2);
  const names = useBrandNames();
  const now = useNow(1000);
  useEffect(() => setChartWidth(chartWidth), [chartWidth, setChartWidth]);
  const snap: Snapshot | null = detail ? { generatedAt: detail.generatedAt, receivedAt: detail.receivedAt, refreshSeconds } : null;
  const brandName = selection.brand === null ? brandLabel(null) : brandDisplayName(selection.brand, names);
  const title = selection.rail === null ? 'All six rails' : `${railLabel(selection.rail)} × ${brandName}`;
  return (
    <section className="dash-detail" aria-label="Detail charts">
      <div className="dash-detail-head">
        <h2>{title}</h2>
        <span className="muted">last {range}</span>
        {selection.rail !== null && (
          <button type="button" className="button button-secondary button-small" onClick={() => select(null, null)}>
            Show all six rails
          </button>
        )}
        {loading && <span className="muted small">loading…</span>}
      </div>
      {error && (
        <p className="error-text dash-detail-error" role="alert">
          ✕ Charts unavailable: {error.message}
          {detail ? ' — the charts below are the last answer.' : ''}
        </p>
      )}
      <div ref={grid} className="dash-detail-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {detail?.panels.map((p) => (
          <PanelFrame key={p.id} panel={p} title={namedPanelTitle(p.title, detail.brand, names)} width={chartWidth} snap={snap} now={now} onChartRender={onChartRender} />
        ))}
      </div>
      {detail && detail.panels.length === 0 && <p className="muted">The source has no series for this selection.</p>}
    </section>
  );
}
