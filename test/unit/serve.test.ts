import { describe, expect, it } from 'vitest';
import { HostGuard, type InterfaceTable } from '../../electron/serve/server.ts';
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
    // Loopback only: nothing to print for other machines.
    expect(srv.urls).toEqual([srv.url]);
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
    // The core's own subscribers (the incident watcher) are there before any browser.
    const own = core.events.size;
    const sse = await openSse(srv.port, bearer);
    await waitFor('the ready event', () => sse.events.some((e) => e.event === 'ready'));
    expect(core.events.size).toBe(own + 1);

    await within('server close', 5000, srv.close());
    await within('the event stream to end', 5000, sse.ended);
    await waitFor('the stream to unsubscribe from core events', () => core.events.size === own);
  });

  it('a browser that goes away stops receiving events (no leaked subscriber)', async () => {
    const { srv, core, bearer } = await startTestServe(scratch);
    // The core's own subscribers (the incident watcher) are there before any browser.
    const own = core.events.size;
    const sse = await openSse(srv.port, bearer);
    await waitFor('the ready event', () => sse.events.some((e) => e.event === 'ready'));
    expect(core.events.size).toBe(own + 1);
    sse.abort();
    await waitFor('the subscriber to be dropped', () => core.events.size === own);
  });
});

describe('--allow-host', () => {
  it('takes host names and IP addresses, in any case, and prints a URL for each', async () => {
    const { srv } = await startTestServe(scratch, {
      host: '0.0.0.0',
      interfaces: () => ({}),
      allowHosts: ['Wall.NOC.Example', 'wall.noc.example.', '[FD00::1]', '192.168.1.20', 'noc_wall-2'],
    });
    const p = srv.port;
    expect(srv.urls).toEqual([`http://127.0.0.1:${p}`, `http://wall.noc.example:${p}`, `http://[fd00::1]:${p}`, `http://192.168.1.20:${p}`, `http://noc_wall-2:${p}`]);
  });

  it('refuses at start anything a browser could not send as a host name, with the value it refused', async () => {
    const refused = ['wall:8080', '*', '*.noc.example', 'http://wall.noc.example', 'wall noc', '', 'wall..noc', '-wall', '10.1.2', '0x7f.1', 'fe80::1%eth0', `${'a'.repeat(64)}.example`];
    for (const name of refused) {
      await expect(startTestServe(scratch, { host: '0.0.0.0', allowHosts: [name] }), JSON.stringify(name)).rejects.toThrow(`--allow-host "${name}"`);
    }
  });
});

describe('which Host headers a console answers to', () => {
  const table: InterfaceTable = {
    lo: [
      { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' },
      { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
    ],
    eth0: [
      { address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.168.1.20/24' },
      { address: 'fd00::20', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fd00::20/64', scopeid: 0 },
      { address: 'fe80::20', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::20/64', scopeid: 2 },
    ],
    docker0: [{ address: '172.17.0.1', netmask: '255.255.0.0', family: 'IPv4', mac: '02:00:00:00:00:02', internal: false, cidr: '172.17.0.1/16' }],
  };
  const guard = (bindHost: string, boundAddress: string, port: number, allowHosts: string[] = []) =>
    new HostGuard({ bindHost, boundAddress, port, allowHosts, interfaces: () => table });

  // Tests bind only 127.0.0.1 and 0.0.0.0; a bind to one LAN address is checked here.
  it('bound to one address: that address and the loopback names, not the machine’s other addresses', () => {
    const g = guard('192.168.1.20', '192.168.1.20', 8080, ['wall.noc.example']);
    for (const h of ['192.168.1.20:8080', '127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'wall.noc.example:8080']) expect(g.accepts(h), h).toBe(true);
    for (const h of ['172.17.0.1:8080', '[fd00::20]:8080', '192.168.1.20:8081', '192.168.1.20', 'evil.example:8080', undefined]) expect(g.accepts(h), String(h)).toBe(false);
    expect(g.urls()).toEqual(['http://192.168.1.20:8080', 'http://wall.noc.example:8080']);
  });

  it('bound to ::, every interface address answers and IPv6 URLs are printed, but not link-local ones', () => {
    const g = guard('::', '::', 8080);
    for (const h of ['192.168.1.20:8080', '172.17.0.1:8080', '[fd00::20]:8080', '[fe80::20]:8080', '[::1]:8080']) expect(g.accepts(h), h).toBe(true);
    expect(g.urls()).toEqual(['http://[::1]:8080', 'http://192.168.1.20:8080', 'http://172.17.0.1:8080', 'http://[fd00::20]:8080']);
  });

  it('on port 80 a browser leaves the port out of Host, and that is accepted', () => {
    const g = guard('0.0.0.0', '0.0.0.0', 80);
    expect(g.accepts('192.168.1.20')).toBe(true);
    expect(g.accepts('192.168.1.20:80')).toBe(true);
    expect(g.accepts('evil.example')).toBe(false);
    expect(guard('0.0.0.0', '0.0.0.0', 8080).accepts('192.168.1.20')).toBe(false);
  });
});
