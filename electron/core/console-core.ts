import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { CallContext as SharedCallContext, ConsoleHandlers } from '../../shared/api.ts';
import type { ActiveEnvironment, ProfileConfig } from '../../shared/environment.ts';
import { ok } from '../../shared/result.ts';
import type { LeverExecution } from '../../shared/levers.ts';
import type { ImportReport } from '../../shared/runbooks.ts';
import { AuditLog } from './audit/audit-log.ts';
import { auditEvidence, auditHandlers } from './audit/handlers.ts';
import { checklistHandlers } from './checklists/handlers.ts';
import { EventBus } from './events.ts';
import { LeverEngine } from './levers/engine.ts';
import { ExecutionRepository } from './levers/executions.ts';
import { leverHandlers } from './levers/handlers.ts';
import { fetchBrands } from './levers/live-state.ts';
import type { BrandInfo } from './levers/words.ts';
import { incidentHandlers } from './incidents/handlers.ts';
import { IncidentRepository } from './incidents/repository.ts';
import { IncidentService } from './incidents/service.ts';
import { IncidentWatcher } from './incidents/watch.ts';
import { OutboxRepository } from './incidents/outbox.ts';
import { RotationService } from './rotation/service.ts';
import { loadReleaseCalendar, type LoadedCalendar } from './release-calendar/load.ts';
import { describePeakEvent, freezeCheckOf, nextFreezeWindow, upcomingPeakEvents, windowAt } from '../../shared/release-calendar.ts';
import { IncidentSync, type SyncOptions } from './incidents/sync.ts';
import { metricsHandlers } from './metrics/handlers.ts';
import { createMetricsService, type MetricsOptions } from './metrics/service.ts';
import { PlatformClient } from './platform/client.ts';
import { profileHandlers, type ProfileService } from './profiles/handlers.ts';
import { MemoryTokenStore, type TokenStore } from './profiles/token-store.ts';
import { runbookHandlers } from './runbooks/handlers.ts';
import { RunbookService } from './runbooks/service.ts';
import { RunbookFolderRepository } from './runbooks/folder-repository.ts';
import { openDatabase, type Db } from './store/connection.ts';
import { loadMigrations, migrate } from './store/migrate.ts';
import { redact, redactLogsOf } from './store/redact.ts';

export interface CoreConfig {
  /** The profile's data folder: its database and nothing secret. */
  dataDir: string;
  version: string;
  migrationsDir: string;
  /** The runbook cache's own migrations (default: `cache/` inside migrationsDir, packaged with it). */
  cacheMigrationsDir?: string;
  bundledRunbooksDir: string;
  /** The bundled severity ladders (default: `severity-policies/` beside the runbooks folder, packaged with it). */
  severityPoliciesDir?: string;
  /** The environment this core acts on; none means offline runbooks only. */
  profile?: ProfileConfig;
  tokens?: TokenStore;
  profiles?: ProfileService;
  /** Every secret the console holds (every profile's token, the serve token): redacted before free text is stored. */
  secrets?: () => string[];
  runbookFolders?: string[];
  nativeBinding?: string;
  clock?: () => Date;
  watch?: boolean;
  events?: EventBus;
  actor?: string;
  leverTimeouts?: Partial<{ healthMs: number; readMs: number; writeMs: number; probeMs: number }>;
  /** Metrics hub knobs (clock, timers, polling) for tests and benches. */
  metrics?: MetricsOptions;
  /** The example rotation (default: `rotations/follow-the-sun.yaml` beside the runbooks folder, packaged with it). */
  bundledRotationPath?: string;
  /** Incident sync knobs (backoff, timeouts, whether it runs its own timers). */
  sync?: Partial<SyncOptions>;
  /** The bundled release calendar (default: `release-calendar.yaml` beside the runbooks folder). A profile's own file in its data folder replaces it. */
  bundledReleaseCalendarPath?: string;
}

/** Kept as names the transports and tests use; both are the contract's own types. */
export type CallContext = SharedCallContext;
export type CoreHandlers = ConsoleHandlers;
export type { ProfileService };

export interface ConsoleCore {
  handlers: CoreHandlers;
  events: EventBus;
  /** The records: audit log, lever executions, settings, configured runbook folders. */
  db: Db;
  /** The runbook cache's connection now (a rebuild replaces it): for benches and tests. */
  cacheDb(): Db;
  audit: AuditLog;
  /** The incident watcher's pass (breach events, stored series): tests wait on it. */
  watchIncidents(): Promise<void>;
  /** Incident sync with the platform: tests and benches drive its passes. */
  sync: IncidentSync;
  startupReports: ImportReport[];
  /** The release calendar in force (the lever protocol's freeze, the handover's windows) and where it came from. */
  releaseCalendar: LoadedCalendar;
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
/** The runbook cache and its search index: rebuilt from the sources whenever it is damaged or missing. */
export const RUNBOOK_CACHE_FILE = 'runbook-cache.db';

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
  // Every secret this console holds (the profile's token, the others given): replaced in every
  // string bound to a statement of either database, and in the core's log lines.
  const secrets = () => {
    const t = config.profile && config.tokens ? config.tokens.get(config.profile.name) : null;
    return [...(t ? [t] : []), ...(config.secrets?.() ?? [])];
  };
  const log = (line: string) => console.warn(`[switchyard] ${redact(line, secrets())}`);
  const db = openDatabase(dbPath, { nativeBinding: config.nativeBinding, maxSchemaVersion: migrations.length, secrets });
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

