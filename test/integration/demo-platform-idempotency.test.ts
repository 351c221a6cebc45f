// The demo platform's incident creates under Idempotency-Key (the IETF httpapi draft, Stripe's
// model) and its pageable incident feed, over real HTTP: what an offline console's outbox relies on.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bodyFingerprint, canonicalBody } from '../../electron/demo-platform/idempotency.ts';
import { waitFor } from '../helpers/wait.ts';
import { usePlatforms, type Answer, type Call, type TestPlatform } from './demo-platform-kit.ts';

const start = usePlatforms();
const INCIDENTS = '/api/v1/incidents';
const incident = { title: 'UPI p99 above 200 ms', severity: 'SEV2', rails: ['upi'], meta: { source: 'wall', tags: ['a', 'b'] } };
const event = { type: 'note', message: 'deposits halted for royalspin' };

const key = (k: string) => ({ 'idempotency-key': k });
const create = (p: TestPlatform, k: string | undefined, body: unknown = incident, init: Call = {}) =>
  p.admin(INCIDENTS, { as: 'operator', body, ...init, headers: { ...(k === undefined ? {} : key(k)), ...init.headers } });
const addEvent = (p: TestPlatform, incidentId: string, k: string | undefined, body: unknown = event) =>
  p.admin(`${INCIDENTS}/${encodeURIComponent(incidentId)}/events`, { as: 'operator', body, headers: k === undefined ? {} : key(k) });

interface SimState {
  incidents: number;
  events: number;
  idempotency_in_flight: number;
  writes: Record<string, number>;
}
const simState = async (p: TestPlatform) => (await p.admin('/sim/state')).json as SimState;

interface Page {
  incidents: { id: string }[];
  events: { id: string }[];
  cursor: string;
  has_more: boolean;
}
async function feed(p: TestPlatform, query = ''): Promise<Page> {
  const r = await p.admin(`${INCIDENTS}${query}`, { as: 'viewer' });
  if (r.status !== 200) throw new Error(`feed ${query}: ${r.status} ${r.text}`);
  return r.json as Page;
}
const since = (cursor: string, limit?: number) => `?since=${encodeURIComponent(cursor)}${limit === undefined ? '' : `&limit=${limit}`}`;

/** A POST whose body is sent in two halves: the second only when the test says so. */
function slowPost(p: TestPlatform, path: string, headers: Record<string, string>, body: string) {
  const url = new URL(path, p.adminUrl);
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${p.tokens.operator}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, text, json: JSON.parse(text) });
      });
    });
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { answer, finish: () => req.end(body.slice(half)), abort: () => req.destroy() };
}

