import { useEffect, useMemo, useState } from 'react';
import { SEVERITIES, type IncidentState, type Severity } from '../../../../shared/incidents/events.ts';
import { api } from '../../api.ts';
import { useNow } from '../../ui/use-now.ts';
import { routeHash, useApp } from '../app/store.ts';
import { ClockPill } from './ClockViews.tsx';
import { IncidentView } from './IncidentView.tsx';
import { listRows, type ListRow } from './incident-list.ts';
import { STATE_MARK, STATE_WORDS, sevName, utcTime } from './incident-words.ts';
import { askPermission, notifyPermission, type NotifyPermission } from './notifier.ts';
import { SevBadge } from './SevBadge.tsx';
import { useIncidents, type StatusFilter } from './store.ts';
import { SyncMarker, SyncSummary } from './SyncBadge.tsx';
import { useSyncStatusPolling } from './sync-store.ts';
import './incidents.css';

/** `#/incidents`: the list; `#/incidents/<id>`: one incident. */
export function IncidentsPage({ incidentId, tab }: { incidentId: string | null; tab?: 'timeline' | 'postmortem' }) {
  if (incidentId) return <IncidentView key={incidentId} incidentId={incidentId} tab={tab ?? 'timeline'} />;
  return <IncidentList />;
}

function IncidentList() {
  const s = useIncidents();
  const canWrite = useApp((a) => a.info?.role !== 'wall');
  const now = useNow(1000);
  useSyncStatusPolling();
  useEffect(() => {
    const st = useIncidents.getState();
    void st.loadList();
    void st.readOpen();
    if (st.policy.status !== 'ok') void st.loadPolicy();
    return api.on('incidents.changed', () => void useIncidents.getState().loadList());
  }, []);
  const policy = s.policy.status === 'ok' ? s.policy.policy : null;
  const openViews = s.open.status === 'read' ? s.open.incidents : s.open.status === 'failed' ? (s.open.last?.incidents ?? []) : [];
  const rows = useMemo(() => listRows(s.heads, openViews, s.filter, policy, now), [s.heads, openViews, s.filter, policy, now]);
  const filtered = s.filter.text !== '' || s.filter.severity !== '' || s.filter.status !== 'all';

  return (
    <div className="incidents-page">
      <section className="panel incidents-head" aria-label="Incidents">
        <div className="section-title-row">
          <h2>Incidents</h2>
          <div className="row-gap">
            <a className="button button-secondary" href="#/reports">
              MTTA / MTTR reports →
            </a>
            <NotifyButton />
            {canWrite && (
              <button type="button" className="button button-danger" onClick={() => s.openDeclare()}>
                ◆ Declare incident
              </button>
            )}
          </div>
        </div>
        <SyncSummary canWrite={canWrite} />
        <div className="filters-row incidents-filters">
          <input
            className="text-input"
            type="search"
            aria-label="Filter incidents"
            placeholder="id, title, owner, rail, brand…"
            value={s.filter.text}
            onChange={(e) => s.setFilter({ text: e.target.value })}
          />
          <select className="text-input" aria-label="Filter by severity" value={s.filter.severity} onChange={(e) => s.setFilter({ severity: e.target.value as Severity | '' })}>
            <option value="">all severities</option>
            {SEVERITIES.map((sev) => (
              <option key={sev} value={sev}>
                {sevName(policy, sev)}
              </option>
            ))}
          </select>
          <div className="dash-seg" role="group" aria-label="Open or closed">
            {(['all', 'open', 'closed'] as StatusFilter[]).map((st) => (
              <button key={st} type="button" className={`dash-seg-btn ${s.filter.status === st ? 'dash-seg-on' : ''}`} aria-pressed={s.filter.status === st} onClick={() => s.setFilter({ status: st })}>
                {st === 'all' ? 'All' : st === 'open' ? 'Open' : 'Closed'}
              </button>
            ))}
          </div>
          {filtered && (
            <button type="button" className="button button-secondary" onClick={() => s.setFilter({ text: '', severity: '', status: 'all' })}>
              Clear filters
            </button>
          )}
        </div>
        {s.policy.status === 'failed' && <p className="banner-warn" role="alert">▲ No clocks: {s.policy.message}</p>}
        {s.policy.status === 'ok' && s.policy.problem && <p className="banner-warn">▲ {s.policy.problem} The bundled policy “{s.policy.policy.name}” is in force.</p>}
        {s.listError && (
          <p className="banner-warn" role="alert">
            ✕ The incident list could not be read: {s.listError.message}
            {s.listLoaded ? ' What is shown was read before and may be out of date.' : ''}{' '}
            <button type="button" className="link-button" onClick={() => void s.loadList()}>
              Try again
            </button>
          </p>
        )}
      </section>

      {s.listLoaded && (
        <section className="panel" aria-label="Open incidents">
          <h2>Open ({rows.open.length})</h2>
          {rows.open.length === 0 ? (
            <p className="muted">{filtered ? 'No open incident matches these filters.' : 'No open incident on this console.'}</p>
          ) : (
            <ul className="incident-cards">
              {rows.open.map((r) => (
                <OpenCard key={r.head.incidentId} row={r} policyKnown={policy !== null} now={now} />
              ))}
            </ul>
          )}
        </section>
      )}
      {s.listLoaded && (
        <section className="panel" aria-label="Incident history">
          <h2>History ({rows.history.length})</h2>
          {rows.history.length === 0 ? (
            <p className="muted">{filtered ? 'No closed incident matches these filters.' : 'No closed incident yet.'}</p>
          ) : (
            <table className="incident-history">
              <thead>
                <tr>
                  <th>Declared (UTC)</th>
                  <th>Incident</th>
                  <th>Severity</th>
                  <th>State</th>
                  <th>Owner</th>
                  <th>Resolved</th>
                </tr>
              </thead>
              <tbody>
                {rows.history.map(({ head: h }) => (
                  <tr key={h.incidentId} data-incident={h.incidentId}>
                    <td className="nowrap">{utcTime(h.declaredAt, now)}</td>
                    <td>
                      <a className="incident-link" href={routeHash({ page: 'incidents', incidentId: h.incidentId })}>
                        {h.title}
                      </a>
                      <div className="muted small mono">{h.incidentId}</div>
                      <SyncMarker incidentId={h.incidentId} now={now} />
                    </td>
                    <td>
                      <SevBadge severity={h.severity} policy={policy} />
                    </td>
                    <td className="nowrap">
                      <StatePill state={h.state} />
                    </td>
                    <td>{h.owner ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">{h.resolvedAt ? utcTime(h.resolvedAt, now) : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {!s.listLoaded && !s.listError && <p className="muted">Reading incidents…</p>}
    </div>
  );
}

export function StatePill({ state }: { state: string | null }) {
  const known = state && state in STATE_WORDS ? (state as IncidentState) : null;
  return (
    <span className={`state-pill incident-state incident-state-${known ?? 'unknown'}`} data-state={state ?? ''}>
      {known ? `${STATE_MARK[known]} ${STATE_WORDS[known]}` : (state ?? 'unknown')}
    </span>
  );
}

function OpenCard({ row, policyKnown, now }: { row: ListRow; policyKnown: boolean; now: number }) {
  const h = row.head;
  const policy = useIncidents((s) => (s.policy.status === 'ok' ? s.policy.policy : null));
  const tone = row.urgent?.state ?? 'running';
  return (
    <li className={`incident-card incident-card-${tone}`} data-incident={h.incidentId}>
      <div className="incident-card-line">
        <SevBadge severity={h.severity} policy={policy} />
        <a className="incident-link incident-card-title" href={routeHash({ page: 'incidents', incidentId: h.incidentId })}>
          {h.title}
        </a>
        <span className="muted mono small">{h.incidentId}</span>
        <span className="spacer" />
        <SyncMarker incidentId={h.incidentId} now={now} />
        <StatePill state={h.state} />
      </div>
      <div className="incident-card-line small">
        <span>{h.owner ? `owner ${h.owner}` : <strong className="warn-text">▲ nobody owns it</strong>}</span>
        {[...h.rails, ...h.brands].map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        <span className="muted">declared {utcTime(h.declaredAt)}</span>
      </div>
      <div className="incident-card-clocks">
        {!policyKnown ? (
          <span className="muted">clocks unknown: the severity policy could not be read</span>
        ) : !row.view ? (
          <span className="muted">reading clocks…</span>
        ) : row.clocks.length === 0 ? (
          <span className="muted">no running clock</span>
        ) : (
          row.clocks.map((c) => <ClockPill key={c.id} clock={c} />)
        )}
      </div>
    </li>
  );
}

const PERMISSION_WORDS: Record<NotifyPermission, string> = {
  granted: '✓ Desktop notifications on',
  denied: '✕ Notifications blocked: allow them in the browser or system settings',
  default: 'Notify me before a clock is due',
  unsupported: 'No desktop notifications here',
};

/** Asks for notification permission from a click, never on load. */
function NotifyButton() {
  const [perm, setPerm] = useState<NotifyPermission>(() => notifyPermission());
  if (perm !== 'default') return <span className={`notify-state notify-${perm} small`}>{PERMISSION_WORDS[perm]}</span>;
  return (
    <button type="button" className="button button-secondary" onClick={() => void askPermission().then(setPerm)}>
      {PERMISSION_WORDS.default}
    </button>
  );
}
