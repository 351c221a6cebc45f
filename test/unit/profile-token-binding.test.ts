// Defence in depth: whatever a profile or a store says, PlatformClient attaches the bearer token
// only to a request whose origin is the one the token was given for, on that service. And the
// serve token store gives the command line's token to the flags' profile only.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PlatformClient } from '../../electron/core/platform/client.ts';
import { ProfileTokens } from '../../electron/core/profiles/profile-tokens.ts';
import { EnvTokenStore, MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

async function listen(): Promise<{ url: string; origin: string; seen: (string | null)[] }> {
  const seen: (string | null)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? null);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  scratch.defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, origin: url, seen };
}

const get = (service: 'admin' | 'gateway', headers?: Record<string, string>) => ({ service, method: 'GET' as const, path: '/api/v1/brands', auth: true, timeoutMs: 2000, headers });

describe('PlatformClient', () => {
  it('sends a bound token only to the origin it was given for, per service', async () => {
    const [admin, gateway, other] = [await listen(), await listen(), await listen()];
    // The profile says admin → `admin`; the token was given for another admin origin.
    const client = new PlatformClient({ adminUrl: admin.url, gatewayUrl: gateway.url }, () => ({
      token: 'bound-token-1',
      adminOrigin: other.origin,
      gatewayOrigin: gateway.origin,
    }));
    expect((await client.send(get('admin'))).kind).toBe('answer');
    expect((await client.send(get('gateway'))).kind).toBe('answer');
    expect(admin.seen).toEqual([null]);
    expect(gateway.seen).toEqual(['Bearer bound-token-1']);
    expect(other.seen).toEqual([]);

    // A bare token (a core opened on one profile's token) counts as given for the client's own endpoints.
    const bare = new PlatformClient({ adminUrl: admin.url, gatewayUrl: gateway.url }, () => 'bare-token-2');
    await bare.send(get('admin'));
    await bare.send({ ...get('gateway'), auth: false });
    expect(admin.seen).toEqual([null, 'Bearer bare-token-2']);
    expect(gateway.seen).toEqual(['Bearer bound-token-1', null]);
  });

  it('never passes on an Authorization header a caller put in the request', async () => {
    const admin = await listen();
    const client = new PlatformClient({ adminUrl: admin.url, gatewayUrl: null }, () => null);
    await client.send(get('admin', { Authorization: 'Bearer smuggled-token' }));
    await client.send({ ...get('admin', { authorization: 'Bearer smuggled-token' }), auth: false });
    expect(admin.seen).toEqual([null, null]);
  });
});

describe('the tokens a profile gets', () => {
  const PROD = { adminOrigin: 'https://admin.prod.example', gatewayOrigin: 'https://gw.prod.example' };

  it('only while the profile points where the token was given for', () => {
    const store = new MemoryTokenStore({ prod: { token: 'tok-prod-9', ...PROD }, bare: 'bare-token-3' });
    let now = PROD;
    const tokens = new ProfileTokens(store, (name) => (name === 'prod' || name === 'bare' ? now : null));
    expect(tokens.bound('prod')).toEqual({ token: 'tok-prod-9', ...PROD });
    expect(tokens.source('prod')).toBe('memory');
    now = { ...PROD, gatewayOrigin: 'https://gw.elsewhere.example' };
    expect(tokens.get('prod')).toBeNull();
    expect(tokens.problem('prod')).toBe('token was given for https://admin.prod.example, https://gw.prod.example; the profile now points elsewhere: set it again');
    expect(tokens.get('bare')).toBeNull();
    expect(tokens.get('unknown')).toBeNull();
    expect(tokens.secrets().sort()).toEqual(['bare-token-3', 'tok-prod-9']);
  });

  it("serve's token belongs to the flags' profile only, and to none when no URL was given", () => {
    const owned = new EnvTokenStore({ SWITCHYARD_TOKEN: ' env-token-7 ' }, undefined, { profile: 'cli', ...PROD });
    expect(owned.bound('cli')).toEqual({ token: 'env-token-7', ...PROD });
    expect(owned.get('evil')).toBeNull();
    expect(owned.source('evil')).toBe('none');
    expect(owned.secrets()).toEqual(['env-token-7']);
    expect(owned.set()).toMatchObject({ ok: false });

    const ownerless = new EnvTokenStore({ SWITCHYARD_TOKEN: 'env-token-8' }, undefined, null);
    expect(ownerless.ownerless).toBe(true);
    expect(ownerless.get('prod')).toBeNull();
    expect(ownerless.source('prod')).toBe('SWITCHYARD_TOKEN: given without --admin-url and --gateway-url, so it is sent to no platform; start serve with the URLs it is for');
    expect(ownerless.secrets()).toEqual(['env-token-8']);
    expect(new EnvTokenStore({}, undefined, null).source('prod')).toBe('none');
  });
});
