import type { Root } from 'react-dom/client';
import { DEFAULT_WALL } from '../../../shared/wall.ts';
import { useApp } from '../features/app/store.ts';
import { DashboardView } from '../features/dashboard/DashboardPage.tsx';
import { useDashboard } from '../features/dashboard/store.ts';
import { useWall } from '../features/wall/store.ts';
import { WallView } from '../features/wall/WallPage.tsx';
import { Shell } from '../ui/Shell.tsx';
import { fixtureInfo } from './fixtures.ts';
import { DEMO_BRANDS, MORE_BRANDS, syntheticDashboard, syntheticDetail, syntheticStress, type Scenario } from './synthetic.ts';

/**
 * Fixed scenes for screenshots (`bench.html?shot=dashboard|breach|stale|down|stress|wall|wall-stale|wall-down|wall-outage`,
 * `&slide=N` for the wall, `&prod=1` for a production environment, `&brands=N` for N brands).
 * Synthetic data, no core.
 */
let brands = DEMO_BRANDS;
export function renderShot(root: Root, shot: string, params: URLSearchParams): void {
  const prod = params.get('prod') === '1';
  if (params.get('brands')) brands = MORE_BRANDS.slice(0, Number(params.get('brands')));
  useApp.setState({ info: fixtureInfo(prod ? 'production' : 'demo', shot.startsWith('wall') ? 'wall' : 'operator') });
  const scenario: Scenario =
    shot === 'breach' || shot === 'wall'
      ? { spike: { upi: 2.1 }, drop: { cards: 13 } }
      : shot === 'stale' || shot === 'wall-stale'
        ? { stale: (rail) => rail === 'netbanking' || rail === 'phonepe' }
        : shot === 'down' || shot === 'wall-down'
          ? { sourceDownMs: 185_000 }
          : {};
  if (shot.startsWith('wall')) return renderWall(root, shot, params, scenario);

  const now = Date.now();
  const st = useDashboard.getState();
  useDashboard.setState({
    refresh: async () => {},
    loadThresholds: async () => {},
    // The charts ask for their measured width: answer with synthetic series of that width.
    loadDetail: async () => {
      const s = useDashboard.getState();
      s.applyDetail(syntheticDetail(Date.now(), s.range, s.selection.rail, s.selection.brand, s.chartWidth, 3, 1, scenario), Date.now());
    },
    loadStress: async () => {
      useDashboard.getState().applyStress(syntheticStress(Date.now(), 24, 720, 5000, 5), Date.now());
    },
  });
  const view = shot === 'stress' ? 'stress' : 'overview';
  useDashboard.setState({ view });
  st.applyDashboard(syntheticDashboard(now, 3, brands, scenario), now);
  if (params.get('rail')) useDashboard.getState().select(params.get('rail'), params.get('brand'));
  if (view === 'stress') void useDashboard.getState().loadStress();
  root.render(
    <Shell>
      <DashboardView view={view} />
    </Shell>,
  );
}

function renderWall(root: Root, shot: string, params: URLSearchParams, scenario: Scenario) {
  const slide = Number(params.get('slide') ?? 0);
  const period = DEFAULT_WALL.rotateSeconds * 1000;
  const cycle = period * DEFAULT_WALL.playlist.length;
  // A time at which slideAt() lands on the wanted slide, 13 s before the next.
  const now = Math.floor(Date.now() / cycle) * cycle + slide * period + 7000;
  if (shot === 'wall-outage') {
    const d = syntheticDashboard(now - 200_000, 3, brands, {}, 7);
    useWall.getState().applyDashboard(d, now - 200_000);
    useWall.setState({ error: { code: 'offline', message: 'The Switchyard console server cannot be reached.' }, errorSince: now - 195_000 });
  } else {
    useWall.getState().applyDashboard(syntheticDashboard(now, 3, brands, scenario), now);
  }
  root.render(<WallView now={now} />);
}
