import { brandDisplayName, NO_BRAND_NAMES, orderBrandIds, type BrandNames } from '../../../../shared/brands.ts';
import type { Dashboard, Freshness } from '../../../../shared/metrics.ts';
import type { ApiError } from '../../../../shared/result.ts';
import type { WallAlarm } from '../../../../shared/wall.ts';
import { coreAge, effectiveFreshness, staleAfterMs, type LiveStatus, type Snapshot } from '../../ui/freshness.ts';
import { countText, figureText, latencyFigure, percentFigure, railLabel, utcClock } from '../../ui/metrics-format.ts';
import type { LeverWords } from './wall-levers.ts';
import { newestMetricValue, type PanelMemory } from './wall-memory.ts';
import { wallAge } from './wall-words.ts';

/**
 * What the wall may claim, worked out once per second from what it holds: LIVE only when every
 * panel has fresh data and the lever state has been read; BREACH only from fresh numbers; STALE
 * with why, for how long, and from when the last values are. Pure: the clock is an argument.
 */

export type WallPhase = 'connecting' | 'waiting' | 'live' | 'stale';

/** A breach, in words, and where it shows (the rotation can hold on it). */
export interface WallBreach {
  alarm: WallAlarm;
  text: string;
}

export interface WallStatus {
  phase: WallPhase;
  /** The header's word: "● LIVE", "… CONNECTING · 12 s", "▲ STALE · 3 min". */
  badge: string;
  breaches: WallBreach[];
  /** What is stale, why, since when: "metrics source down for 3 min — last values from 17:20 UTC". */
  stale: string | null;
  /** What the wall is still waiting for, and for how long. */
  waiting: string | null;
  /** Connecting: the console's last refusal, if it gave one. */
  problem: string | null;
}

export interface WallInputs {
  dashboard: Dashboard | null;
  snapshot: Snapshot | null;
  /** The console's last refusal; since when is the age of the last answer (snapshot.receivedAt). */
  error: ApiError | null;
  memory: PanelMemory;
  levers: LeverWords;
  /** Brand display names (shared/brands.ts): breaches name brands as every other screen does. */
  brandNames?: BrandNames;
  /** When the wall started waiting for its first data; null when not known (a bare view). */
  startedAt: number | null;
  now: number;
}

/** A panel still loading this long after the wall started has no data, rather than "not yet". */
export const FIRST_DATA_LIMIT_MS = 120_000;
const MAX_NAMES = 4;

const dead = (s: LiveStatus) => s === 'stale' || s === 'error';
const names = (list: string[]) => (list.length <= MAX_NAMES ? list : [...list.slice(0, MAX_NAMES - 1), `+${list.length - MAX_NAMES + 1} more`]).join(', ');

/** Why the metrics source fails, in a few words, from what the core said. */
function sourceWhy(d: Dashboard): string | null {
  const said = [d.source.error, ...d.tiles.map((t) => t.freshness.error), d.errorRatio.freshness.error].find((e): e is string => Boolean(e)) ?? '';
  const http = /HTTP (\d{3})/.exec(said);
  if (http) return `HTTP ${http[1]}`;
  if (/malformed|truncated|parse/i.test(said)) return 'garbled answers';
  if (/timeout|timed out/i.test(said)) return 'no answer in time';
  if (/ECONNREFUSED|unreachable|ENOTFOUND|EHOSTUNREACH/i.test(said)) return 'connection refused';
  return null;
}

function consoleWhy(e: ApiError): string {
  if (e.code === 'offline') return 'console unreachable';
  if (e.code === 'timeout') return 'console not answering';
  return 'console answers with errors';
}

