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
  | { page: 'audit' }
  | { page: 'incidents'; incidentId: string | null; tab?: 'timeline' | 'postmortem' }
  | { page: 'reports' }
  /** The on-call rotation (`#/rotation`) and its handover tab (`#/handover`). */
  | { page: 'rotation'; tab: 'schedule' | 'handover' };

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
  if (parts[0] === 'settings' || parts[0] === 'levers' || parts[0] === 'audit' || parts[0] === 'wall' || parts[0] === 'reports') return { page: parts[0] };
  if (parts[0] === 'incidents') {
    return { page: 'incidents', incidentId: parts[1] ? parts[1] : null, ...(parts[1] && parts[2] === 'postmortem' ? { tab: 'postmortem' as const } : {}) };
  }
  if (parts[0] === 'runbooks') return { page: 'runbooks', runbookId: parts[1] ? parts[1] : null };
  if (parts[0] === 'rotation') return { page: 'rotation', tab: 'schedule' };
  if (parts[0] === 'handover') return { page: 'rotation', tab: 'handover' };
  return { page: 'dashboard', view: parts[0] === 'dashboard' && parts[1] === 'stress' ? 'stress' : 'overview' };
}

export function routeHash(r: Route): string {
  if (r.page === 'dashboard') return r.view === 'stress' ? '#/dashboard/stress' : '#/dashboard';
  if (r.page === 'incidents') {
    if (!r.incidentId) return '#/incidents';
    return `#/incidents/${encodeURIComponent(r.incidentId)}${r.tab === 'postmortem' ? '/postmortem' : ''}`;
  }
  if (r.page === 'rotation') return r.tab === 'handover' ? '#/handover' : '#/rotation';
  if (r.page !== 'runbooks') return `#/${r.page}`;
  return r.runbookId ? `#/runbooks/${encodeURIComponent(r.runbookId)}` : '#/runbooks';
}

/**
 * The last read of `levers.state`, for the top bar: what was read, or why it could not be.
 * `receivedAt` is this window's clock when the answer came (absent when set by hand): a state
 * is only as current as its read, so the top bar ages it. A failed read keeps the last answer
 * (`last`), so the top bar can still say since when the state is unknown.
 */
export type LeverStateRead =
  | { status: 'unread' }
  | { status: 'read'; snapshot: LeverStateSnapshot; receivedAt?: number }
  | { status: 'failed'; error: ApiError; receivedAt?: number; last?: LeverStateSnapshot | null };

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
/** The newest read whose answer is shown: a slower, older read that answers after it is dropped. */
let leverShownSeq = 0;

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
    let answer: { ok: true; snapshot: LeverStateSnapshot } | { ok: false; error: ApiError };
    try {
      const r = await api['levers.state']({ fresh: false });
      answer = r.ok ? { ok: true, snapshot: r.value } : { ok: false, error: r.error };
    } catch (e) {
      // A transport that throws is a bug elsewhere; the top bar still must not claim a state.
      answer = { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
    }
    // An older answer never overwrites a newer one; but a read slower than the poll still counts,
    // or a platform that always answers late would never be heard at all.
    if (seq < leverShownSeq) return;
    leverShownSeq = seq;
    const receivedAt = Date.now();
    set((s) => {
      if (answer.ok) return { leverState: { status: 'read', snapshot: answer.snapshot, receivedAt } };
      const was = s.leverState;
      const last = was.status === 'read' ? was.snapshot : was.status === 'failed' ? (was.last ?? null) : null;
      return { leverState: { status: 'failed', error: answer.error, receivedAt, last } };
    });
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
