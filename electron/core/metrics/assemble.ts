// The hub's state as the contract's Dashboard: freshness for every panel, values only where
// they may be shown (never for a panel in error), breaches and suggestions. Pure.
import type { Dashboard, Freshness, PanelStatus, RailTile, Thresholds } from '../../../shared/metrics.ts';
import type { HealthReading, ProbeResult } from './health.ts';
import { suggest, tileBreaches } from '../../../shared/metrics-policy.ts';
import { tileKey, type TileReading } from './reading.ts';

/** What the hub remembers of one panel: its last good values and why it has none now. */
export interface PanelState<T> {
  good: T | null;
  goodAsOf: number | null;
  error: string | null;
}

export interface HubState {
  now: number;
  source: { kind: 'scrape' | 'prometheus' | 'none'; url: string | null; refreshSeconds: number };
  /** Set when there is no source at all: every panel is in error with this reason. */
  noSource: string | null;
  /** Completed polls. */
  polls: number;
  sourceUp: boolean;
  sourceError: string | null;
  lastSuccessAt: number | null;
  staleAfterMs: number;
  rails: string[];
  brands: string[];
  tiles: ReadonlyMap<string, PanelState<TileReading>>;
  errorRatio: PanelState<number | null>;
  backlog: PanelState<{ provider: string; value: number | null }[]>;
  health: HealthReading | null;
  healthStaleAfterMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Freshness of one panel; see PanelStatus for the meaning of each state. */
export function freshnessOf(s: HubState, p: PanelState<unknown>): Freshness {
  if (s.noSource) return { status: 'error', asOf: null, error: s.noSource };
  if (s.polls === 0) return { status: 'loading', asOf: null, error: null };
  if (!s.sourceUp) return { status: 'stale', asOf: p.goodAsOf, error: `source down: ${s.sourceError ?? 'no answer'}` };
  if (p.error) return { status: 'error', asOf: null, error: p.error };
  if (p.goodAsOf === null) return { status: 'loading', asOf: null, error: null };
  if (s.now - p.goodAsOf > s.staleAfterMs) return { status: 'stale', asOf: p.goodAsOf, error: `no data newer than ${iso(p.goodAsOf)}` };
  return { status: 'ok', asOf: p.goodAsOf, error: null };
}

const shown = (f: Freshness) => f.status === 'ok' || f.status === 'stale';
const EMPTY: PanelState<never> = { good: null, goodAsOf: null, error: null };

export function tileFreshness(s: HubState, rail: string, brand: string | null): { freshness: Freshness; tile: TileReading | null } {
  const st = s.tiles.get(tileKey(rail, brand)) ?? EMPTY;
  const freshness = freshnessOf(s, st);
  return { freshness, tile: shown(freshness) ? st.good : null };
}

const WORST: PanelStatus[] = ['error', 'stale', 'loading', 'ok'];

/** The worst of several freshnesses (a chart with one line per rail is as fresh as its stalest line). */
export function worstFreshness(list: Freshness[]): Freshness {
  for (const w of WORST) {
    const hit = list.filter((f) => f.status === w);
    if (hit.length) {
      const asOfs = list.map((f) => f.asOf).filter((a): a is number => a !== null);
      return { status: w, asOf: asOfs.length ? Math.min(...asOfs) : null, error: hit.find((f) => f.error)?.error ?? null };
    }
  }
  return { status: 'loading', asOf: null, error: null };
}

function healthFreshness<S>(s: HubState, r: ProbeResult<S> | null, at: number | null): Freshness {
  if (!r || at === null) return { status: 'loading', asOf: null, error: null };
  if (r.outcome === 'malformed' || r.outcome === 'unconfigured') return { status: 'error', asOf: null, error: r.error };
  if (s.now - at > s.healthStaleAfterMs) return { status: 'stale', asOf: at, error: `no health check since ${iso(at)}` };
  return { status: 'ok', asOf: at, error: r.error };
}

/** Everything but generatedAt and version, which the hub sets. */
export function assembleDashboard(s: HubState, thresholds: Thresholds): Omit<Dashboard, 'version'> {
  const tiles: RailTile[] = [];
  const facts: Parameters<typeof suggest>[0]['tiles'] = [];
  for (const rail of s.rails) {
    for (const brand of [null, ...s.brands]) {
      const { freshness, tile } = tileFreshness(s, rail, brand);
      const values = {
        p99Ms: tile?.p99Ms ?? null,
        p95Ms: tile?.p95Ms ?? null,
        approval: tile?.approval ?? null,
        approvalBaseline: tile?.approvalBaseline ?? null,
        requestsPerSecond: tile?.requestsPerSecond ?? null,
      };
      tiles.push({ rail, brand, ...values, trend: tile?.trend ?? [], breaches: tileBreaches(values, thresholds), freshness });
      facts.push({ rail, brand, p99Ms: values.p99Ms, approval: values.approval, approvalBaseline: values.approvalBaseline, status: freshness.status });
    }
  }
  const erF = freshnessOf(s, s.errorRatio);
  const erValue = shown(erF) ? (s.errorRatio.good ?? null) : null;
  const blF = freshnessOf(s, s.backlog);
  const providers = (shown(blF) ? (s.backlog.good ?? []) : []).map((p) => ({ ...p, breach: p.value !== null && p.value > thresholds.webhookBacklog }));
  const h = s.health;
  const gwF = healthFreshness(s, h?.gateway ?? null, h?.at ?? null);
  const adF = healthFreshness(s, h?.admin ?? null, h?.at ?? null);
  const gateway = { status: gwF.status === 'ok' ? h!.gateway.status : 'unknown', components: gwF.status === 'ok' ? h!.gateway.components : {}, freshness: gwF } as const;
  const admin = { status: adF.status === 'ok' ? h!.admin.status : 'unknown', freshness: adF } as const;
  return {
    generatedAt: s.now,
    source: {
      kind: s.source.kind,
      url: s.source.url,
      up: !s.noSource && s.polls > 0 && s.sourceUp,
      error: s.noSource ?? (s.sourceUp ? null : s.sourceError),
      lastSuccessAt: s.lastSuccessAt,
      refreshSeconds: s.source.refreshSeconds,
    },
    thresholds,
    rails: s.rails,
    brands: s.brands,
    tiles,
    errorRatio: { value: erValue, breach: erValue !== null && erValue > thresholds.errorRatio, freshness: erF },
    webhookBacklog: { providers, freshness: blF },
    health: { gateway: { ...gateway }, admin: { ...admin } },
    suggestions: suggest({
      thresholds,
      brands: s.brands,
      tiles: facts,
      errorRatio: { value: erValue, status: erF.status },
      backlog: { providers, status: blF.status },
      gateway: { status: gateway.status, fresh: gwF.status === 'ok' },
    }),
  };
}
