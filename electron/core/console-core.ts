import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConsoleHandlers, MethodName, ParsedArgsOf, ValueOf } from '../../shared/api.ts';
import type { ActiveEnvironment, ConsoleRole, ProfileConfig } from '../../shared/environment.ts';
import { LEVERS, type LeverStateSnapshot } from '../../shared/levers.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ImportReport } from '../../shared/runbooks.ts';
import { AuditLog, toCsv, toJsonLines } from './audit/audit-log.ts';
import { EventBus } from './events.ts';
import { LeverEngine } from './levers/engine.ts';
import { ExecutionRepository } from './levers/executions.ts';
import { fetchBrands, readLeverStates } from './levers/live-state.ts';
import { createMetricsService, type MetricsOptions } from './metrics/service.ts';
import type { BrandInfo } from './levers/words.ts';
import { PlatformClient } from './platform/client.ts';
import { MemoryTokenStore, type TokenStore } from './profiles/token-store.ts';
import { RunbookService } from './runbooks/service.ts';
import { openDatabase, type Db } from './store/connection.ts';
import { loadMigrations, migrate } from './store/migrate.ts';

/** Profile operations live above one profile's core (switching replaces the core). */
export interface ProfileService {
  list(): ValueOf<'profiles.list'>;
  save(p: ProfileConfig): Result<ValueOf<'profiles.save'>>;
  switchTo(name: string): Promise<Result<ValueOf<'profiles.switch'>>>;
  setToken(name: string, token: string): Result<ValueOf<'profiles.setToken'>>;
}

export interface CoreConfig {
  /** The profile's data folder: its database and nothing secret. */
  dataDir: string;
  version: string;
  migrationsDir: string;
  bundledRunbooksDir: string;
  /** The environment this core acts on; none means offline runbooks only. */
  profile?: ProfileConfig;
  tokens?: TokenStore;
  profiles?: ProfileService;
  runbookFolders?: string[];
  nativeBinding?: string;
  clock?: () => Date;
  watch?: boolean;
  events?: EventBus;
  actor?: string;
  leverTimeouts?: Partial<{ healthMs: number; readMs: number; writeMs: number; probeMs: number }>;
  /** Metrics hub knobs (clock, timers, polling) for tests and benches. */
  metrics?: MetricsOptions;
}

export interface CallContext {
  transport: 'ipc' | 'http';
  role: ConsoleRole;
}

export type CoreHandlers = {
  [M in MethodName]: (args: ParsedArgsOf<M>, ctx: CallContext) => Promise<Result<ValueOf<M>>> | Result<ValueOf<M>>;
};

export interface ConsoleCore {
  handlers: CoreHandlers;
  events: EventBus;
  db: Db;
  audit: AuditLog;
  startupReports: ImportReport[];
  close(): void;
}

export const NO_ENVIRONMENT: ActiveEnvironment = {
  name: 'No platform configured',
  kind: 'none',
  production: false,
  adminUrl: null,
  gatewayUrl: null,
  metricsUrl: null,
  role: 'viewer',
  tokenSource: 'none',
  hasToken: false,
};

