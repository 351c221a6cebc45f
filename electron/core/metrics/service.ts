// The metrics service of one profile's core: picks the source the profile names, owns the
// hub, and keeps thresholds and the wall playlist per profile.
import type { ProfileConfig } from '../../../shared/environment.ts';
import { DEFAULT_THRESHOLDS, type Dashboard, type Detail, type Thresholds } from '../../../shared/metrics.ts';
import { DEFAULT_WALL, type WallConfig } from '../../../shared/wall.ts';
import type { EventBus } from '../events.ts';
import type { PlatformClient } from '../platform/client.ts';
import type { Db } from '../store/connection.ts';
import { platformHealthProbe } from './health.ts';
import { MetricsHub } from './hub.ts';
import { PrometheusSource } from './prometheus-source.ts';
import type { BaselineWindow, DetailRequest, MetricsSource } from './reading.ts';
import { ScrapeSource } from './scrape-source.ts';
import { MetricsSettingsRepository } from './settings-repository.ts';
import type { Timers } from './timers.ts';

/** Knobs for tests, soak runs and benches; the app uses the defaults. */
export interface MetricsOptions {
  /** Milliseconds since the epoch (default: the core's clock). Must match the source's clock for Prometheus. */
  clock?: () => number;
  timers?: Timers;
  autoPoll?: boolean;
  idleMs?: number;
  firstAnswerWaitMs?: number;
  timeoutMs?: number;
  baseline?: BaselineWindow;
  fetchImpl?: typeof fetch;
}

export interface MetricsDeps {
  db: Db;
  profile: ProfileConfig | null;
  profileName: string;
  events: EventBus;
  /** The core's platform client, for the health checks. */
  client: PlatformClient;
  clock: () => Date;
}

export interface MetricsService {
  readonly hub: MetricsHub;
  readonly source: MetricsSource | null;
  dashboard(): Promise<Dashboard>;
  detail(args: DetailRequest): Promise<Detail>;
  thresholds(): Thresholds;
  setThresholds(t: Thresholds): Thresholds;
  wallConfig(): WallConfig;
  setWallConfig(w: WallConfig): WallConfig;
  close(): void;
}

const isHttp = (u: string) => {
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:';
  } catch {
    return false;
  }
};

/** The source a profile names, or why there is none. */
export function sourceFor(profile: ProfileConfig | null, opts: MetricsOptions = {}): { source: MetricsSource | null; reason: string | null } {
  if (!profile) return { source: null, reason: 'No platform is configured for this profile: metrics need a gateway URL or a Prometheus URL (Settings → Profiles).' };
  const m = profile.metrics;
  const common = { refreshSeconds: m.refreshSeconds, rateWindowSeconds: m.rateWindowSeconds, timeoutMs: opts.timeoutMs, baseline: opts.baseline, fetchImpl: opts.fetchImpl };
  if (m.kind === 'scrape') {
    const url = m.url ?? (profile.gatewayUrl ? `${profile.gatewayUrl.replace(/\/+$/, '')}/metrics` : null);
    if (!url || !isHttp(url)) return { source: null, reason: 'Direct scrape needs the gateway URL (or a metrics URL) of this profile.' };
    return { source: new ScrapeSource({ url, ...common }), reason: null };
  }
  const url = m.url ?? profile.metricsUrl;
  if (!url || !isHttp(url)) return { source: null, reason: 'This profile reads metrics from Prometheus but names no Prometheus URL.' };
  return { source: new PrometheusSource({ url, queries: m.queries, ...common }), reason: null };
}

export function createMetricsService(deps: MetricsDeps, opts: MetricsOptions = {}): MetricsService {
  const settings = new MetricsSettingsRepository(deps.db);
  const refreshSeconds = deps.profile?.metrics.refreshSeconds ?? 5;
  let thresholds = settings.thresholds(deps.profileName) ?? deps.profile?.thresholds ?? DEFAULT_THRESHOLDS;
  const { source, reason } = sourceFor(deps.profile, opts);
  const hasPlatform = Boolean(deps.client.baseOf('gateway') || deps.client.baseOf('admin'));
  const hub = new MetricsHub({
    source,
    noSourceReason: reason ?? undefined,
    health: hasPlatform ? platformHealthProbe(deps.client, opts.timeoutMs ?? Math.min(5000, Math.max(1000, refreshSeconds * 1000))) : null,
    thresholds: () => thresholds,
    refreshSeconds,
    clock: opts.clock ?? (() => deps.clock().getTime()),
    timers: opts.timers,
    events: deps.events,
    autoPoll: opts.autoPoll,
    idleMs: opts.idleMs,
    firstAnswerWaitMs: opts.firstAnswerWaitMs,
  });
  return {
    hub,
    source,
    dashboard: () => hub.dashboard(),
    detail: (args) => hub.detail(args),
    thresholds: () => thresholds,
    setThresholds(t) {
      thresholds = settings.setThresholds(deps.profileName, t, deps.clock());
      hub.refresh();
      return thresholds;
    },
    wallConfig: () => settings.wall(deps.profileName) ?? DEFAULT_WALL,
    setWallConfig: (w) => settings.setWall(deps.profileName, w, deps.clock()),
    close: () => hub.close(),
  };
}
