// A core whose metrics come from a real demo platform over HTTP, with the platform's traffic
// and the hub's timers on ONE hand-moved clock: "five minutes later" is an advance() call,
// and each poll is a real GET /metrics (plus the two health checks).
import { join } from 'node:path';
import { ProfileConfig, type ProfileInput } from '../../shared/environment.ts';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import type { MetricsOptions } from '../../electron/core/metrics/service.ts';
import { startDemoPlatform, type RunningDemoPlatform } from '../../electron/demo-platform/index.ts';
import { openCore } from './console.ts';
import { ManualTimers, START } from './metrics-fixtures.ts';
import { DemoControl } from './platform.ts';
import type { Scratch } from './scratch.ts';
import { waitFor } from './wait.ts';

export interface MetricsRig {
  demo: RunningDemoPlatform;
  control: DemoControl;
  core: ConsoleCore;
  timers: ManualTimers;
  profile: ProfileConfig;
  /** Moves the shared clock, running each poll that falls due to its end (real HTTP). */
  advance(ms: number): Promise<void>;
  /** GET /metrics requests the platform has served. */
  scrapes(): Promise<number>;
}

export async function startMetricsRig(scratch: Scratch, opts: { metrics?: Partial<ProfileInput['metrics']>; hub?: MetricsOptions } = {}): Promise<MetricsRig> {
  const timers = new ManualTimers(START);
  const demo = await startDemoPlatform({ clock: () => timers.now, seed: 7 });
  scratch.defer(() => demo.stop());
  const profile = ProfileConfig.parse({
    name: 'metrics-it',
    kind: 'platform',
    environmentName: 'metrics-integration',
    adminUrl: demo.adminUrl,
    gatewayUrl: demo.gatewayUrl,
    metrics: { kind: 'scrape', refreshSeconds: 5, rateWindowSeconds: 30, ...opts.metrics },
  });
  const core = openCore(scratch, {
    dataDir: join(scratch.tempDir('switchyard-metrics-'), 'profile'),
    profile,
    // One clock for the whole core: incidents declared now sit on the same time line as the metrics.
    clock: () => new Date(timers.now),
    metrics: { clock: timers.clock, timers, autoPoll: true, timeoutMs: 1000, ...opts.hub },
  });
  const control = new DemoControl(demo);
  // A poll is over when it has scheduled the next one (the hub schedules only after finishing).
  const settle = () => waitFor('the poll to finish and schedule the next', () => timers.pending > 0 || undefined, { timeoutMs: 10_000, intervalMs: 5 });
  return {
    demo,
    control,
    core,
    timers,
    profile,
    advance: (ms) => timers.advance(ms, settle),
    scrapes: async () => (await control.state()).requests.gateway['GET /metrics'] ?? 0,
  };
}