export const DATABASE_FILE = 'switchyard.db';
const STATE_TTL_MS = 2000;

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The composition root: builds every service of one profile over its own database. */
export function createConsoleCore(config: CoreConfig): ConsoleCore {
  const clock = config.clock ?? (() => new Date());
  const dbPath = join(config.dataDir, DATABASE_FILE);
  const migrations = loadMigrations(config.migrationsDir);
  const db = openDatabase(dbPath, { nativeBinding: config.nativeBinding, maxSchemaVersion: migrations.length });
  let schemaVersion: number;
  try {
    schemaVersion = migrate(db, migrations, dbPath);
  } catch (e) {
    db.close();
    throw e;
  }
  const events = config.events ?? new EventBus();
  const profile = config.profile ?? null;
  const profileName = profile?.name ?? 'default';
  const tokens = config.tokens ?? new MemoryTokenStore();
  const token = () => (profile ? tokens.get(profile.name) : null);
  const environment = (): ActiveEnvironment =>
    profile
      ? {
          name: profile.environmentName,
          kind: profile.kind,
          production: profile.production,
          adminUrl: profile.adminUrl,
          gatewayUrl: profile.gatewayUrl,
          metricsUrl: profile.metricsUrl,
          role: profile.role,
          tokenSource: tokens.source(profile.name),
          hasToken: token() !== null,
        }
      : NO_ENVIRONMENT;

  const runbooks = new RunbookService(db, {
    bundledDir: config.bundledRunbooksDir,
    clock,
    watch: config.watch ?? false,
    onChanged: (sourceId, imported) => events.emit('runbooks.changed', { sourceId, imported }),
  });

  const audit = new AuditLog(db, clock, () => {
    const t = token();
    return t ? [t] : [];
  });
  const actor = config.actor ?? osUser();
  const client = new PlatformClient({ adminUrl: profile?.adminUrl ?? null, gatewayUrl: profile?.gatewayUrl ?? null }, token);
  const executions = new ExecutionRepository(db);
  const timeouts = { readMs: 5000, ...config.leverTimeouts };
  let brandCache: { at: number; brands: BrandInfo[] } | null = null;
  const brands = async (): Promise<BrandInfo[]> => {
    if (brandCache && clock().getTime() - brandCache.at < 60_000) return brandCache.brands;
    const list = await fetchBrands(client, timeouts.readMs);
    brandCache = { at: clock().getTime(), brands: list };
    return list;
  };
  const levers = new LeverEngine({
    client,
    audit,
    executions,
    clock,
    actor,
    profile: profileName,
    environment: {
      name: environment().name,
      production: environment().production,
      role: profile?.role ?? 'viewer',
      freeze: profile?.freeze ?? { timezone: 'Asia/Kolkata', startDay: 5, endDay: 7, enabled: true },
      probePlayer: profile?.probePlayer ?? 'switchyard-probe',
    },
    brands,
    timeouts: config.leverTimeouts,
    onChanged: () => {
      stateCache = null;
      events.emit('levers.changed', { at: clock().toISOString() });
      events.emit('audit.appended', { seq: audit.count() });
    },
  });

  /** The chain, and every lever execution's records present (a chain cannot see its tail cut). */
  const verifyEvidence = () => {
    const chain = audit.verify();
    if (!chain.ok) return chain;
    const orphans = executions.withoutEvidence();
    if (orphans.length === 0) return chain;
    return {
      ...chain,
      ok: false,
      firstBad: chain.checked + 1,
      problem: `the audit records of ${orphans.length} lever execution(s) are missing after record ${chain.checked}: the newest records were removed`,
    };
  };

  const metrics = createMetricsService({ db, profile, profileName, events, client, clock }, config.metrics);

  // Start-up: the runbook cache first (it must work with nothing else), then the evidence.
  const startupReports = runbooks.start(config.runbookFolders ?? []);
  let auditCheck = verifyEvidence();
  const interrupted = levers.settleInterrupted();
  if (interrupted.length) auditCheck = verifyEvidence();
  const startedAt = clock().toISOString();

  let stateCache: { at: number; snapshot: Promise<LeverStateSnapshot> } | null = null;
  const noPlatform = () => err('offline', 'No platform is configured for this profile: levers need an admin URL and a gateway URL (Settings → Profiles).');
  const noProfiles = () => err('invalid', 'Profiles are managed by the app that started this console.');

  const handlers: CoreHandlers = {
    'app.info': (_args, ctx) =>
      ok({
        version: config.version,
        transport: ctx.transport,
        role: ctx.role,
        dataDir: config.dataDir,
        profile: profileName,
        environment: environment(),
        startedAt,
        storage: { schemaVersion, path: dbPath },
        audit: auditCheck,
        interruptedLevers: interrupted.length,
      }),
    'runbooks.search': (args) => ok(runbooks.search(args)),
    'runbooks.list': () => ok(runbooks.repo.list()),
    'runbooks.facets': () => ok(runbooks.repo.facets()),
    'runbooks.get': (args) => runbooks.get(args.id, args.version),
    'runbooks.history': (args) => ok(runbooks.repo.history(args.id)),
    'runbooks.diff': (args) => runbooks.diff(args.id, args.from, args.to),
    'runbooks.sources': () => ok(runbooks.repo.sources()),
    'runbooks.lastReports': () => ok(runbooks.repo.reports()),
    'runbooks.addFolder': (args) => runbooks.addFolder(args.dir),
    'runbooks.removeFolder': (args) => runbooks.removeFolder(args.sourceId),
    'runbooks.resync': () => ok(runbooks.resync()),

    'profiles.list': () => (config.profiles ? ok(config.profiles.list()) : ok({ profiles: [], tokenWritable: false, tokenHelp: 'no profiles' })),
    'profiles.save': (args) => (config.profiles ? config.profiles.save(args) : noProfiles()),
    'profiles.switch': (args) => (config.profiles ? config.profiles.switchTo(args.name) : noProfiles()),
    'profiles.setToken': (args) => (config.profiles ? config.profiles.setToken(args.name, args.token) : noProfiles()),

    'levers.catalog': () =>
      ok(
        LEVERS.map((l) => ({
          id: l.id,
          title: l.title,
          summary: l.summary,
          scope: l.scope,
          requiredRole: l.requiredRole,
          engagedLabel: l.engagedLabel,
          releasedLabel: l.releasedLabel,
          runbookSection: l.runbookSection,
          hasSqlFallback: l.sqlFallback !== null,
        })),
      ),
    'levers.state': async (args) => {
      if (!profile?.adminUrl || !profile.gatewayUrl) return noPlatform();
      // Many windows and walls poll this: one platform read serves them all for a moment.
      const now = clock().getTime();
      if (args.fresh || !stateCache || now - stateCache.at > STATE_TTL_MS) {
        const snapshot = (async () => {
          const list = await brands().catch(() => [] as BrandInfo[]);
          return readLeverStates(client, list, profile.providers, clock, timeouts.readMs);
        })();
        stateCache = { at: now, snapshot };
      }
      return ok(await stateCache.snapshot);
    },
    'levers.executions': (args) => ok(executions.recent(args.limit)),
    'levers.plan': (args) => (profile?.adminUrl && profile.gatewayUrl ? levers.plan(args) : noPlatform()),
    'levers.execute': (args) => levers.execute(args),
    'levers.reverify': (args) => levers.reverify(args.executionId),
    'levers.recoveryPlan': () => {
      const steps = levers.recoverySteps();
      const plan = {
        steps: steps.map((e) => ({ engagedBy: e, lever: e.lever, target: e.target, title: LEVERS.find((l) => l.id === e.lever)!.title })),
        requiresTypedEnvironment: steps.some((e) => LEVERS.find((l) => l.id === e.lever)!.scope === 'platform'),
        freeze: levers.freeze(),
        environment: environment().name,
        production: environment().production,
      };
      return ok(plan);
    },
    'levers.recover': (args) => levers.recover(args),

    'metrics.dashboard': async () => ok(await metrics.dashboard()),
    'metrics.detail': async (args) => ok(await metrics.detail(args)),
    'metrics.thresholds': () => ok(metrics.thresholds()),
    'metrics.setThresholds': (args) => ok(metrics.setThresholds(args)),
    'wall.config': () => ok(metrics.wallConfig()),
    'wall.setConfig': (args) => ok(metrics.setWallConfig(args)),

    'audit.list': (args) => ok(audit.list(args)),
    'audit.verify': () => {
      auditCheck = verifyEvidence();
      return ok(auditCheck);
    },
    'audit.export': (args) => {
      const records = audit.all();
      const verification = verifyEvidence();
      auditCheck = verification;
      const stamp = clock().toISOString().replace(/[:.]/g, '-');
      const base = `switchyard-audit-${profileName}-${stamp}`;
      return ok(
        args.format === 'jsonl'
          ? { filename: `${base}.jsonl`, mimeType: 'application/x-ndjson', content: toJsonLines(records), records: records.length, verification }
          : { filename: `${base}.csv`, mimeType: 'text/csv', content: toCsv(records), records: records.length, verification },
      );
    },
  };

  return {
    handlers,
    events,
    db,
    audit,
    startupReports,
    close() {
      metrics.close();
      runbooks.close();
      db.close();
    },
  };
}

// Compile-time check that the core covers the whole contract with the right shapes.
type _Covers = CoreHandlers extends { [M in keyof ConsoleHandlers]: unknown } ? true : never;
const _covers: _Covers = true;
void _covers;
