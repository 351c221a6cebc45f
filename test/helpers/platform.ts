// Levers against a real demo platform: a platform and a core per test, the demo's /sim control
// (faults and exact request/write counters) over HTTP, the table of levers the tests walk, and
// the checks every execution's audit evidence must pass.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import { ProfileConfig, type ProfileInput } from '../../shared/environment.ts';
import type { LeverExecution, LeverId, LeverPlan, PlatformRole } from '../../shared/levers.ts';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { DEMO_TOKENS, startDemoPlatform, type RunningDemoPlatform } from '../../electron/demo-platform/index.ts';
import { call, manualClock, openCore, value } from './console.ts';
import type { Scratch } from './scratch.ts';

export type DemoRole = keyof typeof DEMO_TOKENS;
export type ManualClock = ReturnType<typeof manualClock>;

/** Wednesday 08:44 IST: outside the Friday–Sunday release freeze. */
export const WEEKDAY = '2026-03-11T03:14:00.000Z';
/** Saturday 08:44 IST: inside the release freeze. */
export const SATURDAY_IST = '2026-03-14T03:14:00.000Z';
export const ENVIRONMENT = 'demo-integration';
/** Short, so hang faults resolve fast. */
export const SHORT_TIMEOUTS = { writeMs: 800, readMs: 800, healthMs: 800, probeMs: 800 };

// ---- the levers, as the tests see them ----

export interface LeverCase {
  lever: LeverId;
  target: string;
  service: 'admin' | 'gateway';
  /** The write's path on the platform (also the read path: every lever reads where it writes). */
  path: string;
  /** The lowest platform role whose token may write it. */
  writeRole: DemoRole;
  /** A token the platform refuses the write to with 403 (and the profile role to declare so planning passes). */
  forbidden: { token: DemoRole; profileRole: PlatformRole };
  platformScope: boolean;
  /** The write carries If-Match, so a moved config answers 412. */
  ifMatch: boolean;
}

export const LEVER_CASES: LeverCase[] = [
  {
    lever: 'platform-freeze',
    target: 'platform',
    service: 'admin',
    path: '/api/v1/maintenance',
    writeRole: 'super_admin',
    forbidden: { token: 'operator', profileRole: 'super_admin' },
    platformScope: true,
    ifMatch: false,
  },
  {
    lever: 'halt-deposits',
    target: 'platform',
    service: 'admin',
    path: '/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS',
    writeRole: 'operator',
    forbidden: { token: 'viewer', profileRole: 'operator' },
    platformScope: true,
    ifMatch: false,
  },
  {
    lever: 'brand-deposits-off',
    target: 'royalspin',
    service: 'admin',
    path: '/api/v1/brands/royalspin/config/payment_policy',
    writeRole: 'operator',
    forbidden: { token: 'viewer', profileRole: 'operator' },
    platformScope: false,
    ifMatch: true,
  },
  {
    lever: 'brand-withdrawals-off',
    target: 'lucky7',
    service: 'admin',
    path: '/api/v1/brands/lucky7/config/payment_policy',
    writeRole: 'operator',
    forbidden: { token: 'viewer', profileRole: 'operator' },
    platformScope: false,
    ifMatch: true,
  },
  {
    lever: 'provider-ingress-block',
    target: 'razorpay',
    service: 'gateway',
    path: '/api/v1/provider-ingress/razorpay',
    writeRole: 'operator',
    forbidden: { token: 'viewer', profileRole: 'operator' },
    platformScope: false,
    ifMatch: false,
  },
];

export function leverCase(id: LeverId): LeverCase {
  return LEVER_CASES.find((c) => c.lever === id)!;
}

// ---- the demo platform over HTTP ----

export interface DemoAnswer {
  status: number;
  body: unknown;
  etag: string | null;
}

export interface SimState {
  writes: Record<string, number>;
  requests: { admin: Record<string, number>; gateway: Record<string, number> };
  wallet: Record<string, number>;
  callbacks: Record<string, number>;
}

export interface Fault {
  service: 'admin' | 'gateway';
  method?: 'GET' | 'PUT' | 'POST';
  path: string;
  mode: 'error500' | 'hang' | 'slow' | 'malformed' | 'apply_then_hang' | 'apply_then_500' | 'apply_then_drop';
  delay_ms?: number;
  times?: number;
}

/** What a test does to the demo platform from outside, as an operator with curl would. */
export class DemoControl {
  constructor(readonly demo: Pick<RunningDemoPlatform, 'adminUrl' | 'gatewayUrl'>) {}

  base(service: 'admin' | 'gateway'): string {
    return service === 'admin' ? this.demo.adminUrl : this.demo.gatewayUrl;
  }

