// A token goes only to the admin and gateway origins it was given for, across every way a
// profile is created, edited, switched to and reopened after a restart. Each "platform" here is
// two real HTTP listeners on 127.0.0.1 (two ports: two origins) that keep every request's
// Authorization header; the console is driven through its handlers as a window drives it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ValueOf } from '../../shared/api.ts';
import { ProfileConfig } from '../../shared/environment.ts';
import type { Result } from '../../shared/result.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { ProfileHost, type ProfileHostOptions } from '../../electron/core/profile-host.ts';
import { EnvTokenStore, MemoryTokenStore, type TokenStore } from '../../electron/core/profiles/token-store.ts';
import { PATHS, manualClock } from '../helpers/console.ts';
import { SHORT_TIMEOUTS, WEEKDAY } from '../helpers/platform.ts';
import { useScratch, type Scratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const CTX = { transport: 'ipc', role: 'operator' } as const;

interface Listener {
  url: string;
  /** Every request's Authorization header (null: none), in order. */
  seen: (string | null)[];
  /** The bearer tokens received since `mark` (a count of requests). */
  tokensSince(mark: number): string[];
}

/** One origin: answers /health, 404 for the rest, and keeps what it was sent. */
async function listen(s: Scratch): Promise<Listener> {
  const seen: (string | null)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? null);
    req.resume();
    req.on('end', () => {
      const health = req.url === '/health';
      res.writeHead(health ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(health ? { status: 'ok' } : { error: 'not found here' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  s.defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    tokensSince: (mark) => [...new Set(seen.slice(mark).flatMap((a) => (a ? [a.replace(/^Bearer /, '')] : [])))],
  };
}

interface Platform {
  admin: Listener;
  gateway: Listener;
  adminUrl: string;
  gatewayUrl: string;
  /** Request counts now, to look only at what follows. */
  mark(): { admin: number; gateway: number };
  /** Tokens received by each origin since `m` (from the start when absent). */
  tokens(m?: { admin: number; gateway: number }): { admin: string[]; gateway: string[] };
  /** Requests received since `m`, with or without a token. */
  reached(m?: { admin: number; gateway: number }): number;
}

async function platform(s: Scratch): Promise<Platform> {
  const admin = await listen(s);
  const gateway = await listen(s);
  return {
    admin,
    gateway,
    adminUrl: admin.url,
    gatewayUrl: gateway.url,
    mark: () => ({ admin: admin.seen.length, gateway: gateway.seen.length }),
    tokens: (m = { admin: 0, gateway: 0 }) => ({ admin: admin.tokensSince(m.admin), gateway: gateway.tokensSince(m.gateway) }),
    reached: (m = { admin: 0, gateway: 0 }) => admin.seen.length - m.admin + gateway.seen.length - m.gateway,
  };
}

const NOTHING = { admin: [], gateway: [] };

async function call<M extends MethodName>(host: ProfileHost, name: M, args: ArgsOf<M> = {} as ArgsOf<M>): Promise<Result<ValueOf<M>>> {
  return (await dispatch(host.handlers, name, args, CTX)) as Result<ValueOf<M>>;
}

async function must<M extends MethodName>(host: ProfileHost, name: M, args: ArgsOf<M> = {} as ArgsOf<M>): Promise<ValueOf<M>> {
  const r = await call(host, name, args);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * What an on-call engineer's screens do: lever states, the dashboard, planning an admin lever
 * and a gateway one. The listeners answer little, so the results are refusals; what counts here
 * is what each request carried.
 */
async function drive(host: ProfileHost): Promise<void> {
  await call(host, 'levers.state', { fresh: true });
  await call(host, 'metrics.dashboard');
  await call(host, 'levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' });
  await call(host, 'levers.plan', { lever: 'provider-ingress-block', target: 'razorpay', action: 'engage' });
}

const DEMO_TOKEN = 'demo-platform-own-token';

async function openHost(root: string, tokens: TokenStore, demo: Platform, extra: Partial<ProfileHostOptions> = {}): Promise<ProfileHost> {
  const host = new ProfileHost({
    root,
    tokens,
    version: '0.0.0-test',
    migrationsDir: PATHS.migrationsDir,
    bundledRunbooksDir: PATHS.bundledRunbooksDir,
    clock: manualClock(WEEKDAY),
    leverTimeouts: SHORT_TIMEOUTS,
    startDemo: async () => ({ adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl, token: DEMO_TOKEN, stop: async () => {} }),
    ...extra,
  });
  scratch.defer(() => host.close());
  await host.open();
  return host;
}

const platformProfile = (name: string, p: Pick<Platform, 'adminUrl' | 'gatewayUrl'>) => ({ name, kind: 'platform' as const, environmentName: name, adminUrl: p.adminUrl, gatewayUrl: p.gatewayUrl });

async function summary(host: ProfileHost, name: string) {
  const p = (await must(host, 'profiles.list')).profiles.find((x) => x.name === name);
  if (!p) throw new Error(`no profile ${name}`);
  return p;
}

describe('desktop: a keychain token stays with the origins it was set for', () => {
  it('saving the profile with a new admin URL drops the token at once and after a restart, and says so', async () => {
    const [demo, prod, elsewhere] = [await platform(scratch), await platform(scratch), await platform(scratch)];
    const root = scratch.tempDir('switchyard-tokens-');
    const keychain = new MemoryTokenStore(); // stands in for the OS keychain: it outlives a restart
    const host = await openHost(root, keychain, demo);

    await must(host, 'profiles.save', platformProfile('prod', prod));
    await must(host, 'profiles.setToken', { name: 'prod', token: 'prod-token-111' });
    await must(host, 'profiles.switch', { name: 'prod' });
    await drive(host);
    expect(prod.tokens()).toEqual({ admin: ['prod-token-111'], gateway: ['prod-token-111'] });

    // Same name, the admin URL now elsewhere; the gateway unchanged.
    const atEdit = prod.mark();
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod', adminUrl: elsewhere.adminUrl, gatewayUrl: prod.gatewayUrl });
    await drive(host);
    expect(elsewhere.admin.seen.length).toBeGreaterThan(0);
    expect(elsewhere.tokens()).toEqual(NOTHING);
    expect(prod.tokens(atEdit)).toEqual(NOTHING);
    const after = await summary(host, 'prod');
    expect(after.hasToken).toBe(false);
    expect(after.tokenProblem).toBe(`token was given for ${prod.adminUrl}, ${prod.gatewayUrl}; the profile now points elsewhere: set it again`);
    expect((await must(host, 'app.info')).environment).toMatchObject({ hasToken: false, tokenSource: expect.stringContaining('set it again') });

    // A restart over the same folder and keychain opens the edited profile: still no token.
    await host.close();
    const reached = elsewhere.mark();
    const restarted = await openHost(root, keychain, demo);
    expect(restarted.activeProfile?.name).toBe('prod');
    await drive(restarted);
    expect(elsewhere.reached(reached)).toBeGreaterThan(0);
    expect(elsewhere.tokens()).toEqual(NOTHING);

    // Set again, it is the new origins' token, for both of them.
    await must(restarted, 'profiles.setToken', { name: 'prod', token: 'prod-token-222' });
    const atSet = prod.mark();
    await drive(restarted);
    expect(elsewhere.tokens().admin).toEqual(['prod-token-222']);
    expect(prod.tokens(atSet).gateway).toEqual(['prod-token-222']);
    expect(prod.tokens().admin).toEqual(['prod-token-111']);
  });

  it('a token never follows a switch to another profile, nor to its own profile edited elsewhere while not active', async () => {
    const [demo, prod, staging, elsewhere] = [await platform(scratch), await platform(scratch), await platform(scratch), await platform(scratch)];
    const root = scratch.tempDir('switchyard-tokens-');
    const keychain = new MemoryTokenStore();
    const host = await openHost(root, keychain, demo);
    await must(host, 'profiles.save', platformProfile('prod', prod));
    await must(host, 'profiles.setToken', { name: 'prod', token: 'prod-token-333' });
    await must(host, 'profiles.save', platformProfile('staging', staging));
    await must(host, 'profiles.switch', { name: 'staging' });
    await drive(host);
    expect(staging.reached()).toBeGreaterThan(0);
    expect(staging.tokens()).toEqual(NOTHING);
    expect(prod.reached()).toBe(0);

    // Edited while another profile is active, then switched to: its gateway is now elsewhere.
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod', adminUrl: prod.adminUrl, gatewayUrl: elsewhere.gatewayUrl });
    expect((await summary(host, 'prod')).hasToken).toBe(false);
    await must(host, 'profiles.switch', { name: 'prod' });
    await drive(host);
    expect(elsewhere.gateway.seen.length).toBeGreaterThan(0);
    expect(prod.admin.seen.length).toBeGreaterThan(0);
    expect(elsewhere.tokens()).toEqual(NOTHING);
    expect(prod.tokens()).toEqual(NOTHING);
    expect(staging.tokens()).toEqual(NOTHING);
  });
});

describe("the demo platform's token is bound to the running demo's origins", () => {
  it('is not sent by a profile that took the demo profile\'s name and points elsewhere', async () => {
    const [demo, prod, elsewhere] = [await platform(scratch), await platform(scratch), await platform(scratch)];
    const root = scratch.tempDir('switchyard-tokens-');
    const host = await openHost(root, new MemoryTokenStore(), demo);
    await drive(host);
    expect(demo.tokens()).toEqual({ admin: [DEMO_TOKEN], gateway: [DEMO_TOKEN] });

    await must(host, 'profiles.save', platformProfile('prod', prod));
    await must(host, 'profiles.switch', { name: 'prod' });
    await must(host, 'profiles.save', platformProfile('demo', elsewhere));
    await must(host, 'profiles.switch', { name: 'demo' });
    await drive(host);
    expect(elsewhere.reached()).toBeGreaterThan(0);
    expect(elsewhere.tokens()).toEqual(NOTHING);
    expect(prod.tokens()).toEqual(NOTHING);
  });
});

describe("serve: the command line's token belongs to the platform its flags describe", () => {
  /** What `npm run serve -- --admin-url … --gateway-url …` builds (electron/serve/cli.ts platformFromFlags). */
  const flagsProfile = (p: Platform) => ProfileConfig.parse({ name: 'cli', kind: 'platform', environmentName: 'prod-cli', adminUrl: p.adminUrl, gatewayUrl: p.gatewayUrl, production: true });
  const envToken = (override: ProfileConfig | null) =>
    new EnvTokenStore(
      { SWITCHYARD_TOKEN: 'env-token-444' },
      undefined,
      override ? { profile: override.name, adminOrigin: new URL(override.adminUrl!).origin, gatewayOrigin: new URL(override.gatewayUrl!).origin } : null,
    );

  it('is not sent to a profile an operator session saves and switches to, nor after a restart without the flags', async () => {
    const [demo, prod, evil] = [await platform(scratch), await platform(scratch), await platform(scratch)];
    const root = scratch.tempDir('switchyard-tokens-');
    const override = flagsProfile(prod);
    const host = await openHost(root, envToken(override), demo, { override });
    await drive(host);
    expect(prod.tokens()).toEqual({ admin: ['env-token-444'], gateway: ['env-token-444'] });

    await must(host, 'profiles.save', platformProfile('evil', evil));
    await must(host, 'profiles.switch', { name: 'evil' });
    await drive(host);
    expect(evil.reached()).toBeGreaterThan(0);
    expect(evil.tokens()).toEqual(NOTHING);

    // A wall console restarted with SWITCHYARD_TOKEN but without the URL flags: "evil" is still the active profile.
    await host.close();
    const wall = await openHost(root, envToken(null), demo);
    expect(wall.activeProfile?.name).toBe('evil');
    const atWall = evil.mark();
    await drive(wall);
    expect(evil.reached(atWall)).toBeGreaterThan(0);
    expect(evil.tokens()).toEqual(NOTHING);
    expect((await must(wall, 'app.info')).environment).toMatchObject({ hasToken: false, tokenSource: expect.stringContaining('sent to no platform') });
  });

  it('is not sent once the flags\' profile is edited to point elsewhere, and is again at the next start with the flags', async () => {
    const [demo, prod, evil] = [await platform(scratch), await platform(scratch), await platform(scratch)];
    const root = scratch.tempDir('switchyard-tokens-');
    const override = flagsProfile(prod);
    const host = await openHost(root, envToken(override), demo, { override });
    await must(host, 'profiles.save', { name: 'cli', kind: 'platform', environmentName: 'prod-cli', adminUrl: prod.adminUrl, gatewayUrl: evil.gatewayUrl });
    await drive(host);
    expect(evil.gateway.seen.length).toBeGreaterThan(0);
    expect(evil.tokens()).toEqual(NOTHING);
    expect(await summary(host, 'cli')).toMatchObject({ hasToken: false, tokenProblem: expect.stringContaining(`token was given for ${prod.adminUrl}, ${prod.gatewayUrl}`) });

    // Restarted with the same flags: the flags' platform again, with its token.
    await host.close();
    const atRestart = prod.mark();
    const again = await openHost(root, envToken(override), demo, { override });
    await drive(again);
    expect(prod.tokens(atRestart)).toEqual({ admin: ['env-token-444'], gateway: ['env-token-444'] });
    expect(evil.tokens()).toEqual(NOTHING);
  });
});
