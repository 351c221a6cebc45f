import { describe, expect, it } from 'vitest';
import { depositBody, setScenario, usePlatforms, type TestPlatform } from './demo-platform-kit.ts';

const start = usePlatforms();
const REFUSED = { status: 1, msg: 'Finance maintenance' };
const BRANDS = ['royalspin', 'lucky7', 'cricketking', 'teenpatti'];

const deposit = (p: TestPlatform, brand: string) => p.gateway('/api/v1/wallet/deposit', { body: depositBody(brand) });
const withdraw = (p: TestPlatform, brand: string) => p.gateway('/api/v1/wallet/withdraw', { body: depositBody(brand) });

async function setPolicy(p: TestPlatform, brand: string, policy: { deposit_enabled: boolean; withdraw_enabled: boolean }) {
  const path = `/api/v1/brands/${brand}/config/payment_policy`;
  const etag = (await p.admin(path, { as: 'viewer' })).headers.get('etag') ?? '';
  const r = await p.admin(path, { as: 'operator', method: 'PUT', body: { value: policy }, headers: { 'if-match': etag } });
  expect(r.status).toBe(200);
}

describe('demo gateway: the wallet and its refusal rules', () => {
  it('accepts deposits and withdrawals without a token, each with its own txn id', async () => {
    const p = await start();
    const d1 = await deposit(p, 'royalspin');
    const d2 = await deposit(p, 'royalspin');
    const w = await withdraw(p, 'lucky7');
    for (const r of [d1, d2, w]) {
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ status: 0, txn_id: expect.any(String) });
    }
    const ids = [d1, d2, w].map((r) => (r.json as { txn_id: string }).txn_id);
    expect(new Set(ids).size).toBe(3);
  });

  it('DEPOSIT_MAINTENANCE_STATUS "1" refuses deposits on every brand and leaves withdrawals live', async () => {
    const p = await start();
    await p.admin('/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS', { as: 'operator', method: 'PUT', body: { value: '1' } });
    for (const brand of BRANDS) {
      expect((await deposit(p, brand)).json, brand).toEqual(REFUSED);
      expect((await withdraw(p, brand)).json, brand).toMatchObject({ status: 0 });
    }
    await p.admin('/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS', { as: 'operator', method: 'PUT', body: { value: '0' } });
    expect((await deposit(p, 'royalspin')).json).toMatchObject({ status: 0 });
  });

  it('active platform maintenance refuses deposits and withdrawals everywhere, until lifted', async () => {
    const p = await start();
    await p.admin('/api/v1/maintenance', { as: 'super_admin', method: 'PUT', body: { is_active: true, message: 'freeze' } });
    for (const brand of BRANDS) {
      expect((await deposit(p, brand)).json).toEqual(REFUSED);
      expect((await withdraw(p, brand)).json).toEqual(REFUSED);
    }
    await p.admin('/api/v1/maintenance', { as: 'super_admin', method: 'PUT', body: { is_active: false } });
    expect((await deposit(p, 'teenpatti')).json).toMatchObject({ status: 0 });
    expect((await withdraw(p, 'teenpatti')).json).toMatchObject({ status: 0 });
  });

  it('deposit_enabled false refuses that brand only; its withdrawals stay live', async () => {
    const p = await start();
    await setPolicy(p, 'royalspin', { deposit_enabled: false, withdraw_enabled: true });
    expect((await deposit(p, 'royalspin')).json).toEqual(REFUSED);
    expect((await withdraw(p, 'royalspin')).json).toMatchObject({ status: 0 });
    for (const brand of ['lucky7', 'cricketking', 'teenpatti']) expect((await deposit(p, brand)).json, brand).toMatchObject({ status: 0 });
    await setPolicy(p, 'royalspin', { deposit_enabled: true, withdraw_enabled: true });
    expect((await deposit(p, 'royalspin')).json).toMatchObject({ status: 0 });
  });

  it('withdraw_enabled false refuses that brand\'s withdrawals only', async () => {
    const p = await start();
    await setPolicy(p, 'lucky7', { deposit_enabled: true, withdraw_enabled: false });
    expect((await withdraw(p, 'lucky7')).json).toEqual(REFUSED);
    expect((await deposit(p, 'lucky7')).json).toMatchObject({ status: 0 });
    expect((await withdraw(p, 'royalspin')).json).toMatchObject({ status: 0 });
    expect(p.state.snapshot().wallet).toEqual({ 'deposit accepted': 1, 'withdraw accepted': 1, 'withdraw refused': 1 });
  });

  it('404s an unknown brand and 400s a bad body', async () => {
    const p = await start();
    const unknown = await deposit(p, 'nobrand');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: expect.any(String) });
    for (const body of [{ ...depositBody('royalspin'), amount: -5 }, { brand_id: 'royalspin' }, { ...depositBody('royalspin'), currency: 'rupees' }]) {
      const r = await p.gateway('/api/v1/wallet/deposit', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json).toEqual({ error: expect.any(String) });
    }
    expect((await p.gateway('/api/v1/wallet/withdraw', { rawBody: 'not json' })).status).toBe(400);
  });
});

