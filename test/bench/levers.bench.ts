/**
 * Lever benchmark (`npm run bench -- levers`): the time from "Pull lever" to a verified outcome
 * through the ConsoleApi (plan + execute, both validated by dispatch: preflight health and
 * read, audit intent committed, the write, the read-back, the probe, audit outcome), beside
 * the bare minimum a script would do against the same demo platform in the same run: one PUT
 * and one GET. Target: the console adds at most 20 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleCore, type CallContext } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { appPaths } from '../../electron/core/paths.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { startDemoPlatform } from '../../electron/demo-platform/index.ts';
import { ProfileConfig } from '../../shared/environment.ts';
import type { LeverExecution, LeverPlan } from '../../shared/levers.ts';
import type { Result } from '../../shared/result.ts';
import { formatMs, LatencySamples, renderTable } from './latency.ts';

const ROUNDS = Number(process.env.BENCH_LEVER_ROUNDS ?? 100);
const TARGET_ADDED_MS = 20;
const ctx: CallContext = { transport: 'ipc', role: 'operator' };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = appPaths(root);
const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-levers-'));
const demo = await startDemoPlatform({ demoMode: true });
const token = demo.tokens.operator;
const profile = ProfileConfig.parse({
  name: 'bench',
  kind: 'platform',
  environmentName: 'bench',
  adminUrl: demo.adminUrl,
  gatewayUrl: demo.gatewayUrl,
  role: 'operator',
  // No release freeze in a benchmark: it would only add a name to type.
  freeze: { enabled: false },
});
const core = createConsoleCore({
  dataDir,
  version: 'bench',
  migrationsDir: paths.migrationsDir,
  bundledRunbooksDir: paths.bundledRunbooksDir,
  profile,
  tokens: new MemoryTokenStore({ bench: token }),
});

function value<T>(r: Result<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function viaConsole(action: 'engage' | 'release'): Promise<void> {
  const plan = value<LeverPlan>(await dispatch(core.handlers, 'levers.plan', { lever: 'brand-deposits-off', target: 'royalspin', action }, ctx), 'plan');
  if (plan.refusal || !plan.planId) throw new Error(`plan refused: ${plan.refusal?.message}`);
  const e = value<LeverExecution>(await dispatch(core.handlers, 'levers.execute', { planId: plan.planId, reason: 'bench' }, ctx), 'execute');
  if (e.status !== 'verified') throw new Error(`not verified: ${e.status} ${e.detail}`);
}

async function raw(enabled: boolean): Promise<void> {
  const url = `${demo.adminUrl}/api/v1/brands/royalspin/config/payment_policy`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const current = await fetch(url, { headers });
  const etag = current.headers.get('etag') ?? '';
  const body = (await current.json()) as { value: Record<string, unknown> };
  const put = await fetch(url, { method: 'PUT', headers: { ...headers, 'if-match': etag }, body: JSON.stringify({ value: { ...body.value, deposit_enabled: enabled } }) });
  if (put.status !== 200) throw new Error(`raw PUT ${put.status}`);
  await put.json();
  const back = (await (await fetch(url, { headers })).json()) as { value: { deposit_enabled: boolean } };
  if (back.value.deposit_enabled !== enabled) throw new Error('raw read-back mismatch');
}

// The raw path is timed as PUT + GET only; its GET-for-ETag runs untimed, like a script that already knows it.
async function rawTimed(samples: LatencySamples, enabled: boolean) {
  const url = `${demo.adminUrl}/api/v1/brands/royalspin/config/payment_policy`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const current = await fetch(url, { headers });
  const etag = current.headers.get('etag') ?? '';
  const body = (await current.json()) as { value: Record<string, unknown> };
  const t0 = process.hrtime.bigint();
  const put = await fetch(url, { method: 'PUT', headers: { ...headers, 'if-match': etag }, body: JSON.stringify({ value: { ...body.value, deposit_enabled: enabled } }) });
  await put.json();
  const back = (await (await fetch(url, { headers })).json()) as { value: { deposit_enabled: boolean } };
  samples.add(process.hrtime.bigint() - t0);
  if (put.status !== 200 || back.value.deposit_enabled !== enabled) throw new Error('raw round failed');
}

try {
  console.log(`levers: ${ROUNDS} rounds of pull + release of brand-deposits-off on the demo platform (127.0.0.1), interleaved with the raw path`);
  for (let i = 0; i < 5; i++) {
    await viaConsole('engage');
    await viaConsole('release');
    await raw(false);
    await raw(true);
  }
  const consoleSamples = new LatencySamples('console');
  const rawSamples = new LatencySamples('raw');
  for (let i = 0; i < ROUNDS; i++) {
    for (const action of ['engage', 'release'] as const) {
      const t0 = process.hrtime.bigint();
      await viaConsole(action);
      consoleSamples.add(process.hrtime.bigint() - t0);
      await rawTimed(rawSamples, action === 'release');
    }
  }
  const added50 = consoleSamples.p50 - rawSamples.p50;
  const added95 = consoleSamples.p95 - rawSamples.p95;
  console.log(
    renderTable([
      ['path', 'p50', 'p95', 'what it does'],
      ['ConsoleApi plan + execute → verified', formatMs(consoleSamples.p50), formatMs(consoleSamples.p95), 'health, read, audit intent, PUT, read-back, probe ×2, audit outcome'],
      ['raw PUT + GET (baseline)', formatMs(rawSamples.p50), formatMs(rawSamples.p95), 'the write and one read, nothing else'],
      ['added by the console', formatMs(added50), formatMs(added95), `ratio ${(consoleSamples.p50 / rawSamples.p50).toFixed(1)}× at p50`],
    ]),
  );
  console.log(`\ntarget: ≤ ${TARGET_ADDED_MS} ms added (p50): ${added50 <= TARGET_ADDED_MS ? 'met' : 'NOT met'}; p95 added ${formatMs(added95)}`);
  const chain = value<{ ok: boolean; checked: number }>(await dispatch(core.handlers, 'audit.verify', {}, ctx), 'verify');
  console.log(`audit chain after the run: ${chain.ok ? 'verified' : 'BROKEN'}, ${chain.checked} records`);
} finally {
  core.close();
  await demo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
