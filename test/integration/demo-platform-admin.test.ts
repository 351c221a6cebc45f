import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { parseRunbook } from '../../electron/core/runbooks/parse.ts';
import { START, usePlatforms, type Call, type Role } from './demo-platform-kit.ts';

const start = usePlatforms();
const iso = (ms: number) => new Date(ms).toISOString();

const PAYMENT_POLICY = '/api/v1/brands/royalspin/config/payment_policy';
const DEPOSIT_VAR = '/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS';

/** Every admin route with a body it would accept, and the lowest role allowed. */
const ROUTES: { path: string; init: Call; needs: Role }[] = [
  { path: '/api/v1/maintenance', init: {}, needs: 'viewer' },
  { path: '/api/v1/maintenance', init: { method: 'PUT', body: { is_active: true, message: 'x' } }, needs: 'super_admin' },
  { path: DEPOSIT_VAR, init: {}, needs: 'viewer' },
  { path: DEPOSIT_VAR, init: { method: 'PUT', body: { value: '1' } }, needs: 'operator' },
  { path: '/api/v1/brands', init: {}, needs: 'viewer' },
  { path: PAYMENT_POLICY, init: {}, needs: 'viewer' },
  {
    path: PAYMENT_POLICY,
    init: { method: 'PUT', body: { value: { deposit_enabled: false, withdraw_enabled: true } }, headers: { 'if-match': '"1"' } },
    needs: 'operator',
  },
  { path: '/api/v1/incidents', init: {}, needs: 'viewer' },
  { path: '/api/v1/incidents', init: { body: { title: 't', severity: 'SEV2' }, headers: { 'idempotency-key': 'k' } }, needs: 'operator' },
  { path: '/api/v1/runbooks', init: {}, needs: 'viewer' },
  { path: '/api/v1/recon?brand_id=royalspin', init: {}, needs: 'viewer' },
];

