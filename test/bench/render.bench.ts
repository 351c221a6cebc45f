/**
 * Render benchmark (`npm run bench -- render`): builds renderer/bench.html (the REAL dashboard
 * components fed synthetic answers, no core) with Vite into a temp folder, serves it on
 * 127.0.0.1 and drives it in the Chromium `npm test` uses. In the same run and page it measures:
 *
 *   (a) a live update of the default dashboard (24 tiles + the detail charts of all six rails,
 *       every one with new data): the React commit, and the frame that shows it;
 *   (b) a live update of the 48-panel stress view (48 series × 2 metrics × 1 h at 5 s = 720
 *       points each) on LineCanvas;
 *   (c) heap growth over 10,000 dashboard updates, after forced GC (CDP).
 *
 * (a) and (b) are printed beside a plain-canvas baseline drawing the same points on canvases
 * of the same sizes. Targets: (a) ≤ 2×, (b) ≤ 5×, (c) ≤ 5 MB. Timings are reported, never
 * asserted; the bench fails only on errors.
 *
 *   BENCH_RENDER_UPDATES=120 BENCH_RENDER_HEAP_UPDATES=10000 npm run bench -- render
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { build } from 'vite';
import { formatMs, formatRatio, percentile, renderTable } from './latency.ts';
import { findChromium } from '../../scripts/test-binaries.ts';

const UPDATES = Number(process.env.BENCH_RENDER_UPDATES ?? 120);
const ROUNDS = 4;
const HEAP_UPDATES = Number(process.env.BENCH_RENDER_HEAP_UPDATES ?? 10_000);
const HEAP_CHUNK = 1000;
const TARGET = { dashboard: 2, stress: 5, heapMb: 5 };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-render-'));

interface UpdateTiming {
  commit: number;
  frame: number;
}
interface Run {
  samples: UpdateTiming[];
  points: number;
  tilesPerUpdate?: number;
  panelsPerUpdate?: number;
  panels?: number;
}
interface BenchPage {
  ready: boolean;
  dashboard(n: number): Promise<Run>;
  dashboardBaseline(n: number): Promise<Run>;
  stress(n: number): Promise<Run>;
  stressBaseline(n: number): Promise<Run>;
  prepareDashboard(): Promise<unknown>;
  churn(n: number): Promise<{ ms: number }>;
  unmount(): void;
}
declare global {
  interface Window {
    __bench?: BenchPage;
  }
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    // The page's shell (top bar chips) asks the console API: there is none here, and it says so.
    if (path.startsWith('/api/events')) return void res.writeHead(200, { 'content-type': 'text/event-stream' }).end();
    if (path.startsWith('/api/')) {
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: false, error: { code: 'offline', message: 'render bench: no console core behind this page' } }));
    }
    const file = join(dir, path === '/' ? 'bench.html' : path);
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error('not found');
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p50 = (xs: number[]) => percentile(xs, 50);
const p95 = (xs: number[]) => percentile(xs, 95);
const commits = (r: Run[]) => r.flatMap((x) => x.samples.map((s) => s.commit));
const frames = (r: Run[]) => r.flatMap((x) => x.samples.map((s) => s.frame));

async function heapUsed(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return u.usedSize;
}

async function domCounters(cdp: CDPSession): Promise<{ nodes: number; listeners: number }> {
  const c = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
  return { nodes: c.nodes, listeners: c.jsEventListeners };
}

function call<K extends 'dashboard' | 'dashboardBaseline' | 'stress' | 'stressBaseline'>(page: Page, fn: K, n: number): Promise<Run> {
  return page.evaluate(([f, count]) => window.__bench![f as K](count as number), [fn, n] as const);
}

const errors: string[] = [];
let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
let server: Server | null = null;
try {
  const t0 = Date.now();
  await build({
    root: join(root, 'renderer'),
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, 'renderer', 'bench.html') } },
  });
  console.log(`built renderer/bench.html in ${((Date.now() - t0) / 1000).toFixed(1)} s (production React, ${outDir})`);
  const served = await serve(outDir);
  server = served.server;
  browser = await chromium.launch({
    executablePath: findChromium(process.env, chromium.executablePath()).path ?? undefined,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  await page.goto(`${served.url}/bench.html`);
  await page.waitForFunction(() => window.__bench?.ready === true, null, { timeout: 30_000 });
  console.log(`Chromium ${browser.version()}, viewport 1440×900, ${UPDATES} timed updates per figure (${ROUNDS} rounds, order alternating)\n`);

  // Rounds that alternate which side goes first, so drift (JIT, GC, a busy neighbour on a
  // 2-core machine) does not favour either side.
  const block = Math.max(1, Math.floor(UPDATES / ROUNDS));
  const dash: Run[] = [];
  const dashBase: Run[] = [];
  const stress: Run[] = [];
  const stressBase: Run[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const pair = async (ours: 'dashboard' | 'stress', base: 'dashboardBaseline' | 'stressBaseline', a: Run[], b: Run[]) => {
      if (r % 2 === 0) {
        a.push(await call(page, ours, block));
        b.push(await call(page, base, block));
      } else {
        b.push(await call(page, base, block));
        a.push(await call(page, ours, block));
      }
    };
    await pair('dashboard', 'dashboardBaseline', dash, dashBase);
    await pair('stress', 'stressBaseline', stress, stressBase);
  }

  const d0 = dash[0]!;
  const s0 = stress[0]!;
  const rows: string[][] = [['per live update', 'Switchyard p50', 'p95', 'plain canvas p50', 'p95', 'ratio (p50)', 'target']];
  // The target applies to the frame (what the user waits for); the commit rows say where the time goes.
  const line = (label: string, ours: number[], base: number[], target: number | null) => {
    const ratio = p50(ours) / p50(base);
    rows.push([label, formatMs(p50(ours)), formatMs(p95(ours)), formatMs(p50(base)), formatMs(p95(base)), formatRatio(ratio), target === null ? '(detail)' : `≤ ${target}×${ratio <= target ? '' : '  MISSED'}`]);
  };
  line('(a) dashboard: frame', frames(dash), frames(dashBase), TARGET.dashboard);
  line('    dashboard: JS commit only', commits(dash), commits(dashBase), null);
  line('(b) 48-panel stress: frame', frames(stress), frames(stressBase), TARGET.stress);
  line('    48-panel stress: JS commit only', commits(stress), commits(stressBase), null);
  console.log(renderTable(rows));
  console.log(
    `\n(a) ${d0.points.toLocaleString('en-US')} points: 24 tile sparklines + ${d0.panels} Recharts panels (all six rails, 1 h, downsampled to the chart width); ` +
      `re-rendered per update: ${d0.tilesPerUpdate?.toFixed(1)} tiles, ${d0.panelsPerUpdate?.toFixed(1)} chart panels (every one had new data).`,
  );
  console.log(`(b) ${s0.points.toLocaleString('en-US')} points on ${s0.panels} LineCanvas panels. means: dashboard ${formatMs(mean(frames(dash)))} vs ${formatMs(mean(frames(dashBase)))}, stress ${formatMs(mean(frames(stress)))} vs ${formatMs(mean(frames(stressBase)))}.`);
  console.log(
    'frame = store update + React render/commit + layout effects (canvas draws) + the style/layout/paint of the frame that shows it; raster runs off the main thread and is in neither side.\n' +
      'JS commit only: a canvas only records its draw calls there (they run at paint), so that ratio says where the time goes, not which side is faster.',
  );

  // (c) heap growth over many updates, after forced GC.
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(() => window.__bench!.prepareDashboard());
  await page.evaluate(() => window.__bench!.churn(300)); // warm caches and JIT before the first reading
  const before = await heapUsed(cdp);
  const domBefore = await domCounters(cdp);
  let churnMs = 0;
  for (let done = 0; done < HEAP_UPDATES; done += HEAP_CHUNK) {
    const n = Math.min(HEAP_CHUNK, HEAP_UPDATES - done);
    churnMs += (await page.evaluate((k) => window.__bench!.churn(k), n)).ms;
    process.stdout.write(`\r(c) ${done + n} / ${HEAP_UPDATES} dashboard updates…`);
  }
  process.stdout.write('\n');
  const after = await heapUsed(cdp);
  const domAfter = await domCounters(cdp);
  const growthMb = (after - before) / 1024 / 1024;
  console.log(
    renderTable([
      ['heap after GC', 'before', `after ${HEAP_UPDATES.toLocaleString('en-US')} updates`, 'growth', 'target'],
      ['(c) JS heap used', `${(before / 1048576).toFixed(1)} MB`, `${(after / 1048576).toFixed(1)} MB`, `${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(2)} MB`, `≤ ${TARGET.heapMb} MB${growthMb <= TARGET.heapMb ? '' : '  MISSED'}`],
      ['    DOM nodes', String(domBefore.nodes), String(domAfter.nodes), `${domAfter.nodes - domBefore.nodes >= 0 ? '+' : ''}${domAfter.nodes - domBefore.nodes}`, ''],
      ['    JS event listeners', String(domBefore.listeners), String(domAfter.listeners), `${domAfter.listeners - domBefore.listeners >= 0 ? '+' : ''}${domAfter.listeners - domBefore.listeners}`, ''],
    ]),
  );
  console.log(`(c) ${HEAP_UPDATES.toLocaleString('en-US')} updates took ${(churnMs / 1000).toFixed(1)} s in the page (${formatMs(churnMs / HEAP_UPDATES)} each, a frame every 10).`);
} catch (e) {
  errors.push(String((e as Error).stack ?? e));
} finally {
  await browser?.close();
  server?.close();
  rmSync(outDir, { recursive: true, force: true });
}
if (errors.length) {
  console.error(`\nrender bench failed:\n${errors.join('\n')}`);
  process.exit(1);
}
