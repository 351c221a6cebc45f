import type { ReactNode } from 'react';
import { EnvironmentBadge } from './badges.tsx';
import { useApp, type Route } from '../features/app/store.ts';

const NAV: { label: string; route: Route; key: string }[] = [
  { label: 'Runbooks', route: { page: 'runbooks', runbookId: null }, key: 'runbooks' },
  { label: 'Settings', route: { page: 'settings' }, key: 'settings' },
];

export function Shell({ children }: { children: ReactNode }) {
  const { info, error, route, navigate } = useApp();
  const env = info?.environment ?? null;
  return (
    <div className={`shell ${env?.production ? 'shell-prod' : ''} ${env?.kind === 'demo' ? 'shell-demo' : ''}`}>
      <header className="topbar">
        <span className="brand">⇄ Switchyard</span>
        <nav className="nav" aria-label="Main">
          {NAV.map((n) => (
            <button
              key={n.key}
              type="button"
              className={`nav-item ${route.page === n.key ? 'nav-active' : ''}`}
              aria-current={route.page === n.key ? 'page' : undefined}
              onClick={() => navigate(n.route)}
            >
              {n.label}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <EnvironmentBadge environment={env} role={info?.role ?? null} />
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          ✗ {error.message}
        </div>
      )}
      <main className="content">{children}</main>
    </div>
  );
}
