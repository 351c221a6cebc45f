// A real Prometheus (Debian's package) for the adapter's tests and benches: started as a plain
// process on a free loopback port with a temp config and a temp TSDB, ready when /-/ready says
// so, killed (and its folder removed) by stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPrometheus, prometheusSkipped, SKIP_PROMETHEUS_ENV } from '../../scripts/test-binaries.ts';

const found = findPrometheus(process.env);

/** The Prometheus the tests run: PROMETHEUS_BIN, else `prometheus` on PATH (as `npm test` checked). */
export const PROMETHEUS_BIN: string | null = found.path;

/**
 * Whether to leave the Prometheus tests out: only when the run says so (SWITCHYARD_SKIP_PROMETHEUS=1),
 * and then out loud. A missing Prometheus is not a reason: the tests run and fail, naming the fix.
 */
export function skipWithoutPrometheus(): boolean {
  if (!prometheusSkipped(process.env)) return false;
  console.warn(`SKIPPED: the Prometheus integration tests (${SKIP_PROMETHEUS_ENV} is set).`);
  return true;
}

const NOT_FOUND = found.path === null ? found.problem : '';

export interface RunningPrometheus {
  url: string;
  port: number;
  dataDir: string;
  /** Everything Prometheus wrote to stderr (its log), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** host:port of each target scraped at /metrics. */
  targets: string[];
  scrapeIntervalSeconds?: number;
  /** An existing TSDB folder (e.g. backfilled blocks); default a fresh temp folder. */
  dataDir?: string;
  readyTimeoutMs?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(opts: PrometheusOptions): Promise<RunningPrometheus> {
  if (!PROMETHEUS_BIN)
    throw new Error(`Prometheus is not installed (${NOT_FOUND}): sudo apt-get install prometheus, or set PROMETHEUS_BIN; or set ${SKIP_PROMETHEUS_ENV}=1 to skip these tests.`);
  const interval = opts.scrapeIntervalSeconds ?? 1;
  const work = mkdtempSync(join(tmpdir(), 'switchyard-prometheus-'));
  const dataDir = opts.dataDir ?? join(work, 'data');
  const config = join(work, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${interval}s`,
      `  scrape_timeout: ${Math.max(500, Math.round(interval * 800))}ms`,
      `  evaluation_interval: ${interval}s`,
      'scrape_configs:',
      '  - job_name: switchyard-test',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: [${opts.targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  let lastError: unknown;
  // A free port can be taken between our probe and Prometheus binding it: try a few.
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const child = spawn(
      PROMETHEUS_BIN,
      [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', '--storage.tsdb.retention.time=30d'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      stderr = (stderr + d).slice(-20_000);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, exited, opts.readyTimeoutMs ?? 20_000);
    } catch (e) {
      lastError = new Error(`${(e as Error).message}\n${stderr}`);
      await kill(child, exited);
      continue;
    }
    let stopped: Promise<void> | undefined;
    return {
      url,
      port,
      dataDir,
      log: () => stderr,
      stop() {
        stopped ??= (async () => {
          await kill(child, exited);
          rmSync(work, { recursive: true, force: true });
          if (opts.dataDir) rmSync(opts.dataDir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  rmSync(work, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error('Prometheus did not start');
}

async function waitReady(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone: number | null | undefined;
  void exited.then((c) => (gone = c));
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`Prometheus exited with code ${gone} before it was ready`);
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Prometheus at ${url} was not ready within ${timeoutMs} ms`);
}

async function kill(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Prometheus's own count of API requests it served (prometheus_http_requests_total by handler). */
export async function apiRequests(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    const m = /^prometheus_http_requests_total\{[^}]*handler="\/api\/v1\/(?:query|query_range)"[^}]*\} (\S+)/.exec(line);
    if (m) n += Number(m[1]);
  }
  return n;
}

/** Waits until Prometheus has scraped the targets at least `samples` times. */
export async function waitForSamples(url: string, samples: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent('count_over_time(up[5m])')}`)).json()) as {
      data?: { result?: { value: [number, string] }[] };
    };
    const n = Number(r.data?.result?.[0]?.value[1] ?? 0);
    if (n >= samples) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`Prometheus did not scrape ${samples} times within ${timeoutMs} ms`);
}
