// The fixed world of the demo platform: roles, brands, providers, rails and their baselines.
// Plain data, so the state, the traffic simulation and the tests all name the same things.

export const ROLES = ['viewer', 'operator', 'super_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Higher rank may do everything a lower rank may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface Brand {
  brand_id: string;
  name: string;
  region: string;
}

export const BRANDS: readonly Brand[] = [
  { brand_id: 'royalspin', name: 'Royal Spin', region: 'IN-West' },
  { brand_id: 'lucky7', name: 'Lucky 7', region: 'IN-South' },
  { brand_id: 'cricketking', name: 'Cricket King', region: 'IN-North' },
  { brand_id: 'teenpatti', name: 'Teen Patti Club', region: 'IN-East' },
];
export const BRAND_IDS = BRANDS.map((b) => b.brand_id);

/** Share of each rail's traffic a brand carries, relative to the rail's base rate. */
export const BRAND_TRAFFIC_WEIGHT: Readonly<Record<string, number>> = {
  royalspin: 1.0,
  lucky7: 0.8,
  cricketking: 1.25,
  teenpatti: 0.6,
};

export const RAILS = ['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards'] as const;
export type Rail = (typeof RAILS)[number];

export const PROVIDERS = ['razorpay', 'payu', 'cashfree', 'paytm-pg', 'phonepe-pg', 'billdesk'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Which providers carry a rail: blocking one takes its share of that rail's traffic down. */
export const RAIL_PROVIDERS: Readonly<Record<Rail, readonly Provider[]>> = {
  upi: ['razorpay', 'cashfree', 'phonepe-pg'],
  imps: ['cashfree', 'billdesk'],
  netbanking: ['razorpay', 'payu', 'billdesk'],
  paytm: ['paytm-pg'],
  phonepe: ['phonepe-pg'],
  cards: ['razorpay', 'payu'],
};

/** What a rail does for one brand: the knobs a scenario turns. */
export interface RailParams {
  p50_ms: number;
  p99_ms: number;
  /** approved / all requests, before levers refuse anything. */
  approval_rate: number;
  /** share of requests that fail at the gateway (5xx). */
  error_rate: number;
  /** requests per second for a brand of weight 1. */
  rps: number;
}

export const RAIL_BASELINES: Readonly<Record<Rail, RailParams>> = {
  // Baselines sit well under the 200 ms p99 alert even for a quiet brand's noisy p99 (a few
  // requests a second, interpolated between histogram buckets): a breach means a scenario.
  upi: { p50_ms: 40, p99_ms: 105, approval_rate: 0.93, error_rate: 0.002, rps: 22 },
  imps: { p50_ms: 50, p99_ms: 110, approval_rate: 0.95, error_rate: 0.002, rps: 6 },
  netbanking: { p50_ms: 55, p99_ms: 120, approval_rate: 0.88, error_rate: 0.003, rps: 4 },
  paytm: { p50_ms: 45, p99_ms: 110, approval_rate: 0.91, error_rate: 0.002, rps: 7 },
  phonepe: { p50_ms: 40, p99_ms: 105, approval_rate: 0.92, error_rate: 0.002, rps: 11 },
  cards: { p50_ms: 60, p99_ms: 130, approval_rate: 0.85, error_rate: 0.004, rps: 6 },
};

/** Share of simulated rail traffic that is deposits; the rest is withdrawals. */
export const DEPOSIT_SHARE = 0.7;

/** Webhook backlog each provider idles around. */
export const BACKLOG_BASELINES: Readonly<Record<Provider, number>> = {
  razorpay: 6,
  payu: 4,
  cashfree: 5,
  'paytm-pg': 3,
  'phonepe-pg': 4,
  billdesk: 2,
};

/** Seconds; dense around the 200 ms alert threshold so histogram_quantile is sharp there. */
export const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2, 5] as const;

export const HEALTH_COMPONENTS = ['wallet', 'admin_service', 'postgres', 'redis'] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];
export const HEALTH_STATUSES = ['ok', 'degraded', 'down'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const GLOBAL_VAR_SEED: Readonly<Record<string, string>> = { DEPOSIT_MAINTENANCE_STATUS: '0' };

export const FEATURE_POLICY_SEED = {
  instant_withdrawals: true,
  bonus_engine: true,
  live_casino: true,
  crash_games: false,
} as const;

export interface ReconMismatch {
  player_id: string;
  ledger: number;
  bucket: number;
  delta: number;
}

export interface ReconReport {
  brand_id: string;
  ledger_total: number;
  bucket_total: number;
  mismatches: ReconMismatch[];
}

/** INR, fixed so a reconciliation check reads the same numbers every time. */
export const RECON_SEED: Readonly<Record<string, { ledger_total: number; mismatches: ReconMismatch[] }>> = {
  royalspin: {
    ledger_total: 48_213_775.5,
    mismatches: [{ player_id: 'rs-p-104422', ledger: 12_500, bucket: 10_650, delta: 1_850 }],
  },
  lucky7: { ledger_total: 21_904_310.25, mismatches: [] },
  cricketking: {
    ledger_total: 67_450_120,
    mismatches: [
      { player_id: 'ck-p-880173', ledger: 4_999, bucket: 0, delta: 4_999 },
      { player_id: 'ck-p-880911', ledger: 20_000, bucket: 20_250, delta: -250 },
    ],
  },
  teenpatti: { ledger_total: 9_781_402.75, mismatches: [] },
};

export function reconReport(brandId: string): ReconReport | undefined {
  const seed = RECON_SEED[brandId];
  if (!seed) return undefined;
  const drift = seed.mismatches.reduce((s, m) => s + m.delta, 0);
  // bucket_total is derived so the two totals always differ by exactly the listed deltas.
  return {
    brand_id: brandId,
    ledger_total: seed.ledger_total,
    bucket_total: Math.round((seed.ledger_total - drift) * 100) / 100,
    mismatches: seed.mismatches.map((m) => ({ ...m })),
  };
}