describe('Idempotency-Key on POST /api/v1/incidents and /events', () => {
  it('rule 1: no Idempotency-Key is a 400 and creates nothing', async () => {
    const p = await start();
    const r = await create(p, undefined);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: expect.stringContaining('Idempotency-Key') });
    const inc = (await create(p, 'i')).json as { id: string };
    expect((await addEvent(p, inc.id, undefined)).status).toBe(400);
    expect(await simState(p)).toMatchObject({ incidents: 1, events: 0 });
  });

  it('rule 2: a repeat with the same body gets the first answer byte for byte, marked replayed, and creates nothing', async () => {
    const p = await start();
    const first = await create(p, 'k-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    p.advance(5_000);
    const again = await create(p, 'k-1');
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const id = (first.json as { id: string }).id;
    const e1 = await addEvent(p, id, 'e-1');
    expect(e1.status).toBe(201);
    p.advance(5_000);
    const e2 = await addEvent(p, id, 'e-1');
    expect([e2.status, e2.text, e2.headers.get('idempotent-replayed')]).toEqual([201, e1.text, 'true']);
    // The scope is the route: the same key on another route is a new request.
    const other = await create(p, 'e-1');
    expect([other.status, other.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(await simState(p)).toMatchObject({ incidents: 2, events: 1, writes: { 'POST /api/v1/incidents': 2, [`POST ${INCIDENTS}/${id}/events`]: 1 } });
  });

  it('rule 3: the same key with a different body is a 422; the same body with keys reordered is a replay', async () => {
    const p = await start();
    const first = await create(p, 'k');
    const changed = await create(p, 'k', { ...incident, title: 'changed' });
    expect(changed.status).toBe(422);
    expect(changed.json).toEqual({ error: 'Idempotency-Key "k" was first used with a different body' });

    const reordered = `{ "meta": {"tags": ["a","b"], "source": "wall"},\n "severity": "SEV2", "rails": ["upi"], "title": "UPI p99 above 200 ms" }`;
    const replay = await p.admin(INCIDENTS, { as: 'operator', rawBody: reordered, headers: key('k') });
    expect([replay.status, replay.text, replay.headers.get('idempotent-replayed')]).toEqual([201, first.text, 'true']);
    // Array order is part of the body.
    const swapped = await create(p, 'k', { ...incident, meta: { source: 'wall', tags: ['b', 'a'] } });
    expect(swapped.status).toBe(422);

    const id = (first.json as { id: string }).id;
    expect((await addEvent(p, id, 'e')).status).toBe(201);
    expect((await addEvent(p, id, 'e', { ...event, message: 'other' })).status).toBe(422);
    expect(await simState(p)).toMatchObject({ incidents: 1, events: 1 });
  });

  it('rule 3: fingerprints are sha256 of canonical JSON, or of the raw text when it is not JSON', () => {
    expect(canonicalBody('{"b": 1, "a": {"d": [1, {"y": 2, "x": 1}], "c": null}}')).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalBody('{"__proto__": {"x": 1}, "a": 2}')).toBe('{"__proto__":{"x":1},"a":2}');
    expect(canonicalBody('not json {')).toBe('not json {');
    expect(bodyFingerprint('{"a":1,"b":2}')).toBe(bodyFingerprint(' {"b":2, "a":1} '));
    expect(bodyFingerprint('{"a":1}')).toMatch(/^[0-9a-f]{64}$/);
    expect(bodyFingerprint('not json')).not.toBe(bodyFingerprint('not  json'));
  });

  it('rule 4: a repeat while the first is still streaming its body is a 409 with Retry-After; the first then completes', async () => {
    const p = await start();
    const body = JSON.stringify({ ...incident, notes: 'x'.repeat(4_000) });
    const slow = slowPost(p, INCIDENTS, key('slow'), body);
    try {
      await waitFor('the platform to hold the key in flight', async () => (await simState(p)).idempotency_in_flight === 1);
      const second = await p.admin(INCIDENTS, { as: 'operator', rawBody: body, headers: key('slow') });
      expect(second.status).toBe(409);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(second.json).toEqual({ error: 'a request with this Idempotency-Key is still being processed; retry' });
      // Another key is not held up by it.
      expect((await create(p, 'other')).status).toBe(201);
      slow.finish();
      const first = await slow.answer;
      expect(first.status).toBe(201);
      const third = await p.admin(INCIDENTS, { as: 'operator', rawBody: body, headers: key('slow') });
      expect([third.status, third.text, third.headers.get('idempotent-replayed')]).toEqual([201, first.text, 'true']);
      expect(await simState(p)).toMatchObject({ incidents: 2, idempotency_in_flight: 0 });
    } finally {
      slow.abort();
    }
  });

  it('rule 4: a client that goes away mid-body releases the key', async () => {
    const p = await start();
    const body = JSON.stringify(incident);
    const slow = slowPost(p, INCIDENTS, key('gone'), body);
    slow.answer.catch(() => {});
    await waitFor('the key in flight', async () => (await simState(p)).idempotency_in_flight === 1);
    slow.abort();
    await waitFor('the key released', async () => (await simState(p)).idempotency_in_flight === 0);
    expect((await create(p, 'gone')).status).toBe(201);
    expect(await simState(p)).toMatchObject({ incidents: 1 });
  });

  it('rule 5: an existing client-chosen id settles to 200 with the same body, 422 with another; errors are not remembered', async () => {
    const p = await start();
    const mine = { ...incident, id: 'local-7f3a' };
    const first = await create(p, 'a', mine);
    expect(first.status).toBe(201);
    p.advance(1_000);
    const settled = await create(p, 'b', { severity: 'SEV2', id: 'local-7f3a', meta: { tags: ['a', 'b'], source: 'wall' }, rails: ['upi'], title: incident.title });
    expect([settled.status, settled.text, settled.headers.get('idempotent-replayed')]).toEqual([200, first.text, null]);
    // The 200 is remembered under its own key.
    const settledAgain = await create(p, 'b', mine);
    expect([settledAgain.status, settledAgain.text, settledAgain.headers.get('idempotent-replayed')]).toEqual([200, first.text, 'true']);
    const clash = await create(p, 'c', { ...mine, title: 'another incident' });
    expect(clash.status).toBe(422);
    expect(clash.json).toEqual({ error: 'id local-7f3a already exists with a different body' });
    // The 422 was not remembered: the same key with a fixed body succeeds.
    const fixed = await create(p, 'c', { ...incident, title: 'another incident' });
    expect(fixed.status).toBe(201);

    const ev = { ...event, id: 'evt-local-1' };
    const e1 = await addEvent(p, 'local-7f3a', 'e1', ev);
    expect(e1.status).toBe(201);
    expect([(await addEvent(p, 'local-7f3a', 'e2', ev)).status, (await addEvent(p, 'local-7f3a', 'e3', ev)).text]).toEqual([200, e1.text]);
    expect((await addEvent(p, 'local-7f3a', 'e4', { ...ev, message: 'edited' })).status).toBe(422);
    // The same event body on another incident is another request.
    const otherId = (fixed.json as { id: string }).id;
    expect((await addEvent(p, otherId, 'e5', ev)).status).toBe(422);
    expect(await simState(p)).toMatchObject({ incidents: 2, events: 1, writes: { 'POST /api/v1/incidents': 2 } });
  });

  it('rule 5: events on an unknown incident are a 404, not remembered; role viewer is a 403', async () => {
    const p = await start();
    const missing = await addEvent(p, 'local-later', 'ev-k');
    expect(missing.status).toBe(404);
    expect((await create(p, 'inc', { ...incident, id: 'local-later' })).status).toBe(201);
    const retried = await addEvent(p, 'local-later', 'ev-k');
    expect([retried.status, retried.headers.get('idempotent-replayed')]).toEqual([201, null]);

    const asViewer = await p.admin(INCIDENTS, { as: 'viewer', body: incident, headers: key('v') });
    expect(asViewer.status).toBe(403);
    const eventAsViewer = await p.admin(`${INCIDENTS}/local-later/events`, { as: 'viewer', body: event, headers: key('v') });
    expect(eventAsViewer.status).toBe(403);
    expect(await simState(p)).toMatchObject({ incidents: 1, events: 1 });
  });

  it('rule 6: a bad body is a 400, not remembered, so the fixed retry under the same key succeeds', async () => {
    const p = await start();
    for (const bad of [{ severity: 'SEV2' }, { ...incident, id: 'no spaces allowed' }]) {
      expect((await create(p, 'fix-me', bad)).status).toBe(400);
    }
    expect((await p.admin(INCIDENTS, { as: 'operator', rawBody: 'not json', headers: key('fix-me') })).status).toBe(400);
    expect((await create(p, 'fix-me')).status).toBe(201);
    expect(await simState(p)).toMatchObject({ incidents: 1 });
  });

  it('20 parallel POSTs with one key and body create exactly one incident; each answer is it or a 409', async () => {
    const p = await start();
    const answers = await Promise.all(Array.from({ length: 20 }, () => create(p, 'race')));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.text)).size).toBe(1);
    expect(created.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    for (const a of answers) {
      if (a.status === 409) expect(a.headers.get('retry-after')).toBe('1');
      else expect(a.status).toBe(201);
    }
    expect(await simState(p)).toMatchObject({ incidents: 1, writes: { 'POST /api/v1/incidents': 1 }, idempotency_in_flight: 0 });
  });
});

