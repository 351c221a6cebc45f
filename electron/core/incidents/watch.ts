import type { BreachFigures } from '../../../shared/incidents/events.ts';
import { foldIncident } from '../../../shared/incidents/fold.ts';
import type { Dashboard, RailTile } from '../../../shared/metrics.ts';
import type { EventBus } from '../events.ts';
import type { MetricsService } from '../metrics/service.ts';
import type { IncidentRepository } from './repository.ts';
import type { IncidentService } from './service.ts';

/** The actor of events the console writes itself. */
export const CONSOLE_ACTOR = 'switchyard';

type Kind = 'latency' | 'approval';

function words(kind: Kind, t: RailTile, d: Dashboard): string {
  if (kind === 'latency') return `${t.rail} p99 ${Math.round(t.p99Ms ?? 0)} ms (limit ${d.thresholds.p99Ms} ms)`;
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
  return `${t.rail} approval ${pct(t.approval)} (baseline ${pct(t.approvalBaseline)})`;
}

function figures(kind: Kind, t: RailTile, d: Dashboard): BreachFigures {
  return {
    rail: t.rail,
    kind,
    summary: words(kind, t, d),
    value: kind === 'latency' ? t.p99Ms : t.approval,
    threshold: kind === 'latency' ? d.thresholds.p99Ms : t.approvalBaseline,
    brands: [],
  };
}

/**
 * Watches the metrics for every open incident: a breach on one of its rails that starts or
 * ends while it is open goes on its timeline (written by the console, not a person), and its
 * rails' p99 and approval are copied into SQLite, so the postmortem keeps its charts after the
 * source has expired them. Only fresh data counts: a stale or failing tile neither starts nor
 * ends a breach, and stores no point.
 */
export class IncidentWatcher {
  private running: Promise<void> | null = null;
  private readonly backfilled = new Set<string>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly deps: {
      service: IncidentService;
      repo: IncidentRepository;
      metrics: MetricsService;
      events: EventBus;
      log: (line: string) => void;
    },
  ) {}

  start(): void {
    // Each new poll, and a newly declared incident at once (its history, not at the next tick).
    this.unsubscribe = this.deps.events.subscribe((name, _payload) => {
      if (name === 'metrics.tick' || name === 'incidents.changed') void this.observe();
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** One pass; concurrent calls share it. Resolves when it is done (tests wait on it). */
  observe(): Promise<void> {
    if (!this.running) {
      this.running = this.pass()
        .catch((e: unknown) => this.deps.log(`incident watch: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  private async pass(): Promise<void> {
    const open = this.deps.service.openIncidents();
    if (open.length === 0 || !this.deps.metrics.source) return;
    const d = await this.deps.metrics.dashboard();
    for (const inc of open) {
      const view = foldIncident(inc.events);
      if (view.rails.length === 0) continue;
      await this.backfill(inc.incidentId, view.rails);
      const openSpans = new Set(view.breaches.filter((b) => b.startedAt !== null && b.endedAt === null).map((b) => `${b.rail}:${b.kind}`));
      for (const rail of view.rails) {
        const tile = d.tiles.find((t) => t.rail === rail && t.brand === null);
        if (!tile || tile.freshness.status !== 'ok') continue;
        const at = new Date(tile.freshness.asOf ?? d.generatedAt);
        this.deps.repo.storeSeries(inc.incidentId, rail, 'p99_ms', [{ t: at.getTime(), value: tile.p99Ms }]);
        this.deps.repo.storeSeries(inc.incidentId, rail, 'approval_pct', [{ t: at.getTime(), value: tile.approval === null ? null : tile.approval * 100 }]);
        for (const kind of ['latency', 'approval'] as const) {
          const breaching = tile.breaches.includes(kind);
          const key = `${rail}:${kind}`;
          if (breaching && !openSpans.has(key)) {
            this.deps.service.recordByConsole(inc.incidentId, { type: 'breach_started', breach: figures(kind, tile, d) }, CONSOLE_ACTOR, at);
          } else if (!breaching && openSpans.has(key)) {
            this.deps.service.recordByConsole(inc.incidentId, { type: 'breach_ended', rail, kind, summary: `${words(kind, tile, d)}: back within its limit` }, CONSOLE_ACTOR, at);
          }
        }
      }
    }
  }

  /** Once per incident and run: the source's recent history of its rails (before it was declared, too). */
  private async backfill(incidentId: string, rails: readonly string[]): Promise<void> {
    if (this.backfilled.has(incidentId)) return;
    this.backfilled.add(incidentId);
    for (const rail of rails) {
      const detail = await this.deps.metrics.detail({ rail, brand: null, range: '1h', widthPx: 720 });
      for (const panel of detail.panels) {
        if (panel.freshness.status === 'error') continue;
        const kind = panel.id.split(':')[0];
        const series = panel.series.find((s) => (kind === 'latency' ? s.key === 'p99' : kind === 'approval'));
        if (!series) continue;
        const metric = kind === 'latency' ? 'p99_ms' : 'approval_pct';
        // Detail series hold approval as a ratio (0..1) whatever the panel's display unit.
        const scale = metric === 'approval_pct' ? 100 : 1;
        this.deps.repo.storeSeries(
          incidentId,
          rail,
          metric,
          series.points.filter((p) => p[1] !== null).map(([t, v]) => ({ t: t > 1e12 ? t : t * 1000, value: v === null ? null : v * scale })),
        );
      }
    }
  }
}
