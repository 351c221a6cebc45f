/**
 * Metrics benchmark (`npm run bench -- metrics`), against a real Prometheus started here:
 *
 * (a) Pipeline time of a detail query: MetricsHub.detail() (three query_range calls, zod
 *     validation of every answer, gap-filled grids, LTTB to one point per two pixels, panel
 *     versions) beside a raw fetch + JSON.parse of the same three query_range URLs, in the same
 *     run, interleaved. Prometheus holds 6 h of demo history (backfilled with promtool).
 *     Target: ≤ 1.5× the raw baseline.
 * (b) Upstream requests for 20 wall clients reading the dashboard vs 1, over the same number of
 *     refresh intervals, counted by the upstream itself (Prometheus's own
 *     prometheus_http_requests_total; the demo's GET /metrics counter). Target: 1×.
 *
 * Timings are printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS, chooseStep, RANGE_SECONDS, type RangeKey } from '../../shared/metrics.ts';
import { downsampleWithGaps, pointsForWidth } from '../../electron/core/metrics/downsample.ts';
import { MetricsHub } from '../../electron/core/metrics/hub.ts';
import { fillQuery } from '../../electron/core/metrics/prometheus-api.ts';
import { PrometheusSource } from '../../electron/core/metrics/prometheus-source.ts';
import { ScrapeSource } from '../../electron/core/metrics/scrape-source.ts';
import type { MetricsSource } from '../../electron/core/metrics/reading.ts';
import { DEFAULT_QUERIES } from '../../shared/metrics.ts';
import { startDemoPlatform } from '../../electron/demo-platform/index.ts';
import { backfillDemo, promtoolPath } from '../helpers/metrics-backfill.ts';
import { ManualTimers } from '../helpers/metrics-fixtures.ts';
import { apiRequests, PROMETHEUS_BIN, startPrometheus, waitForSamples } from '../helpers/prometheus.ts';
import { formatMs, formatRatio, LatencySamples, renderTable } from './latency.ts';

const ROUNDS = Number(process.env.BENCH_METRICS_ROUNDS ?? 40);
const POLLS = Number(process.env.BENCH_METRICS_POLLS ?? 10);
const WALLS = 20;
const RATE_WINDOW = 120; // the backfill has a sample every 30 s: a rate needs a few in its window
const REFRESH = 5;

if (!PROMETHEUS_BIN || !promtoolPath()) {
  console.log('metrics bench: SKIPPED — needs /usr/bin/prometheus and promtool (apt-get install prometheus)');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'switchyard-bench-metrics-'));
const dataDir = join(work, 'tsdb');
const demo = await startDemoPlatform({ seed: 7 });
const t0 = performance.now();
const samples = await backfillDemo(dataDir, { endMs: Date.now() - 90_000, hours: 6, stepSeconds: 30 });
console.log(`metrics: backfilled 6 h of demo history (${samples.toLocaleString('en-US')} samples) in ${formatMs(performance.now() - t0)}`);
const prom = await startPrometheus({ targets: [new URL(demo.gatewayUrl).host], dataDir, scrapeIntervalSeconds: 1 });

try {
  // ---- (a) detail pipeline vs raw fetch + JSON.parse ----
  const source = new PrometheusSource({ url: prom.url, refreshSeconds: REFRESH, rateWindowSeconds: RATE_WINDOW });
  const hub = new MetricsHub({ source, thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: REFRESH, autoPoll: false });
  const views: { range: RangeKey; widthPx: number; what: string }[] = [
    { range: '6h', widthPx: 1440, what: 'all rails, 6 h, 1440 px' },
    { range: '1h', widthPx: 900, what: 'all rails, 1 h, 900 px' },
  ];
  const rowsA: string[][] = [['detail query', 'pipeline p50', 'p95', 'raw fetch+parse p50', 'p95', 'ratio p50', 'added p50', 'points per series (raw → sent)']];
  const ratios: number[] = [];
  for (const view of views) {
    const step = chooseStep(RANGE_SECONDS[view.range], view.widthPx, REFRESH);
    // The same three URLs the pipeline asks, fetched and parsed and nothing else.
    const rawUrls = ['p99_by_rail', 'p95_by_rail', 'approval_by_rail'].map((id) => {
      const end = Math.floor(Date.now() / 1000 / step) * step;
      const params = new URLSearchParams({ query: fillQuery(DEFAULT_QUERIES[id]!, RATE_WINDOW), start: String(end - RANGE_SECONDS[view.range]), end: String(end), step: String(step) });
      return `${prom.url}/api/v1/query_range?${params.toString()}`;
    });
    const raw = async () => Promise.all(rawUrls.map(async (u) => JSON.parse(await (await fetch(u)).text()) as unknown));
    // Widths that give the same step, cycled: every call misses the hub's per-poll answer cache.
    const widths = Array.from({ length: 40 }, (_, i) => view.widthPx + i).filter((w) => chooseStep(RANGE_SECONDS[view.range], w, REFRESH) === step);
    let k = 0;
    const pipeline = () => hub.detail({ rail: null, brand: null, range: view.range, widthPx: widths[k++ % widths.length]! });
    const check = await pipeline();
    if (check.panels.some((p) => p.freshness.status === 'error')) throw new Error(`detail in error: ${check.panels.map((p) => p.freshness.error).join('; ')}`);
    for (let i = 0; i < 5; i++) {
      await pipeline();
      await raw();
    }
    const a = new LatencySamples('pipeline');
    const b = new LatencySamples('raw');
    for (let i = 0; i < ROUNDS; i++) {
      let t = process.hrtime.bigint();
      await pipeline();
      a.add(process.hrtime.bigint() - t);
      t = process.hrtime.bigint();
      await raw();
      b.add(process.hrtime.bigint() - t);
    }
    const panel = check.panels[0]!;
    const ratio = a.p50 / b.p50;
    ratios.push(ratio);
    rowsA.push([view.what, formatMs(a.p50), formatMs(a.p95), formatMs(b.p50), formatMs(b.p95), formatRatio(ratio), formatMs(a.p50 - b.p50), `${panel.rawPoints} → ${panel.series[0]!.points.length} (step ${panel.stepSeconds} s)`]);
  }
  hub.close();
  console.log(`\n(a) detail pipeline vs raw fetch + JSON.parse of the same query_range (3 queries × 6 series), ${ROUNDS} rounds, interleaved`);
  console.log(renderTable(rowsA));
  console.log(`target: pipeline ≤ 1.5× raw (p50): ${ratios.every((r) => r <= 1.5) ? 'met' : 'NOT met'}`);

  // Prometheus already answers at one point per two pixels, so LTTB has little to do above; the
  // direct-scrape source's 24 h ring is where it works: 17,280 points per series down to 800.
  const ring = Array.from({ length: 17_280 }, (_, i): [number, number | null] => [i * 5000, i % 997 < 3 ? null : 120 + 40 * Math.sin(i / 50) + ((i * 7919) % 13)]);
  const lttb = new LatencySamples('lttb');
  for (let i = 0; i < 30; i++) {
    const t = process.hrtime.bigint();
    for (let s = 0; s < 18; s++) downsampleWithGaps(ring, pointsForWidth(1600));
    lttb.add(process.hrtime.bigint() - t);
  }
  console.log(`in-core LTTB (gaps kept) of a full 24 h ring at 5 s, 18 series × 17,280 → ${pointsForWidth(1600)} points: p50 ${formatMs(lttb.p50)}, p95 ${formatMs(lttb.p95)}`);

  // ---- (b) upstream requests: 20 walls vs 1 ----
  await waitForSamples(prom.url, 3);
  // The direct-scrape count needs a platform nobody else scrapes (Prometheus scrapes `demo`).
  const quiet = await startDemoPlatform({ seed: 8 });
  const demoScrapes = async () => ((await (await fetch(`${quiet.adminUrl}/sim/state`)).json()) as { requests: { gateway: Record<string, number> } }).requests.gateway['GET /metrics'] ?? 0;

  async function upstream(make: () => MetricsSource, count: () => Promise<number>, walls: number): Promise<{ requests: number; polls: number }> {
    // Real clock for the queries; the hand-moved timers only decide when the next poll is due,
    // so both runs make exactly POLLS polls however long each takes.
    const timers = new ManualTimers(Date.now());
    const h = new MetricsHub({ source: make(), thresholds: () => DEFAULT_THRESHOLDS, refreshSeconds: 1, clock: Date.now, timers, autoPoll: true });
    const settle = async () => {
      const deadline = Date.now() + 10_000;
      while (timers.pending === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    };
    const before = await count();
    for (let i = 0; i < POLLS; i++) {
      // Every wall reads the dashboard (as on each metrics.tick), all at once.
      await Promise.all(Array.from({ length: walls }, () => h.dashboard()));
      if (i < POLLS - 1) await timers.advance(1000, settle);
    }
    const polls = h.upstreamPolls;
    h.close();
    return { requests: (await count()) - before, polls };
  }

  const rowsB: string[][] = [['source', 'upstream counted by', `1 wall`, `${WALLS} walls`, 'ratio', 'polls each']];
  const sources: [string, string, () => MetricsSource, () => Promise<number>][] = [
    ['prometheus', 'prometheus_http_requests_total', () => new PrometheusSource({ url: prom.url, refreshSeconds: 1, rateWindowSeconds: 4 }), () => apiRequests(prom.url)],
    ['direct scrape', "demo's GET /metrics count", () => new ScrapeSource({ url: `${quiet.gatewayUrl}/metrics`, refreshSeconds: 1, rateWindowSeconds: 4 }), demoScrapes],
  ];
  const ratiosB: number[] = [];
  for (const [name, by, make, count] of sources) {
    const one = await upstream(make, count, 1);
    const many = await upstream(make, count, WALLS);
    const ratio = many.requests / one.requests;
    ratiosB.push(ratio);
    rowsB.push([name, by, String(one.requests), String(many.requests), formatRatio(ratio), `${one.polls} / ${many.polls}`]);
  }
  await quiet.stop();
  console.log(`\n(b) upstream requests over ${POLLS} refresh intervals, ${WALLS} wall clients vs 1`);
  console.log(renderTable(rowsB));
  console.log(`target: 1× (one upstream poll per interval, whatever the number of walls): ${ratiosB.every((r) => r === 1) ? 'met' : 'NOT met'}`);
} finally {
  await prom.stop();
  await demo.stop();
  rmSync(work, { recursive: true, force: true });
}