describe('demo gateway: provider ingress and callbacks', () => {
  const INGRESS = '/api/v1/provider-ingress/razorpay';

  it('reading ingress needs a token; writing needs operator or super_admin', async () => {
    const p = await start();
    expect((await p.gateway(INGRESS)).status).toBe(401);
    expect((await p.gateway(INGRESS, { as: 'viewer' })).json).toEqual({ provider: 'razorpay', blocked: false, reason: '' });
    const body = { blocked: true, reason: 'callback storm' };
    expect((await p.gateway(INGRESS, { method: 'PUT', body })).status).toBe(401);
    expect((await p.gateway(INGRESS, { as: 'viewer', method: 'PUT', body })).status).toBe(403);
    expect(p.state.snapshot().writes).toEqual({});
    const put = await p.gateway(INGRESS, { as: 'operator', method: 'PUT', body });
    expect(put.json).toEqual({ provider: 'razorpay', ...body });
    expect((await p.gateway(INGRESS, { as: 'viewer' })).json).toEqual({ provider: 'razorpay', ...body });
    expect(p.state.snapshot().writes).toEqual({ [`PUT ${INGRESS}`]: 1 });
  });

  it('a blocked provider\'s callbacks are refused with 503; other providers are accepted; unblocking restores', async () => {
    const p = await start();
    const callback = (provider: string) => p.gateway(`/api/v1/provider-callbacks/${provider}`, { body: { event: 'payment.captured', id: 'pay_1' } });
    expect((await callback('razorpay')).json).toEqual({ status: 'accepted' });
    await p.gateway(INGRESS, { as: 'super_admin', method: 'PUT', body: { blocked: true, reason: 'storm' } });
    const refused = await callback('razorpay');
    expect(refused.status).toBe(503);
    expect(refused.json).toEqual({ error: 'provider ingress blocked' });
    const other = await callback('payu');
    expect([other.status, other.json]).toEqual([200, { status: 'accepted' }]);
    await p.gateway(INGRESS, { as: 'operator', method: 'PUT', body: { blocked: false } });
    expect((await callback('razorpay')).status).toBe(200);
  });

  it('404s an unknown provider on every route and 400s a bad ingress body', async () => {
    const p = await start();
    expect((await p.gateway('/api/v1/provider-ingress/stripe', { as: 'viewer' })).status).toBe(404);
    expect((await p.gateway('/api/v1/provider-ingress/stripe', { as: 'operator', method: 'PUT', body: { blocked: true } })).status).toBe(404);
    expect((await p.gateway('/api/v1/provider-callbacks/stripe', { body: {} })).status).toBe(404);
    expect((await p.gateway(INGRESS, { as: 'operator', method: 'PUT', body: { blocked: 'yes' } })).status).toBe(400);
  });
});

describe('demo gateway: health', () => {
  it('is ok at baseline, degraded when a rail errors above 5 %, down when a component is forced down', async () => {
    const p = await start();
    expect((await p.gateway('/health')).json).toEqual({
      status: 'ok',
      components: { wallet: 'ok', admin_service: 'ok', postgres: 'ok', redis: 'ok' },
    });
    await setScenario(p, { rails: { cards: { error_rate: 0.04 } } });
    expect((await p.gateway('/health')).json).toMatchObject({ status: 'ok' });
    await setScenario(p, { rails: { cards: { error_rate: 0.08, brands: ['lucky7'] } } });
    expect((await p.gateway('/health')).json).toMatchObject({ status: 'degraded', components: { wallet: 'degraded' } });
    await setScenario(p, { components: { postgres: 'down' } }, 'admin');
    expect((await p.gateway('/health')).json).toMatchObject({ status: 'down', components: { wallet: 'degraded', postgres: 'down' } });
    await setScenario(p, { reset: true });
    expect((await p.gateway('/health')).json).toMatchObject({ status: 'ok' });
  });

  it('the admin service and the gateway answer /health with their own bodies', async () => {
    const p = await start();
    expect(p.adminUrl).not.toBe(p.gatewayUrl);
    expect((await p.admin('/health')).json).toEqual({ status: 'ok' });
    expect((await p.gateway('/health')).json).toHaveProperty('components');
  });
});
