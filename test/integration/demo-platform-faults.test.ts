import { describe, expect, it } from 'vitest';
import { waitFor, within } from '../helpers/wait.ts';
import { depositBody, usePlatforms, type Answer, type TestPlatform } from './demo-platform-kit.ts';

const start = usePlatforms();
const VAR = '/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS';
const WRITE = `PUT ${VAR}`;
/** How long a test client waits before giving up on a hanging answer. */
const CLIENT_TIMEOUT_MS = 300;

async function setFaults(p: TestPlatform, faults: unknown[], via: 'admin' | 'gateway' = 'gateway'): Promise<void> {
  const r = await p[via]('/sim/faults', { body: { faults } });
  if (r.status !== 200) throw new Error(`/sim/faults refused: ${r.status} ${r.text}`);
}

const halt = (p: TestPlatform, signal?: AbortSignal) => p.admin(VAR, { as: 'operator', method: 'PUT', body: { value: '1' }, signal });
const currentValue = async (p: TestPlatform) => ((await p.admin(VAR, { as: 'viewer' })).json as { value: string }).value;

/** The request's promise settled as an answer, or the error that ended it. */
const settle = (promise: Promise<Answer>) => promise.then((a): Answer | Error => a, (e: unknown) => (e instanceof Error ? e : new Error(String(e))));

describe('demo platform: /sim control exists only in demo mode', () => {
  it('answers 404 on both services when demoMode is false, while the contract still works', async () => {
    const p = await start({ demoMode: false });
    for (const call of [p.admin, p.gateway]) {
      expect((await call('/sim/state')).status).toBe(404);
      expect((await call('/sim/scenario', { body: { reset: true } })).status).toBe(404);
      expect((await call('/sim/faults', { body: { faults: [] } })).status).toBe(404);
      expect((await call('/sim/faults', { method: 'DELETE' })).status).toBe(404);
    }
    expect((await halt(p)).status).toBe(200);
    expect((await p.gateway('/health')).status).toBe(200);
  });

  it('is reachable on both services in demo mode and shares one state', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: '/nothing', mode: 'error500' }], 'admin');
    const viaGateway = (await p.gateway('/sim/state')).json as { faults: unknown[] };
    expect(viaGateway.faults).toHaveLength(1);
  });

  it('refuses a bad fault list with 400 and keeps the old one', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, mode: 'error500' }]);
    for (const faults of [[{ service: 'admin', path: VAR, mode: 'explode' }], [{ service: 'admin', path: VAR, mode: 'slow' }], [{ service: 'db', path: '/', mode: 'hang' }]]) {
      expect((await p.gateway('/sim/faults', { body: { faults } })).status, JSON.stringify(faults)).toBe(400);
    }
    expect(((await p.gateway('/sim/state')).json as { faults: unknown[] }).faults).toHaveLength(1);
  });
});