  let runbooks: RunbookService;
  try {
    runbooks = new RunbookService({
      bundledDir: config.bundledRunbooksDir,
      clock,
      watch: config.watch ?? false,
      onChanged: (sourceId, imported) => events.emit('runbooks.changed', { sourceId, imported }),
      cache: {
        path: join(config.dataDir, RUNBOOK_CACHE_FILE),
        migrations: loadMigrations(config.cacheMigrationsDir ?? join(config.migrationsDir, 'cache')),
        open: { nativeBinding: config.nativeBinding, secrets },
      },
      folders: new RunbookFolderRepository(db),
      log,
    });
  } catch (e) {
    db.close();
    throw e;
  }
  const audit = new AuditLog(db, clock, secrets);
  const actor = config.actor ?? osUser();
  // The client checks each request's origin against the origins the token was given for.
  const client = new PlatformClient({ adminUrl: profile?.adminUrl ?? null, gatewayUrl: profile?.gatewayUrl ?? null }, () =>
    profile ? (tokens.bound(profile.name) ?? tokens.get(profile.name)) : null,
  );
  const executions = new ExecutionRepository(db);
  const readMs = config.leverTimeouts?.readMs ?? 5000;
  let brandCache: { at: number; brands: BrandInfo[] } | null = null;
  const brands = async (): Promise<BrandInfo[]> => {
    if (brandCache && clock().getTime() - brandCache.at < 60_000) return brandCache.brands;
    const list = await fetchBrands(client, readMs);
    brandCache = { at: clock().getTime(), brands: list };
    return list;
  };
  // The release calendar: the one source of truth for the freeze. The profile's own file or the
  // bundled one, with the profile's `freeze` mapped in when it is not the default.
  const releaseCalendar = loadReleaseCalendar({
    dataDir: config.dataDir,
    bundledPath: config.bundledReleaseCalendarPath ?? join(dirname(config.bundledRunbooksDir), 'release-calendar.yaml'),
    freeze: profile?.freeze ?? null,
  });
  if (releaseCalendar.problem) log(releaseCalendar.problem);
  const calendar = releaseCalendar.calendar;
  const engine = new LeverEngine({
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
      freeze: freezeCheckOf(calendar),
      probePlayer: profile?.probePlayer ?? 'switchyard-probe',
    },
    brands,
    timeouts: config.leverTimeouts,
    onChanged: () => {
      levers.invalidateState();
      events.emit('levers.changed', { at: clock().toISOString() });
      events.emit('audit.appended', { seq: audit.count() });
    },
  });
  const incidentRepo = new IncidentRepository(db);
  const outbox = new OutboxRepository(db);
  let sync: IncidentSync | null = null;
  const incidentService = new IncidentService({
    repo: incidentRepo,
    clock,
    actor,
    runbookVersion: (id) => {
      const r = runbooks.get(id);
      return r.ok ? r.value.version : null;
    },
    onChanged: (incidentId) => events.emit('incidents.changed', { incidentId }),
    outbox,
    onLocalWrite: () => {
      sync?.kick();
      events.emit('incidents.sync', { waiting: outbox.count(), conflicts: 0 });
    },
  });
  sync = new IncidentSync({
    client,
    repo: incidentRepo,
    outbox,
    service: incidentService,
    clock,
    disabledReason: () => {
      if (!profile || !profile.adminUrl) return 'No platform is configured for this profile: incidents stay on this console.';
      if (token() === null) return `No token for ${profile.environmentName}: incidents stay on this console until one is set (Settings).`;
      return null;
    },
    onStatus: () => {
      const s = outbox.count();
      events.emit('incidents.sync', { waiting: s, conflicts: outbox.blockedIncidents().size });
    },
    log,
    options: config.sync,
  });
  const incidentSync = sync;
  const incidents = incidentHandlers({
    service: incidentService,
    repo: incidentRepo,
    dataDir: config.dataDir,
    policiesDir: config.severityPoliciesDir ?? join(dirname(config.bundledRunbooksDir), 'severity-policies'),
    clock,
  });
  const levers = leverHandlers({ profile, engine, executions, client, brands, environment, clock, readMs });
  const metrics = createMetricsService({ db, profile, profileName, events, client, clock }, config.metrics);

  const watcher = new IncidentWatcher({ service: incidentService, repo: incidentRepo, metrics, events, log });
  watcher.start();
  incidentSync.start();

  // Start-up: the runbook cache first (it must work with nothing else), then the evidence.
  const startupReports = runbooks.start(config.runbookFolders ?? []);
  const evidence = auditEvidence(audit, executions);
  const interrupted = engine.settleInterrupted();
  if (interrupted.length) evidence.verify();
  const startedAt = clock().toISOString();

  const { invalidateState: _invalidate, ...leverSlice } = levers;
  const metricsSlice = metricsHandlers(metrics);
  const readCtx = { transport: 'ipc', role: 'operator' } as const;
  const rotation = new RotationService({
    db,
    clock,
    actor,
    bundledPath: config.bundledRotationPath ?? join(dirname(config.bundledRunbooksDir), 'rotations', 'follow-the-sun.yaml'),
    incidents: incidentService,
    policy: () => incidents.policy().policy,
    incidentsSync: () => {
      const s = incidentSync.status();
      return { lastPulledAt: s.lastPulledAt, disabledReason: s.disabledReason };
    },
    levers: async () => leverSlice['levers.state']({ fresh: false }, readCtx),
    executions: async () => leverSlice['levers.executions']({ limit: 50 }, readCtx),
    auditSeq: (executionId) => audit.ofExecution(executionId).at(-1)?.seq ?? null,
    dashboard: async () => metricsSlice['metrics.dashboard']({}, readCtx),
    freeze: (now) => {
      const t = now.getTime();
      const w = windowAt(calendar, t);
      const next = w.freeze ? null : nextFreezeWindow(calendar, t);
      return {
        now: { label: `${w.label} (${w.days}, ${w.timezone})`, freeze: w.freeze, end: w.end },
        nextFreezeStart: next?.start ?? null,
        peakEvents: upcomingPeakEvents(calendar, t, 7 * 24 * 3_600_000).map((e) => describePeakEvent(calendar, e)),
      };
    },
    onChanged: () => events.emit('rotation.changed', { at: clock().toISOString() }),
  });
  const { policy: _policy, ...incidentSlice } = incidents;
  // A lever pulled for an incident is on that incident's timeline, linked to its audit record.
  const onIncidentLever = (e: LeverExecution) => {
    if (!e.incidentId) return;
    const records = audit.ofExecution(e.id);
    incidentService.recordByConsole(
      e.incidentId,
      {
        type: 'lever_executed',
        executionId: e.id,
        auditSeq: records.at(-1)?.seq ?? null,
        lever: e.lever,
        action: e.action,
        target: e.target,
        outcome: e.status,
        bypassedChangeControl: e.approvedBy !== null,
        approvedBy: e.approvedBy,
      },
      e.actor ?? actor,
      new Date(e.finishedAt ?? e.startedAt),
    );
  };
  const leverWrites: Pick<CoreHandlers, 'levers.execute' | 'levers.recover'> = {
    'levers.execute': async (args, ctx) => {
      const r = await leverSlice['levers.execute'](args, ctx);
      if (r.ok) onIncidentLever(r.value);
      return r;
    },
    'levers.recover': async (args, ctx) => {
      const r = await leverSlice['levers.recover'](args, ctx);
      if (r.ok) r.value.executions.forEach(onIncidentLever);
      return r;
    },
  };
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
        audit: evidence.last,
        interruptedLevers: interrupted.length,
      }),
    ...runbookHandlers(runbooks),
    ...checklistHandlers({ db, clock, actor, events }),
    ...profileHandlers(config.profiles),
    ...leverSlice,
    ...leverWrites,
    ...incidentSlice,
    'incidents.syncStatus': () => ok(incidentSync.status()),
    'incidents.syncNow': async () => {
      await incidentSync.now();
      return ok(incidentSync.status());
    },
    'incidents.syncRetry': (args) => incidentSync.retry(args.eventId),
    'incidents.syncDiscard': (args) => incidentSync.discard(args.eventId),
    ...metricsSlice,
    'rotation.get': () => rotation.get(),
    'rotation.save': (args) => rotation.save(args.schedule, args.note, args.baseVersion),
    'rotation.versions': (args) => ok(rotation.versions(args.limit)),
    'rotation.planImport': (args) => rotation.planImport(args),
    'rotation.applyImport': (args) => rotation.applyImport(args.planId, args.baseVersion),
    'calendar.get': () => ok({ calendar: releaseCalendar.calendar, source: releaseCalendar.source, problem: releaseCalendar.problem }),
    'handover.draft': async (args) => ok(await rotation.draft(args.from, args.to)),
    'handover.handOver': (args) => rotation.handOver(args),
    'handover.acknowledge': (args) => rotation.acknowledge(args.id, args.by),
    'handover.list': (args) => ok(rotation.list(args.limit)),
    ...auditHandlers({ audit, evidence, profileName, clock }),
  };

  // dispatch() logs for both transports: it redacts this console's secrets while it is open.
  const unregisterLogSecrets = redactLogsOf(secrets);
  return {
    handlers,
    events,
    db,
    cacheDb: () => runbooks.cacheDb,
    audit,
    watchIncidents: () => watcher.observe(),
    sync: incidentSync,
    startupReports,
    releaseCalendar,
    close() {
      unregisterLogSecrets();
      incidentSync.stop();
      watcher.stop();
      metrics.close();
      runbooks.close();
      db.close();
    },
  };
}

