// Hours of the demo platform's metrics for a Prometheus to answer range queries from, made in
// seconds: the demo's own exposition rendered on an accelerated clock, written as OpenMetrics
// with timestamps, and turned into TSDB blocks by `promtool tsdb create-blocks-from openmetrics`.
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseExposition } from '../../electron/core/metrics/exposition.ts';
import { DemoExporter } from './metrics-fixtures.ts';
import { PROMETHEUS_BIN } from './prometheus.ts';

const run = promisify(execFile);

export function promtoolPath(): string | null {
  if (!PROMETHEUS_BIN) return null;
  const p = join(dirname(PROMETHEUS_BIN), 'promtool');
  return existsSync(p) ? p : null;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Writes `hours` of demo metrics ending `endMs`, one sample per `stepSeconds`, into a new TSDB at
 * `dataDir` (Prometheus then serves them as history). Returns the number of samples written.
 */
export async function backfillDemo(dataDir: string, opts: { endMs: number; hours: number; stepSeconds: number; seed?: number }): Promise<number> {
  const promtool = promtoolPath();
  if (!promtool) throw new Error('promtool is not installed next to prometheus');
  const start = opts.endMs - opts.hours * 3_600_000;
  const demo = new DemoExporter(opts.seed ?? 5, start);
  // series key → [labels text, name, values]; samples per series in time order, as promtool wants.
  const series = new Map<string, { name: string; labels: string; points: string[] }>();
  for (let t = start; t <= opts.endMs; t += opts.stepSeconds * 1000) {
    demo.now = t;
    const e = parseExposition(await demo.render());
    for (const f of e.families.values()) {
      for (const s of f.samples) {
        let entry = series.get(s.key);
        if (!entry) {
          const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');
          entry = { name: s.name, labels, points: [] };
          series.set(s.key, entry);
        }
        entry.points.push(`${s.value} ${(t / 1000).toFixed(3)}`);
      }
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const input = join(dataDir, '..', 'backfill.om');
  const out = createWriteStream(input);
  let n = 0;
  const byName = new Map<string, { name: string; labels: string; points: string[] }[]>();
  for (const s of series.values()) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const [, list] of byName) {
    for (const s of list) {
      const head = `${s.name}{${s.labels}} `;
      for (const p of s.points) {
        if (!out.write(`${head}${p}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
        n++;
      }
    }
  }
  out.write('# EOF\n');
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], { maxBuffer: 64 * 1024 * 1024 });
  return n;
}
