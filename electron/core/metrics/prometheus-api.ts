// The Prometheus HTTP API as Prometheus, Thanos, Mimir and VictoriaMetrics all serve it:
// GET /api/v1/query and /api/v1/query_range. Every answer is validated before a number is
// used; a partial answer (warnings, the Thanos/Mimir partial-response signal) counts as bad.
import { z } from 'zod';
import { parseFloatToken } from './exposition.ts';
import { describeFailure, getText } from './http.ts';

const NumberString = z.string().refine((s) => parseFloatToken(s) !== null, { message: 'is not a number, NaN or ±Inf' });
const SamplePair = z.tuple([z.number().finite(), NumberString]);
const Metric = z.record(z.string(), z.string());

const Data = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: Metric, value: SamplePair })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: Metric, values: z.array(SamplePair) })) }),
  z.object({ resultType: z.literal('scalar'), result: SamplePair }),
  z.object({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]) }),
]);

export const QueryAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: Data, warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

export interface InstantSample {
  labels: Record<string, string>;
  /** Seconds. */
  t: number;
  value: number;
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** [seconds, value], ascending. */
  values: [number, number][];
}

export type PromResult<T> =
  | { ok: true; value: T }
  /** Nothing answered: Prometheus is down or unreachable from here. */
  | { ok: false; down: true; error: string }
  /** Something answered, and not with usable data (HTTP error, timeout, malformed, partial). */
  | { ok: false; down: false; error: string };

export interface PrometheusClientOptions {
  baseUrl: string;
  timeoutMs: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

/** Upstream requests this client made (what the "one poll per interval" tests and bench count). */
export interface RequestCounter {
  requests: number;
}

export class PrometheusClient {
  readonly counter: RequestCounter = { requests: 0 };
  private readonly base: string;

  constructor(private readonly opts: PrometheusClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  async instant(query: string, timeSeconds: number, signal: AbortSignal): Promise<PromResult<InstantSample[]>> {
    const r = await this.call('query', { query, time: timeSeconds.toFixed(3) }, signal);
    if (!r.ok) return r;
    const d = r.value;
    if (d.resultType === 'vector') return { ok: true, value: d.result.map((s) => ({ labels: s.metric, t: s.value[0], value: parseFloatToken(s.value[1])! })) };
    if (d.resultType === 'scalar') return { ok: true, value: [{ labels: {}, t: d.result[0], value: parseFloatToken(d.result[1])! }] };
    return { ok: false, down: false, error: `expected a vector, Prometheus answered a ${d.resultType}` };
  }

  async range(query: string, start: number, end: number, step: number, signal: AbortSignal): Promise<PromResult<RangeSeries[]>> {
    const r = await this.call('query_range', { query, start: String(start), end: String(end), step: String(step) }, signal);
    if (!r.ok) return r;
    const d = r.value;
    if (d.resultType !== 'matrix') return { ok: false, down: false, error: `expected a matrix, Prometheus answered a ${d.resultType}` };
    const out: RangeSeries[] = [];
    for (const s of d.result) {
      const values: [number, number][] = new Array(s.values.length);
      for (let i = 0; i < s.values.length; i++) {
        const [t, v] = s.values[i]!;
        if (i > 0 && t <= values[i - 1]![0]) return { ok: false, down: false, error: 'malformed answer: sample times are not ascending' };
        if (t < start - 1e-6 || t > end + 1e-6) return { ok: false, down: false, error: `malformed answer: a sample at ${t} lies outside the range asked for` };
        values[i] = [t, parseFloatToken(v)!];
      }
      out.push({ labels: s.metric, values });
    }
    return { ok: true, value: out };
  }

  private async call(endpoint: 'query' | 'query_range', params: Record<string, string>, signal: AbortSignal): Promise<PromResult<z.infer<typeof Data>>> {
    this.counter.requests++;
    const url = `${this.base}/api/v1/${endpoint}?${new URLSearchParams(params).toString()}`;
    const r = await getText(url, { timeoutMs: this.opts.timeoutMs, maxBytes: this.opts.maxBytes ?? 64 * 1024 * 1024, signal, accept: 'application/json', fetchImpl: this.opts.fetchImpl });
    if (r.kind === 'unreachable' || r.kind === 'cancelled') return { ok: false, down: true, error: `Prometheus at ${this.base}: ${describeFailure(r)}` };
    if (r.kind !== 'answer') return { ok: false, down: false, error: describeFailure(r) };
    let body: unknown;
    try {
      body = JSON.parse(r.text);
    } catch {
      return { ok: false, down: false, error: `HTTP ${r.status}: the answer is not JSON (truncated or not Prometheus)` };
    }
    const parsed = QueryAnswer.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'answer';
      return { ok: false, down: false, error: `HTTP ${r.status}: malformed answer: ${where}: ${issue?.message ?? 'invalid'}` };
    }
    const a = parsed.data;
    if (a.status === 'error') return { ok: false, down: false, error: `HTTP ${r.status}: ${a.errorType ?? 'error'}: ${a.error ?? 'no reason given'}` };
    if (r.status < 200 || r.status > 299) return { ok: false, down: false, error: `HTTP ${r.status}` };
    if (a.warnings?.length) return { ok: false, down: false, error: `partial answer: ${a.warnings.join('; ')}` };
    return { ok: true, value: a.data };
  }
}

/** The rate window in PromQL duration syntax. */
export const promDuration = (seconds: number) => `${Math.round(seconds)}s`;

/** A query id's PromQL with `{w}` filled in. */
export function fillQuery(template: string, rateWindowSeconds: number): string {
  return template.split('{w}').join(promDuration(rateWindowSeconds));
}

const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Narrows the platform's payment metrics in a query to one rail and/or brand by adding label
 * matchers to their selectors (`payment_rail_requests_total{outcome="approved"}` →
 * `…{rail="upi",outcome="approved"}`), so Prometheus reads one rail's series, not all of
 * them. Only an optimisation: answers are filtered again after, so an override that names
 * other metrics (recording rules) stays correct, just less cheap.
 */
export function narrowQuery(query: string, match: { rail?: string | null; brand?: string | null }): string {
  const pairs = Object.entries(match).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (pairs.length === 0) return query;
  const matchers = pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
  return query.replace(/\b(payment_rail_request_duration_seconds_bucket|payment_rail_requests_total)\b(\s*\{([^}]*)\})?/g, (_m, name: string, _b, inner: string | undefined) => {
    const rest = inner?.trim();
    return `${name}{${matchers}${rest ? `,${rest}` : ''}}`;
  });
}
