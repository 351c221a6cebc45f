import type { BrandListFailure } from '../../../shared/levers.ts';
import { describeAnswer, type PlatformAnswer, type PlatformClient } from '../platform/client.ts';
import type { BrandInfo } from './words.ts';

/** How a brand list failed, as a plan's refusal code. */
export type BrandFailureCode = 'unauthorized' | 'forbidden' | 'upstream';

/** The brand list could not be read; `problem` says what failed, in words for the screen. */
export class BrandListError extends Error {
  constructor(
    readonly problem: string,
    readonly code: BrandFailureCode = 'upstream',
  ) {
    super(problem);
    this.name = 'BrandListError';
  }
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

function failureOf(a: PlatformAnswer, timeoutMs: number): string | null {
  switch (a.kind) {
    case 'timeout':
      return `brand list: timeout after ${seconds(timeoutMs)}`;
    case 'unreachable':
      return `brand list: the admin service is unreachable (${a.message})`;
    case 'malformed':
      return `brand list: HTTP ${a.status} with a malformed (non-JSON or truncated) body`;
    case 'answer':
      if (a.status === 401) return 'brand list: HTTP 401 — the token was refused';
      if (a.status === 403) return 'brand list: HTTP 403 — the token may not read brands';
      if (a.status !== 200) return `brand list: ${describeAnswer(a)}`;
      return null;
  }
}

function codeOf(a: PlatformAnswer): BrandFailureCode {
  if (a.kind === 'answer' && a.status === 401) return 'unauthorized';
  if (a.kind === 'answer' && a.status === 403) return 'forbidden';
  return 'upstream';
}

/**
 * The platform's brands, validated: a failed or malformed answer throws a BrandListError that
 * says what failed; it is never turned into an empty platform. An empty array is a platform
 * that lists no brands.
 */
export async function fetchBrands(client: PlatformClient, timeoutMs: number): Promise<BrandInfo[]> {
  const a = await client.send({ service: 'admin', method: 'GET', path: '/api/v1/brands', auth: true, timeoutMs });
  const failure = failureOf(a, timeoutMs);
  if (failure) throw new BrandListError(failure, codeOf(a));
  const body = a.kind === 'answer' ? a.body : null;
  if (!Array.isArray(body)) throw new BrandListError(`brand list: HTTP 200 but not a list of brands (${body === null ? 'empty body' : typeof body})`);
  return body.map((b: unknown, i) => {
    const entry = b && typeof b === 'object' ? (b as { brand_id?: unknown; name?: unknown; region?: unknown }) : null;
    if (!entry || typeof entry.brand_id !== 'string' || entry.brand_id === '')
      throw new BrandListError(`brand list: HTTP 200 but entry ${i + 1} of ${body.length} has no brand_id`);
    return { brandId: entry.brand_id, name: typeof entry.name === 'string' ? entry.name : entry.brand_id, region: typeof entry.region === 'string' ? entry.region : '' };
  });
}

export type BrandRead = { ok: true; brands: BrandInfo[] } | { ok: false; failure: BrandListFailure; code: BrandFailureCode };

/**
 * Reads the brand list through the composition's `brands()` (which caches successes) and
 * remembers since when it has been failing, so the screen can say "since 03:14".
 */
export class BrandListWatch {
  private failingSince: string | null = null;

  constructor(
    private readonly brands: () => Promise<BrandInfo[]>,
    private readonly clock: () => Date,
  ) {}

  async read(): Promise<BrandRead> {
    try {
      const brands = await this.brands();
      this.failingSince = null;
      return { ok: true, brands };
    } catch (e) {
      const at = this.clock().toISOString();
      this.failingSince ??= at;
      const problem = e instanceof BrandListError ? e.problem : `brand list: ${e instanceof Error ? e.message : String(e)}`;
      return { ok: false, failure: { problem, since: this.failingSince, at }, code: e instanceof BrandListError ? e.code : 'upstream' };
    }
  }
}

const watches = new WeakMap<() => Promise<BrandInfo[]>, BrandListWatch>();

/**
 * One watch per `brands` function: the composition root hands the same function to the engine
 * and to the handlers, and both must tell the same "failing since".
 */
export function brandListWatch(brands: () => Promise<BrandInfo[]>, clock: () => Date): BrandListWatch {
  let w = watches.get(brands);
  if (!w) {
    w = new BrandListWatch(brands, clock);
    watches.set(brands, w);
  }
  return w;
}

/** "brand list: HTTP 401 — the token was refused (failing since 03:14:05 UTC)" */
export function describeBrandFailure(f: BrandListFailure): string {
  return `${f.problem} (failing since ${f.since.slice(11, 19)} UTC)`;
}
