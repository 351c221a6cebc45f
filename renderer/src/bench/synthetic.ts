import { chooseStep, RAILS, RANGE_SECONDS, type Dashboard, type Detail, type DetailPanel, type Freshness, type Point, type RailTile, type RangeKey } from '../../../shared/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../../../shared/metrics.ts';
import { backlogBreach, errorRatioBreach, suggest, tileBreaches, type TileFacts } from '../../../shared/metrics-policy.ts';
import type { StressSeries } from '../features/dashboard/stress-model.ts';
import { tileKey } from '../ui/rail-tiles.ts';

/**
 * Synthetic metrics in the contract's shapes, deterministic for a seed: for the render bench,
 * the component tests and the screenshots. No core, no network; breaches and suggestions come
 * from the product's own policy (shared/metrics-policy.ts), never a copy of it.
 */

export const DEMO_BRANDS = ['royalspin', 'lucky7', 'cricketking'];
export const MORE_BRANDS = ['royalspin', 'lucky7', 'cricketking', 'goldrush', 'megaspin', 'tigerbet', 'starplay'];

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_P99: Record<string, number> = { upi: 120, imps: 95, netbanking: 150, paytm: 110, phonepe: 105, cards: 135 };
const BASE_APPROVAL: Record<string, number> = { upi: 0.94, imps: 0.96, netbanking: 0.91, paytm: 0.95, phonepe: 0.95, cards: 0.89 };

export interface Scenario {
  /** p99 multiplier for a rail (a latency spike), e.g. { upi: 2.2 }. */
  spike?: Record<string, number>;
  /** approval drop in points for a rail, e.g. { cards: 14 }. */
  drop?: Record<string, number>;
  /** tiles whose data is stale (source down for them). */
  stale?: (rail: string, brand: string | null) => boolean;
  /** the whole source down since this many ms. */
  sourceDownMs?: number;
}

function fresh(now: number, status: Freshness['status'] = 'ok', ageMs = 1200): Freshness {
  return { status, asOf: now - ageMs, error: null };
}

/** A random walk around a level, ending near `end`: a trend that looks like a rail's. */
export function walk(rand: () => number, from: number, step: number, n: number, level: number, end: number, noise: number): Point[] {
  const out: Point[] = new Array(n);
  let v = level;
  for (let i = 0; i < n; i++) {
    const target = i > n * 0.75 ? end : level;
    v += (target - v) * 0.12 + (rand() - 0.5) * noise;
    out[i] = [from + i * step, Math.max(0, v)];
  }
  return out;
}

export function syntheticDashboard(now: number, seed = 1, brands = DEMO_BRANDS, scenario: Scenario = {}, version = 1): Dashboard {
  const rand = seededRandom(seed);
  const t = DEFAULT_THRESHOLDS;
  const tiles: RailTile[] = [];
  const facts: TileFacts[] = [];
  for (const rail of RAILS) {
    for (const brand of [null, ...brands]) {
      const spike = scenario.spike?.[rail] ?? 1;
      const drop = (scenario.drop?.[rail] ?? 0) / 100;
      const p99 = BASE_P99[rail]! * spike * (0.9 + rand() * 0.2) * (brand ? 0.95 + rand() * 0.12 : 1);
      const baseline = BASE_APPROVAL[rail]! + (brand ? (rand() - 0.5) * 0.02 : 0);
      const approval = Math.min(0.995, baseline - drop + (rand() - 0.5) * 0.01);
      const stale = scenario.sourceDownMs !== undefined || (scenario.stale?.(rail, brand) ?? false);
      const ageMs = scenario.sourceDownMs ?? (stale ? 184_000 : 1200);
      const freshness = fresh(now, stale ? 'stale' : 'ok', ageMs);
      tiles.push({
        rail,
        brand,
        p99Ms: p99,
        p95Ms: p99 * 0.78,
        approval,
        approvalBaseline: baseline,
        requestsPerSecond: (brand ? 12 : 40) * (0.8 + rand() * 0.4),
        trend: walk(rand, now - 15 * 60_000, 30_000, 30, BASE_P99[rail]!, p99, BASE_P99[rail]! * 0.08),
        breaches: tileBreaches({ p99Ms: p99, approval, approvalBaseline: baseline }, t),
        freshness,
      });
      facts.push({ rail, brand, p99Ms: p99, approval, approvalBaseline: baseline, status: freshness.status });
    }
  }
  const down = scenario.sourceDownMs !== undefined;
  const f = down ? fresh(now, 'stale', scenario.sourceDownMs) : fresh(now);
  const backlog = ['razorpay', 'payu', 'cashfree', 'paytm-pg', 'phonepe-pg', 'billdesk'].map((provider, i) => ({
    provider,
    value: Math.round(rand() * 120 + (i === 1 && scenario.spike ? 640 : 0)),
  }));
  const providers = backlog.map((p) => ({ ...p, breach: backlogBreach(p.value, t) }));
  const errorRatio = 0.0023 + rand() * 0.002;
  const suggestions = suggest({
    thresholds: t,
    brands,
    tiles: facts,
    errorRatio: { value: errorRatio, status: f.status },
    backlog: { providers: backlog, status: f.status },
    gateway: { status: 'ok', fresh: !down },
  });
  return {
    generatedAt: now,
    source: {
      kind: 'scrape',
      url: 'http://127.0.0.1:8080/metrics',
      up: !down,
      error: down ? 'connect ECONNREFUSED 127.0.0.1:8080' : null,
      lastSuccessAt: down ? now - scenario.sourceDownMs! : now - 1200,
      refreshSeconds: 5,
    },
    thresholds: t,
    rails: [...RAILS],
    brands,
    tiles,
    errorRatio: { value: errorRatio, breach: errorRatioBreach(errorRatio, t), freshness: f },
    webhookBacklog: { providers, freshness: f },
    health: {
      gateway: { status: 'ok', components: { wallet: 'ok', webhooks: 'ok', ledger: 'ok', providers: 'ok', fraud: 'ok', kyc: 'ok' }, freshness: f },
      admin: { status: 'ok', freshness: f },
    },
    suggestions,
    version,
  };
}

