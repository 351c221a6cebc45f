import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ConsoleRole } from '../../shared/environment.ts';
import { err } from '../../shared/result.ts';
import type { CoreHandlers } from '../core/console-core.ts';
import type { EventBus } from '../core/events.ts';
import { dispatch } from '../core/dispatch.ts';
import { HostGuard, normalizeHostName, type InterfaceTable } from './host-guard.ts';

export { HostGuard, ServeOptionError, normalizeHostName, type InterfaceTable } from './host-guard.ts';

export interface ServeOptions {
  /** One profile's core, or the profile host that swaps cores: both carry handlers and events. */
  core: { handlers: CoreHandlers; events: EventBus };
  rendererDir: string;
  /** The secret in the printed URL. Generated per start unless given (SWITCHYARD_SERVE_TOKEN). */
  token?: string;
  role: ConsoleRole;
  /** The address to bind (default 127.0.0.1). Anything but loopback exposes the console. */
  host?: string;
  port?: number;
  /** More names the console answers to (--allow-host): a DNS name of this machine, say. Not on loopback. */
  allowHosts?: readonly string[];
  /** This machine's interfaces (default os.networkInterfaces); read again for an address not seen yet. */
  interfaces?: () => InterfaceTable;
  /** Seconds between SSE keep-alive comments; proxies drop silent streams. */
  heartbeatSeconds?: number;
}

export interface RunningServe {
  /** Where to open the console on this machine: never 0.0.0.0 or ::, which a browser cannot use. */
  url: string;
  /** The URL to open: carries the token once; the page trades it for a session cookie. */
  openUrl: string;
  /** Every address to print, `url` first; the others are for browsers on other machines (none on loopback). */
  urls: string[];
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'switchyard_session';
const MAX_BODY = 1024 * 1024;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // Recharts and React set style attributes
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The ConsoleApi over HTTP + server-sent events, with the built renderer beside it. */
export async function startServe(opts: ServeOptions): Promise<RunningServe> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  // A mistyped --allow-host is told before anything listens.
  const allowHosts = (opts.allowHosts ?? []).map(normalizeHostName);
  const sessions = new Set<string>();
  const app = new Hono();
  const sseStreams = new Set<{ close: () => void }>();
  let guard: HostGuard | undefined; // set once listening: it needs the port and the bound address

  const tokenMatches = (given: string | undefined | null) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const authorized = (c: Context) => {
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7))) return true;
    const s = getCookie(c, COOKIE);
    return s !== undefined && sessions.has(s);
  };

  app.use('*', async (c, next) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', 'no-store');
    const hostHeader = c.req.header('host');
    if (!guard?.accepts(hostHeader)) return c.text(guard?.refusal(hostHeader) ?? 'Switchyard is starting.', 421);
    // The one-time URL: trade the token for a session cookie and drop it from the address bar.
    const q = c.req.query('token');
    if (q !== undefined && c.req.method === 'GET') {
      if (!tokenMatches(q)) return c.text('Switchyard: the token in this URL is not valid for this console. Use the URL printed when it started.', 401);
      const session = randomBytes(24).toString('base64url');
      sessions.add(session);
      setCookie(c, COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const u = new URL(c.req.url);
      u.searchParams.delete('token');
      return c.redirect(`${u.pathname}${u.search}`, 303);
    }
    if (!authorized(c))
      return c.req.path.startsWith('/api/')
        ? c.json(err('unauthorized', 'This console needs its token: open the URL Switchyard printed when it started.'), 401)
        : c.text('Switchyard: open the URL printed when the console started (it carries the access token).', 401);
    await next();
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      let id = 0;
      const unsubscribe = opts.core.events.subscribe((name, payload) => {
        void stream.writeSSE({ event: name, data: JSON.stringify(payload), id: String(++id) });
      });
      const done = new Promise<void>((resolve) => {
        const entry = { close: () => resolve() };
        sseStreams.add(entry);
        stream.onAbort(() => {
          sseStreams.delete(entry);
          resolve();
        });
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      const beat = setInterval(() => void stream.write(': keep-alive\n\n'), (opts.heartbeatSeconds ?? 15) * 1000);
      await done;
      clearInterval(beat);
      unsubscribe();
    }),
  );

  app.post('/api/:method', async (c) => {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which we never grant.
    if (!(c.req.header('content-type') ?? '').startsWith('application/json'))
      return c.json(err('invalid', 'Send arguments as application/json'), 415);
    const origin = c.req.header('origin');
    // `Origin: null` (sandboxed frames, file:// and data: pages) is as foreign as any other.
    // The Host header already passed the guard, so an equal Origin is one of the console's own names.
    if (origin !== undefined && hostOf(origin) !== (c.req.header('host') ?? '').toLowerCase())
      return c.json(err('forbidden', 'Cross-origin call refused'), 403);
    const text = await c.req.text();
    if (text.length > MAX_BODY) return c.json(err('invalid', 'Arguments too large'), 413);
    let args: unknown;
    try {
      args = text === '' ? {} : JSON.parse(text);
    } catch {
      return c.json(err('invalid', 'Arguments are not valid JSON'), 400);
    }
    const result = await dispatch(opts.core.handlers, c.req.param('method'), args, { transport: 'http', role: opts.role });
    const status = result.ok ? 200 : result.error.code === 'forbidden' ? 403 : 200;
    return c.json(result, status);
  });

  app.use('/*', serveStatic({ root: opts.rendererDir }));
  // Client-side routes fall back to the app shell.
  app.get('*', serveStatic({ root: opts.rendererDir, path: 'index.html' }));

  if (!existsSync(join(opts.rendererDir, 'index.html')))
    throw new Error(`No built renderer at ${opts.rendererDir}: run "npm run build" first`);

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  const bound = server.address() as AddressInfo;
  try {
    guard = new HostGuard({ bindHost: host, boundAddress: bound.address, port: bound.port, allowHosts, interfaces: opts.interfaces ?? networkInterfaces });
  } catch (e) {
    await closeServer();
    throw e;
  }
  const urls = guard.urls();
  const url = urls[0]!;
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    urls,
    port: bound.port,
    token,
    async close() {
      for (const s of sseStreams) s.close();
      await closeServer();
    },
  };
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // URL.parse would do, but it arrived in Node 22
  }
}