/** Fresh breaches only: a stale number neither raises nor holds an alarm. */
export function wallBreaches(d: Dashboard, live: (f: Freshness) => boolean, brandNames: BrandNames = NO_BRAND_NAMES): WallBreach[] {
  const th = d.thresholds;
  const out: WallBreach[] = [];
  for (const rail of d.rails) {
    const alarm: WallAlarm = { kind: 'rail', rail };
    const name = railLabel(rail);
    const tiles = d.tiles.filter((t) => t.rail === rail && live(t.freshness));
    const all = tiles.find((t) => t.brand === null);
    const brandsWith = (b: 'latency' | 'approval' | 'errors') => tiles.filter((t) => t.brand !== null && t.breaches.includes(b)).map((t) => t.brand!);
    const named = (ids: string[]) => names(orderBrandIds(ids, brandNames).map((b) => brandDisplayName(b, brandNames)));
    if (all?.breaches.includes('latency')) out.push({ alarm, text: `${name} p99 ${figureText(latencyFigure(all.p99Ms))} (limit ${th.p99Ms} ms)` });
    else if (brandsWith('latency').length) out.push({ alarm, text: `${name} p99 over ${th.p99Ms} ms on ${named(brandsWith('latency'))}` });
    if (all?.breaches.includes('approval') && all.approval !== null && all.approvalBaseline !== null)
      out.push({ alarm, text: `${name} approval ${figureText(percentFigure(all.approval))} (▼ ${((all.approvalBaseline - all.approval) * 100).toFixed(1)} pts)` });
    else if (brandsWith('approval').length) out.push({ alarm, text: `${name} approval ▼ on ${named(brandsWith('approval'))}` });
    if (all?.breaches.includes('errors')) out.push({ alarm, text: `${name} 5xx` });
  }
  const health: WallAlarm = { kind: 'health' };
  if (live(d.errorRatio.freshness) && d.errorRatio.breach)
    out.push({ alarm: health, text: `gateway 5xx ${figureText(percentFigure(d.errorRatio.value, 2))} (limit ${figureText(percentFigure(th.errorRatio, 1))})` });
  if (live(d.webhookBacklog.freshness))
    for (const p of d.webhookBacklog.providers) if (p.breach) out.push({ alarm: health, text: `${p.provider} webhook backlog ${countText(p.value)} (limit ${countText(th.webhookBacklog)})` });
  const gw = d.health.gateway;
  if (live(gw.freshness) && (gw.status === 'down' || gw.status === 'degraded')) out.push({ alarm: health, text: `gateway ${gw.status === 'down' ? '✕ DOWN' : '▲ DEGRADED'}` });
  if (live(d.health.admin.freshness) && d.health.admin.status === 'down') out.push({ alarm: health, text: 'admin service ✕ DOWN' });
  return out;
}

interface Panel {
  name: string;
  rail: string | null;
  status: LiveStatus;
  ageMs: number | null;
}

function panelsOf(d: Dashboard, snapshot: Snapshot, memory: PanelMemory, now: number): { metrics: Panel[]; health: Panel[] } {
  const panel = (name: string, rail: string | null, f: Freshness, key: string): Panel => {
    const eff = effectiveFreshness(f, snapshot, now);
    const was = memory.get(key);
    const ageMs = eff.ageMs ?? (was ? coreAge(was.asOf, snapshot, now) : null);
    return { name, rail, status: eff.status, ageMs };
  };
  const metrics = d.tiles.map((t) => panel(t.brand === null ? railLabel(t.rail) : `${railLabel(t.rail)} × ${t.brand}`, t.rail, t.freshness, `${t.rail}:${t.brand ?? '*'}`));
  metrics.push(panel('5xx ratio', null, d.errorRatio.freshness, 'errorRatio'), panel('webhook backlog', null, d.webhookBacklog.freshness, 'backlog'));
  const health = [panel('gateway health', null, d.health.gateway.freshness, 'gateway'), panel('admin health', null, d.health.admin.freshness, 'admin')];
  return { metrics, health };
}

/** Some panels STALE: which (a rail whose every tile is stale by its name), and for how long. */
function partialStale(d: Dashboard, panels: Panel[]): string | null {
  const gone = panels.filter((p) => dead(p.status));
  if (gone.length === 0) return null;
  const list: string[] = [];
  for (const rail of d.rails) {
    const mine = panels.filter((p) => p.rail === rail);
    const out = mine.filter((p) => dead(p.status));
    if (out.length === 0) continue;
    if (out.length === mine.length) list.push(railLabel(rail));
    else list.push(...out.map((p) => p.name));
  }
  list.push(...gone.filter((p) => p.rail === null).map((p) => p.name));
  const ages = gone.map((p) => p.ageMs).filter((a): a is number => a !== null);
  const age = ages.length ? `no fresh data for ${ages.length === gone.length ? '' : 'up to '}${wallAge(Math.max(...ages))}` : 'no data';
  return `${names(list)}: ${age}`;
}

