// The gateway's /metrics exposition. Counters and the gauge live in a dedicated prom-client
// Registry that copies the simulation's totals at scrape time. prom-client's Histogram can only
// observe one value at a time, and the simulation adds thousands per advance, so the latency
// histogram is written here in the same text format from its own cumulative bucket counters.
import { Counter, Gauge, Registry } from 'prom-client';
import { LATENCY_BUCKETS, PROVIDERS } from './catalog.ts';
import type { DemoPlatformState } from './state.ts';
import { OUTCOMES, type TrafficSimulation } from './traffic.ts';

const HISTOGRAM = 'payment_rail_request_duration_seconds';

export interface MetricsExposition {
  contentType: string;
  render(): Promise<string>;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

function histogramText(traffic: TrafficSimulation): string {
  const lines = [
    `# HELP ${HISTOGRAM} Payment rail request duration in seconds, by rail and brand.`,
    `# TYPE ${HISTOGRAM} histogram`,
  ];
  for (const s of traffic.series) {
    const base = { rail: s.rail, brand: s.brand };
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((bound, i) => {
      cumulative += s.buckets[i] ?? 0;
      lines.push(`${HISTOGRAM}_bucket${labels({ ...base, le: String(bound) })} ${cumulative}`);
    });
    // +Inf is the total count by definition; the overflow bucket is what lies above 5 s.
    lines.push(`${HISTOGRAM}_bucket${labels({ ...base, le: '+Inf' })} ${s.count}`);
    lines.push(`${HISTOGRAM}_sum${labels(base)} ${Number(s.sum.toFixed(6))}`);
    lines.push(`${HISTOGRAM}_count${labels(base)} ${s.count}`);
  }
  return lines.join('\n');
}

export function createMetrics(state: DemoPlatformState, traffic: TrafficSimulation): MetricsExposition {
  const registry = new Registry();

  new Counter({
    name: 'payment_rail_requests_total',
    help: 'Payment rail requests by rail, brand and outcome.',
    labelNames: ['rail', 'brand', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of traffic.series) {
        for (const outcome of OUTCOMES) this.inc({ rail: s.rail, brand: s.brand, outcome }, s.outcomes[outcome]);
      }
    },
  });

  new Counter({
    name: 'gateway_http_requests_total',
    help: 'Gateway HTTP answers by status code (payment traffic and API calls).',
    labelNames: ['code'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const totals = new Map(traffic.codes);
      for (const [code, n] of state.gatewayCodes) totals.set(code, (totals.get(code) ?? 0) + n);
      for (const [code, n] of [...totals].sort(([a], [b]) => a.localeCompare(b))) this.inc({ code }, n);
    },
  });

  new Gauge({
    name: 'webhook_backlog',
    help: 'Provider callbacks received and not yet processed.',
    labelNames: ['provider'] as const,
    registers: [registry],
    collect() {
      for (const provider of PROVIDERS) this.set({ provider }, traffic.backlog(provider));
    },
  });

  return {
    contentType: registry.contentType,
    async render() {
      traffic.advance();
      return `${histogramText(traffic)}\n\n${await registry.metrics()}`;
    },
  };
}