  async send(service: 'admin' | 'gateway', method: string, path: string, opts: { as?: DemoRole; body?: unknown; headers?: Record<string, string> } = {}): Promise<DemoAnswer> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.as) headers.authorization = `Bearer ${DEMO_TOKENS[opts.as]}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base(service)}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text
    }
    return { status: res.status, body, etag: res.headers.get('etag') };
  }

  async setFaults(faults: Fault[]): Promise<void> {
    const r = await this.send('admin', 'POST', '/sim/faults', { body: { faults } });
    if (r.status !== 200) throw new Error(`/sim/faults refused: ${r.status} ${JSON.stringify(r.body)}`);
  }

  async clearFaults(): Promise<void> {
    const r = await this.send('admin', 'DELETE', '/sim/faults');
    if (r.status !== 200) throw new Error(`DELETE /sim/faults: ${r.status}`);
  }

  async state(): Promise<SimState> {
    const r = await this.send('admin', 'GET', '/sim/state');
    if (r.status !== 200) throw new Error(`/sim/state: ${r.status}`);
    return r.body as SimState;
  }

  /** PUTs that reached the platform on this route (faulted, refused or applied). */
  async sent(c: Pick<LeverCase, 'service' | 'path'>): Promise<number> {
    return (await this.state()).requests[c.service][`PUT ${c.path}`] ?? 0;
  }

  /** PUTs the platform applied on this route. */
  async applied(c: Pick<LeverCase, 'path'>): Promise<number> {
    return (await this.state()).writes[`PUT ${c.path}`] ?? 0;
  }

  /** Whether the lever is pulled, read directly from the platform (faults must be cleared). */
  async engaged(c: LeverCase): Promise<boolean> {
    const r = await this.send(c.service, 'GET', c.path, { as: 'viewer' });
    if (r.status !== 200) throw new Error(`GET ${c.path}: ${r.status} ${JSON.stringify(r.body)}`);
    const b = r.body as Record<string, unknown> & { value: Record<string, unknown> | string };
    switch (c.lever) {
      case 'platform-freeze':
        return b.is_active === true;
      case 'halt-deposits':
        return b.value === '1';
      case 'brand-deposits-off':
        return (b.value as Record<string, unknown>).deposit_enabled === false;
      case 'brand-withdrawals-off':
        return (b.value as Record<string, unknown>).withdraw_enabled === false;
      case 'provider-ingress-block':
        return b.blocked === true;
    }
  }

  /** A player's deposit, as the wallet answers it: {status: 0 | 1, ...}. */
  async deposit(brand: string): Promise<{ status: number; msg?: string; txn_id?: string }> {
    const r = await this.send('gateway', 'POST', '/api/v1/wallet/deposit', {
      body: { brand_id: brand, player_id: 'test-player', amount: 100, currency: 'INR', method: 'upi' },
    });
    if (r.status !== 200) throw new Error(`deposit: ${r.status}`);
    return r.body as { status: number; msg?: string; txn_id?: string };
  }
}

// ---- a core on a demo platform ----

export interface RigOptions {
  /** The profile's declared role (gates planning). */
  role?: PlatformRole;
  /** The bearer token: a demo role's token, or any string. */
  token?: DemoRole | string;
  clockStart?: string;
  profile?: Partial<ProfileInput>;
  /** Reuse a data folder (a second core on the same profile). */
  dataDir?: string;
  /** Use this platform instead of starting one. */
  demo?: RunningDemoPlatform;
  leverTimeouts?: Partial<typeof SHORT_TIMEOUTS>;
}

export interface LeverRig {
  demo: RunningDemoPlatform;
  control: DemoControl;
  core: ConsoleCore;
  clock: ManualClock;
  tokens: MemoryTokenStore;
  profile: ProfileConfig;
  dataDir: string;
  token: string;
}

export async function startDemo(scratch: Scratch, opts: { adminPort?: number; gatewayPort?: number } = {}): Promise<RunningDemoPlatform> {
  const demo = await startDemoPlatform({ seed: 7, ...opts });
  scratch.defer(() => demo.stop());
  return demo;
}

export function tokenOf(t: DemoRole | string): string {
  return t in DEMO_TOKENS ? DEMO_TOKENS[t as DemoRole] : t;
}

export function platformProfile(urls: { adminUrl: string; gatewayUrl: string }, opts: Pick<RigOptions, 'role' | 'profile'> = {}): ProfileConfig {
  return ProfileConfig.parse({
    name: 'integration',
    kind: 'platform',
    environmentName: ENVIRONMENT,
    adminUrl: urls.adminUrl,
    gatewayUrl: urls.gatewayUrl,
    role: opts.role ?? 'operator',
    ...opts.profile,
  });
}

/** A real core acting on the platform at `urls` (which may be down), closed after the test. */
export function openLeverCore(scratch: Scratch, urls: { adminUrl: string; gatewayUrl: string }, opts: RigOptions = {}): Omit<LeverRig, 'demo' | 'control'> {
  const profile = platformProfile(urls, opts);
  const token = tokenOf(opts.token ?? 'operator');
  const tokens = new MemoryTokenStore({ [profile.name]: token });
  const clock = manualClock(opts.clockStart ?? WEEKDAY);
  const dataDir = opts.dataDir ?? join(scratch.tempDir('switchyard-levers-'), 'profile');
  const core = openCore(scratch, { dataDir, profile, tokens, clock, actor: 'test-oncall', leverTimeouts: { ...SHORT_TIMEOUTS, ...opts.leverTimeouts } });
  return { core, clock, tokens, profile, dataDir, token };
}

/** A real demo platform and a real core acting on it, both closed after the test. */
export async function startRig(scratch: Scratch, opts: RigOptions = {}): Promise<LeverRig> {
  const demo = opts.demo ?? (await startDemo(scratch));
  return { demo, control: new DemoControl(demo), ...openLeverCore(scratch, demo, opts) };
}

/** Plans `c`'s engage and expects a plan that may be executed. */
export async function planEngage(rig: LeverRig, c: Pick<LeverCase, 'lever' | 'target'>, action: 'engage' | 'release' = 'engage'): Promise<LeverPlan & { planId: string }> {
  const plan = await value(rig.core, 'levers.plan', { lever: c.lever, target: c.target, action });
  if (plan.refusal || !plan.planId) throw new Error(`plan of ${c.lever} refused: ${plan.refusal?.code}: ${plan.refusal?.message}`);
  return plan as LeverPlan & { planId: string };
}

export function confirmArgs(c: Pick<LeverCase, 'platformScope'>, planId: string, reason = 'containing the UPI latency incident') {
  return { planId, reason, ...(c.platformScope ? { typedEnvironment: ENVIRONMENT } : {}) };
}

/** Plan and execute in one go; the execution must come back (whatever its status). */
export async function pull(rig: LeverRig, c: LeverCase, action: 'engage' | 'release' = 'engage', reason?: string): Promise<LeverExecution> {
  const plan = await planEngage(rig, c, action);
  return value(rig.core, 'levers.execute', confirmArgs(c, plan.planId, reason));
}

// ---- the audit evidence ----

export async function auditRecords(core: ConsoleCore): Promise<AuditRecord[]> {
  return (await value(core, 'audit.list', { limit: 500 })).reverse();
}

/**
 * Exactly one intent, then one outcome, for this execution; the outcome says what the
 * execution says; the request is kept with the token redacted; the chain verifies.
 */
export async function expectAuditPair(core: ConsoleCore, execution: LeverExecution): Promise<{ intent: AuditRecord; outcome: AuditRecord }> {
  const records = (await auditRecords(core)).filter((r) => r.executionId === execution.id);
  expect(records.map((r) => r.kind)).toEqual(['intent', 'outcome']);
  const [intent, outcome] = records as [AuditRecord, AuditRecord];
  expect(intent.seq).toBeLessThan(outcome.seq);
  expect(intent.outcome).toBeNull();
  expect(outcome.outcome).toBe(execution.status);
  for (const r of records) {
    expect(r).toMatchObject({ lever: execution.lever, target: execution.target, action: execution.action, reason: execution.reason, environment: ENVIRONMENT });
    expect((r.request as { headers: Record<string, string> }).headers.authorization).toBe('Bearer [REDACTED]');
  }
  const verification = await value(core, 'audit.verify');
  expect(verification).toMatchObject({ ok: true, firstBad: null });
  expect(verification.checked).toBe((await auditRecords(core)).length);
  return { intent, outcome };
}

/** Nothing reached the audit log or the executions. */
export async function expectNoEvidence(core: ConsoleCore): Promise<void> {
  expect(await auditRecords(core)).toEqual([]);
  expect(await value(core, 'levers.executions', { limit: 50 })).toEqual([]);
}

export { call, value };

// ---- ports and a header-echoing platform ----

/** A loopback port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A platform that, like some real ones behind a misconfigured proxy, echoes the request's
 * headers (the bearer token among them) in its error answers. It forwards everything to `target`
 * except the requests `echo` picks, which it answers with `status` and the echoed headers.
 */
export async function startEchoingProxy(
  scratch: Scratch,
  target: string,
  echo: (method: string, path: string) => number | null,
): Promise<{ url: string }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = echo(req.method ?? 'GET', req.url ?? '/');
      if (status !== null) {
        res.writeHead(status, { 'content-type': 'application/json', 'x-echo-authorization': String(req.headers.authorization ?? '') });
        res.end(JSON.stringify({ error: `rejected ${req.method} ${req.url} sent with authorization: ${req.headers.authorization}`, headers: req.headers }));
        return;
      }
      forwardTo(target, req, res, chunks);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  scratch.defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${port}` };
}

/** Passes a request a test proxy does not answer itself on to the real platform, as it came. */
export function forwardTo(target: string, req: IncomingMessage, res: ServerResponse, chunks: Buffer[]): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
  fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
    .then(async (r) => {
      const out: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
      });
      res.writeHead(r.status, out);
      res.end(Buffer.from(await r.arrayBuffer()));
    })
    .catch(() => {
      res.writeHead(502);
      res.end();
    });
}