export function wallStatus(i: WallInputs): WallStatus {
  const { dashboard: d, snapshot, memory, now } = i;
  const since = i.startedAt === null ? null : Math.max(0, now - i.startedAt);
  const forHowLong = since === null ? '' : ` · ${wallAge(since)}`;
  const none = { breaches: [], stale: null, waiting: null, problem: null };
  if (!d || !snapshot) return { ...none, phase: 'connecting', badge: `… CONNECTING${forHowLong}`, problem: i.error?.message ?? null };

  const lastAt = newestMetricValue(memory);
  const lastValues = lastAt === null ? ' — no values since the wall started' : ` — last values from ${utcClock(lastAt)} UTC`;

  // The console itself stopped answering (or answers with errors): everything it said is old.
  if (i.error) {
    const quiet = Math.max(0, now - snapshot.receivedAt);
    return { ...none, phase: 'stale', badge: `▲ STALE · ${wallAge(quiet)}`, stale: `${consoleWhy(i.error)} for ${wallAge(quiet)}${lastValues}` };
  }
  const heard = coreAge(snapshot.generatedAt, snapshot, now);
  if (heard > staleAfterMs(snapshot)) return { ...none, phase: 'stale', badge: `▲ STALE · ${wallAge(heard)}`, stale: `no update from the console for ${wallAge(heard)}${lastValues}` };

  const liveNow = (f: Freshness) => effectiveFreshness(f, snapshot, now).status === 'live';
  const breaches = wallBreaches(d, liveNow, i.brandNames);
  const { metrics, health } = panelsOf(d, snapshot, memory, now);

  // The core's word on the source, from its last answer: failing (it answers 500 or garbage) or
  // down (no answer), since its first such answer. An older core says neither.
  const src = d.source;
  const said = src.state === 'failing' || src.state === 'down' ? src.state : null;
  const saidFor = said !== null && typeof src.failingSince === 'number' ? coreAge(src.failingSince, snapshot, now) : null;

  // Every metric panel stale or in error: the metrics source is down, whatever the core calls it.
  if (metrics.length > 0 && metrics.every((p) => dead(p.status))) {
    const downFor =
      saidFor ?? (lastAt !== null ? coreAge(lastAt, snapshot, now) : !src.up && src.lastSuccessAt !== null ? coreAge(src.lastSuccessAt, snapshot, now) : (since ?? 0));
    const why = sourceWhy(d);
    const healthStale = partialStale(d, health);
    // "down" to the room: no metrics at all; the core's reason (HTTP 500, garbled) says which kind.
    const stale = `metrics source down for ${wallAge(downFor)}${lastValues}${why ? ` (${why})` : ''}${healthStale ? ` · ${healthStale}` : ''}`;
    return { ...none, phase: 'stale', badge: `▲ STALE · ${wallAge(downFor)}`, breaches, stale };
  }
  // Some panels still fresh while the source fails on others (a Prometheus answering 503 to some queries).
  const sourceNote = said === 'failing' ? `metrics source failing${saidFor !== null ? ` for ${wallAge(saidFor)}` : ''}${sourceWhy(d) ? ` (${sourceWhy(d)})` : ''}` : null;

  const all = [...metrics, ...health];
  const loading = all.filter((p) => p.status === 'loading');
  const stale = partialStale(d, all);
  const firstData = loading.length > 0 && (since === null || since < FIRST_DATA_LIMIT_MS);
  const leversFirst = i.levers.level === 'waiting';
  if (firstData || leversFirst) {
    // The lever strip says it is reading the lever state; this says what of the metrics is missing.
    const waiting = firstData ? `waiting for the first data: ${all.length - loading.length} of ${all.length} panels in${forHowLong}` : null;
    return { ...none, phase: 'waiting', badge: `… WAITING${forHowLong}`, breaches, stale: [sourceNote, stale].filter(Boolean).join(' · ') || null, waiting };
  }
  const deadCount = all.filter((p) => dead(p.status)).length;
  const extra = [deadCount ? `▲ ${deadCount} of ${all.length} STALE` : '', loading.length ? `${loading.length} of ${all.length} NO DATA` : ''].filter(Boolean);
  const noData = loading.length ? `no data yet: ${names(loading.map((p) => p.name))}` : null;
  return { ...none, phase: 'live', badge: ['● LIVE', ...extra].join(' · '), breaches, stale: [sourceNote, stale, noData].filter(Boolean).join(' · ') || null };
}
