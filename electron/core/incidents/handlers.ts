import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerSlice } from '../../../shared/api.ts';
import type { PolicyInfo } from '../../../shared/incidents/api.ts';
import { parseSeverityPolicy } from '../../../shared/incidents/policy.ts';
import { incidentReport } from '../../../shared/incidents/reports.ts';
import { readFileSync } from 'node:fs';
import { err, ok } from '../../../shared/result.ts';
import { loadSeverityPolicy, type LoadedPolicy } from './policy-file.ts';
import type { IncidentRepository } from './repository.ts';
import type { IncidentService } from './service.ts';

export interface IncidentHandlerDeps {
  service: IncidentService;
  repo: IncidentRepository;
  dataDir: string;
  policiesDir: string;
  clock: () => Date;
}

/** The bundled ladders (resources/severity-policies/*.yaml), by id and name. */
function bundledPolicies(dir: string): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const r = parseSeverityPolicy(readFileSync(join(dir, f), 'utf8'));
    if (r.ok) out.push({ id: r.value.id, name: r.value.name });
  }
  return out;
}

/** The `incidents.*` slice. */
/** The sync methods are the composition root's (console-core.ts): they need the platform client. */
type SyncMethods = 'incidents.syncStatus' | 'incidents.syncNow' | 'incidents.syncRetry' | 'incidents.syncDiscard';

export function incidentHandlers(deps: IncidentHandlerDeps): Omit<HandlerSlice<'incidents'>, SyncMethods> & { policy(): LoadedPolicy } {
  const { service, repo } = deps;
  const load = () => loadSeverityPolicy({ dataDir: deps.dataDir, bundledDir: deps.policiesDir, chosen: repo.meta('policy', () => 'platform-runbook') });
  let loaded = load();
  service.setPolicyId(() => loaded.policy.id);
  const info = (): PolicyInfo => ({ raw: loaded.raw, source: loaded.source, problem: loaded.problem, bundled: bundledPolicies(deps.policiesDir) });
  return {
    policy: () => loaded,
    'incidents.list': (args) => ok(service.heads({ open: args.open, severity: args.severity, q: args.q, limit: args.limit })),
    'incidents.open': () => ok({ at: deps.clock().toISOString(), incidents: service.openIncidents() }),
    'incidents.get': (args) => service.read(args.incidentId),
    'incidents.series': (args) => {
      const rows = repo.series(args.incidentId);
      const groups = new Map<string, { rail: string; metric: 'p99_ms' | 'approval_pct'; points: Array<{ t: number; value: number | null }> }>();
      for (const r of rows) {
        const key = `${r.rail}\u0000${r.metric}`;
        const g = groups.get(key) ?? { rail: r.rail, metric: r.metric, points: [] };
        g.points.push({ t: r.t, value: r.value });
        groups.set(key, g);
      }
      return ok({ incidentId: args.incidentId, series: [...groups.values()] });
    },
    'incidents.policy': () => {
      loaded = load();
      return ok(info());
    },
    'incidents.choosePolicy': (args) => {
      if (!bundledPolicies(deps.policiesDir).some((p) => p.id === args.id)) return err('invalid', `No bundled severity policy "${args.id}".`);
      repo.db.prepare("INSERT INTO console_meta (key, value) VALUES ('policy', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(args.id);
      loaded = load();
      return ok(info());
    },
    'incidents.report': (args) => {
      const from = args.from ? Date.parse(args.from) : -Infinity;
      const to = args.to ? Date.parse(args.to) : Infinity;
      const views = service.allViews().filter((v) => {
        const at = v.declaredAt ? Date.parse(v.declaredAt) : NaN;
        return at >= from && at < to;
      });
      return ok(incidentReport(views, { timezone: loaded.policy.timezone }));
    },
    'incidents.declare': (args) => service.declare(args),
    'incidents.record': (args) => service.record(args),
  };
}
