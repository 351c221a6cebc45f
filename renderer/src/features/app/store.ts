import { create } from 'zustand';
import type { AppInfo } from '../../../../shared/environment.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';

export type Route =
  | { page: 'dashboard'; view: 'overview' | 'stress' }
  | { page: 'wall' }
  | { page: 'runbooks'; runbookId: string | null }
  | { page: 'settings' }
  | { page: 'levers' }
  | { page: 'audit' };

/** The dashboard is the landing page: an empty or unknown hash opens it. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'settings' || parts[0] === 'levers' || parts[0] === 'audit' || parts[0] === 'wall') return { page: parts[0] };
  if (parts[0] === 'runbooks') return { page: 'runbooks', runbookId: parts[1] ? parts[1] : null };
  return { page: 'dashboard', view: parts[0] === 'dashboard' && parts[1] === 'stress' ? 'stress' : 'overview' };
}

export function routeHash(r: Route): string {
  if (r.page === 'dashboard') return r.view === 'stress' ? '#/dashboard/stress' : '#/dashboard';
  if (r.page !== 'runbooks') return `#/${r.page}`;
  return r.runbookId ? `#/runbooks/${encodeURIComponent(r.runbookId)}` : '#/runbooks';
}

interface AppState {
  info: AppInfo | null;
  error: ApiError | null;
  route: Route;
  load(): Promise<void>;
  navigate(r: Route): void;
}

export const useApp = create<AppState>((set) => ({
  info: null,
  error: null,
  route: parseHash(typeof location !== 'undefined' ? location.hash : ''),
  async load() {
    const r = await api['app.info']();
    set(r.ok ? { info: r.value, error: null } : { error: r.error });
  },
  navigate(route) {
    const hash = routeHash(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
    set({ route });
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => useApp.setState({ route: parseHash(location.hash) }));
  window.addEventListener('hashchange', () => useApp.setState({ route: parseHash(location.hash) }));
}
