import { StrictMode, useEffect, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
// The base theme first: a component's own stylesheet comes after it and wins ties.
import './ui/theme.css';
import { routeHash, useApp } from './features/app/store.ts';
import { RunbooksPage } from './features/runbooks/RunbooksPage.tsx';
import { SettingsPage } from './features/settings/SettingsPage.tsx';
import { Shell } from './ui/Shell.tsx';
import { LeversPage } from './features/levers/LeversPage.tsx';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { DashboardPage } from './features/dashboard/DashboardPage.tsx';
import { WallPage } from './features/wall/WallPage.tsx';
import { IncidentsPage } from './features/incidents/IncidentsPage.tsx';
import { PostmortemPage } from './features/postmortem/PostmortemPage.tsx';
import { ReportsPage } from './features/reports/ReportsPage.tsx';
import { RotationPage } from './features/rotation/RotationPage.tsx';
import { DeclareDialog } from './features/incidents/DeclareDialog.tsx';
import { api } from './api.ts';

function App() {
  const route = useApp((s) => s.route);
  const load = useApp((s) => s.load);
  const role = useApp((s) => s.info?.role ?? null);
  useEffect(() => {
    void load();
    // Another profile is active: everything on screen belongs to the old one.
    return api.on('app.changed', () => location.reload());
  }, [load]);
  // A wall console (`npm start -- --wall`, `serve --role wall`) opens the wall.
  useEffect(() => {
    if (role === 'wall' && useApp.getState().route.page !== 'wall') useApp.getState().navigate({ page: 'wall' });
  }, [role]);
  // Every page opens at its top, whether by a link, a shortcut, back or forward.
  const at = routeHash(route);
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [at]);
  // The wall is full screen, without the console's chrome; it shows the environment itself.
  if (route.page === 'wall') return <WallPage />;
  const page =
    route.page === 'dashboard' ? (
      <DashboardPage view={route.view} />
    ) : route.page === 'settings' ? (
      <SettingsPage />
    ) : route.page === 'levers' ? (
      <LeversPage />
    ) : route.page === 'audit' ? (
      <AuditPage />
    ) : route.page === 'incidents' && route.incidentId && route.tab === 'postmortem' ? (
      <PostmortemPage incidentId={route.incidentId} />
    ) : route.page === 'incidents' ? (
      <IncidentsPage incidentId={route.incidentId} tab={route.tab} />
    ) : route.page === 'reports' ? (
      <ReportsPage />
    ) : route.page === 'rotation' ? (
      <RotationPage tab={route.tab} />
    ) : (
      <RunbooksPage />
    );
  return (
    <Shell>
      {page}
      {/* Over any page: the dashboard's breach suggestion opens it prefilled (openDeclare). */}
      <DeclareDialog />
    </Shell>
  );
}

// The console restores no scroll position on back/forward: a page opens at its top.
if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
