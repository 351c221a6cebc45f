import { join } from 'node:path';
import type { ConsoleHandlers, MethodName, ParsedArgsOf, ValueOf } from '../../shared/api.ts';
import type { ActiveEnvironment, ConsoleRole } from '../../shared/environment.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { ImportReport } from '../../shared/runbooks.ts';
import { EventBus } from './events.ts';
import { RunbookService } from './runbooks/service.ts';
import { openDatabase, type Db } from './store/connection.ts';
import { loadMigrations, migrate } from './store/migrate.ts';

export interface CoreConfig {
  /** The profile's data folder: its database and nothing secret. */
  dataDir: string;
  profile?: string;
  version: string;
  migrationsDir: string;
  bundledRunbooksDir: string;
  runbookFolders?: string[];
  nativeBinding?: string;
  clock?: () => Date;
  watch?: boolean;
  environment?: ActiveEnvironment;
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
};

export const DATABASE_FILE = 'switchyard.db';

/** The composition root: builds every service of one profile over its own database. */
export function createConsoleCore(config: CoreConfig): ConsoleCore {
  const clock = config.clock ?? (() => new Date());
  const dbPath = join(config.dataDir, DATABASE_FILE);
  const db = openDatabase(dbPath, { nativeBinding: config.nativeBinding });
  let schemaVersion: number;
  try {
    schemaVersion = migrate(db, loadMigrations(config.migrationsDir), dbPath);
  } catch (e) {
    db.close();
    throw e;
  }
  const events = new EventBus();
  const runbooks = new RunbookService(db, {
    bundledDir: config.bundledRunbooksDir,
    clock,
    watch: config.watch ?? false,
    onChanged: (sourceId, imported) => events.emit('runbooks.changed', { sourceId, imported }),
  });
  const startupReports = runbooks.start(config.runbookFolders ?? []);
  const startedAt = clock().toISOString();
  const environment = config.environment ?? NO_ENVIRONMENT;

  const handlers: CoreHandlers = {
    'app.info': (_args, ctx) =>
      ok({
        version: config.version,
        transport: ctx.transport,
        role: ctx.role,
        dataDir: config.dataDir,
        profile: config.profile ?? 'default',
        environment,
        startedAt,
        storage: { schemaVersion, path: dbPath },
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
  };

  return {
    handlers,
    events,
    db,
    startupReports,
    close() {
      runbooks.close();
      db.close();
    },
  };
}

// Compile-time check that the core covers the whole contract with the right shapes.
type _Covers = CoreHandlers extends { [M in keyof ConsoleHandlers]: unknown } ? true : never;
const _covers: _Covers = true;
void _covers;
