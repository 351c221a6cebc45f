import { create } from 'zustand';
import type { Dashboard } from '../../../../shared/metrics.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { DEFAULT_WALL, type WallConfig } from '../../../../shared/wall.ts';
import { api } from '../../api.ts';
import type { Snapshot } from '../../ui/freshness.ts';
import { buildMatrix, type Matrix } from '../../ui/rail-tiles.ts';
import { startMetricsLive } from '../../ui/metrics-live.ts';

interface WallState {
  /** The default playlist until the core's answers: a wall rotates even when the core does not. */
  config: WallConfig;
  dashboard: Dashboard | null;
  snapshot: Snapshot | null;
  matrix: Matrix | null;
  /** The last dashboard request failed (console unreachable or metrics down). */
  error: ApiError | null;
  errorSince: number | null;
  refresh(): Promise<void>;
  loadConfig(): Promise<void>;
  applyDashboard(d: Dashboard, receivedAt?: number): void;
}

let seq = 0;

export const useWall = create<WallState>((set, get) => ({
  config: DEFAULT_WALL,
  dashboard: null,
  snapshot: null,
  matrix: null,
  error: null,
  errorSince: null,

  async refresh() {
    const mine = ++seq;
    const r = await api['metrics.dashboard']();
    if (mine !== seq) return;
    if (!r.ok) return set({ error: r.error, errorSince: get().errorSince ?? Date.now() });
    if (r.value.version !== get().dashboard?.version) get().applyDashboard(r.value);
    else if (get().error) set({ error: null, errorSince: null });
  },

  async loadConfig() {
    const r = await api['wall.config']();
    if (r.ok) set({ config: r.value });
  },

  applyDashboard(d, receivedAt = Date.now()) {
    set({
      dashboard: d,
      snapshot: { generatedAt: d.generatedAt, receivedAt, refreshSeconds: d.source.refreshSeconds },
      matrix: buildMatrix(d, get().matrix),
      error: null,
      errorSince: null,
    });
  },
}));

const CONFIG_EVERY_MS = 60_000;

/**
 * Keeps the wall current: a `metrics.tick` with a new version refetches; while ticks are
 * quiet (the event stream is down and reconnecting by itself) it polls at the refresh
 * interval. The playlist is re-read every minute. Nothing here ever writes.
 */
export function startWallLive(): () => void {
  const st = useWall.getState;
  void st().loadConfig();
  const stop = startMetricsLive({
    refresh: () => st().refresh(),
    held: () => ({ version: st().dashboard?.version, refreshSeconds: st().dashboard?.source.refreshSeconds }),
  });
  const config = setInterval(() => void st().loadConfig(), CONFIG_EVERY_MS);
  return () => {
    stop();
    clearInterval(config);
  };
}
