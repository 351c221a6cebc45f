import { useState, type ReactNode } from 'react';
import { EnvironmentBadge } from './badges.tsx';
import { IncidentChip } from './IncidentChip.tsx';
import { LeverChip } from './LeverChip.tsx';
import { focusRunbookSearch } from './search-focus.ts';
import { useGlobalShortcuts } from './shortcuts.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { CommandPalette } from './CommandPalette.tsx';
import { useIncidents } from '../features/incidents/store.ts';
import { routeHash, useApp, type Route } from '../features/app/store.ts';
import './shell.css';

export const NAV: { label: string; route: Route }[] = [
  { label: 'Dashboard', route: { page: 'dashboard', view: 'overview' } },
  { label: 'Incidents', route: { page: 'incidents', incidentId: null } },
  { label: 'Levers', route: { page: 'levers' } },
  { label: 'Rotation', route: { page: 'rotation', tab: 'schedule' } },
  { label: 'Runbooks', route: { page: 'runbooks', runbookId: null } },
  { label: 'Audit', route: { page: 'audit' } },
  { label: 'Settings', route: { page: 'settings' } },
];

export function Shell({ children }: { children: ReactNode }) {
  const { info, error, route, navigate } = useApp();
  const [help, setHelp] = useState(false);
  const env = info?.environment ?? null;
  useGlobalShortcuts({
    search: () => {
      if (!focusRunbookSearch()) navigate({ page: 'runbooks', runbookId: null });
    },
    help: () => setHelp(true),
    go: navigate,
  });
  return (
    <div className={`shell ${env?.production ? 'shell-prod' : ''} ${env?.kind === 'demo' ? 'shell-demo' : ''}`}>
      <header className="topbar">
        <span className="brand" title="Switchyard">
          ⇄ <span className="brand-word">Switchyard</span>
        </span>
        {/* Links, not buttons: a real address each, history, and "open in new tab". */}
        <nav className="nav" aria-label="Main">
          {NAV.map((n) => (
            <a
              key={n.route.page}
              href={routeHash(n.route)}
              className={`nav-item ${route.page === n.route.page ? 'nav-active' : ''}`}
              aria-current={route.page === n.route.page ? 'page' : undefined}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <IncidentChip />
        <LeverChip />
        <EnvironmentBadge environment={env} role={info?.role ?? null} />
        <button type="button" className="topbar-help" aria-label="Keyboard shortcuts" aria-haspopup="dialog" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
          ?
        </button>
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
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      <CommandPalette onDeclare={() => useIncidents.getState().openDeclare()} />
    </div>
  );
}
