// Every secret the console holds is redacted before anything reaches SQLite: not only the
// active profile's token but every other profile's, and serve's own access token. A platform
// (here a proxy in front of the demo platform) answers a lever write with an error that
// quotes them; the audit log and the database files must not hold any of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ValueOf } from '../../shared/api.ts';
import type { Result } from '../../shared/result.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { ProfileHost } from '../../electron/core/profile-host.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { DEMO_TOKENS } from '../../electron/demo-platform/index.ts';
import { PATHS, manualClock } from '../helpers/console.ts';
import { SHORT_TIMEOUTS, WEEKDAY, forwardTo, freePort, leverCase, startDemo } from '../helpers/platform.ts';
import { useScratch, type Scratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const CTX = { transport: 'ipc', role: 'operator' } as const;
const STAGING_TOKEN = 'staging-token-secret-4242';
const SERVE_TOKEN = 'serve-access-token-9191';

async function must<M extends MethodName>(host: ProfileHost, name: M, args: ArgsOf<M> = {} as ArgsOf<M>): Promise<ValueOf<M>> {
  const r = (await dispatch(host.handlers, name, args, CTX)) as Result<ValueOf<M>>;
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Forwards to `target`, except the writes to `path`, which it refuses quoting `quoted`. */
async function quotingProxy(s: Scratch, target: string, path: string, quoted: string): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT' && req.url === path) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `write refused; credentials on file: ${quoted}` }));
        return;
      }
      forwardTo(target, req, res, chunks);
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
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('redaction before SQLite', () => {
  it("covers every profile's token and serve's access token, not only the active profile's", async () => {
    const demo = await startDemo(scratch);
    const c = leverCase('halt-deposits');
    const adminUrl = await quotingProxy(scratch, demo.adminUrl, c.path, `${STAGING_TOKEN} ${SERVE_TOKEN} ${DEMO_TOKENS.operator}`);
    const root = scratch.tempDir('switchyard-redaction-');
    const host = new ProfileHost({
      root,
      tokens: new MemoryTokenStore(),
      extraSecrets: [SERVE_TOKEN],
      version: '0.0.0-test',
      migrationsDir: PATHS.migrationsDir,
      bundledRunbooksDir: PATHS.bundledRunbooksDir,
      clock: manualClock(WEEKDAY),
      leverTimeouts: SHORT_TIMEOUTS,
      startDemo: async () => ({ adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl, token: DEMO_TOKENS.super_admin, stop: async () => {} }),
    });
    scratch.defer(() => host.close());
    await host.open();
    const elsewhere = `http://127.0.0.1:${await freePort()}`;
    await must(host, 'profiles.save', { name: 'staging', kind: 'platform', environmentName: 'staging', adminUrl: elsewhere, gatewayUrl: elsewhere });
    await must(host, 'profiles.setToken', { name: 'staging', token: STAGING_TOKEN });
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl, gatewayUrl: demo.gatewayUrl });
    await must(host, 'profiles.setToken', { name: 'prod', token: DEMO_TOKENS.operator });
    await must(host, 'profiles.switch', { name: 'prod' });

    const plan = await must(host, 'levers.plan', { lever: c.lever, target: c.target, action: 'engage' });
    expect(plan.refusal).toBeNull();
    const execution = await must(host, 'levers.execute', { planId: plan.planId!, reason: 'containing the incident', typedEnvironment: 'prod-in' });
    expect(execution.status).toBe('failed');

    const records = await must(host, 'audit.list', { limit: 50 });
    const text = JSON.stringify(records);
    expect(text).toContain('credentials on file');
    await host.close();
    for (const secret of [STAGING_TOKEN, SERVE_TOKEN, DEMO_TOKENS.operator]) {
      expect(text).not.toContain(secret);
      const holding = filesUnder(root).filter((f) => readFileSync(f).includes(secret));
      expect(holding, secret).toEqual([]);
    }
  });
});
