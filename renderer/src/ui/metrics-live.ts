import { api } from '../api.ts';

interface LiveTarget {
  refresh(): Promise<void>;
  /** The Dashboard.version held now, and the source's refresh interval in seconds. */
  held(): { version: number | undefined; refreshSeconds: number | undefined };
}

/**
 * Keeps a metrics view current: a `metrics.tick` carrying a version we do not hold refetches;
 * while ticks are quiet (no event stream, or it is reconnecting by itself) it polls at the
 * refresh interval. Returns the stop function.
 */
export function startMetricsLive(target: LiveTarget): () => void {
  let lastTickAt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  void target.refresh();
  const off = api.on('metrics.tick', (p) => {
    lastTickAt = Date.now();
    if (p.version !== target.held().version) void target.refresh();
  });
  const schedule = () => {
    const every = Math.max(1, target.held().refreshSeconds ?? 5) * 1000;
    timer = setTimeout(() => {
      const quiet = Date.now() - lastTickAt > every * 1.5;
      void (quiet ? target.refresh() : Promise.resolve()).finally(() => {
        if (!stopped) schedule();
      });
    }, every);
  };
  schedule();
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
  };
}
