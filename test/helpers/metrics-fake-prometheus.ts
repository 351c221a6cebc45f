// A stand-in for Prometheus's HTTP API that answers the console's queries with plausible data,
// unless a test tells it to answer one query badly: the malformed, partial and failing answers
// a real Prometheus, Thanos or Mimir can give, on demand and on one query at a time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { RAILS } from '../../shared/metrics.ts';
import { BRANDS } from './metrics-fixtures.ts';

export type QueryId =
  | 'p99_by_rail'
  | 'p95_by_rail'
  | 'p99_by_rail_brand'
  | 'p95_by_rail_brand'
  | 'approval_by_rail'
  | 'approval_by_rail_brand'
  | 'rps_by_rail_brand'
  | 'error_ratio'
  | 'gateway_rps'
  | 'webhook_backlog'
  | 'newest_sample';

/** Which DEFAULT_QUERIES / EXTRA_QUERIES entry a PromQL text is (narrowed or not). */
export function identify(q: string): QueryId {
  const brand = q.includes('rail, brand');
  if (q.includes('timestamp(')) return 'newest_sample';
  if (q.includes('gateway_http_requests_total')) return q.includes('5..') ? 'error_ratio' : 'gateway_rps';
  if (q.includes('webhook_backlog')) return 'webhook_backlog';
  if (q.includes('histogram_quantile(0.99')) return brand ? 'p99_by_rail_brand' : 'p99_by_rail';
  if (q.includes('histogram_quantile(0.95')) return brand ? 'p95_by_rail_brand' : 'p95_by_rail';
  if (q.includes('outcome="approved"')) return brand ? 'approval_by_rail_brand' : 'approval_by_rail';
  return 'rps_by_rail_brand';
}

export interface Ask {
  endpoint: 'query' | 'query_range';
  id: QueryId;
  query: string;
  params: URLSearchParams;
}

/** A raw answer, 'hang' (never answer), or undefined for the normal answer. */
export type Override = { status?: number; body: string } | 'hang' | undefined;

const VALUES: Record<QueryId, number> = {
  p99_by_rail: 0.12,
  p95_by_rail: 0.09,
  p99_by_rail_brand: 0.125,
  p95_by_rail_brand: 0.095,
  approval_by_rail: 0.93,
  approval_by_rail_brand: 0.92,
  rps_by_rail_brand: 20,
  error_ratio: 0.002,
  gateway_rps: 500,
  webhook_backlog: 5,
  newest_sample: 0,
};

export function labelSets(id: QueryId, q: string): Record<string, string>[] {
  const only = (k: string) => new RegExp(`${k}="([^"]+)"`).exec(q)?.[1];
  const rails = only('rail') ? [only('rail')!] : [...RAILS];
  const brands = only('brand') ? [only('brand')!] : BRANDS;
  if (id === 'error_ratio' || id === 'gateway_rps' || id === 'newest_sample') return [{}];
  if (id === 'webhook_backlog') return ['razorpay', 'payu'].map((provider) => ({ provider }));
  if (id.endsWith('_brand')) return rails.flatMap((rail) => brands.map((brand) => ({ rail, brand })));
  return rails.map((rail) => ({ rail }));
}

/** The normal answer to a query: every series the platform has, steady values. */
export function normalAnswer(ask: Ask, now: () => number): unknown {
  const value = (t: number) => String(ask.id === 'newest_sample' ? Math.floor(now() / 1000) - 0.5 : VALUES[ask.id]);
  if (ask.endpoint === 'query') {
    const t = Number(ask.params.get('time') ?? now() / 1000);
    return { status: 'success', data: { resultType: 'vector', result: labelSets(ask.id, ask.query).map((metric) => ({ metric, value: [t, value(t)] })) } };
  }
  const start = Number(ask.params.get('start'));
  const end = Number(ask.params.get('end'));
  const step = Number(ask.params.get('step'));
  const values: [number, string][] = [];
  for (let t = start; t <= end + 1e-9; t += step) values.push([t, value(t)]);
  return { status: 'success', data: { resultType: 'matrix', result: labelSets(ask.id, ask.query).map((metric) => ({ metric, values })) } };
}

export interface FakePrometheus {
  url: string;
  asks: Ask[];
  /** Decide the answer per request; undefined: the normal answer. */
  override: (ask: Ask) => Override;
  stop(): Promise<void>;
}

export async function startFakePrometheus(now: () => number = Date.now): Promise<FakePrometheus> {
  const sockets = new Set<Socket>();
  const fake: FakePrometheus = {
    url: '',
    asks: [],
    override: () => undefined,
    stop: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/(query|query_range)$/.exec(u.pathname);
    if (!m) {
      res.writeHead(404).end('not found');
      return;
    }
    const query = u.searchParams.get('query') ?? '';
    const ask: Ask = { endpoint: m[1] as Ask['endpoint'], id: identify(query), query, params: u.searchParams };
    fake.asks.push(ask);
    const o = fake.override(ask);
    if (o === 'hang') return; // never answered; stop() cuts it
    if (o) {
      res.writeHead(o.status ?? 200, { 'content-type': 'application/json' }).end(o.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(normalAnswer(ask, now)));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return fake;
}

/** An answer of the right shape with `mutate` applied to its parsed JSON. */
export function mutated(ask: Ask, now: () => number, mutate: (body: { status: string; data: { resultType: string; result: unknown[] } }) => unknown): string {
  const body = normalAnswer(ask, now) as { status: string; data: { resultType: string; result: unknown[] } };
  return JSON.stringify(mutate(body) ?? body);
}

/**
 * A proxy in front of a real Prometheus that passes every answer through, except those
 * `corrupt` rewrites (given the parsed request and Prometheus's real answer).
 */
export async function startCorruptingProxy(target: string): Promise<{ url: string; corrupt: (ask: Ask, body: string) => Override; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const proxy = {
    url: '',
    corrupt: (_ask: Ask, _body: string): Override => undefined,
    stop: async () => undefined as void,
  };
  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const upstream = await fetch(`${target}${u.pathname}${u.search}`);
      const body = await upstream.text();
      const m = /^\/api\/v1\/(query|query_range)$/.exec(u.pathname);
      const query = u.searchParams.get('query') ?? '';
      const o = m ? proxy.corrupt({ endpoint: m[1] as Ask['endpoint'], id: identify(query), query, params: u.searchParams }, body) : undefined;
      if (o === 'hang') return;
      if (o) res.writeHead(o.status ?? 200, { 'content-type': 'application/json' }).end(o.body);
      else res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
    })().catch((e: unknown) => res.writeHead(502).end(String(e)));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return proxy;
}
