import { describe, expect, it } from 'vitest';
import { writeRunbook } from '../helpers/console.ts';
import { openSse, postJson, rawRequest } from '../helpers/http.ts';
import { useScratch } from '../helpers/scratch.ts';
import { INDEX_HTML, startTestServe } from '../helpers/serve.ts';
import { waitFor, within } from '../helpers/wait.ts';

const scratch = useScratch();

describe('opening the console in a browser', () => {
  it('binds to loopback on a free port and prints a URL that carries the token', async () => {
    const { srv } = await startTestServe(scratch);
    expect(srv.port).toBeGreaterThan(0);
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}`);
    expect(srv.openUrl).toBe(`${srv.url}/?token=${srv.token}`);
    expect(srv.token.length).toBeGreaterThanOrEqual(32);
  });

  it('without the token, the page and the API answer 401 and show nothing', async () => {
    const { srv } = await startTestServe(scratch);
    const page = await rawRequest(srv.port, '/');
    expect(page.status).toBe(401);
    expect(page.body).not.toContain('id="root"');
    const api = await postJson(srv.port, 'runbooks.list', {});
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('a bearer token reaches the API', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const r = await postJson(srv.port, 'app.info', {}, bearer);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { transport: 'http', role: 'operator' } });
  });

  it('the printed URL trades the token for a session cookie and redirects to an address without it', async () => {
    const { srv } = await startTestServe(scratch);
    const first = await rawRequest(srv.port, `/?token=${encodeURIComponent(srv.token)}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers.location).not.toContain(srv.token);
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/^switchyard_session=[^;]+/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(srv.token);

    const cookie = setCookie.split(';')[0]!;
    const page = await rawRequest(srv.port, '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    const api = await postJson(srv.port, 'runbooks.list', {}, { cookie });
    expect(JSON.parse(api.body)).toMatchObject({ ok: true });
    expect((JSON.parse(api.body) as { value: unknown[] }).value).toHaveLength(9);
  });

  it('the redirect keeps the rest of the address (a deep link to a runbook)', async () => {
    const { srv } = await startTestServe(scratch);
    const r = await rawRequest(srv.port, `/runbooks?id=rail-latency-spike&token=${encodeURIComponent(srv.token)}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/runbooks?id=rail-latency-spike');
  });

  it('client-side routes fall back to the app shell', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const r = await rawRequest(srv.port, '/runbooks/rail-latency-spike', { headers: bearer });
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX_HTML);
  });

  it('every answer carries the security headers (CSP, no framing, no sniffing, no caching)', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    for (const r of [await rawRequest(srv.port, '/', { headers: bearer }), await postJson(srv.port, 'app.info', {}, bearer), await rawRequest(srv.port, '/')]) {
      expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(r.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('an expected failure travels as a value with status 200', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const r = await postJson(srv.port, 'runbooks.get', { id: 'no-such-runbook' }, bearer);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an empty body means no arguments', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const r = await rawRequest(srv.port, '/api/runbooks.facets', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' } });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { total: 9 } });
  });
});

describe('live events', () => {
  it('a browser watching /api/events hears runbooks.changed when another client adds a folder', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const sse = await openSse(srv.port, bearer);
    scratch.defer(() => sse.abort());
    expect(sse.status).toBe(200);
    await waitFor('the ready event', () => sse.events.some((e) => e.event === 'ready'));

    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'upi-timeouts.md', { id: 'upi-timeouts', title: 'UPI timeouts' });
    const added = JSON.parse((await postJson(srv.port, 'runbooks.addFolder', { dir: folder }, bearer)).body) as { ok: true; value: { sourceId: number } };
    expect(added.ok).toBe(true);

    const changed = await waitFor('runbooks.changed on the stream', () => sse.events.find((e) => e.event === 'runbooks.changed'));
    expect(JSON.parse(changed.data)).toEqual({ sourceId: added.value.sourceId, imported: 1 });
  });

  it('the event stream needs the token too', async () => {
    const { srv } = await startTestServe(scratch);
    const sse = await openSse(srv.port, {});
    scratch.defer(() => sse.abort());
    expect(sse.status).toBe(401);
  });

  it('closing the server ends open event streams instead of hanging', async () => {
    const { srv, core, bearer } = await startTestServe(scratch);
    const sse = await openSse(srv.port, bearer);
    await waitFor('the ready event', () => sse.events.some((e) => e.event === 'ready'));
    expect(core.events.size).toBe(1);

    await within('server close', 5000, srv.close());
    await within('the event stream to end', 5000, sse.ended);
    await waitFor('the stream to unsubscribe from core events', () => core.events.size === 0);
  });

  it('a browser that goes away stops receiving events (no leaked subscriber)', async () => {
    const { srv, core, bearer } = await startTestServe(scratch);
    const sse = await openSse(srv.port, bearer);
    await waitFor('the ready event', () => sse.events.some((e) => e.event === 'ready'));
    expect(core.events.size).toBe(1);
    sse.abort();
    await waitFor('the subscriber to be dropped', () => core.events.size === 0);
  });
});