describe('apply_then_drop', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('applies the write and drops the connection; a retry with the same key gets the replay and creates nothing', async () => {
    const p = await start();
    const errors = vi.spyOn(console, 'error');
    const infos = vi.spyOn(console, 'info');
    const faults = await p.admin('/sim/faults', { body: { faults: [{ service: 'admin', method: 'POST', path: INCIDENTS, mode: 'apply_then_drop', times: 1 }] } });
    expect(faults.status).toBe(200);

    const dropped = await create(p, 'drop-me').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(dropped).toBeInstanceOf(TypeError); // fetch failed: the socket closed without an answer
    expect(await simState(p)).toMatchObject({ incidents: 1, writes: { 'POST /api/v1/incidents': 1 } });

    const retry = await create(p, 'drop-me');
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(retry.json).toMatchObject({ id: 'INC-0001', title: incident.title });
    expect(await simState(p)).toMatchObject({ incidents: 1, writes: { 'POST /api/v1/incidents': 1 } });
    expect(errors).not.toHaveBeenCalled();
    expect(infos).not.toHaveBeenCalled();
  });

  it('works on the gateway too and leaves the platform serving', async () => {
    const p = await start();
    const errors = vi.spyOn(console, 'error');
    await p.gateway('/sim/faults', { body: { faults: [{ service: 'gateway', method: 'PUT', path: '/api/v1/provider-ingress/*', mode: 'apply_then_drop' }] } });
    const put = () => p.gateway('/api/v1/provider-ingress/razorpay', { as: 'operator', method: 'PUT', body: { blocked: true, reason: 'drill' } });
    const codes = () => [...p.state.gatewayCodes.values()].reduce((a, b) => a + b, 0);
    const before = codes();
    for (let i = 0; i < 3; i++) await expect(put()).rejects.toBeInstanceOf(TypeError);
    expect(codes()).toBe(before); // a dropped connection answered no status code
    expect(((await p.gateway('/api/v1/provider-ingress/razorpay', { as: 'viewer' })).json as { blocked: boolean }).blocked).toBe(true);
    expect((await p.gateway('/health')).status).toBe(200);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('GET /api/v1/incidents: a pageable feed', () => {
  /** 2,500 records over HTTP in batches of 25 of one kind; returns the write order. */
  async function write2500(p: TestPlatform): Promise<{ kind: 'incident' | 'event'; id: string }[]> {
    const order: { kind: 'incident' | 'event'; id: string }[] = [];
    let incidentId = '';
    for (let b = 0; b < 100; b++) {
      const isIncidentBatch = b % 25 === 0;
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          isIncidentBatch ? create(p, `inc-${b}-${i}`, { title: `incident ${b}/${i}`, severity: 'SEV3' }) : addEvent(p, incidentId, `ev-${b}-${i}`, { type: 'note', message: `${b}/${i}` }),
        ),
      );
      for (const a of answers) if (a.status !== 201) throw new Error(`write: ${a.status} ${a.text}`);
      // Server-assigned ids grow in the order writes were applied, so within a batch they sort into it.
      const ids = answers.map((a) => (a.json as { id: string }).id).sort();
      if (isIncidentBatch) incidentId = ids.at(-1)!;
      for (const id of ids) order.push({ kind: isIncidentBatch ? 'incident' : 'event', id });
    }
    return order;
  }

  const flatten = (page: Page, order: { kind: string; id: string }[]) => {
    const wantIncidents = order.filter((r) => r.kind === 'incident').map((r) => r.id);
    const wantEvents = order.filter((r) => r.kind === 'event').map((r) => r.id);
    expect(page.incidents.map((r) => r.id)).toEqual(wantIncidents);
    expect(page.events.map((r) => r.id)).toEqual(wantEvents);
  };

  it('pages 2,500 records by 1,000 in write order, each once; a write between pages shows up in the next one', async () => {
    const p = await start();
    const order = await write2500(p);
    expect(await simState(p)).toMatchObject({ incidents: 100, events: 2400 });

    const first = await feed(p, '?limit=1000');
    expect(first.has_more).toBe(true);
    flatten(first, order.slice(0, 1000));
    const second = await feed(p, since(first.cursor, 1000));
    expect(second.has_more).toBe(true);
    flatten(second, order.slice(1000, 2000));

    const late = await addEvent(p, order[0]!.id, 'late');
    expect(late.status).toBe(201);
    const third = await feed(p, since(second.cursor, 1000));
    expect(third.has_more).toBe(false);
    flatten(third, [...order.slice(2000), { kind: 'event', id: (late.json as { id: string }).id }]);

    const ids = [first, second, third].flatMap((pg) => [...pg.incidents, ...pg.events].map((r) => r.id));
    expect(ids).toHaveLength(2501);
    expect(new Set(ids).size).toBe(2501);

    // Nothing new: an empty page, the cursor stays where it was.
    const empty = await feed(p, since(third.cursor, 1000));
    expect(empty).toEqual({ incidents: [], events: [], cursor: third.cursor, has_more: false });
    // Without limit a page is 1,000 records.
    const byDefault = await feed(p);
    expect(byDefault.incidents.length + byDefault.events.length).toBe(1000);
    expect([byDefault.cursor, byDefault.has_more]).toEqual([first.cursor, true]);

    // A cursor from an earlier run of the demo reads as the start.
    const earlier = await start({ clock: () => Date.parse('2026-01-01T00:00:00.000Z') });
    const foreign = (await feed(earlier)).cursor.replace(/\.\d+$/, '.2400');
    expect(foreign.split('.')[0]).not.toBe(first.cursor.split('.')[0]);
    const restarted = await feed(p, since(foreign, 1000));
    expect(restarted).toEqual(first);
  });

  it('a small limit pages exactly, and a bad limit is a 400', async () => {
    const p = await start();
    const a = (await create(p, 'a')).json as { id: string };
    const e = (await addEvent(p, a.id, 'e')).json as { id: string };
    const b = (await create(p, 'b')).json as { id: string };
    const one = await feed(p, '?limit=1');
    expect([one.incidents.map((r) => r.id), one.events, one.has_more]).toEqual([[a.id], [], true]);
    const two = await feed(p, since(one.cursor, 1));
    expect([two.incidents, two.events.map((r) => r.id), two.has_more]).toEqual([[], [e.id], true]);
    const three = await feed(p, since(two.cursor, 10_000));
    expect([three.incidents.map((r) => r.id), three.events, three.has_more]).toEqual([[b.id], [], false]);

    for (const bad of ['0', '10001', '-1', '1.5', 'abc', '', '1e3']) {
      const r = await p.admin(`${INCIDENTS}?limit=${encodeURIComponent(bad)}`, { as: 'viewer' });
      expect(r.status, bad).toBe(400);
      expect(r.json).toEqual({ error: 'limit: must be a whole number from 1 to 10000' });
    }
    expect((await p.admin(`${INCIDENTS}?since=garbage!`, { as: 'viewer' })).status).toBe(400);
  });
});
