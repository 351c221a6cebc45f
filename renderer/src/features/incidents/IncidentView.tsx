import { useEffect, useMemo } from 'react';
import { incidentClocks } from '../../../../shared/incidents/clocks.ts';
import { api } from '../../api.ts';
import { useNow } from '../../ui/use-now.ts';
import { routeHash, useApp } from '../app/store.ts';
import { IncidentHeader } from './IncidentHeader.tsx';
import { LeversPanel } from './LeversPanel.tsx';
import { RolesPanel } from './RolesPanel.tsx';
import { RunbookChecklists } from './RunbookChecklists.tsx';
import { StatusUpdates } from './StatusUpdates.tsx';
import { useIncidents } from './store.ts';
import { SyncConflicts } from './SyncConflicts.tsx';
import { useSyncStatusPolling } from './sync-store.ts';
import { Timeline } from './Timeline.tsx';

/**
 * One incident (`#/incidents/<id>`): header and clocks on top; below, the work (runbook
 * checklists, status updates) on the left and the record (timeline, roles, levers) on the right.
 */
export function IncidentView({ incidentId, tab }: { incidentId: string; tab: 'timeline' | 'postmortem' }) {
  const detail = useIncidents((s) => s.detail);
  const policyRead = useIncidents((s) => s.policy);
  const canWrite = useApp((a) => a.info?.role !== 'wall');
  const now = useNow(1000);
  useSyncStatusPolling();
  useEffect(() => {
    const s = useIncidents.getState();
    void s.loadIncident(incidentId);
    if (s.policy.status !== 'ok') void s.loadPolicy();
    return api.on('incidents.changed', (p) => {
      if (p.incidentId === incidentId) void useIncidents.getState().loadIncident(incidentId);
    });
  }, [incidentId]);
  const policy = policyRead.status === 'ok' ? policyRead.policy : null;
  const view = detail?.incidentId === incidentId ? detail.view : null;
  const clocks = useMemo(() => (view && policy ? incidentClocks(view, policy, new Date(now)) : []), [view, policy, now]);

  if (!detail || detail.incidentId !== incidentId || (!view && !detail.error)) return <p className="muted">Reading {incidentId}…</p>;
  if (!view) {
    return (
      <section className="panel" role="alert">
        <h2>✕ {incidentId} could not be read</h2>
        <p>{detail.error?.message}</p>
        <p>
          <a href={routeHash({ page: 'incidents', incidentId: null })}>← All incidents</a>
        </p>
      </section>
    );
  }
  const policyProblem = policyRead.status === 'failed' ? policyRead.message : null;
  return (
    <div className="incident-page">
      <IncidentHeader view={view} policy={policy} policyProblem={policyProblem} clocks={clocks} now={now} canWrite={canWrite} />
      <SyncConflicts incidentId={incidentId} now={now} canWrite={canWrite} />
      {detail.error && (
        <p className="banner-warn" role="alert">
          ▲ The latest read failed ({detail.error.message}): what is shown was read before and may be out of date.
        </p>
      )}
      {detail.unreadable.length > 0 && (
        <p className="banner-warn" role="alert">
          ▲ {detail.unreadable.length} stored event(s) do not read and are not shown: {detail.unreadable.map((u) => `${u.id}: ${u.problem}`).join('; ')}
        </p>
      )}
      <nav className="tabs incident-tabs" aria-label="Incident views">
        <a className={`tab ${tab === 'timeline' ? 'tab-active' : ''}`} aria-current={tab === 'timeline' ? 'page' : undefined} href={routeHash({ page: 'incidents', incidentId })}>
          Work & timeline
        </a>
        <a
          className={`tab ${tab === 'postmortem' ? 'tab-active' : ''}`}
          aria-current={tab === 'postmortem' ? 'page' : undefined}
          href={routeHash({ page: 'incidents', incidentId, tab: 'postmortem' })}
        >
          Postmortem
        </a>
      </nav>
      {/* The postmortem is its own page (features/postmortem), reached by the tab's link. */}
      {tab === 'timeline' && (
        <div className="incident-grid">
          <div className="incident-col">
            <RunbookChecklists view={view} canWrite={canWrite} />
            <StatusUpdates view={view} policy={policy} clocks={clocks} now={now} canWrite={canWrite} />
          </div>
          <div className="incident-col">
            <Timeline view={view} policy={policy} now={now} canWrite={canWrite} />
            <LeversPanel view={view} clocks={clocks} now={now} canWrite={canWrite} />
            <RolesPanel view={view} now={now} canWrite={canWrite} />
          </div>
        </div>
      )}
    </div>
  );
}
