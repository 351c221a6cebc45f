import type { ReactNode } from 'react';
import { EnvironmentBadge } from './badges.tsx';
import { useApp, type Route } from '../features/app/store.ts';

const NAV: { label: string; route: Route; key: string }[] = [
  { label: 'Dashboard', route: { page: 'dashboard', view: 'overview' }, key: 'dashboard' },
  { label: 'Levers', route: { page: 'levers' }, key: 'levers' },
  { label: 'Runbooks', route: { page: 'runbooks', runbookId: null }, key: 'runbooks' },
  { label: 'Audit', route: { page: 'audit' }, key: 'audit' },
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
      {env?.kind === 'demo' && (
        <div className="banner banner-demo" data-testid="demo-banner">
          ◆ DEMO — the built-in demo platform. Nothing here touches a real platform.
        </div>
      )}
      {env?.production && (
        <div className="banner banner-prod" data-testid="production-banner">
          ◆ PRODUCTION — {env.name}. Levers act on real money.
        </div>
      )}
      {info && !info.audit.ok && (
        <div className="banner banner-error" role="alert">
          ✗ AUDIT CHAIN BROKEN at record {info.audit.firstBad}: {info.audit.problem}. See Audit.
        </div>
      )}
      {info && info.interruptedLevers > 0 && (
        <div className="banner banner-warn-strip" role="alert">
          ▲ {info.interruptedLevers} lever execution{info.interruptedLevers === 1 ? ' was' : 's were'} interrupted (Switchyard stopped mid-way): outcome UNKNOWN.
          Re-verify on the Levers page.
        </div>
      )}
      {error && (
        <div className="banner banner-error" role="alert">
          ✗ {error.message}
        </div>
      )}
      <main className="content">{children}</main>
    </div>
  );
}
