// `npm run serve` with SWITCHYARD_TOKEN or --token-file: the token goes to the platform the
// command line's URLs describe and nowhere else, even when an operator session saves another
// profile and switches to it, and when a wall console restarts (without the URL flags) on the
// profile that session left active. The real CLI in a child process, real platforms as HTTP
// listeners on 127.0.0.1 that keep every Authorization header they receive.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, REPO_ROOT } from '../helpers/console.ts';
import { useScratch, type Scratch } from '../helpers/scratch.ts';
import { waitFor, within } from '../helpers/wait.ts';

const scratch = useScratch();
const CLI = join(REPO_ROOT, 'electron', 'serve', 'cli.ts');
const SERVE_TOKEN = 'serve-access-token-for-the-test';
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

beforeAll(() => {
  // The CLI serves the built renderer; `npm test` builds it before vitest runs.
  if (!existsSync(join(PATHS.rendererDir, 'index.html'))) throw new Error(`No built renderer at ${PATHS.rendererDir}: run "npm run build" first`);
});

interface Listener {
  url: string;
  seen: (string | null)[];
}

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
  s.defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

interface Platform {
  admin: Listener;
  gateway: Listener;
}

const platform = async (s: Scratch): Promise<Platform> => ({ admin: await listen(s), gateway: await listen(s) });
const tokensOf = (l: Listener, from = 0) => [...new Set(l.seen.slice(from).flatMap((a) => (a ? [a.replace(/^Bearer /, '')] : [])))];
const received = (p: Platform, from = { admin: 0, gateway: 0 }) => ({ admin: tokensOf(p.admin, from.admin), gateway: tokensOf(p.gateway, from.gateway) });
const mark = (p: Platform) => ({ admin: p.admin.seen.length, gateway: p.gateway.seen.length });
const NOTHING = { admin: [], gateway: [] };

interface Served {
  url: string;
  output: () => string;
  api(method: string, args?: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
  stop(): Promise<void>;
}

async function serve(dataDir: string, args: string[], env: Record<string, string>): Promise<Served> {
  const base = { ...process.env };
  delete base.SWITCHYARD_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--data-dir', dataDir, '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...base, SWITCHYARD_SERVE_TOKEN: SERVE_TOKEN, ...env },
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await waitFor(
    'serve to print its URL',
    () => {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${out}`);
      return /Open: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    },
    { timeoutMs: 30_000 },
  );
  return {
    url,
    output: () => out,
    async api(method, a = {}) {
      const res = await fetch(`${url}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVE_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(a),
      });
      return (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
    },
    async stop() {
      child.kill('SIGTERM');
      await within('serve to stop', 10_000, exited);
    },
  };
}

/** What the screens of a console do; a wall's console only reads. */
async function drive(s: Served, role: 'operator' | 'wall' = 'operator'): Promise<void> {
  await s.api('levers.state', { fresh: true });
  await s.api('metrics.dashboard');
  if (role === 'wall') return;
  await s.api('levers.plan', { lever: 'halt-deposits', target: 'platform', action: 'engage' });
  await s.api('levers.plan', { lever: 'provider-ingress-block', target: 'razorpay', action: 'engage' });
}

const flags = (p: Platform) => ['--env-name', 'prod-cli', '--production', '--admin-url', p.admin.url, '--gateway-url', p.gateway.url];

describe('serve: SWITCHYARD_TOKEN and --token-file', () => {
  it('go only to the platform of the URL flags, never to a profile saved and switched to, nor after a restart without the flags', async () => {
    const [prod, evil] = [await platform(scratch), await platform(scratch)];
    const dataDir = scratch.tempDir('switchyard-serve-tokens-');

    const operator = await serve(dataDir, flags(prod), { SWITCHYARD_TOKEN: 'env-token-555' });
    await drive(operator);
    expect(received(prod)).toEqual({ admin: ['env-token-555'], gateway: ['env-token-555'] });
    expect(await operator.api('profiles.save', { name: 'evil', kind: 'platform', environmentName: 'evil', adminUrl: evil.admin.url, gatewayUrl: evil.gateway.url })).toMatchObject({ ok: true });
    expect(await operator.api('profiles.switch', { name: 'evil' })).toMatchObject({ ok: true });
    await drive(operator);
    expect(evil.admin.seen.length).toBeGreaterThan(0);
    expect(evil.gateway.seen.length).toBeGreaterThan(0);
    expect(received(evil)).toEqual(NOTHING);
    await operator.stop();

    // The wall display restarts unattended: same data folder, the token in its environment, no URL flags.
    const atWall = mark(evil);
    const wall = await serve(dataDir, ['--role', 'wall'], { SWITCHYARD_TOKEN: 'env-token-555' });
    expect(wall.output()).toContain('profile evil');
    expect(wall.output()).toContain('sent to no platform');
    await drive(wall, 'wall');
    expect(evil.admin.seen.length).toBeGreaterThan(atWall.admin);
    expect(received(evil)).toEqual(NOTHING);
    await wall.stop();

    // --token-file with the flags: the flags' platform gets that token, and only it.
    const file = join(scratch.tempDir('switchyard-token-file-'), 'token');
    writeFileSync(file, 'file-token-666\n', { mode: 0o600 });
    const atFile = mark(prod);
    const again = await serve(dataDir, [...flags(prod), '--token-file', file], {});
    await drive(again);
    expect(received(prod, atFile)).toEqual({ admin: ['file-token-666'], gateway: ['file-token-666'] });
    expect(received(evil)).toEqual(NOTHING);
    await again.stop();
  }, 120_000); // three starts of the real CLI (tsx compiles it each time)
});
