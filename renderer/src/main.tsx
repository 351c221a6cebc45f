import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useApp } from './features/app/store.ts';
import { RunbooksPage } from './features/runbooks/RunbooksPage.tsx';
import { SettingsPage } from './features/settings/SettingsPage.tsx';
import { Shell } from './ui/Shell.tsx';
import './ui/theme.css';

function App() {
  const route = useApp((s) => s.route);
  const load = useApp((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return <Shell>{route.page === 'settings' ? <SettingsPage /> : <RunbooksPage />}</Shell>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
