// Shared by the demo-platform integration tests: a platform per test on a hand-moved clock,
// small HTTP helpers, and a line-based reader of the Prometheus text format.
import { afterEach } from 'vitest';
import { startDemoPlatform, type DemoPlatformOptions, type RunningDemoPlatform } from '../../electron/demo-platform/index.ts';

export type Role = 'super_admin' | 'operator' | 'viewer';

export interface TestPlatform extends RunningDemoPlatform {
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  now(): number;
  admin(path: string, init?: Call): Promise<Answer>;
  gateway(path: string, init?: Call): Promise<Answer>;
}

export interface Call {
  method?: string;
  /** Bearer token of this role; omit for no Authorization header. */
  as?: Role;
  token?: string;
  body?: unknown;
  /** Sent as is (for invalid JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: unknown;
}

export const START = Date.parse('2026-03-14T03:14:00.000Z');

/** Call at a test file's top level: each test starts its own platform(s), stopped after it. */
export function usePlatforms() {
  const running: RunningDemoPlatform[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });
  return async (opts: DemoPlatformOptions = {}): Promise<TestPlatform> => {
    let now = START;
    const p = await startDemoPlatform({ clock: () => now, seed: 7, ...opts });
    running.push(p);
    const call = (base: string) => (path: string, init: Call = {}) => send(`${base}${path}`, init, p.tokens);
    return {
      ...p,
      stop: () => p.stop(),
      advance: (ms) => {
        now += ms;
      },
      now: () => now,
      admin: call(p.adminUrl),
      gateway: call(p.gatewayUrl),
    };
  };
}

export async function send(url: string, init: Call, tokens: Record<Role, string>): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token ?? (init.as ? tokens[init.as] : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal: init.signal });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const depositBody = (brand_id: string, amount = 500) => ({ brand_id, player_id: 'player-42', amount, currency: 'INR', method: 'upi' });

// ---- Prometheus text format ----

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;

/** Parses the exposition line by line; throws on any line a Prometheus scraper would reject. */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      if (types.has(type[1]!)) throw new Error(`TYPE given twice for ${type[1]}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP \S+ .*$/.test(line)) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    LABEL.lastIndex = 0;
    let consumed = 0;
    for (let l = LABEL.exec(body); l; l = LABEL.exec(body)) {
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch));
      consumed = LABEL.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`bad labels: ${line}`);
    const value = m[3] === '+Inf' ? Infinity : Number(m[3]);
    if (Number.isNaN(value)) throw new Error(`bad value: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { types, samples };
}

export async function scrape(p: TestPlatform): Promise<Exposition> {
  const r = await p.gateway('/metrics');
  if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
  return parseExposition(r.text);
}

const matches = (s: Sample, want: Record<string, string>) => Object.entries(want).every(([k, v]) => s.labels[k] === v);

/** Sum of a metric's samples whose labels include `want`. */
export function total(e: Exposition, name: string, want: Record<string, string> = {}): number {
  return e.samples.filter((s) => s.name === name && matches(s, want)).reduce((sum, s) => sum + s.value, 0);
}

/** Cumulative bucket counts by le (summed over series matching `want`), sorted by bound. */
export function buckets(e: Exposition, want: Record<string, string>): [number, number][] {
  const byLe = new Map<number, number>();
  for (const s of e.samples) {
    if (s.name !== 'payment_rail_request_duration_seconds_bucket' || !matches(s, want)) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return [...byLe].sort(([a], [b]) => a - b);
}

/** PromQL's histogram_quantile over the increase between two scrapes (linear within a bucket). */
export function quantileBetween(q: number, before: Exposition, after: Exposition, want: Record<string, string>): number {
  const a = new Map(buckets(before, want));
  const delta = buckets(after, want).map(([le, n]) => [le, n - (a.get(le) ?? 0)] as const);
  const count = delta.at(-1)?.[1] ?? 0;
  if (count <= 0) return NaN;
  const rank = q * count;
  let prevLe = 0;
  let prevN = 0;
  for (const [le, n] of delta) {
    if (n >= rank) {
      if (le === Infinity) return prevLe;
      return prevLe + ((le - prevLe) * (rank - prevN)) / (n - prevN);
    }
    prevLe = le;
    prevN = n;
  }
  return NaN;
}

/** POST /sim/scenario, failing the test unless the platform took it. */
export async function setScenario(p: TestPlatform, body: unknown, via: 'admin' | 'gateway' = 'gateway'): Promise<unknown> {
  const r = await p[via]('/sim/scenario', { body });
  if (r.status !== 200) throw new Error(`/sim/scenario refused ${JSON.stringify(body)}: ${r.status} ${r.text}`);
  return r.json;
}
