// From a parsed exposition to the platform's derived signals (PLATFORM-API.md, Metrics): the
// counters that need rates, the gauges read as they are, and — once rates exist — p95/p99 per
// rail and rail × brand, approval, requests/s and the 5xx ratio, computed like the PromQL of
// DEFAULT_QUERIES (sum by the same labels, then histogram_quantile or a ratio).
import { RAILS } from '../../../shared/metrics.ts';
import { parseFloatToken, type Exposition, type MetricFamily } from './exposition.ts';
import { histogramQuantile, type Bucket } from './histogram.ts';

export const HISTOGRAM = 'payment_rail_request_duration_seconds';
export const REQUESTS = 'payment_rail_requests_total';
export const GATEWAY = 'gateway_http_requests_total';
export const BACKLOG = 'webhook_backlog';

export type CounterAttrs =
  | { kind: 'bucket'; rail: string; brand: string; le: number }
  | { kind: 'outcome'; rail: string; brand: string; outcome: string }
  | { kind: 'code'; code: string };

export interface Extracted {
  /** Raw cumulative counter values by series key, and what each series is. */
  counters: Map<string, number>;
  attrs: Map<string, CounterAttrs>;
  backlog: Map<string, number> | null;
  pairs: Set<string>; // rail|brand with a latency histogram
  outcomePairs: Set<string>;
  hasHistogram: boolean;
  hasRequests: boolean;
  hasCodes: boolean;
  /** Why a family the dashboard needs is unusable (missing or of the wrong type). */
  problems: { histogram: string | null; requests: string | null; codes: string | null; backlog: string | null };
}

function find(e: Exposition, names: string[]): MetricFamily | undefined {
  for (const n of names) {
    const f = e.families.get(n);
    if (f) return f;
  }
  return undefined;
}

function problemOf(f: MetricFamily | undefined, name: string, type: string, accept: string[]): string | null {
  if (!f) return `the scrape has no ${name} (partial or foreign exposition)`;
  if (!accept.includes(f.type)) return `${name} is a ${f.type}, expected a ${type}`;
  return null;
}

export function extract(e: Exposition): Extracted {
  const counters = new Map<string, number>();
  const attrs = new Map<string, CounterAttrs>();
  const pairs = new Set<string>();
  const outcomePairs = new Set<string>();
  const hist = e.families.get(HISTOGRAM);
  const req = find(e, [REQUESTS, REQUESTS.replace(/_total$/, '')]);
  const codes = find(e, [GATEWAY, GATEWAY.replace(/_total$/, '')]);
  const backlogFamily = e.families.get(BACKLOG);
  const problems = {
    histogram: problemOf(hist, HISTOGRAM, 'histogram', ['histogram']),
    // An untyped counter is still a counter of requests; a gauge is not.
    requests: problemOf(req, REQUESTS, 'counter', ['counter', 'untyped']),
    codes: problemOf(codes, GATEWAY, 'counter', ['counter', 'untyped']),
    backlog: problemOf(backlogFamily, BACKLOG, 'gauge', ['gauge', 'untyped']),
  };
  if (hist && !problems.histogram) {
    // The parser has checked every series is a whole histogram; its bucket samples carry keys.
    const bucket = `${HISTOGRAM}_bucket`;
    for (const s of hist.samples) {
      if (s.name !== bucket) continue;
      const { rail, brand, le } = s.labels;
      if (!rail || !brand || le === undefined) continue;
      pairs.add(`${rail}|${brand}`);
      counters.set(s.key, s.value);
      if (!attrs.has(s.key)) attrs.set(s.key, { kind: 'bucket', rail, brand, le: parseFloatToken(le)! });
    }
  }
  if (req && !problems.requests) {
    for (const s of req.samples) {
      const { rail, brand, outcome } = s.labels;
      if (!rail || !brand || !outcome) continue;
      outcomePairs.add(`${rail}|${brand}`);
      counters.set(s.key, s.value);
      attrs.set(s.key, { kind: 'outcome', rail, brand, outcome });
    }
  }
  if (codes && !problems.codes) {
    for (const s of codes.samples) {
      const code = s.labels.code;
      if (!code) continue;
      counters.set(s.key, s.value);
      attrs.set(s.key, { kind: 'code', code });
    }
  }
  let backlog: Map<string, number> | null = null;
  if (backlogFamily && !problems.backlog) {
    backlog = new Map();
    for (const s of backlogFamily.samples) {
      const provider = s.labels.provider;
      if (!provider) continue;
      backlog.set(provider, (backlog.get(provider) ?? 0) + s.value);
    }
  }
  return {
    counters,
    attrs,
    backlog,
    pairs,
    outcomePairs,
    hasHistogram: !problems.histogram,
    hasRequests: !problems.requests,
    hasCodes: !problems.codes,
    problems,
  };
}

export interface Derived {
  p99Ms: number | null;
  p95Ms: number | null;
  approval: number | null;
  requestsPerSecond: number | null;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** Derived values per tile key (`rail|brand`, `rail|*`) from per-series rates, plus the 5xx ratio. */
export function derive(rates: ReadonlyMap<string, number>, attrs: ReadonlyMap<string, CounterAttrs>): { tiles: Map<string, Derived>; errorRatio: number | null } {
  const buckets = new Map<string, Map<number, number>>();
  const approved = new Map<string, number>();
  const all = new Map<string, number>();
  let fivexx = 0;
  let codesTotal = 0;
  let anyCode = false;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [key, rate] of rates) {
    const a = attrs.get(key);
    if (!a) continue;
    if (a.kind === 'bucket') {
      for (const tile of [`${a.rail}|${a.brand}`, `${a.rail}|*`]) {
        let m = buckets.get(tile);
        if (!m) buckets.set(tile, (m = new Map()));
        m.set(a.le, (m.get(a.le) ?? 0) + rate);
      }
    } else if (a.kind === 'outcome') {
      for (const tile of [`${a.rail}|${a.brand}`, `${a.rail}|*`]) {
        add(all, tile, rate);
        if (a.outcome === 'approved') add(approved, tile, rate);
      }
    } else {
      anyCode = true;
      codesTotal += rate;
      if (/^5..$/.test(a.code)) fivexx += rate;
    }
  }
  const tiles = new Map<string, Derived>();
  const keys = new Set([...buckets.keys(), ...all.keys()]);
  for (const k of keys) {
    const b = buckets.get(k);
    const list: Bucket[] = b ? [...b].map(([le, count]) => ({ le, count })) : [];
    const total = all.get(k);
    tiles.set(k, {
      p99Ms: b ? finiteOrNull(histogramQuantile(0.99, list) * 1000) : null,
      p95Ms: b ? finiteOrNull(histogramQuantile(0.95, list) * 1000) : null,
      approval: total !== undefined && total > 0 ? (approved.get(k) ?? 0) / total : null,
      requestsPerSecond: total ?? null,
    });
  }
  return { tiles, errorRatio: anyCode && codesTotal > 0 ? fivexx / codesTotal : null };
}

/** The rails to show: the platform's six first, then any other the exporter reports. */
export function railsOf(seen: Iterable<string>): string[] {
  const extra = [...new Set(seen)].filter((r) => !(RAILS as readonly string[]).includes(r)).sort();
  return [...RAILS, ...extra];
}