function panel(id: string, title: string, unit: 'ms' | 'percent', series: DetailPanel['series'], raw: number, step: number, version: number, f: Freshness): DetailPanel {
  return { id, title, unit, threshold: unit === 'ms' ? DEFAULT_THRESHOLDS.p99Ms : null, series, freshness: f, rawPoints: raw, stepSeconds: step, version };
}

/** A Detail answer: all six rails (rail null) or one rail × brand, downsampled for widthPx. */
export function syntheticDetail(now: number, range: RangeKey, rail: string | null, brand: string | null, widthPx: number, seed = 1, version = 1, scenario: Scenario = {}): Detail {
  const rand = seededRandom(seed * 7919 + (rail ? rail.length * 31 : 0) + (brand ? brand.length : 0));
  const seconds = RANGE_SECONDS[range];
  const step = chooseStep(seconds, widthPx, 5);
  const n = Math.floor(seconds / step);
  const from = now - n * step * 1000;
  const raw = Math.floor(seconds / 5);
  const f = scenario.sourceDownMs !== undefined ? fresh(now, 'stale', scenario.sourceDownMs) : fresh(now);
  const rails = rail ? [rail] : [...RAILS];
  const p99 = (r: string) => walk(rand, from, step * 1000, n, BASE_P99[r]!, BASE_P99[r]! * (scenario.spike?.[r] ?? 1), BASE_P99[r]! * 0.1);
  const approval = (r: string) => walk(rand, from, step * 1000, n, BASE_APPROVAL[r]!, BASE_APPROVAL[r]! - (scenario.drop?.[r] ?? 0) / 100, 0.006);
  if (!rail) {
    return {
      range,
      generatedAt: now,
      panels: [
        panel('latency:p99:all', 'p99 latency by rail', 'ms', rails.map((r) => ({ key: `p99:${r}`, label: r, points: p99(r) })), raw * 6, step, version, f),
        panel('latency:p95:all', 'p95 latency by rail', 'ms', rails.map((r) => ({ key: `p95:${r}`, label: r, points: p99(r).map(([t, v]) => [t, v === null ? null : v * 0.78] as Point) })), raw * 6, step, version, f),
        panel('approval:all', 'Approval rate by rail', 'percent', rails.map((r) => ({ key: `approval:${r}`, label: r, points: approval(r) })), raw * 6, step, version, f),
      ],
    };
  }
  const who = `${rail}:${brand ?? 'all'}`;
  const lat = p99(rail);
  return {
    range,
    generatedAt: now,
    panels: [
      panel(`latency:${who}`, 'Latency', 'ms', [
        { key: 'p95', label: 'p95', points: lat.map(([t, v]) => [t, v === null ? null : v * 0.78] as Point) },
        { key: 'p99', label: 'p99', points: lat },
      ], raw * 2, step, version, f),
      panel(`approval:${who}`, 'Approval rate', 'percent', [
        { key: 'approval', label: 'approval', points: approval(rail) },
        { key: 'baseline', label: 'trailing baseline', points: walk(rand, from, step * 1000, n, BASE_APPROVAL[rail]!, BASE_APPROVAL[rail]!, 0.001) },
      ], raw * 2, step, version, f),
    ],
  };
}

/** `count` rail × brand series of `points` points `stepMs` apart, ending at `now`. */
export function syntheticStress(now: number, count: number, points: number, stepMs: number, seed = 1): StressSeries[] {
  const rand = seededRandom(seed);
  const combos: { rail: string; brand: string | null }[] = [];
  for (const rail of RAILS) for (const brand of [null, ...MORE_BRANDS]) combos.push({ rail, brand });
  const from = now - (points - 1) * stepMs;
  return combos.slice(0, count).map(({ rail, brand }, i) => ({
    key: tileKey(rail, brand),
    rail,
    brand,
    p99: walk(rand, from, stepMs, points, BASE_P99[rail]!, BASE_P99[rail]! * (i % 11 === 0 ? 1.9 : 1), BASE_P99[rail]! * 0.1),
    approval: walk(rand, from, stepMs, points, BASE_APPROVAL[rail]!, BASE_APPROVAL[rail]!, 0.006),
    freshness: fresh(now),
    version: `${seed}:${i}`,
  }));
}
