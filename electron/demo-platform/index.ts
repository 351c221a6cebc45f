// The built-in demo platform: PLATFORM-API.md's admin service and gateway on two ports over one
// shared state, with simulated rail traffic and, in demo mode, scenario and fault control.
import { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { adminApp } from './admin-app.ts';
import { ROLES, type Role } from './catalog.ts';
import { FaultBook, Holds } from './faults.ts';
import { gatewayApp } from './gateway-app.ts';
import type { AppEnv, PlatformContext } from './http-kit.ts';
import { createMetrics } from './metrics.ts';
import { Scenario } from './scenario.ts';
import { DemoPlatformState } from './state.ts';
import { TrafficSimulation } from './traffic.ts';

export { DemoPlatformState } from './state.ts';
export type { Role } from './catalog.ts';

export const DEMO_TOKENS: Readonly<Record<Role, string>> = {
  super_admin: 'demo-super-admin-token',
  operator: 'demo-operator-token',
  viewer: 'demo-viewer-token',
};

export interface DemoPlatformOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  adminPort?: number;
  gatewayPort?: number;
  /** /sim/* routes exist only in demo mode (the default). */
  demoMode?: boolean;
  /** ms since the epoch; inject one to make time (and so traffic) deterministic. */
  clock?: () => number;
  /** Seed of the traffic simulation's noise. */
  seed?: number;
  tokens?: Partial<Record<Role, string>>;
}

export interface RunningDemoPlatform {
  adminUrl: string;
  gatewayUrl: string;
  tokens: Record<Role, string>;
  state: DemoPlatformState;
  /** Closes both servers, cuts open (even hanging) connections and stops the traffic timer. */
  stop(): Promise<void>;
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

async function listen(app: Hono<AppEnv>, host: string, port: number): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => {
      s.off('error', reject);
      if (s instanceof Server) resolve(s);
      else reject(new Error('expected a node:http server'));
    });
    s.once('error', reject);
  });
  // Tracked so stop() can cut connections a hang fault keeps open; close() alone waits for them.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function resolveTokens(given: Partial<Record<Role, string>> = {}): Record<Role, string> {
  const tokens = { ...DEMO_TOKENS, ...given };
  const seen = new Set<string>();
  for (const role of ROLES) {
    const token = tokens[role];
    if (!/^\S{8,}$/.test(token)) throw new Error(`demo platform: the ${role} token must be at least 8 characters without spaces`);
    if (seen.has(token)) throw new Error('demo platform: each role needs its own token');
    seen.add(token);
  }
  return tokens;
}

export async function startDemoPlatform(opts: DemoPlatformOptions = {}): Promise<RunningDemoPlatform> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? Date.now;
  const tokens = resolveTokens(opts.tokens);
  const state = new DemoPlatformState(clock);
  const scenario = new Scenario();
  const traffic = new TrafficSimulation(state, scenario, clock, opts.seed ?? 1);
  state.beforeChange = () => traffic.advance();
  const ctx: PlatformContext = {
    state,
    scenario,
    traffic,
    metrics: createMetrics(state, traffic),
    faults: new FaultBook(),
    holds: new Holds(),
    tokens: new Map(ROLES.map((role) => [tokens[role], role])),
    demoMode: opts.demoMode ?? true,
  };

  const admin = await listen(adminApp(ctx), host, opts.adminPort ?? 0);
  let gateway: Listening;
  try {
    gateway = await listen(gatewayApp(ctx), host, opts.gatewayPort ?? 0);
  } catch (e) {
    await admin.close();
    throw e;
  }
  // Traffic also advances on every scrape; the timer keeps it moving between scrapes.
  const timer = setInterval(() => traffic.advance(), 1000);
  timer.unref();

  let stopping: Promise<void> | undefined;
  return {
    adminUrl: admin.url,
    gatewayUrl: gateway.url,
    tokens,
    state,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        ctx.holds.releaseAll();
        await Promise.all([admin.close(), gateway.close()]);
      })();
      return stopping;
    },
  };
}
