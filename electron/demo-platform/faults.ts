// Fault injection for /sim/faults: chosen routes answer 500, hang, answer late, answer
// malformed JSON or drop the connection, before or after the write is applied. The "after" modes
// are the ones that teach a client it cannot know whether its write landed.
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import type { Fault } from './schemas.ts';
import type { Service } from './state.ts';

export interface ActiveFault extends Fault {
  /** Requests it will still affect; null for unlimited. */
  remaining: number | null;
  hits: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export class FaultBook {
  private faults: { fault: ActiveFault; pattern: RegExp }[] = [];

  replace(faults: readonly Fault[]): void {
    this.faults = faults.map((f) => ({ fault: { ...f, remaining: f.times ?? null, hits: 0 }, pattern: globToRegExp(f.path) }));
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f.fault }));
  }

  /** The first fault still armed for this request, with one of its uses consumed. */
  take(service: Service, method: string, path: string): ActiveFault | undefined {
    for (const { fault, pattern } of this.faults) {
      if (fault.service !== service || (fault.method && fault.method !== method)) continue;
      if (fault.remaining === 0 || !pattern.test(path)) continue;
      if (fault.remaining !== null) fault.remaining -= 1;
      fault.hits += 1;
      return fault;
    }
    return undefined;
  }
}

export type HoldEnd = 'elapsed' | 'released';

/** Requests held open by hang and slow faults; stop() releases them all so nothing outlives it. */
export class Holds {
  private readonly pending = new Set<() => void>();
  private stopped = false;

  /**
   * Resolves 'elapsed' after ms (never, when ms is undefined), or 'released' when the platform
   * stops or, if a signal is given, when the client goes away.
   */
  wait(ms: number | undefined, signal?: AbortSignal): Promise<HoldEnd> {
    if (this.stopped || signal?.aborted) return Promise.resolve('released');
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (end: HoldEnd) => {
        this.pending.delete(release);
        clearTimeout(timer);
        signal?.removeEventListener('abort', release);
        resolve(end);
      };
      const release = () => finish('released');
      this.pending.add(release);
      signal?.addEventListener('abort', release, { once: true });
      if (ms !== undefined) timer = setTimeout(() => finish('elapsed'), ms);
    });
  }

  releaseAll(): void {
    this.stopped = true;
    for (const release of [...this.pending]) release();
  }
}

const injected = () => Response.json({ error: 'injected fault' }, { status: 500 });

/** Cuts a JSON answer in half: still status 200, never parseable (every answer is an object or array). */
async function truncated(res: Response): Promise<Response> {
  const text = await res.text();
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), { status: 200, headers });
}

/**
 * The "answer" after apply_then_drop cut the connection: @hono/node-server writes nothing for a
 * response marked already sent, so no write lands on the destroyed socket and nothing is logged.
 * A fresh copy each time, so nothing downstream can change the shared marker.
 */
const dropped = () => new Response(null, { headers: RESPONSE_ALREADY_SENT.headers });

/** True for the answer of a dropped connection (nothing was sent, so there is no status to count). */
export function wasDropped(res: Response): boolean {
  for (const [name] of RESPONSE_ALREADY_SENT.headers) if (res.headers.has(name)) return true;
  return false;
}

/** Never faults /health or /sim: the control surface and liveness must stay reachable. */
export function faultInjection(service: Service, faults: FaultBook, holds: Holds): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (path === '/health' || path === '/sim' || path.startsWith('/sim/')) return next();
    const fault = faults.take(service, c.req.method, path);
    if (!fault) return next();
    const signal = c.req.raw.signal;
    switch (fault.mode) {
      case 'error500':
        return injected();
      case 'hang':
        await holds.wait(undefined, signal);
        return injected(); // nobody is listening any more: the client left or the platform stopped
      case 'slow':
        // The client giving up does not cancel the work (a real slow server finishes anyway);
        // only stop() does, so nothing is applied after the platform is gone.
        if ((await holds.wait(fault.delay_ms ?? 0)) === 'released') return injected();
        return next();
      case 'malformed': {
        await next();
        const applied = c.res;
        c.res = undefined; // drop the old headers (content-length) instead of merging them
        c.res = await truncated(applied);
        return;
      }
      case 'apply_then_hang':
        await next();
        await holds.wait(undefined, signal);
        return;
      case 'apply_then_500':
        await next();
        c.res = undefined;
        c.res = injected();
        return;
      case 'apply_then_drop': {
        // The write is applied (and, for an idempotent create, its answer remembered); then the
        // TCP connection is destroyed so the client gets no answer at all, only a closed socket.
        await next();
        const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
        c.res = undefined;
        if (!socket) {
          c.res = injected(); // no node connection to cut (an in-process app.request): answer 500
          return;
        }
        socket.destroy();
        c.res = dropped();
        return;
      }
    }
  };
}