describe('demo platform: fault modes', () => {
  it('error500 answers 500 {"error":"injected fault"} and applies nothing', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', method: 'PUT', path: '/api/v1/global-vars/*', mode: 'error500' }]);
    const r = await halt(p);
    expect([r.status, r.json]).toEqual([500, { error: 'injected fault' }]);
    expect(await currentValue(p)).toBe('0'); // GET is not faulted: the fault names PUT
    expect(p.state.snapshot()).toMatchObject({ writes: {}, requests: { admin: { [WRITE]: 1 } } });
  });

  it('hang never answers: the client\'s timeout fires and the write did not apply', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'hang' }]);
    const outcome = await settle(halt(p, AbortSignal.timeout(CLIENT_TIMEOUT_MS)));
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).toBe('TimeoutError');
    expect(await currentValue(p)).toBe('0');
    expect(p.state.writeCount('PUT', VAR)).toBe(0);
    expect(p.state.snapshot().requests.admin[WRITE]).toBe(1);
  });

  it('apply_then_hang applies the write, then never answers', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'apply_then_hang' }]);
    const outcome = await settle(halt(p, AbortSignal.timeout(CLIENT_TIMEOUT_MS)));
    expect((outcome as Error).name).toBe('TimeoutError');
    expect(await currentValue(p)).toBe('1');
    expect(p.state.writeCount('PUT', VAR)).toBe(1);
  });

  it('apply_then_500 applies the write, then answers 500', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'apply_then_500' }]);
    const r = await halt(p);
    expect([r.status, r.json]).toEqual([500, { error: 'injected fault' }]);
    expect(await currentValue(p)).toBe('1');
    expect(p.state.writeCount('PUT', VAR)).toBe(1);
  });

  it('malformed applies the write and answers 200 with a body JSON.parse rejects', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'malformed' }]);
    const r = await halt(p);
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(r.text)).toThrow();
    expect(await currentValue(p)).toBe('1');
    expect(p.state.writeCount('PUT', VAR)).toBe(1);
  });

  it('slow waits delay_ms, then behaves normally', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'slow', delay_ms: 150 }]);
    const t0 = performance.now();
    const r = await halt(p);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect([r.status, r.json]).toMatchObject([200, { value: '1' }]);
    expect(p.state.writeCount('PUT', VAR)).toBe(1);
  });

  it('slow still applies after a client that gave up (a real slow server finishes its work)', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'slow', delay_ms: 250 }]);
    const outcome = await settle(halt(p, AbortSignal.timeout(50)));
    expect((outcome as Error).name).toBe('TimeoutError');
    await waitFor('the slow write to land', () => p.state.writeCount('PUT', VAR) === 1);
    expect(await currentValue(p)).toBe('1');
  });

  it('times limits how many matching requests a fault affects', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, method: 'PUT', mode: 'error500', times: 2 }]);
    expect((await halt(p)).status).toBe(500);
    expect((await halt(p)).status).toBe(500);
    expect((await halt(p)).status).toBe(200);
    expect(p.state.writeCount('PUT', VAR)).toBe(1);
    const state = (await p.admin('/sim/state')).json as { faults: { remaining: number; hits: number }[] };
    expect(state.faults[0]).toMatchObject({ remaining: 0, hits: 2 });
  });

  it('matches service, method and a * glob; DELETE /sim/faults clears', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', method: 'PUT', path: '/api/v1/brands/*/config/*', mode: 'error500' }]);
    const path = '/api/v1/brands/lucky7/config/payment_policy';
    expect((await p.admin(path, { as: 'viewer' })).status).toBe(200);
    const put = () => p.admin(path, { as: 'operator', method: 'PUT', body: { value: { deposit_enabled: false, withdraw_enabled: true } }, headers: { 'if-match': '"1"' } });
    expect((await put()).status).toBe(500);
    expect((await halt(p)).status).toBe(200); // another path
    expect((await p.gateway('/api/v1/wallet/deposit', { body: depositBody('lucky7') })).status).toBe(200); // another service
    expect((await p.gateway('/sim/faults', { method: 'DELETE' })).json).toEqual({ faults: [] });
    expect((await put()).status).toBe(200);
  });

  it('faults the gateway too, but never /health or /sim', async () => {
    const p = await start();
    await setFaults(p, [
      { service: 'gateway', path: '*', mode: 'error500' },
      { service: 'admin', path: '*', mode: 'hang' },
    ]);
    expect((await p.gateway('/api/v1/wallet/deposit', { body: depositBody('lucky7') })).status).toBe(500);
    expect((await p.gateway('/metrics')).status).toBe(500);
    expect((await p.gateway('/health')).status).toBe(200);
    expect((await p.admin('/health')).status).toBe(200);
    expect((await p.admin('/sim/state')).status).toBe(200);
    expect((await p.gateway('/sim/faults', { method: 'DELETE' })).status).toBe(200);
    expect(p.state.snapshot().wallet).toEqual({});
  });

  it('with an idempotency key, a create whose answer was lost is not created twice on retry', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', method: 'POST', path: '/api/v1/incidents', mode: 'apply_then_500', times: 1 }]);
    const create = () => p.admin('/api/v1/incidents', { as: 'operator', body: { title: 'UPI slow', severity: 'SEV2' }, headers: { 'idempotency-key': 'retry-me' } });
    expect((await create()).status).toBe(500);
    const retry = await create();
    expect([retry.status, retry.json]).toMatchObject([201, { id: 'INC-0001' }]);
    expect(p.state.snapshot()).toMatchObject({ incidents: 1, writes: { 'POST /api/v1/incidents': 1 } });
  });
});

describe('demo platform: stop()', () => {
  it('returns promptly with a hanging request open, and the client sees its connection end', async () => {
    const p = await start();
    await setFaults(p, [{ service: 'admin', path: VAR, mode: 'hang' }]);
    const pending = settle(halt(p));
    await waitFor('the hanging request to arrive', () => p.state.snapshot().requests.admin[WRITE] === 1);
    await within('stop() with a hanging request', 1_000, p.stop());
    expect(await within('the client to see the connection end', 1_000, pending)).toBeInstanceOf(Error);
    expect(p.state.writeCount('PUT', VAR)).toBe(0);
  });

  it('a slow write still waiting when the platform stops is never applied', async () => {
    const p = await start();
    const delayMs = 200;
    await setFaults(p, [{ service: 'admin', path: VAR, mode: 'slow', delay_ms: delayMs }]);
    const sentAt = performance.now();
    const pending = settle(halt(p));
    await waitFor('the slow request to arrive', () => p.state.snapshot().requests.admin[WRITE] === 1);
    await within('stop() with a slow request', 1_000, p.stop());
    await pending;
    // Proving a write never lands means letting its deadline pass: the one wait here is the fault's own delay.
    await waitFor('the slow fault\'s deadline to pass', () => performance.now() > sentAt + 2 * delayMs);
    expect(p.state.writeCount('PUT', VAR)).toBe(0);
    expect((await settle(p.admin('/health'))) instanceof Error).toBe(true);
  });
});
