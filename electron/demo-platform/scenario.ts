// The incident a demo is playing: per rail and brand latency, approval and error overrides on
// top of the baselines, webhook backlog targets, and forced health of components.
import {
  BACKLOG_BASELINES,
  BRAND_IDS,
  HEALTH_COMPONENTS,
  HEALTH_STATUSES,
  PROVIDERS,
  RAILS,
  RAIL_BASELINES,
  type HealthComponent,
  type HealthStatus,
  type Provider,
  type Rail,
  type RailParams,
} from './catalog.ts';
import type { ScenarioBody } from './schemas.ts';

/** Error rate above which the wallet reports degraded, and down. */
const DEGRADED_ERROR_RATE = 0.05;
const DOWN_ERROR_RATE = 0.5;

type Override = Partial<RailParams>;
const pairKey = (rail: Rail, brand: string) => `${rail}/${brand}`;

function problemWith(p: RailParams, given: Override): string | undefined {
  if (p.p50_ms >= p.p99_ms) return `p50_ms (${p.p50_ms}) must be below p99_ms (${p.p99_ms})`;
  const { approval_rate: a, error_rate: e } = given;
  if (a !== undefined && e !== undefined && a + e > 1) return `approval_rate + error_rate is ${a + e}, more than 1`;
  return undefined;
}

export class Scenario {
  private overrides = new Map<string, Override>();
  private backlogTargets: Record<Provider, number> = { ...BACKLOG_BASELINES };
  private forcedHealth: Partial<Record<HealthComponent, HealthStatus>> = {};

  params(rail: Rail, brand: string): RailParams {
    const p = { ...RAIL_BASELINES[rail], ...this.overrides.get(pairKey(rail, brand)) };
    // An error rate given alone eats into the baseline approvals rather than being refused.
    return { ...p, approval_rate: Math.min(p.approval_rate, 1 - p.error_rate) };
  }

  backlogTarget(provider: Provider): number {
    return this.backlogTargets[provider];
  }

  /**
   * Applies a /sim/scenario body: all of it, or nothing and the reason. A rail override replaces
   * that rail's earlier override for the brands it names (all brands when it names none).
   */
  apply(body: ScenarioBody): string | undefined {
    const overrides = body.reset ? new Map<string, Override>() : new Map(this.overrides);
    for (const rail of RAILS) {
      const given = body.rails?.[rail];
      if (!given) continue;
      const { brands, ...fields } = given;
      for (const brand of brands ?? BRAND_IDS) {
        const problem = problemWith({ ...RAIL_BASELINES[rail], ...fields }, fields);
        if (problem) return `rails.${rail}: ${problem}`;
        overrides.set(pairKey(rail, brand), { ...fields });
      }
    }
    this.overrides = overrides;
    if (body.reset) {
      this.backlogTargets = { ...BACKLOG_BASELINES };
      this.forcedHealth = {};
    }
    for (const provider of PROVIDERS) {
      const target = body.webhook_backlog?.[provider];
      if (target !== undefined) this.backlogTargets[provider] = target;
    }
    this.forcedHealth = { ...this.forcedHealth, ...body.components };
    return undefined;
  }

  /** Gateway /health: the wallet follows the worst rail error rate unless a scenario forces it. */
  health(): { status: HealthStatus; components: Record<HealthComponent, HealthStatus> } {
    let worstError = 0;
    for (const rail of RAILS) for (const brand of BRAND_IDS) worstError = Math.max(worstError, this.params(rail, brand).error_rate);
    const wallet: HealthStatus = worstError > DOWN_ERROR_RATE ? 'down' : worstError > DEGRADED_ERROR_RATE ? 'degraded' : 'ok';
    const components = { wallet, admin_service: 'ok', postgres: 'ok', redis: 'ok', ...this.forcedHealth } satisfies Record<
      HealthComponent,
      HealthStatus
    >;
    const rank = (s: HealthStatus) => HEALTH_STATUSES.indexOf(s);
    const status = HEALTH_COMPONENTS.map((c) => components[c]).reduce((a, b) => (rank(b) > rank(a) ? b : a), 'ok' as HealthStatus);
    return { status, components };
  }

  /** The resulting scenario, as /sim/scenario answers it: effective values for every rail and brand. */
  describe() {
    const rails: Record<string, Record<string, RailParams>> = {};
    for (const rail of RAILS) {
      rails[rail] = Object.fromEntries(BRAND_IDS.map((brand) => [brand, this.params(rail, brand)]));
    }
    return { rails, webhook_backlog: { ...this.backlogTargets }, components: this.health().components };
  }
}
