import { readCapped } from '../platform/read-capped.ts';
// GET with a deadline and a size cap for the metrics sources. Every way it can go wrong is a
// value: the sources decide whether that means "source down" (stale) or "bad answer" (error).

export type HttpText =
  | { kind: 'answer'; status: number; text: string }
  /** No answer in time. */
  | { kind: 'timeout'; ms: number }
  /** No connection: refused, DNS, reset before any answer. */
  | { kind: 'unreachable'; message: string }
  /** The answer started, then broke off or outgrew the cap: a partial body is never used. */
  | { kind: 'broken'; status: number; message: string }
  /** The caller (the hub closing) cancelled it. */
  | { kind: 'cancelled' };

export interface GetOptions {
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  accept?: string;
  fetchImpl?: typeof fetch;
}

export async function getText(url: string, opts: GetOptions): Promise<HttpText> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const why = () => (opts.signal?.aborted ? ({ kind: 'cancelled' } as const) : ({ kind: 'timeout', ms: Math.round(performance.now() - started) } as const));
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, { headers: { accept: opts.accept ?? '*/*' }, signal, redirect: 'follow' });
  } catch (e) {
    if (isAbort(e)) return why();
    return { kind: 'unreachable', message: describeNetworkError(e) };
  }
  try {
    const text = await readCapped(res, opts.maxBytes);
    return { kind: 'answer', status: res.status, text };
  } catch (e) {
    if (isAbort(e)) return why();
    return { kind: 'broken', status: res.status, message: (e as Error).message };
  }
}


function isAbort(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

export function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'host name not found (DNS)';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  return cause?.message ?? (e as Error).message;
}

/** Words for a failed request, for a panel's error or the source line. */
export function describeFailure(r: Exclude<HttpText, { kind: 'answer' }>): string {
  switch (r.kind) {
    case 'timeout':
      return `no answer within ${r.ms} ms`;
    case 'unreachable':
      return `unreachable (${r.message})`;
    case 'broken':
      return `the answer broke off (HTTP ${r.status}: ${r.message})`;
    case 'cancelled':
      return 'cancelled';
  }
}
