import { useEffect, useState } from 'react';
import { formatTime } from '../../ui/time.ts';
import { useApp } from '../app/store.ts';
import { useSettings } from './store.ts';
import { ProfilesSection } from './ProfilesSection.tsx';
import { MetricsSettingsSection } from './MetricsSettingsSection.tsx';

export function SettingsPage() {
  const info = useApp((s) => s.info);
  const st = useSettings();
  const [dir, setDir] = useState('');
  const readOnly = info?.role === 'wall';
  useEffect(() => {
    void st.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const reportFor = (id: number) => st.reports.find((r) => r.sourceId === id);

  return (
    <div className="settings-page">
      <section className="panel">
        <h2>This console</h2>
        <dl className="facts">
          <dt>Environment</dt>
          <dd>{info?.environment.name ?? '…'}</dd>
          <dt>Profile</dt>
          <dd>{info?.profile}</dd>
          <dt>Data folder</dt>
          <dd className="mono">{info?.dataDir}</dd>
          <dt>Database</dt>
          <dd className="mono">
            {info?.storage.path} (schema v{info?.storage.schemaVersion})
          </dd>
          <dt>Version</dt>
          <dd>
            Switchyard {info?.version} · {info?.transport === 'ipc' ? 'desktop app' : 'served over HTTP'} · role {info?.role}
          </dd>
        </dl>
      </section>

      <ProfilesSection readOnly={readOnly} />
      <MetricsSettingsSection readOnly={readOnly} />

      <section className="panel" aria-label="Runbook sources">
        <h2>Runbook sources</h2>
        <p className="muted">
          Runbooks are cached in the local database and stay readable with no network. Add a folder (a git checkout of{' '}
          <span className="mono">docs/runbooks/</span>): it is re-imported whenever its files change, and every version is kept.
        </p>
        {!readOnly && (
          <form
            className="add-folder"
            onSubmit={(e) => {
              e.preventDefault();
              void st.addFolder(dir.trim()).then((ok) => ok && setDir(''));
            }}
          >
            <input
              className="text-input"
              placeholder="/path/to/platform/docs/runbooks"
              aria-label="Runbook folder path"
              value={dir}
              onChange={(e) => setDir(e.target.value)}
            />
            <button className="button" type="submit" disabled={st.busy || dir.trim() === ''}>
              Add folder
            </button>
            <button className="button button-secondary" type="button" disabled={st.busy} onClick={() => void st.resync()}>
              Re-import all
            </button>
          </form>
        )}
        {st.error && <p className="error-text" role="alert">✗ {st.error.message}</p>}
        {st.lastAction && <p className="ok-text">✓ {st.lastAction}</p>}
        <table className="sources">
          <thead>
            <tr>
              <th>Source</th>
              <th>Location</th>
              <th>Runbooks</th>
              <th>Last synced</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {st.sources.map((s) => {
              const r = reportFor(s.id);
              return (
                <tr key={s.id}>
                  <td>{s.kind}</td>
                  <td className="mono">{s.location}</td>
                  <td>{s.runbookCount}</td>
                  <td>{s.lastSyncedAt ? formatTime(s.lastSyncedAt) : 'never'}</td>
                  <td>
                    {s.lastError ? (
                      <span className="error-text">✗ {s.lastError}</span>
                    ) : r && r.rejected.length > 0 ? (
                      <span className="warn-text">▲ {r.rejected.length} file(s) rejected</span>
                    ) : (
                      <span className="ok-text">✓ ok</span>
                    )}
                  </td>
                  <td>
                    {s.kind === 'folder' && !readOnly && (
                      <button className="link-button" type="button" onClick={() => void st.removeFolder(s.id)}>
                        remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-label="Import report">
        <h2>Import report</h2>
        {st.reports.every((r) => r.rejected.length === 0 && r.shadowed.length === 0 && !r.error) ? (
          <p className="ok-text">✓ Every file of every source imported cleanly.</p>
        ) : (
          <table className="report">
            <thead>
              <tr>
                <th>File</th>
                <th>Source</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {st.reports.flatMap((r) => [
                ...(r.error ? [{ file: '(whole source)', reason: r.error, kind: 'error' }] : []),
                ...r.rejected.map((x) => ({ ...x, kind: 'rejected' })),
                ...r.shadowed.map((x) => ({ ...x, kind: 'shadowed' })),
              ].map((x, i) => (
                <tr key={`${r.sourceId}-${i}`} className={x.kind === 'shadowed' ? 'muted' : ''}>
                  <td className="mono">{x.file}</td>
                  <td className="mono">{r.location}</td>
                  <td>
                    {x.kind === 'shadowed' ? '○ skipped: ' : '✗ rejected: '}
                    {x.reason}
                  </td>
                </tr>
              )))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
