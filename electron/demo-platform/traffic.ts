// Simulated payment traffic, advanced lazily by the elapsed time of the injected clock. Each
// advance adds whole batches per rail and brand (bucket counts from the scenario's lognormal),
// so an hour of simulated time costs the same as a second: no per-request loop anywhere.
import {
  BACKLOG_BASELINES,
  BRAND_IDS,
  BRAND_TRAFFIC_WEIGHT,
  DEPOSIT_SHARE,
  LATENCY_BUCKETS,
  PROVIDERS,
  RAILS,
  RAIL_PROVIDERS,
  type Provider,
  type Rail,
} from './catalog.ts';
import { bucketShares, fitLognormal, gaussian, lognormalMean, seededRandom } from './distribution.ts';
import type { Scenario } from './scenario.ts';
import type { DemoPlatformState } from './state.ts';

export type Outcome = 'approved' | 'declined' | 'error';
export const OUTCOMES: readonly Outcome[] = ['approved', 'declined', 'error'];

/** Counters of one rail × brand series, all monotonic as Prometheus expects. */
export interface RailSeries {
  readonly rail: Rail;
  readonly brand: string;
  /** Non-cumulative counts per LATENCY_BUCKETS entry, plus one for everything above the last bound. */
  readonly buckets: number[];
  sum: number;
  count: number;
  readonly outcomes: Record<Outcome, number>;
  // Fractions not yet emitted: carried so slow rails and short advances still add up exactly.
  readonly bucketCarry: number[];
  approvedCarry: number;
  errorCarry: number;
}

/** Seconds over which a webhook backlog moves most of the way to its scenario target. */
const BACKLOG_TIME_CONSTANT_S = 30;

export class TrafficSimulation {
  readonly series: RailSeries[] = [];
  /** Simulated gateway answers by status code (declines are 200s; failures are 502s). */
  readonly codes = new Map<string, number>();
  private readonly backlogs = new Map<Provider, number>();
  private readonly random: () => number;
  private last: number;

  constructor(
    private readonly state: DemoPlatformState,
    private readonly scenario: Scenario,
    private readonly clock: () => number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.last = clock();
    for (const rail of RAILS) {
      for (const brand of BRAND_IDS) {
        this.series.push({
          rail,
          brand,
          buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
          bucketCarry: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
          sum: 0,
          count: 0,
          outcomes: { approved: 0, declined: 0, error: 0 },
          approvedCarry: 0,
          errorCarry: 0,
        });
      }
    }
    for (const p of PROVIDERS) this.backlogs.set(p, BACKLOG_BASELINES[p]);
  }

  /** Bills the time since the last advance to the current scenario and platform state. */
  advance(): void {
    const now = this.clock();
    const dt = (now - this.last) / 1000;
    if (!(dt > 0)) return;
    this.last = now;
    for (const s of this.series) this.advanceSeries(s, dt);
    for (const p of PROVIDERS) this.advanceBacklog(p, dt);
  }

  backlog(provider: Provider): number {
    return Math.max(0, Math.round(this.backlogs.get(provider) ?? 0));
  }

  /** Share of a rail × brand's requests that levers and blocked providers leave able to succeed. */
  private openShare(rail: Rail, brand: string): number {
    const flows =
      DEPOSIT_SHARE * (this.state.walletOpen('deposit', brand) ? 1 : 0) +
      (1 - DEPOSIT_SHARE) * (this.state.walletOpen('withdraw', brand) ? 1 : 0);
    const providers = RAIL_PROVIDERS[rail];
    const reachable = providers.filter((p) => !this.state.isProviderBlocked(p)).length / providers.length;
    return flows * reachable;
  }

  private advanceSeries(s: RailSeries, dt: number): void {
    const params = this.scenario.params(s.rail, s.brand);
    // A little noise so a dashboard line is not a ruler; bounded so rates stay near the scenario.
    const jitter = Math.min(1.25, Math.max(0.75, 1 + 0.08 * gaussian(this.random)));
    const expected = params.rps * (BRAND_TRAFFIC_WEIGHT[s.brand] ?? 1) * dt * jitter;
    const dist = fitLognormal(params.p50_ms, params.p99_ms);
    const shares = bucketShares(dist, LATENCY_BUCKETS);
    let added = 0;
    shares.forEach((share, i) => {
      const due = (s.bucketCarry[i] ?? 0) + expected * share;
      const whole = Math.floor(due);
      s.bucketCarry[i] = due - whole;
      s.buckets[i] = (s.buckets[i] ?? 0) + whole;
      added += whole;
    });
    if (added === 0) return;
    s.count += added;
    s.sum += added * lognormalMean(dist);

    s.approvedCarry += added * params.approval_rate * this.openShare(s.rail, s.brand);
    s.errorCarry += added * params.error_rate;
    const approved = Math.min(Math.floor(s.approvedCarry), added);
    const errors = Math.min(Math.floor(s.errorCarry), added - approved);
    s.approvedCarry -= approved;
    s.errorCarry -= errors;
    s.outcomes.approved += approved;
    s.outcomes.error += errors;
    s.outcomes.declined += added - approved - errors;
    this.bumpCode('200', added - errors);
    this.bumpCode('502', errors);
  }

  /** Mean-reverting drift toward the scenario's target (an Ornstein-Uhlenbeck step of any length). */
  private advanceBacklog(p: Provider, dt: number): void {
    const target = this.scenario.backlogTarget(p);
    const x = this.backlogs.get(p) ?? target;
    const decay = Math.exp(-dt / BACKLOG_TIME_CONSTANT_S);
    const spread = 1.5 + 0.02 * target;
    const next = target + (x - target) * decay + spread * Math.sqrt(1 - decay * decay) * gaussian(this.random);
    this.backlogs.set(p, Math.max(0, next));
  }

  private bumpCode(code: string, by: number): void {
    if (by > 0) this.codes.set(code, (this.codes.get(code) ?? 0) + by);
  }
}
