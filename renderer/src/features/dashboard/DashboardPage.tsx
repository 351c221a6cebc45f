import { useEffect } from 'react';
import { DashboardHeader, MetricsErrorBanner } from './DashboardHeader.tsx';
import { DetailCharts } from './DetailCharts.tsx';
import { HealthColumn } from './HealthColumn.tsx';
import { RailMatrix } from './RailMatrix.tsx';
import { StressView } from './StressView.tsx';
import { startDashboardLive, useDashboard, type DashboardView as View } from './store.ts';
import { SuggestionsBar } from './SuggestionsBar.tsx';

/** The landing page: is money moving on every rail? Live while it is on screen. */
export function DashboardPage({ view }: { view: View }) {
  useEffect(() => useDashboard.getState().setView(view), [view]);
  useEffect(() => startDashboardLive(), []);
  return <DashboardView view={view} />;
}

/** Everything the page shows, from the store alone (the render bench mounts this with synthetic data). */
export function DashboardView({ view, onTileRender, onChartRender }: { view: View; onTileRender?: (key: string) => void; onChartRender?: (id: string) => void }) {
  return (
    <div className="dash-page">
      <DashboardHeader view={view} />
      <MetricsErrorBanner />
      <SuggestionsBar />
      {view === 'stress' ? (
        <StressView />
      ) : (
        <>
          <div className="dash-main">
            <RailMatrix onTileRender={onTileRender} />
            <HealthColumn />
          </div>
          <DetailCharts onChartRender={onChartRender} />
        </>
      )}
    </div>
  );
}
