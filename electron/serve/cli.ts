import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConsoleRole, type ActiveEnvironment } from '../../shared/environment.ts';
import { createConsoleCore } from '../core/console-core.ts';
import { appPaths, defaultUserDataDir, profileDataDir } from '../core/paths.ts';
import { StorageError } from '../core/store/connection.ts';
import { startServe } from './server.ts';

const USAGE = `Usage: npm run serve -- [options]

  --data-dir DIR     the folder holding this console's data (default: the user's Switchyard folder)
  --profile NAME     profile inside that folder (default: default)
  --runbooks DIR     also import runbooks from DIR, re-imported when it changes (repeatable)
  --host ADDR        address to bind (default 127.0.0.1; anything else exposes the console)
  --port N           port (default 0: a free one)
  --role ROLE        operator (default) or wall (read-only: no write method is reachable)
  --env-name NAME    name of the platform environment (shown on every screen)
  --admin-url URL    the platform's admin service ($ADMIN in runbook commands)
  --gateway-url URL  the platform's gateway ($GW)
  --prometheus-url URL  Prometheus ($PROM)
  --production       mark the environment as production (colored, named in every confirmation)

The access token is generated at each start unless SWITCHYARD_SERVE_TOKEN is set.`;

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      profile: { type: 'string', default: 'default' },
      runbooks: { type: 'string', multiple: true, default: [] },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      role: { type: 'string', default: 'operator' },
      'env-name': { type: 'string' },
      'admin-url': { type: 'string' },
      'gateway-url': { type: 'string' },
      'prometheus-url': { type: 'string' },
      production: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const role = ConsoleRole.safeParse(values.role);
  if (!role.success) throw new UsageError(`--role must be operator or wall, not "${values.role}"`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);

  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const paths = appPaths(root);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : profileDataDir(defaultUserDataDir(), values.profile);

  const environment = platformFromFlags(values);
  const core = createConsoleCore({
    environment,
    dataDir,
    profile: values.profile,
    version,
    migrationsDir: paths.migrationsDir,
    bundledRunbooksDir: paths.bundledRunbooksDir,
    runbookFolders: values.runbooks,
    watch: true,
  });
  for (const r of core.startupReports) {
    const bad = r.rejected.length ? `, ${r.rejected.length} rejected` : '';
    console.log(`runbooks: ${r.source} ${r.location}: ${r.imported} imported, ${r.unchanged} unchanged${bad}${r.error ? ` — ${r.error}` : ''}`);
    for (const x of r.rejected) console.log(`  rejected ${x.file}: ${x.reason}`);
  }
  const running = await startServe({
    core,
    rendererDir: paths.rendererDir,
    role: role.data,
    host: values.host,
    port,
    token: process.env.SWITCHYARD_SERVE_TOKEN || undefined,
  });
  console.log(`data: ${dataDir}`);
  console.log(`Switchyard (${role.data}) is serving at ${running.url}`);
  console.log(`Open: ${running.openUrl}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

class UsageError extends Error {}

function platformFromFlags(v: Record<string, string | boolean | string[] | undefined>): ActiveEnvironment | undefined {
  const url = (flag: string) => {
    const raw = v[flag];
    if (typeof raw !== 'string' || raw === '') return null;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      if (u.username || u.password) throw new UsageError(`--${flag} must not carry credentials; the token is configured separately`);
      return u.toString().replace(/\/+$/, '');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--${flag} must be an http(s) URL, not "${raw}"`);
    }
  };
  const adminUrl = url('admin-url');
  const gatewayUrl = url('gateway-url');
  const metricsUrl = url('prometheus-url');
  if (!adminUrl && !gatewayUrl && !metricsUrl) return undefined;
  const name = typeof v['env-name'] === 'string' && v['env-name'] ? v['env-name'] : new URL((adminUrl ?? gatewayUrl ?? metricsUrl)!).host;
  return { name, kind: 'platform', production: v.production === true, adminUrl, gatewayUrl, metricsUrl };
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
  else if (e instanceof StorageError) console.error(`Switchyard cannot start: ${e.message}`);
  else if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(`${(e as Error).message}\n\n${USAGE}`);
  else console.error('Switchyard cannot start:', e);
  process.exit(1);
});
