import type { Dashboard, Freshness, Suggestion } from '../../../../shared/metrics.ts';
import type { LeverExecution, LeverTargetState } from '../../../../shared/levers.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { coreAge, effectiveFreshness, staleAfterMs, type Snapshot } from '../../ui/freshness.ts';

/**
 * What the dashboard may claim. "No breach" and "UP" are claims about every panel they cover,
 * so they need fresh data for all of them; otherwise the verdict says what cannot be evaluated,
 * since when and why.
 */
export type DashboardVerdict =
  | { kind: 'loading' }
  /** Nothing can be evaluated: no "no breach" and no "UP". `sinceMs`: how long (null: since start). */
  | { kind: 'cannot'; reason: string; sinceMs: number | null }
  /** Some panels are fresh, some are not: breaches among the fresh ones are real, the rest unknown. */
  | { kind: 'partial'; unknown: number; total: number; reason: string }
  | { kind: 'fresh' };

/** The source's own state as the last answer tells it (not as the last connection did). */
export type SourceState = 'up' | 'partial' | 'failing' | 'down' | 'unreachable' | 'none' | 'loading';

interface Panel {
  label: string;
  freshness: Freshness;
}

function panelsOf(d: Dashboard): Panel[] {
  return [
    ...d.tiles.map((t) => ({ label: `${t.rail}${t.brand ? `/${t.brand}` : ''}`, freshness: t.freshness })),
    { label: 'gateway 5xx ratio', freshness: d.errorRatio.freshness },
    { label: 'webhook backlog', freshness: d.webhookBacklog.freshness },
  ];
}

export function judgeDashboard(d: Dashboard | null, snap: Snapshot | null, now: number, requestError: ApiError | null, errorSince: number | null): DashboardVerdict {
  if (requestError) return { kind: 'cannot', reason: `the console's core is not answering (${requestError.message})`, sinceMs: errorSince === null ? null : now - errorSince };
  if (!d || !snap) return { kind: 'loading' };
  const src = d.source;
  const sinceLastGood = src.lastSuccessAt === null ? null : coreAge(src.lastSuccessAt, snap, now);
  if (src.kind === 'none') return { kind: 'cannot', reason: src.error ?? 'no metrics source is configured', sinceMs: null };
  if (!src.up) return { kind: 'cannot', reason: `metrics failing (${src.error ?? 'no answer'})`, sinceMs: sinceLastGood };
  const panels = panelsOf(d);
  const judged = panels.map((p) => ({ ...p, live: effectiveFreshness(p.freshness, snap, now) }));
  if (judged.every((p) => p.live.status === 'loading')) return { kind: 'loading' };
  const notLive = judged.filter((p) => p.live.status !== 'live');
  if (notLive.length === 0) return { kind: 'fresh' };
  const reasons = [...new Set(notLive.map((p) => p.freshness.error ?? (p.live.status === 'stale' ? 'data older than two refresh intervals' : p.live.status)))];
  const reason = reasons.slice(0, 2).join('; ') + (reasons.length > 2 ? '; …' : '');
  const heardAgo = coreAge(snap.generatedAt, snap, now);
  if (notLive.length === judged.length) {
    const stalled = heardAgo > staleAfterMs(snap);
    return {
      kind: 'cannot',
      reason: stalled ? `no answer from the console for ${Math.round(heardAgo / 1000)} s` : `metrics failing (${reason})`,
      sinceMs: sinceLastGood,
    };
  }
  return { kind: 'partial', unknown: notLive.length, total: judged.length, reason };
}

export function sourceState(d: Dashboard | null, verdict: DashboardVerdict, requestError: ApiError | null): SourceState {
  if (requestError) return 'unreachable';
  if (!d) return 'loading';
  if (d.source.kind === 'none') return 'none';
  // The core's own word on the source first (an older core sends none): it saw the answer.
  const said = d.source.state;
  if (said === 'unknown') return 'loading';
  if (said === 'down' || !d.source.up) return 'down';
  if (said === 'failing') return 'failing';
  // "UP" still needs every panel fresh: all of them failing is a failing source, whatever was said.
  if (verdict.kind === 'cannot') return 'failing';
  if (verdict.kind === 'partial') return 'partial';
  if (verdict.kind === 'loading') return 'loading';
  return 'up';
}

/** A lever pulled on the platform that explains what a tile shows: its approval collapses by design. */
export interface LeverEffect {
  lever: LeverTargetState['lever'];
  /** null: platform-wide (every brand). */
  brand: string | null;
  label: string;
  since: string | null;
  reason: string | null;
  /** Who pulled it, from the audit record of this console's execution; null when another console or person did. */
  by: string | null;
}

/** "lever, 17:20, by asha: “reason”", or what is not known of it ("pulled outside this console"). */
export function leverWhen(l: LeverEffect): string {
  if (!l.since) return 'lever; when and by whom not known: pulled outside this console';
  const at = new Date(l.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `lever, ${at}, by ${l.by ?? 'unknown'}${l.reason ? `: “${l.reason}”` : ''}`;
}

const MONEY_LEVERS = new Set(['platform-freeze', 'halt-deposits', 'brand-deposits-off', 'brand-withdrawals-off']);

/** The pulled levers that change what the rails show, with when and why from this console's executions. */
export function leverEffects(targets: readonly LeverTargetState[], executions: readonly LeverExecution[]): LeverEffect[] {
  return targets
    .filter((t) => t.engaged === true && MONEY_LEVERS.has(t.lever))
    .map((t) => {
      const ex = executions.find((e) => e.lever === t.lever && e.target === t.target && e.action === 'engage' && e.status === 'verified');
      return {
        lever: t.lever,
        brand: t.target === 'platform' ? null : t.target,
        label: `${t.detail} — ${t.targetLabel}`,
        since: ex?.finishedAt ?? ex?.startedAt ?? null,
        reason: ex?.reason ?? null,
        by: ex?.actor ?? null,
      };
    });
}

/** Splits suggestions into breaches and those a pulled lever explains (kept visible, not counted). */
export function splitByLevers(suggestions: readonly Suggestion[], effects: readonly LeverEffect[]): { breaches: Suggestion[]; explained: Array<{ suggestion: Suggestion; by: LeverEffect }> } {
  const breaches: Suggestion[] = [];
  const explained: Array<{ suggestion: Suggestion; by: LeverEffect }> = [];
  for (const s of suggestions) {
    // Approval (and the approval-driven health) is what a money lever moves; latency is not.
    const leverSensitive = s.kind === 'approval';
    const by = leverSensitive
      ? (effects.find((e) => e.brand === null) ?? effects.find((e) => e.brand !== null && (s.brand === e.brand || s.brand === null)))
      : undefined;
    if (by) explained.push({ suggestion: s, by });
    else breaches.push(s);
  }
  return { breaches, explained };
}
