import { eventNames, methodNames, type ConsoleApi, type EventName, type EventPayload } from '../../shared/api.ts';
import { err, type Result } from '../../shared/result.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser. */
    switchyard?: ConsoleApi;
  }
}

/** The ConsoleApi over HTTP + server-sent events, for `npm run serve` and wall browsers. */
export function createHttpApi(base = ''): ConsoleApi & { connection: ConnectionState } {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const connection: ConnectionState = { connected: false, listeners: new Set() };
  let source: EventSource | null = null;

  const ensureStream = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events`);
    source.addEventListener('ready', () => setConnected(connection, true));
    source.onerror = () => setConnected(connection, false); // EventSource reconnects by itself
    for (const name of eventNames) {
      source.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };

  const api = Object.fromEntries(
    methodNames.map((name) => [
      name,
      async (args?: unknown): Promise<Result<unknown>> => {
        let res: Response;
        try {
          res = await fetch(`${base}/api/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(args ?? {}),
            credentials: 'same-origin',
          });
        } catch {
          return err('offline', 'The Switchyard console server cannot be reached. Is `npm run serve` still running?');
        }
        try {
          return (await res.json()) as Result<unknown>;
        } catch {
          return err('internal', `The console server answered ${res.status} without a result`);
        }
      },
    ]),
  ) as unknown as ConsoleApi;

  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    ensureStream();
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (p: unknown) => void);
  };
  return Object.assign(api, { connection });
}

export interface ConnectionState {
  connected: boolean;
  listeners: Set<(connected: boolean) => void>;
}
function setConnected(c: ConnectionState, v: boolean) {
  if (c.connected === v) return;
  c.connected = v;
  for (const l of c.listeners) l(v);
}

/** Electron's preload object when there is one, HTTP otherwise. Nothing else picks. */
export const api: ConsoleApi = typeof window !== 'undefined' && window.switchyard ? window.switchyard : createHttpApi();
