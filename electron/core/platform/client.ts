import { originsOf, type BoundToken } from '../profiles/token-binding.ts';
import { readCapped } from './read-capped.ts';
/**
 * The console's only door to the platform's admin service and gateway. Every way a call can
 * go wrong comes back as a value the lever protocol can reason about; nothing is retried here.
 */
export type Service = 'admin' | 'gateway';

export interface PlatformRequest {
  service: Service;
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the profile's bearer token. */
  auth: boolean;
  timeoutMs: number;
  /** The largest answer read (default 1 MiB); a larger one is malformed. The incident feed reads pages of many events. */
  maxBodyBytes?: number;
}

export type PlatformAnswer =
  | { kind: 'answer'; status: number; body: unknown; etag: string | null; ms: number }
  | { kind: 'malformed'; status: number; text: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'unreachable'; message: string; ms: number };

export interface PlatformEndpoints {
  adminUrl: string | null;
  gatewayUrl: string | null;
}

const MAX_BODY = 1024 * 1024;

/**
 * The profile's token: with the origins it was given for, or a bare string, which counts as
 * given for this client's own endpoints (a core opened for one profile).
 */
export type TokenSource = () => BoundToken | string | null;

export class PlatformClient {
  constructor(
    private readonly endpoints: PlatformEndpoints,
    private readonly token: TokenSource,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /**
   * The Authorization header for a request to `url`, only if the token was given for that
   * URL's origin on that service: whatever else goes wrong, a token never leaves for an origin
   * it was not given for.
   */
  private authorization(service: Service, url: URL): string | null {
    const t = this.token();
    if (t === null) return null;
    const bound: BoundToken = typeof t === 'string' ? { token: t, ...originsOf(this.endpoints) } : t;
    const origin = service === 'admin' ? bound.adminOrigin : bound.gatewayOrigin;
    return origin !== null && url.origin === origin && bound.token !== '' ? `Bearer ${bound.token}` : null;
  }

  baseOf(service: Service): string | null {
    return service === 'admin' ? this.endpoints.adminUrl : this.endpoints.gatewayUrl;
  }

  async send(req: PlatformRequest): Promise<PlatformAnswer> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const base = this.baseOf(req.service);
    if (!base) return { kind: 'unreachable', message: `no ${req.service} URL configured for this environment`, ms: 0 };
    let url: URL;
    try {
      url = new URL(`${base}${req.path}`);
    } catch {
      return { kind: 'unreachable', message: `not a valid URL: ${base}${req.path}`, ms: 0 };
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() !== 'authorization') headers[k] = v;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const authorization = req.auth ? this.authorization(req.service, url) : null;
    if (authorization) headers.authorization = authorization;
    let res: Response;
    try {
      res = await this.fetchImpl(url.href, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(req.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      return isTimeout(e) ? { kind: 'timeout', ms: ms() } : { kind: 'unreachable', message: describeNetworkError(e), ms: ms() };
    }
    let text: string;
    try {
      text = await readCapped(res, req.maxBodyBytes ?? MAX_BODY);
    } catch (e) {
      // Headers arrived, then the body stalled or broke: the request reached the platform.
      return isTimeout(e) ? { kind: 'timeout', ms: ms() } : { kind: 'malformed', status: res.status, text: '', ms: ms() };
    }
    const etag = res.headers.get('etag');
    if (text === '') return { kind: 'answer', status: res.status, body: null, etag, ms: ms() };
    try {
      return { kind: 'answer', status: res.status, body: JSON.parse(text) as unknown, etag, ms: ms() };
    } catch {
      return { kind: 'malformed', status: res.status, text: text.slice(0, 2000), ms: ms() };
    }
  }

  /** The request as the audit log keeps it: full, except the token. */
  describe(req: PlatformRequest): { method: string; url: string; headers: Record<string, string>; body: unknown } {
    const headers: Record<string, string> = { ...req.headers };
    if (req.auth) headers.authorization = 'Bearer [REDACTED]';
    return { method: req.method, url: `${this.baseOf(req.service) ?? `<${req.service}>`}${req.path}`, headers, body: req.body ?? null };
  }
}


function isTimeout(e: unknown): boolean {
  const name = (e as { name?: string }).name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'host name not found (DNS)';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  return cause?.message ?? (e as Error).message;
}

/** Human words for an answer, for the UI and the audit detail. */
export function describeAnswer(a: PlatformAnswer): string {
  switch (a.kind) {
    case 'answer': {
      const msg = a.body && typeof a.body === 'object' && 'error' in a.body ? `: ${String((a.body as { error: unknown }).error)}` : '';
      return `HTTP ${a.status}${msg}`;
    }
    case 'malformed':
      return `HTTP ${a.status} with a malformed (non-JSON or truncated) body`;
    case 'timeout':
      return `no answer within ${a.ms} ms`;
    case 'unreachable':
      return `unreachable (${a.message})`;
  }
}
