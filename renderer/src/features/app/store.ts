import { create } from 'zustand';
import type { AppInfo } from '../../../../shared/environment.ts';
import type { LeverStateSnapshot } from '../../../../shared/levers.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';

export type Route =
  | { page: 'dashboard'; view: 'overview' | 'stress' }
  | { page: 'wall' }
  | { page: 'runbooks'; runbookId: string | null }
  | { page: 'settings' }
  | { page: 'levers' }
  | { page: 'audit' };

/**
 * Routes live in the URL's hash (`#/levers`, `#/runbooks/<id>`): the same links work in the
 * Electron window (loaded from file://) and in a browser on `serve`, with history, and a link
 * opened in a new tab lands on the same page. An empty or unknown hash opens the dashboard.
 */
export function parseHash(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p; // a hand-typed "%" must not take the console down
      }
    });
  if (parts[0] === 'settings' || parts[0] === 'levers' || parts[0] === 'audit' || parts[0] === 'wall') return { page: parts[0] };
  if (parts[0] === 'runbooks') return { page: 'runbooks', runbookId: parts[1] ? parts[1] : null };
  return { page: 'dashboard', view: parts[0] === 'dashboard' && parts[1] === 'stress' ? 'stress' : 'overview' };
}

export function routeHash(r: Route): string {
  if (r.page === 'dashboard') return r.view === 'stress' ? '#/dashboard/stress' : '#/dashboard';
  if (r.page !== 'runbooks') return `#/${r.page}`;
  return r.runbookId ? `#/runbooks/${encodeURIComponent(r.runbookId)}` : '#/runbooks';
}

/** The last read of `levers.state`, for the top bar: what was read, or why it could not be. */
export type LeverStateRead =
  | { status: 'unread' }
  | { status: 'read'; snapshot: LeverStateSnapshot }
  | { status: 'failed'; error: ApiError };

interface AppState {
  info: AppInfo | null;
  error: ApiError | null;
  route: Route;
  leverState: LeverStateRead;
  load(): Promise<void>;
  navigate(r: Route): void;
  readLeverState(): Promise<void>;
}

let leverReadSeq = 0;

export const useApp = create<AppState>((set) => ({
  info: null,
  error: null,
  route: parseHash(typeof location !== 'undefined' ? location.hash : ''),
  leverState: { status: 'unread' },
  async load() {
    const r = await api['app.info']();
    set(r.ok ? { info: r.value, error: null } : { error: r.error });
  },
  navigate(route) {
    const hash = routeHash(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
    set({ route });
  },
  async readLeverState() {
    const seq = ++leverReadSeq;
    let next: LeverStateRead;
    try {
      const r = await api['levers.state']({ fresh: false });
      next = r.ok ? { status: 'read', snapshot: r.value } : { status: 'failed', error: r.error };
    } catch (e) {
      // A transport that throws is a bug elsewhere; the top bar still must not claim a state.
      next = { status: 'failed', error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
    }
    if (seq === leverReadSeq) set({ leverState: next }); // an older answer never overwrites a newer one
  },
}));

/** Back, forward, a typed or followed `#/…` link: the route follows the address bar. */
function followLocation() {
  const route = parseHash(location.hash);
  if (routeHash(route) !== routeHash(useApp.getState().route)) useApp.setState({ route });
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', followLocation);
  window.addEventListener('hashchange', followLocation);
}
