/**
 * Incident view benchmark (`npm run bench -- incident-view`): the time from opening an
 * incident (`#/incidents/<id>`) to its header and first timeline rows on screen, in Chromium
 * against `serve`, for an incident of 2,000 timeline events beside one of 20 events measured
 * in the same run (alternating). The timeline is windowed, so the 2,000-event incident should
 * cost about what the small one does: target ≤ 2× (p50). Reported, not thrown, when missed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createConsoleCore } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { appPaths } from '../../electron/core/paths.ts';
import type { IncidentEvents } from '../../shared/incidents/api.ts';
import type { Result } from '../../shared/result.ts';
import { findChromium } from '../../scripts/test-binaries.ts';
import { formatMs, LatencySamples, renderTable } from './latency.ts';

const BIG = Number(process.env.BENCH_INCIDENT_EVENTS ?? 2000);
const SMALL = 20;
const ROUNDS = Number(process.env.BENCH_INCIDENT_ROUNDS ?? 12);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = appPaths(root);
const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-incident-'));
const ctx = { transport: 'ipc', role: 'operator' } as const;

function value<T>(r: Result<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Two incidents in the demo profile's records, written through the core as a console would. */
async function seed(): Promise<{ big: string; small: string }> {
  const core = createConsoleCore({ dataDir: join(dataDir, 'profiles', 'demo'), version: 'bench', migrationsDir: paths.migrationsDir, bundledRunbooksDir: paths.bundledRunbooksDir });
  try {
    const ids: string[] = [];
    for (const n of [BIG, SMALL]) {
      const d = value<IncidentEvents>(await dispatch(core.handlers, 'incidents.declare', { title: `Bench incident of ${n} events`, severity: 'SEV2', rails: ['upi'], runbookIds: ['rail-latency-spike'] }, ctx), 'declare');
      await dispatch(core.handlers, 'incidents.record', { incidentId: d.incidentId, body: { type: 'acknowledged', owner: 'asha' } }, ctx);
      for (let i = d.events.length + 1; i < n; i++) {
        const body = i % 5 === 0 ? { type: 'status_posted', audience: 'internal', text: `Update ${i}: still degraded, next update in 30 min` } : { type: 'note_added', text: `Observation ${i}: p99 on upi at ${300 + (i % 200)} ms; razorpay callbacks slow` };
        value(await dispatch(core.handlers, 'incidents.record', { incidentId: d.incidentId, body }, ctx), 'record');
      }
      ids.push(d.incidentId);
    }
    return { big: ids[0]!, small: ids[1]! };
  } finally {
    core.close();
  }
}

async function startServe(): Promise<{ openUrl: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--data-dir', dataDir, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const openUrl = await new Promise<string>((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`serve did not start:\n${out}`)), 120_000);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m) (clearTimeout(t), ok(m[1]!));
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    openUrl,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

const { big, small } = await seed();
const serve = await startServe();
const browser = await chromium.launch({
  executablePath: findChromium(process.env, chromium.executablePath()).path ?? undefined,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(serve.openUrl);
  await page.waitForSelector('header.topbar');

  /** Opens the incident from the list page and times until its header and first rows are painted. */
  const open = async (id: string, events: number): Promise<number> => {
    await page.evaluate(() => (location.hash = '#/incidents'));
    await page.waitForSelector('[aria-label="Open incidents"]');
    // A string, not a function: tsx's name-keeping helpers do not exist in the page.
    return page.evaluate(`(async () => {
      const t0 = performance.now();
      location.hash = ${JSON.stringify(`#/incidents/${encodeURIComponent(id)}`)};
      await new Promise((done) => {
        const check = () => {
          const count = document.querySelector('[aria-label="Timeline"] h2')?.textContent ?? '';
          const rows = document.querySelectorAll('[aria-label="Timeline"] .timeline-row').length;
          if (rows > 0 && count.includes(${JSON.stringify(`(${events} events)`)})) done();
          else requestAnimationFrame(check);
        };
        check();
      });
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    })()`) as Promise<number>;
  };

  const bigS = new LatencySamples(`open an incident of ${BIG.toLocaleString('en-US')} events`);
  const smallS = new LatencySamples(`open an incident of ${SMALL} events`);
  const bigRows: number[] = [];
  await open(big, BIG); // warm-up: code loaded, JIT
  await open(small, SMALL);
  for (let i = 0; i < ROUNDS; i++) {
    const order: Array<[string, number, LatencySamples]> = i % 2 ? [[small, SMALL, smallS], [big, BIG, bigS]] : [[big, BIG, bigS], [small, SMALL, smallS]];
    for (const [id, n, s] of order) {
      s.add(BigInt(Math.round((await open(id, n)) * 1e6)));
      if (n === BIG) bigRows.push(await page.locator('[aria-label="Timeline"] .timeline-row').count());
    }
  }
  const ratio = bigS.p50 / smallS.p50;
  console.log(
    renderTable([
      ['measure', 'p50', 'p95', 'ratio', 'target'],
      [bigS.label, formatMs(bigS.p50), formatMs(bigS.p95), `${ratio.toFixed(2)}×`, ratio <= 2 ? '✓ ≤ 2×' : '✗ target ≤ 2×'],
      [smallS.label, formatMs(smallS.p50), formatMs(smallS.p95), '—', ''],
    ]),
  );
  console.log(`\nTimeline rows in the DOM for ${BIG.toLocaleString('en-US')} events: ${Math.max(...bigRows)} (windowed). Chromium ${browser.version()}, 1440×900, ${ROUNDS} rounds alternating.`);
} finally {
  await browser.close();
  await serve.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