describe('demo admin service: authentication and roles', () => {
  it('GET /health needs no token', async () => {
    const p = await start();
    const r = await p.admin('/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });

  it('every route answers 401 with a JSON error to a missing or unknown token, and applies nothing', async () => {
    const p = await start();
    for (const { path, init } of ROUTES) {
      for (const token of [undefined, 'not-a-demo-token']) {
        const r = await p.admin(path, { ...init, token });
        expect(r.status, `${init.method ?? 'GET'} ${path} token=${token}`).toBe(401);
        expect(r.json).toEqual({ error: expect.any(String) });
        expect(r.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    expect(p.state.snapshot().writes).toEqual({});
  });

  it('a role below the route answers 403 and applies nothing; the lowest allowed role succeeds', async () => {
    const order: Role[] = ['viewer', 'operator', 'super_admin'];
    for (const { path, init, needs } of ROUTES) {
      const p = await start();
      for (const role of order.slice(0, order.indexOf(needs))) {
        const r = await p.admin(path, { ...init, as: role });
        expect(r.status, `${role} ${init.method ?? 'GET'} ${path}`).toBe(403);
        expect(r.json).toEqual({ error: expect.any(String) });
      }
      expect(p.state.snapshot().writes).toEqual({});
      const ok = await p.admin(path, { ...init, as: needs });
      expect(ok.status, `${needs} ${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
      await p.stop();
    }
  });

  it('unknown routes answer a JSON 404', async () => {
    const p = await start();
    const r = await p.admin('/api/v1/nothing-here', { as: 'viewer' });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: expect.any(String) });
  });

  it('honours custom tokens and refuses the default ones then', async () => {
    const p = await start({ tokens: { operator: 'my-own-operator-token' } });
    expect(p.tokens.operator).toBe('my-own-operator-token');
    expect((await p.admin('/api/v1/brands', { token: 'demo-operator-token' })).status).toBe(401);
    expect((await p.admin('/api/v1/brands', { token: 'my-own-operator-token' })).status).toBe(200);
    expect((await p.admin('/api/v1/brands', { token: 'demo-viewer-token' })).status).toBe(200);
  });
});

describe('demo admin service: maintenance and global vars', () => {
  it('maintenance reads, writes with updated_by = the role, and reads back', async () => {
    const p = await start();
    expect((await p.admin('/api/v1/maintenance', { as: 'viewer' })).json).toEqual({
      is_active: false,
      message: '',
      updated_at: iso(START),
      updated_by: 'system',
    });
    p.advance(5_000);
    const put = await p.admin('/api/v1/maintenance', { as: 'super_admin', method: 'PUT', body: { is_active: true, message: 'UPI incident' } });
    const expected = { is_active: true, message: 'UPI incident', updated_at: iso(START + 5_000), updated_by: 'super_admin' };
    expect(put.status).toBe(200);
    expect(put.json).toEqual(expected);
    expect((await p.admin('/api/v1/maintenance', { as: 'viewer' })).json).toEqual(expected);
    expect(p.state.writeCount('PUT', '/api/v1/maintenance')).toBe(1);
  });

  it('maintenance refuses bad bodies with 400 and changes nothing', async () => {
    const p = await start();
    for (const init of [
      { body: { message: 'no flag' } },
      { body: { is_active: 'yes', message: '' } },
      { body: { is_active: true, mesage: 'typo' } },
      { rawBody: '{"is_active": tru' },
      { rawBody: '' },
    ]) {
      const r = await p.admin('/api/v1/maintenance', { as: 'super_admin', method: 'PUT', ...init });
      expect(r.status, JSON.stringify(init)).toBe(400);
      expect(r.json).toEqual({ error: expect.any(String) });
    }
    expect((await p.admin('/api/v1/maintenance', { as: 'viewer' })).json).toMatchObject({ is_active: false });
    expect(p.state.snapshot().writes).toEqual({});
  });

  it('DEPOSIT_MAINTENANCE_STATUS starts at "0" and an operator sets it', async () => {
    const p = await start();
    expect((await p.admin(DEPOSIT_VAR, { as: 'viewer' })).json).toEqual({ code: 'DEPOSIT_MAINTENANCE_STATUS', value: '0', updated_at: iso(START) });
    p.advance(1_000);
    const put = await p.admin(DEPOSIT_VAR, { as: 'operator', method: 'PUT', body: { value: '1' } });
    expect(put.json).toEqual({ code: 'DEPOSIT_MAINTENANCE_STATUS', value: '1', updated_at: iso(START + 1_000) });
    expect((await p.admin(DEPOSIT_VAR, { as: 'viewer' })).json).toMatchObject({ value: '1' });
    expect(p.state.snapshot().writes).toEqual({ [`PUT ${DEPOSIT_VAR}`]: 1 });
  });

  it('an unknown global var is 404 for reads and writes; a non-string value is 400', async () => {
    const p = await start();
    expect((await p.admin('/api/v1/global-vars/WITHDRAW_MAINTENANCE_STATUS', { as: 'viewer' })).status).toBe(404);
    const put = await p.admin('/api/v1/global-vars/WITHDRAW_MAINTENANCE_STATUS', { as: 'operator', method: 'PUT', body: { value: '1' } });
    expect(put.status).toBe(404);
    expect(put.json).toEqual({ error: expect.any(String) });
    expect((await p.admin(DEPOSIT_VAR, { as: 'operator', method: 'PUT', body: { value: 1 } })).status).toBe(400);
    expect(p.state.snapshot().writes).toEqual({});
  });
});

describe('demo admin service: brands and brand config', () => {
  it('lists the four brands', async () => {
    const p = await start();
    const r = await p.admin('/api/v1/brands', { as: 'viewer' });
    expect(r.json).toEqual([
      { brand_id: 'royalspin', name: 'Royal Spin', region: 'IN-West' },
      { brand_id: 'lucky7', name: 'Lucky 7', region: 'IN-South' },
      { brand_id: 'cricketking', name: 'Cricket King', region: 'IN-North' },
      { brand_id: 'teenpatti', name: 'Teen Patti Club', region: 'IN-East' },
    ]);
  });

  it('config answers carry ETag "<version>"; a write with the current If-Match bumps it', async () => {
    const p = await start();
    const get = await p.admin(PAYMENT_POLICY, { as: 'viewer' });
    expect(get.headers.get('etag')).toBe('"1"');
    expect(get.json).toEqual({ brand_id: 'royalspin', key: 'payment_policy', value: { deposit_enabled: true, withdraw_enabled: true }, version: 1 });
    const value = { deposit_enabled: false, withdraw_enabled: true };
    const put = await p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body: { value }, headers: { 'if-match': '"1"' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    expect(put.json).toEqual({ brand_id: 'royalspin', key: 'payment_policy', value, version: 2 });
    expect((await p.admin(PAYMENT_POLICY, { as: 'viewer' })).headers.get('etag')).toBe('"2"');
    // Other brands keep their own version and value.
    expect((await p.admin('/api/v1/brands/lucky7/config/payment_policy', { as: 'viewer' })).json).toMatchObject({ version: 1 });
  });

  it('a write without If-Match is 428, with a stale one 412 naming the current version; neither applies', async () => {
    const p = await start();
    const body = { value: { deposit_enabled: false, withdraw_enabled: true } };
    const missing = await p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body });
    expect(missing.status).toBe(428);
    expect(missing.json).toEqual({ error: expect.any(String) });
    await p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body, headers: { 'if-match': '"1"' } });
    const stale = await p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body: { value: { deposit_enabled: true, withdraw_enabled: true } }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({ error: 'version moved', current_version: 2 });
    expect((await p.admin(PAYMENT_POLICY, { as: 'viewer' })).json).toMatchObject({ value: { deposit_enabled: false }, version: 2 });
    expect(p.state.writeCount('PUT', PAYMENT_POLICY)).toBe(1);
  });

  it('refuses a value that is not the key\'s shape (400), and 404s an unknown brand or key', async () => {
    const p = await start();
    const h = { 'if-match': '"1"' };
    for (const value of [{ deposit_enabled: false }, { deposit_enabled: 'no', withdraw_enabled: true }, 'off']) {
      const r = await p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body: { value }, headers: h });
      expect(r.status, JSON.stringify(value)).toBe(400);
    }
    expect((await p.admin('/api/v1/brands/nobrand/config/payment_policy', { as: 'viewer' })).status).toBe(404);
    expect((await p.admin('/api/v1/brands/royalspin/config/bonus_policy', { as: 'viewer' })).status).toBe(404);
    const put = await p.admin('/api/v1/brands/nobrand/config/payment_policy', { as: 'operator', method: 'PUT', body: { value: {} }, headers: h });
    expect(put.status).toBe(404);
    expect(p.state.snapshot().writes).toEqual({});
  });

  it('of racing writers holding the same ETag, exactly one wins and the rest get 412', async () => {
    const p = await start();
    const answers = await Promise.all(
      [true, false, true, false, true].map((flag) =>
        p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body: { value: { deposit_enabled: flag, withdraw_enabled: true } }, headers: { 'if-match': '"1"' } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412, 412]);
    expect(p.state.writeCount('PUT', PAYMENT_POLICY)).toBe(1);
    expect((await p.admin(PAYMENT_POLICY, { as: 'viewer' })).json).toMatchObject({ version: 2 });
  });

  it('a write whose body was still arriving when another write landed gets 412, not a lost update', async () => {
    const p = await start();
    const { port } = new URL(p.adminUrl);
    const slowBody = JSON.stringify({ value: { deposit_enabled: false, withdraw_enabled: false } });
    const slow = request({
      host: '127.0.0.1',
      port: Number(port),
      path: PAYMENT_POLICY,
      method: 'PUT',
      headers: { authorization: `Bearer ${p.tokens.operator}`, 'if-match': '"1"', 'content-type': 'application/json', 'content-length': String(slowBody.length) },
    });
    const slowAnswer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      slow.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      slow.on('error', reject);
    });
    slow.write(slowBody.slice(0, 10));
    await waitFor('the slow write to pass its If-Match check', () => p.state.snapshot().requests.admin[`PUT ${PAYMENT_POLICY}`] === 1);
    const fast = await p.admin(PAYMENT_POLICY, { as: 'operator', method: 'PUT', body: { value: { deposit_enabled: false, withdraw_enabled: true } }, headers: { 'if-match': '"1"' } });
    expect(fast.status).toBe(200);
    slow.end(slowBody.slice(10));
    const late = await slowAnswer;
    expect(late.status).toBe(412);
    expect(JSON.parse(late.body)).toEqual({ error: 'version moved', current_version: 2 });
    expect((await p.admin(PAYMENT_POLICY, { as: 'viewer' })).json).toMatchObject({ value: { withdraw_enabled: true }, version: 2 });
  });

  it('feature_policy is an object of flags, versioned the same way', async () => {
    const p = await start();
    const path = '/api/v1/brands/teenpatti/config/feature_policy';
    const get = await p.admin(path, { as: 'viewer' });
    expect(get.json).toMatchObject({ key: 'feature_policy', value: { crash_games: false }, version: 1 });
    const put = await p.admin(path, { as: 'operator', method: 'PUT', body: { value: { crash_games: true } }, headers: { 'if-match': 'W/"1"' } });
    expect(put.json).toEqual({ brand_id: 'teenpatti', key: 'feature_policy', value: { crash_games: true }, version: 2 });
  });
});

describe('demo admin service: incidents with idempotency keys', () => {
  const incident = { title: 'UPI p99 above 200 ms', severity: 'SEV2', rails: ['upi'] };

  it('refuses a create without Idempotency-Key (400) and creates nothing', async () => {
    const p = await start();
    const r = await p.admin('/api/v1/incidents', { as: 'operator', body: incident });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: expect.stringContaining('Idempotency-Key') });
    expect((await p.admin('/api/v1/incidents', { as: 'viewer' })).json).toMatchObject({ incidents: [], events: [] });
  });

  it('the same key twice gives the same status and body and one incident; a new key a second one', async () => {
    const p = await start();
    const first = await p.admin('/api/v1/incidents', { as: 'operator', body: incident, headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ ...incident, id: 'INC-0001', status: 'declared', created_at: iso(START), created_by: 'operator' });
    p.advance(1_000);
    const again = await p.admin('/api/v1/incidents', { as: 'super_admin', body: incident, headers: { 'idempotency-key': 'k-1' } });
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
    // The same key with another body is not a repeat: 422, and nothing is created.
    const changed = await p.admin('/api/v1/incidents', { as: 'operator', body: { ...incident, title: 'changed' }, headers: { 'idempotency-key': 'k-1' } });
    expect(changed.status).toBe(422);
    expect((await p.admin('/api/v1/incidents', { as: 'viewer' })).json).toMatchObject({ incidents: [first.json] });
    const other = await p.admin('/api/v1/incidents', { as: 'operator', body: incident, headers: { 'idempotency-key': 'k-2' } });
    expect(other.json).toMatchObject({ id: 'INC-0002' });
    expect(p.state.writeCount('POST', '/api/v1/incidents')).toBe(2);
  });

  it('racing requests with one key create one incident and all get its answer', async () => {
    const p = await start();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => p.admin('/api/v1/incidents', { as: 'operator', body: incident, headers: { 'idempotency-key': 'race' } })),
    );
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(201);
    expect(p.state.snapshot()).toMatchObject({ incidents: 1, writes: { 'POST /api/v1/incidents': 1 } });
  });

  it('keeps a client-chosen id: the same body under another key gets the record (200), another body 422; 400s a bad incident', async () => {
    const p = await start();
    const mine = await p.admin('/api/v1/incidents', { as: 'operator', body: { ...incident, id: 'local-7f3a' }, headers: { 'idempotency-key': 'a' } });
    expect(mine.json).toMatchObject({ id: 'local-7f3a' });
    const dup = await p.admin('/api/v1/incidents', { as: 'operator', body: { ...incident, id: 'local-7f3a' }, headers: { 'idempotency-key': 'b' } });
    expect(dup.status).toBe(200);
    expect(dup.json).toEqual(mine.json);
    const other = await p.admin('/api/v1/incidents', { as: 'operator', body: { ...incident, id: 'local-7f3a', title: 'another' }, headers: { 'idempotency-key': 'b2' } });
    expect(other.status).toBe(422);
    expect(p.state.snapshot()).toMatchObject({ incidents: 1 });
    const bad = await p.admin('/api/v1/incidents', { as: 'operator', body: { severity: 'SEV2' }, headers: { 'idempotency-key': 'c' } });
    expect(bad.status).toBe(400);
    // A failed attempt is not remembered: the corrected request under the same key succeeds.
    const fixed = await p.admin('/api/v1/incidents', { as: 'operator', body: incident, headers: { 'idempotency-key': 'c' } });
    expect(fixed.status).toBe(201);
  });

  it('events are idempotent too, 404 for an unknown incident, and the feed pages by cursor', async () => {
    const p = await start();
    const created = await p.admin('/api/v1/incidents', { as: 'operator', body: incident, headers: { 'idempotency-key': 'i' } });
    const id = (created.json as { id: string }).id;
    const page1 = (await p.admin('/api/v1/incidents', { as: 'viewer' })).json as { cursor: string };
    const event = { type: 'lever', message: 'brand-deposits-off royalspin: verified' };
    const e1 = await p.admin(`/api/v1/incidents/${id}/events`, { as: 'operator', body: event, headers: { 'idempotency-key': 'e' } });
    expect(e1.status).toBe(201);
    expect(e1.json).toEqual({ ...event, id: 'EVT-00001', incident_id: id, at: iso(START), created_at: iso(START), created_by: 'operator' });
    const e2 = await p.admin(`/api/v1/incidents/${id}/events`, { as: 'operator', body: event, headers: { 'idempotency-key': 'e' } });
    expect([e2.status, e2.text]).toEqual([201, e1.text]);
    expect((await p.admin('/api/v1/incidents/INC-9999/events', { as: 'operator', body: event, headers: { 'idempotency-key': 'x' } })).status).toBe(404);
    expect((await p.admin(`/api/v1/incidents/${id}/events`, { as: 'operator', body: event })).status).toBe(400);

    const page2 = (await p.admin(`/api/v1/incidents?since=${encodeURIComponent(page1.cursor)}`, { as: 'viewer' })).json as { cursor: string };
    expect(page2).toMatchObject({ incidents: [], events: [e1.json] });
    expect(page2.cursor).not.toBe(page1.cursor);
    expect((await p.admin(`/api/v1/incidents?since=${encodeURIComponent(page2.cursor)}`, { as: 'viewer' })).json).toMatchObject({ incidents: [], events: [] });
    expect((await p.admin('/api/v1/incidents?since=garbage!', { as: 'viewer' })).status).toBe(400);
    expect(p.state.snapshot()).toMatchObject({ incidents: 1, events: 1 });
  });

  it('a cursor from an earlier run of the platform reads as "from the start"', async () => {
    const earlier = await start();
    const cursor = ((await earlier.admin('/api/v1/incidents', { as: 'viewer' })).json as { cursor: string }).cursor;
    const later = await start({ clock: () => START + 60_000 });
    await later.admin('/api/v1/incidents', { as: 'operator', body: incident, headers: { 'idempotency-key': 'z' } });
    const r = await later.admin(`/api/v1/incidents?since=${encodeURIComponent(cursor)}`, { as: 'viewer' });
    expect((r.json as { incidents: unknown[] }).incidents).toHaveLength(1);
  });
});

describe('demo admin service: runbooks and recon', () => {
  it('serves versioned Markdown runbooks the console\'s own parser accepts', async () => {
    const p = await start();
    const r = (await p.admin('/api/v1/runbooks', { as: 'viewer' })).json as {
      runbooks: { id: string; version: number; markdown: string; updated_at: string }[];
      cursor: string;
    };
    expect(r.runbooks.map((b) => b.id)).toEqual(['wallet-writer-wedged', 'provider-callback-storm', 'admin-lockout']);
    for (const book of r.runbooks) {
      expect(book).toMatchObject({ version: 1, updated_at: iso(START) });
      const parsed = parseRunbook(new TextEncoder().encode(book.markdown));
      if (!parsed.ok) throw new Error(`${book.id}: ${parsed.reason}`);
      expect(parsed.runbook.frontMatter).toMatchObject({ id: book.id, severity_hint: expect.stringMatching(/^SEV[1-4]$/), last_tested: expect.any(String) });
      expect(parsed.runbook.frontMatter.triggers.length).toBeGreaterThan(0);
      expect(parsed.runbook.frontMatter.owners.length).toBeGreaterThan(0);
    }
    expect((await p.admin(`/api/v1/runbooks?since=${encodeURIComponent(r.cursor)}`, { as: 'viewer' })).json).toMatchObject({ runbooks: [] });

    p.advance(60_000);
    const edited = r.runbooks[0]!.markdown.replace('# Wallet writer wedged', '# Wallet writer wedged (v2)');
    const published = await p.admin('/sim/runbooks', { body: { markdown: edited } });
    expect(published.status).toBe(201);
    const next = (await p.admin(`/api/v1/runbooks?since=${encodeURIComponent(r.cursor)}`, { as: 'viewer' })).json;
    expect(next).toMatchObject({ runbooks: [{ id: 'wallet-writer-wedged', version: 2, markdown: edited, updated_at: iso(START + 60_000) }] });
    expect((await p.admin('/api/v1/runbooks?since=nope', { as: 'viewer' })).status).toBe(400);
  });

  it('recon answers stable, consistent totals per brand; 400 without brand_id, 404 for an unknown brand', async () => {
    const p = await start();
    const a = await p.admin('/api/v1/recon?brand_id=cricketking', { as: 'viewer' });
    p.advance(3_600_000);
    const b = await p.admin('/api/v1/recon?brand_id=cricketking', { as: 'viewer' });
    expect(b.text).toBe(a.text);
    const report = a.json as { brand_id: string; ledger_total: number; bucket_total: number; mismatches: { delta: number }[] };
    expect(report.brand_id).toBe('cricketking');
    expect(report.ledger_total).toBeGreaterThan(1_000_000);
    expect(report.mismatches.length).toBeGreaterThan(0);
    expect(report.ledger_total - report.bucket_total).toBeCloseTo(report.mismatches.reduce((s, m) => s + m.delta, 0), 2);
    expect((await p.admin('/api/v1/recon?brand_id=lucky7', { as: 'viewer' })).json).toMatchObject({ mismatches: [] });
    expect((await p.admin('/api/v1/recon', { as: 'viewer' })).status).toBe(400);
    expect((await p.admin('/api/v1/recon?brand_id=nobrand', { as: 'viewer' })).status).toBe(404);
  });
});
