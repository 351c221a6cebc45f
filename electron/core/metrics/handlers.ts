import type { HandlerSlice } from '../../../shared/api.ts';
import { ok } from '../../../shared/result.ts';
import type { MetricsService } from './service.ts';

/** The `metrics.*` and `wall.*` slices: the wall reads the same hub as the dashboard. */
export function metricsHandlers(metrics: MetricsService): HandlerSlice<'metrics'> & HandlerSlice<'wall'> {
  return {
    'metrics.dashboard': async () => ok(await metrics.dashboard()),
    'metrics.detail': async (args) => ok(await metrics.detail(args)),
    'metrics.thresholds': () => ok(metrics.thresholds()),
    'metrics.setThresholds': (args) => ok(metrics.setThresholds(args)),
    'wall.config': () => ok(metrics.wallConfig()),
    'wall.setConfig': (args) => ok(metrics.setWallConfig(args)),
  };
}
