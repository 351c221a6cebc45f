import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { InterfaceTable } from '../../electron/serve/server.ts';
import { postJson, rawRequest, type RawResponse } from '../helpers/http.ts';
import { useScratch } from '../helpers/scratch.ts';
import { INDEX_HTML, startTestServe } from '../helpers/serve.ts';
import { waitFor } from '../helpers/wait.ts';

// A wall browser on the LAN connects to this machine's address and sends that address (or the
// name it typed) as Host. These tests cannot reach the LAN: they connect to 127.0.0.1, which a
// 0.0.0.0 bind also answers, and set the Host header the LAN browser would send.

const scratch = useScratch();

/** This machine's non-loopback addresses as a browser writes them in a URL (IPv6 in brackets). */
function lanAddresses(family?: 'IPv4' | 'IPv6'): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && (family === undefined || a.family === family))
    .map((a) => (a.family === 'IPv6' ? `[${a.address}]` : a.address));
}

const NO_LAN = 'this machine has no non-loopback interface address, so there is no address a LAN browser could use';

/** GET with the Host header a browser sends for `host`, connecting to 127.0.0.1. */
function getAs(port: number, host: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(port, path, { headers: { ...headers, host } });
}

/** What a browser does with a printed URL: trade the token for a cookie, then load the page. */
async function openAs(port: number, host: string, token: string): Promise<{ first: RawResponse; page: RawResponse; cookie: string }> {
  const first = await getAs(port, host, `/?token=${encodeURIComponent(token)}`);
  const cookie = (first.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
  const page = await getAs(port, host, '/', { cookie });
  return { first, page, cookie };
}

describe('a console bound to 0.0.0.0 for a NOC wall', () => {
  it('prints where to open it on this machine and one URL per LAN address, never 0.0.0.0', async () => {
    const { srv } = await startTestServe(scratch, { host: '0.0.0.0' });
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}`);
    expect(srv.openUrl).toBe(`http://127.0.0.1:${srv.port}/?token=${srv.token}`);
    // 0.0.0.0 takes IPv4 connections only: one URL per IPv4 address of this machine.
    expect(srv.urls).toEqual([srv.url, ...lanAddresses('IPv4').map((a) => `http://${a}:${srv.port}`)]);
    for (const u of [srv.url, srv.openUrl, ...srv.urls]) expect(u).not.toMatch(/0\.0\.0\.0|\[::\]/);
  });

  it('every URL it prints opens the console (as the browser that follows it would)', async () => {
    const { srv } = await startTestServe(scratch, { host: '0.0.0.0' });
    for (const u of srv.urls) {
      const { first, page } = await openAs(srv.port, new URL(u).host, srv.token);
      expect(first.status, u).toBe(303);
      expect(page.status, u).toBe(200);
      expect(page.body, u).toBe(INDEX_HTML);
    }
  });

  it('a LAN browser that names one of this machine’s addresses (IPv4 or IPv6) gets the console, and its writes pass the origin check', async (ctx) => {
    const lan = lanAddresses();
    ctx.skip(lan.length === 0, NO_LAN);
    const { srv } = await startTestServe(scratch, { host: '0.0.0.0' });
    for (const a of lan) {
      const host = `${a}:${srv.port}`;
      const { first, page, cookie } = await openAs(srv.port, host, srv.token);
      expect(first.status, host).toBe(303);
      expect(first.headers.location, host).toBe('/');
      expect(page.status, host).toBe(200);
      expect(page.body).toBe(INDEX_HTML);

      // The page's own calls carry Origin http://<address>:<port>: same origin, allowed.
      const call = await postJson(srv.port, 'runbooks.list', {}, { cookie, host, origin: `http://${host}` });
      expect(call.status, host).toBe(200);
      expect(JSON.parse(call.body)).toMatchObject({ ok: true });
      // A page on another origin is still refused, whichever name it reached the console by.
      const foreign = await postJson(srv.port, 'runbooks.list', {}, { cookie, host, origin: `http://127.0.0.1:${srv.port}` });
      expect(foreign.status, host).toBe(403);
    }
  });

  it('--allow-host NAME: a browser that opens the console by that name is served, whatever its case', async () => {
    const { srv, bearer } = await startTestServe(scratch, { host: '0.0.0.0', allowHosts: ['Wall.NOC.example', 'switchyard-wall'] });
    expect(srv.urls).toContain(`http://wall.noc.example:${srv.port}`);
    expect(srv.urls).toContain(`http://switchyard-wall:${srv.port}`);
    for (const host of [`wall.noc.example:${srv.port}`, `WALL.NOC.EXAMPLE:${srv.port}`, `switchyard-wall:${srv.port}`]) {
      const { first, page } = await openAs(srv.port, host, srv.token);
      expect(first.status, host).toBe(303);
      expect(page.status, host).toBe(200);
    }
    const host = `wall.noc.example:${srv.port}`;
    const same = await postJson(srv.port, 'runbooks.list', {}, { ...bearer, host, origin: `http://${host}` });
    expect(same.status).toBe(200);
    const foreign = await postJson(srv.port, 'runbooks.list', {}, { ...bearer, host, origin: `http://evil.example:${srv.port}` });
    expect(foreign.status).toBe(403);
  });

  it('refuses other names, a missing port and a wrong port with 421, saying what it answers to and how to add a name', async () => {
    const { srv, bearer } = await startTestServe(scratch, { host: '0.0.0.0' });
    const p = srv.port;
    const own = lanAddresses('IPv4')[0] ?? '127.0.0.1';
    const refused = [
      `evil.example:${p}`,
      'evil.example',
      `127.0.0.1.evil.example:${p}`,
      `${own}:${p + 1}`,
      own, // no port: the browser was sent to port 80, which is not this console
      `localhost:${p + 1}`,
      `0.0.0.0:${p}`, // not an address a browser elsewhere can reach; the printed URLs are
    ];
    // The machine's own name only with --allow-host: nothing says the LAN resolves it to us.
    const self = hostname().toLowerCase();
    if (self !== 'localhost' && isIP(self) === 0) refused.push(`${self}:${p}`);
    for (const host of refused) {
      const r = await getAs(p, host, '/', bearer);
      expect(r.status, host).toBe(421);
      expect(r.body, host).toContain(`--allow-host`);
      expect(r.body, host).toContain(`port ${p}`);
    }
    // A DNS-rebinding page can read this answer: it must not learn the machine's LAN addresses.
    const r = await getAs(p, `evil.example:${p}`, '/', bearer);
    for (const a of lanAddresses()) expect(r.body).not.toContain(a.replace(/^\[|\]$/g, ''));
  });

  it('an address the machine gets after start (a DHCP lease) is answered without a restart', async () => {
    const table: InterfaceTable = {
      lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
      eth0: [{ address: '192.0.2.10', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.0.2.10/24' }],
    };
    const { srv, bearer } = await startTestServe(scratch, { host: '0.0.0.0', interfaces: () => table });
    expect(srv.urls).toEqual([srv.url, `http://192.0.2.10:${srv.port}`]);
    const host = `198.51.100.7:${srv.port}`;
    expect((await getAs(srv.port, host, '/', bearer)).status).toBe(421);

    table.wlan0 = [{ address: '198.51.100.7', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:02', internal: false, cidr: '198.51.100.7/24' }];
    await waitFor('the new address to be answered', async () => (await getAs(srv.port, host, '/', bearer)).status === 200, { timeoutMs: 5000 });
  });
});

describe('a console bound to loopback (the default)', () => {
  it('refuses even this machine’s own LAN address and name (DNS rebinding), and says how to expose it', async () => {
    const { srv, bearer } = await startTestServe(scratch);
    expect(srv.urls).toEqual([`http://127.0.0.1:${srv.port}`]);
    const hosts = [`evil.example:${srv.port}`, ...lanAddresses().map((a) => `${a}:${srv.port}`), `${hostname().toLowerCase()}:${srv.port}`];
    for (const host of hosts.filter((h) => !h.startsWith('localhost:'))) {
      const r = await getAs(srv.port, host, '/', bearer);
      expect(r.status, host).toBe(421);
      expect(r.body, host).toContain('bound to loopback');
      expect(r.body, host).toContain('--host 0.0.0.0');
    }
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`, `[::1]:${srv.port}`]) {
      expect((await getAs(srv.port, host, '/', bearer)).status, host).toBe(200);
    }
  });

  it('refuses to start with --allow-host: a loopback console answers only to loopback names', async () => {
    await expect(startTestServe(scratch, { allowHosts: ['wall.noc.example'] })).rejects.toThrow(/--allow-host.*loopback.*--host 0\.0\.0\.0/s);
  });
});
