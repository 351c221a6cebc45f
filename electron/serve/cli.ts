import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConsoleRole, ProfileConfig } from '../../shared/environment.ts';
import { PlatformRole } from '../../shared/levers.ts';
import { appPaths, defaultUserDataDir } from '../core/paths.ts';
import { ProfileHost } from '../core/profile-host.ts';
import { originsOf } from '../core/profiles/token-binding.ts';
import { EnvTokenStore } from '../core/profiles/token-store.ts';
import { StorageError } from '../core/store/connection.ts';
import { startDemoPlatform } from '../demo-platform/index.ts';
import { startServe } from './server.ts';

const USAGE = `Usage: npm run serve -- [options]

  --data-dir DIR        Switchyard's folder: profiles.json and one data folder per profile
                        (default: the user's Switchyard folder, shared with the desktop app)
  --profile NAME        the profile to open (default: the last one used; "demo" on a fresh machine)
  --runbooks DIR        also import runbooks from DIR, re-imported when it changes (repeatable)
  --host ADDR           address to bind (default 127.0.0.1; anything else exposes the console;
                        0.0.0.0 for a wall: browsers on the LAN open it by this machine's address)
  --allow-host NAME     also answer browsers that open it as NAME, a DNS name of this machine
                        (repeatable; not with a loopback --host)
  --port N              port (default 0: a free one)
  --role ROLE           operator (default) or wall (read-only: no write method is reachable)

  A platform for this run (not saved; save profiles in Settings):
  --env-name NAME       the environment's name, shown on every screen and typed to confirm
  --admin-url URL       the platform's admin service ($ADMIN)
  --gateway-url URL     the platform's gateway ($GW)
  --prometheus-url URL  Prometheus ($PROM)
  --platform-role ROLE  the role of the token: viewer, operator (default) or super_admin
  --production          mark the environment as production
  --token-file FILE     read the platform token from FILE (owner-only, chmod 600);
                        otherwise from SWITCHYARD_TOKEN. It is sent only to the
                        --admin-url and --gateway-url given with it

The console's own access token is generated at each start unless SWITCHYARD_SERVE_TOKEN is set.`;

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      profile: { type: 'string' },
      runbooks: { type: 'string', multiple: true, default: [] },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      port: { type: 'string', default: '0' },
      role: { type: 'string', default: 'operator' },
      'env-name': { type: 'string' },
      'admin-url': { type: 'string' },
      'gateway-url': { type: 'string' },
      'prometheus-url': { type: 'string' },
      'platform-role': { type: 'string', default: 'operator' },
      production: { type: 'boolean', default: false },
      'token-file': { type: 'string' },
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
  const dataRoot = values['data-dir'] ? resolve(values['data-dir']) : defaultUserDataDir();

  // The platform token belongs to the platform these flags describe, for its origins only.
  const override = platformFromFlags(values);
  let tokens: EnvTokenStore;
  try {
    tokens = new EnvTokenStore(process.env, values['token-file'], override ? { profile: override.name, ...originsOf(override) } : null);
  } catch (e) {
    throw new UsageError(`--token-file: ${(e as Error).message}`);
  }
  if (tokens.ownerless)
    console.warn('The platform token (SWITCHYARD_TOKEN or --token-file) is given without --admin-url and --gateway-url: it is sent to no platform. Give the URLs it is for.');
  // Generated here, not by the server, so it is redacted like the platform tokens.
  const serveToken = process.env.SWITCHYARD_SERVE_TOKEN || randomBytes(24).toString('base64url');
  const host = new ProfileHost({
    root: dataRoot,
    tokens,
    version,
    migrationsDir: paths.migrationsDir,
    bundledRunbooksDir: paths.bundledRunbooksDir,
    runbookFolders: values.runbooks,
    watch: true,
    override,
    profileName: values.profile,
    extraSecrets: [serveToken],
    startDemo: async () => {
      const demo = await startDemoPlatform({ demoMode: true });
      console.log(`demo platform: admin ${demo.adminUrl}, gateway ${demo.gatewayUrl}`);
      return { adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl, token: demo.tokens.super_admin, stop: () => demo.stop() };
    },
  });
  const core = await host.open();
  for (const r of core.startupReports) {
    const bad = r.rejected.length ? `, ${r.rejected.length} rejected` : '';
    console.log(`runbooks: ${r.source} ${r.location}: ${r.imported} imported, ${r.unchanged} unchanged${bad}${r.error ? ` — ${r.error}` : ''}`);
    for (const x of r.rejected) console.log(`  rejected ${x.file}: ${x.reason}`);
  }
  const running = await startServe({
    core: host,
    rendererDir: paths.rendererDir,
    role: role.data,
    host: values.host,
    allowHosts: values['allow-host'],
    port,
    token: serveToken,
  });
  const p = host.activeProfile!;
  console.log(`data: ${dataRoot} (profile ${p.name})`);
  console.log(`environment: ${p.kind === 'demo' ? 'DEMO (built-in demo platform)' : `${p.environmentName}${p.production ? ' (PRODUCTION)' : ''}`}`);
  const lan = running.urls.length > 1 ? ` and on the LAN (bound to ${values.host})` : '';
  console.log(`Switchyard (${role.data}) is serving at ${running.url}${lan}`);
  // "Open: " is what scripts and test/e2e/serve-fixture.ts look for: this machine's URL.
  console.log(`Open: ${running.openUrl}`);
  for (const u of running.urls.slice(1)) console.log(`Open from the LAN: ${u}/?token=${running.token}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

class UsageError extends Error {}

function platformFromFlags(v: Record<string, string | boolean | string[] | undefined>): ProfileConfig | undefined {
  const given = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : null);
  const adminUrl = given('admin-url');
  const gatewayUrl = given('gateway-url');
  const metricsUrl = given('prometheus-url');
  if (!adminUrl && !gatewayUrl && !metricsUrl) return undefined;
  const platformRole = PlatformRole.safeParse(v['platform-role']);
  if (!platformRole.success) throw new UsageError('--platform-role must be viewer, operator or super_admin');
  const parsed = ProfileConfig.safeParse({
    name: given('profile') ?? 'cli',
    kind: 'platform',
    environmentName: given('env-name') ?? new URL((adminUrl ?? gatewayUrl ?? metricsUrl)!).host,
    adminUrl,
    gatewayUrl,
    metricsUrl,
    production: v.production === true,
    role: platformRole.data,
    // With a Prometheus, the dashboards query it; without, they scrape the gateway's /metrics.
    ...(metricsUrl ? { metrics: { kind: 'prometheus', url: metricsUrl } } : {}),
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UsageError(`--${String(i.path[0]).replace(/Url$/, '-url').replace('environmentName', 'env-name')}: ${i.message}`);
  }
  return parsed.data;
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
  else if (e instanceof StorageError) console.error(`Switchyard cannot start: ${e.message}`);
  else if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(`${(e as Error).message}\n\n${USAGE}`);
  else console.error('Switchyard cannot start:', (e as Error).message ?? e);
  process.exit(1);
});
