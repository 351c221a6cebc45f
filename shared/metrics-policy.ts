// Thresholds → breaches → suggestions (severity and runbook). Pure, and the one copy of the
// policy: the core's metrics hub applies it to what the dashboard shows and whether each part is
// fresh; the renderer's synthetic fixtures (bench, screenshots, component tests) use it too, so
// a fixture can never disagree with the product. Only fresh data raises a suggestion; a stale
// tile keeps its last values and breach marks under STALE (so an alarm never vanishes from the
// tile unannounced) but neither raises nor re-raises a suggestion from old numbers.
import type { Severity } from './runbooks.ts';
import type { PanelStatus, Suggestion, Thresholds } from './metrics.ts';

export type TileBreach = 'latency' | 'approval' | 'errors';

export interface TileFacts {
  rail: string;
  brand: string | null;
  p99Ms: number | null;
  approval: number | null;
  approvalBaseline: number | null;
  status: PanelStatus;
}

export function tileBreaches(t: Pick<TileFacts, 'p99Ms' | 'approval' | 'approvalBaseline'>, th: Thresholds): TileBreach[] {
  const out: TileBreach[] = [];
  if (t.p99Ms !== null && t.p99Ms > th.p99Ms) out.push('latency');
  if (approvalDropped(t.approval, t.approvalBaseline, th)) out.push('approval');
  return out;
}

/** More than approvalDropPoints percentage points under the trailing baseline. */
export function approvalDropped(approval: number | null, baseline: number | null, th: Thresholds): boolean {
  return approval !== null && baseline !== null && (baseline - approval) * 100 > th.approvalDropPoints;
}

/** The gateway's 5xx ratio is over its threshold. */
export function errorRatioBreach(value: number | null, th: Thresholds): boolean {
  return value !== null && value > th.errorRatio;
}

/** A provider's webhook backlog is over its threshold. */
export function backlogBreach(value: number | null, th: Thresholds): boolean {
  return value !== null && value > th.webhookBacklog;
}

/** An error ratio above this is SEV1 whatever the threshold (PLATFORM-API: 5xx > 5 % is an outage). */
export const SEV1_ERROR_RATIO = 0.05;
/** This many rails breaching at once is a platform problem, not a rail problem. */
export const SEV1_RAILS = 3;

export interface SuggestionInput {
  thresholds: Thresholds;
  brands: string[];
  tiles: TileFacts[];
  errorRatio: { value: number | null; status: PanelStatus };
  backlog: { providers: { provider: string; value: number | null }[]; status: PanelStatus };
  gateway: { status: 'ok' | 'degraded' | 'down' | 'unknown'; fresh: boolean };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const ms = (v: number) => `${Math.round(v)} ms`;
const RANK: Record<Severity, number> = { SEV1: 0, SEV2: 1, SEV3: 2, SEV4: 3 };

export function suggest(input: SuggestionInput): Suggestion[] {
  const th = input.thresholds;
  const out: Suggestion[] = [];
  out.push(
    ...railSuggestions(input, 'latency', 'rail-latency-spike', (t) => t.p99Ms !== null && t.p99Ms > th.p99Ms, (t) => `p99 ${ms(t.p99Ms!)} (limit ${ms(th.p99Ms)})`),
  );
  out.push(
    ...railSuggestions(
      input,
      'approval',
      'approval-rate-degraded',
      (t) => approvalDropped(t.approval, t.approvalBaseline, th),
      (t) => `approval ${pct(t.approval!)}, ${((t.approvalBaseline! - t.approval!) * 100).toFixed(1)} points under its baseline ${pct(t.approvalBaseline!)}`,
    ),
  );
  const er = input.errorRatio;
  if (er.status === 'ok' && er.value !== null && errorRatioBreach(er.value, th)) {
    out.push({
      kind: 'errors',
      rail: null,
      brand: null,
      severity: er.value > SEV1_ERROR_RATIO ? 'SEV1' : 'SEV2',
      runbookId: 'incident-response',
      message: `Gateway 5xx ratio ${pct(er.value)} (limit ${pct(th.errorRatio)})`,
    });
  }
  if (input.backlog.status === 'ok') {
    const over = input.backlog.providers.filter((p) => backlogBreach(p.value, th));
    if (over.length) {
      out.push({
        kind: 'backlog',
        rail: null,
        brand: null,
        severity: 'SEV3',
        runbookId: 'webhook-backlog',
        message: `Webhook backlog above ${th.webhookBacklog}: ${over.map((p) => `${p.provider} ${Math.round(p.value!)}`).join(', ')}`,
      });
    }
  }
  const gw = input.gateway;
  if (gw.fresh && (gw.status === 'down' || gw.status === 'degraded')) {
    out.push({
      kind: 'health',
      rail: null,
      brand: null,
      severity: gw.status === 'down' ? 'SEV1' : 'SEV3',
      runbookId: 'incident-response',
      message: gw.status === 'down' ? 'Gateway /health is down (or not answering)' : 'Gateway /health reports degraded',
    });
  }
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/**
 * One SEV2 suggestion per breaching rail (OPERATIONS.md: one rail degraded is SEV-2, even on
 * every brand; the message says so), or, when SEV1_RAILS or more rails breach — core
 * infrastructure, not a rail — one SEV1 suggestion naming them all.
 */
function railSuggestions(
  input: SuggestionInput,
  kind: 'latency' | 'approval',
  runbookId: string,
  breaching: (t: TileFacts) => boolean,
  describe: (t: TileFacts) => string,
): Suggestion[] {
  const fresh = input.tiles.filter((t) => t.status === 'ok');
  const rails = [...new Set(input.tiles.map((t) => t.rail))];
  const hits: { rail: string; railTile: TileFacts | null; brands: TileFacts[]; everyBrand: boolean }[] = [];
  for (const rail of rails) {
    const railTile = fresh.find((t) => t.rail === rail && t.brand === null && breaching(t)) ?? null;
    const brandTiles = input.tiles.filter((t) => t.rail === rail && t.brand !== null);
    const brands = fresh.filter((t) => t.rail === rail && t.brand !== null && breaching(t));
    const everyBrand = input.brands.length >= 2 && brandTiles.length === input.brands.length && brands.length === input.brands.length;
    if (railTile || brands.length) hits.push({ rail, railTile, brands, everyBrand });
  }
  if (hits.length === 0) return [];
  const what = kind === 'latency' ? 'Latency' : 'Approval';
  if (hits.length >= SEV1_RAILS) {
    return [
      {
        kind,
        rail: null,
        brand: null,
        severity: 'SEV1',
        runbookId,
        message: `${what} breach on ${hits.length} rails (${hits.map((h) => h.rail).join(', ')}): wide blast radius`,
      },
    ];
  }
  return hits.map((h) => {
    const single = !h.railTile && h.brands.length === 1 ? h.brands[0]! : null;
    const shown = h.railTile ?? single ?? h.brands[0]!;
    const where = single ? `${h.rail} × ${single.brand}` : h.brands.length && !h.railTile ? `${h.rail} (${h.brands.map((b) => b.brand).join(', ')})` : h.rail;
    return {
      kind,
      rail: h.rail,
      brand: single ? single.brand : null,
      severity: 'SEV2',
      runbookId,
      message: `${where}: ${describe(shown)}${h.everyBrand ? ' on every brand' : ''}`,
    };
  });
}
