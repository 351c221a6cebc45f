// What both demo services share over HTTP: bearer auth with roles, JSON bodies checked by
// zod, JSON 404/500 answers, request counting and fault injection, and the /sim control routes.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { roleAtLeast, type Role } from './catalog.ts';
import { faultInjection, wasDropped, type FaultBook, type Holds } from './faults.ts';
import type { MetricsExposition } from './metrics.ts';
import type { Scenario } from './scenario.ts';
import { describeIssue } from './schemas.ts';
import type { DemoPlatformState, Service } from './state.ts';
import type { TrafficSimulation } from './traffic.ts';

export interface PlatformContext {
  state: DemoPlatformState;
  scenario: Scenario;
  traffic: TrafficSimulation;
  metrics: MetricsExposition;
  faults: FaultBook;
  holds: Holds;
  /** token -> role */
  tokens: ReadonlyMap<string, Role>;
  demoMode: boolean;
}

export type AppEnv = { Variables: { role: Role } };

const MAX_BODY_CHARS = 1024 * 1024;

export const jsonError = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 412 | 422 | 428 | 500 | 503, error: string) =>
  c.json({ error }, status);

/** 401 for a missing or unknown token; otherwise the token's role is on the context. */
export function bearer(tokens: ReadonlyMap<string, Role>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const role = m?.[1] ? tokens.get(m[1]) : undefined;
    if (!role) {
      c.header('WWW-Authenticate', 'Bearer');
      return jsonError(c, 401, m ? 'unknown bearer token' : 'missing bearer token (Authorization: Bearer <token>)');
    }
    c.set('role', role);
    await next();
  };
}

/** 403 unless the caller's role is at least `needed`. */
export function allow(needed: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const role = c.get('role');
    if (!roleAtLeast(role, needed)) return jsonError(c, 403, `role ${role} may not do this (needs ${needed})`);
    await next();
  };
}

export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

/** The request body parsed as JSON and checked against `schema`, or the 400 to answer. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<BodyResult<z.output<S>>> {
  return parseBody(c, await c.req.text(), schema);
}

/** The synchronous half of readBody, for handlers that must not yield between check and write. */
export function parseBody<S extends z.ZodType>(c: Context, text: string, schema: S): BodyResult<z.output<S>> {
  if (text.length > MAX_BODY_CHARS) return { ok: false, response: jsonError(c, 400, 'body too large') };
  if (text.trim() === '') return { ok: false, response: jsonError(c, 400, 'body is empty: send a JSON object') };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(c, 400, 'body is not valid JSON') };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, response: jsonError(c, 400, describeIssue(parsed.error)) };
}

const isSim = (path: string) => path === '/sim' || path.startsWith('/sim/');

/**
 * A service's app with the shared plumbing in front of its routes: request counting, the
 * gateway's status-code counter, fault injection, and (in demo mode only) the /sim routes.
 */
export function serviceApp(service: Service, ctx: PlatformContext, simRoutes: Hono): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (isSim(path)) return next();
    ctx.state.countRequest(service, c.req.method, path);
    await next();
    // /metrics scrapes would otherwise move the very counter they read; a dropped connection
    // (apply_then_drop) answered nothing, so it has no code to count.
    if (service === 'gateway' && path !== '/metrics' && !wasDropped(c.res)) ctx.state.countGatewayCode(c.res.status);
  });
  app.use('*', faultInjection(service, ctx.faults, ctx.holds));
  if (ctx.demoMode) app.route('/sim', simRoutes);
  app.notFound((c) => jsonError(c, 404, `no route ${c.req.method} ${c.req.path}`));
  app.onError((e, c) => {
    console.error(`demo platform ${service}: ${c.req.method} ${c.req.path} failed:`, e);
    return jsonError(c, 500, 'internal error');
  });
  return app;
}
