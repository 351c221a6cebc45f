import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { value, writeRunbook } from '../helpers/console.ts';
import { postJson, rawRequest } from '../helpers/http.ts';
import { useScratch } from '../helpers/scratch.ts';
import { startTestServe } from '../helpers/serve.ts';

const scratch = useScratch();

describe('requests a console must refuse', () => {
  it('a wrong token in the URL is 401 and sets no cookie', async () => {
    const { srv } = await startTestServe(scratch);
    const r = await rawRequest(srv.port, '/?token=guessed-token');
    expect(r.status).toBe(401);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.body).toMatch(/not valid for this console/);
  });

  it('a wrong bearer token, a token of the right length, and a made-up cookie are all 401', async () => {
    const { srv } = await startTestServe(scratch);
    const sameLength = 'x'.repeat(srv.token.length);
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer nope' },
      { authorization: `Bearer ${sameLength}` },
      { authorization: `Basic ${srv.token}` },
      { cookie: 'switchyard_session=forged' },
      { cookie: `switchyard_session=${srv.token}` },
    ];
    for (const headers of attempts) {
      expect((await postJson(srv.port, 'runbooks.list', {}, headers)).status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('a foreign Host header (DNS rebinding) is 421 even with the right token', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    for (const host of ['evil.example', `evil.example:${srv.port}`, `127.0.0.1:${srv.port + 1}`, `127.0.0.1.evil.example:${srv.port}`]) {
      const r = await rawRequest(srv.port, '/api/runbooks.list', { method: 'POST', headers: { ...bearer, host, 'content-type': 'application/json' }, body: '{}' });
      expect(r.status, host).toBe(421);
    }
    // The console's own names are fine.
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`]) {
      const r = await rawRequest(srv.port, '/', { headers: { ...bearer, host } });
      expect(r.status, host).toBe(200);
    }
  });

  it('a cross-origin POST is 403 even with a valid session', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const r = await postJson(srv.port, 'runbooks.list', {}, { ...bearer, origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const same = await postJson(srv.port, 'runbooks.list', {}, { ...bearer, origin: `http://127.0.0.1:${srv.port}` });
    expect(same.status).toBe(200);
  });

  // server.ts parses the Origin header with `new URL(origin)`. Browsers send `Origin: null`
  // from sandboxed iframes, file:// pages and data: URLs; `new URL('null')` throws, and the
  // call ends as a bare "500 Internal Server Error" (with a stack trace in the log) instead
  // of the JSON 403 every other cross-origin call gets.
  it('an opaque "Origin: null" (sandboxed frame, file:// page) is a clear 403, not a 500', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { srv, bearer } = await startTestServe(scratch);
    const r = await postJson(srv.port, 'runbooks.list', {}, { ...bearer, origin: 'null' });
    vi.restoreAllMocks();
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a form post (non-JSON content type) is 415 and the method does not run', async () => {
    const { srv, core, bearer } = await startTestServe(scratch);
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'upi.md', { id: 'upi-timeouts', title: 'UPI timeouts' });
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const r = await rawRequest(srv.port, '/api/runbooks.addFolder', {
        method: 'POST',
        headers: { ...bearer, 'content-type': type },
        body: JSON.stringify({ dir: folder }),
      });
      expect(r.status, type).toBe(415);
    }
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled']);
  });

  it('a wall console refuses runbooks.addFolder with 403 and the folder is not added', async () => {
    const { srv, core, bearer } = await startTestServe(scratch, { role: 'wall' });
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'upi.md', { id: 'upi-timeouts', title: 'UPI timeouts' });

    const r = await postJson(srv.port, 'runbooks.addFolder', { dir: folder }, bearer);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled']);
    expect((await value(core, 'runbooks.list')).map((x) => x.id)).not.toContain('upi-timeouts');

    for (const [method, args] of [['runbooks.resync', {}], ['runbooks.removeFolder', { sourceId: 1 }]] as const) {
      expect((await postJson(srv.port, method, args, bearer)).status, method).toBe(403);
    }
    // The wall still reads.
    const search = await postJson(srv.port, 'runbooks.search', { query: 'latency' }, bearer);
    expect(search.status).toBe(200);
    expect(JSON.parse(search.body)).toMatchObject({ ok: true });
  });

  it('malformed JSON is 400, an unknown method is invalid', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const bad = await rawRequest(srv.port, '/api/runbooks.search', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"query":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const unknown = await postJson(srv.port, 'levers.execute', {}, bearer);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('an oversized body (over 1 MiB) is 413', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    const r = await rawRequest(srv.port, '/api/runbooks.search', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(r.status).toBe(413);
  });

  it('a path that climbs out of the renderer folder never serves the file beside it', async () => {
    const { srv, bearer, rendererDir } = await startTestServe(scratch);
    const secret = join(dirname(rendererDir), 'secret.txt');
    writeFileSync(secret, 'TOKEN=do-not-serve');
    expect(existsSync(secret)).toBe(true);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..\\secret.txt', '//secret.txt']) {
      const r = await rawRequest(srv.port, path, { headers: bearer });
      expect(r.body, path).not.toContain('do-not-serve');
    }
  });
});
