import { useState } from 'react';
import type { Clock } from '../../../../shared/incidents/clocks.ts';
import type { IncidentView, LeverExecution } from '../../../../shared/incidents/view.ts';
import { useApp } from '../app/store.ts';
import { useLevers } from '../levers/store.ts';
import { ClockPill } from './ClockViews.tsx';
import { utcTime } from './incident-words.ts';
import { useIncidents } from './store.ts';
import { AuditLink } from './Timeline.tsx';

const OUTCOME: Record<LeverExecution['outcome'], string> = { verified: '✓ VERIFIED', failed: '✕ FAILED', unknown: '? UNKNOWN', in_flight: '… IN FLIGHT' };

/**
 * The levers pulled for this incident (the core writes them to the timeline with their audit
 * record), a way to pull one for it, and the decision records owed for levers that bypassed
 * change control.
 */
export function LeversPanel({ view, clocks, now, canWrite }: { view: IncidentView; clocks: Clock[]; now: number; canWrite: boolean }) {
  const navigate = useApp((s) => s.navigate);
  const drClock = new Map(clocks.filter((c) => c.kind === 'decision_record' && c.subject).map((c) => [c.subject!, c]));
  return (
    <section className="panel levers-panel" aria-label="Levers for this incident">
      <div className="section-title-row">
        <h2>Levers pulled for this incident</h2>
        {canWrite && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              // The Levers page's dialog opens with this incident filled in.
              useLevers.getState().forIncident(view.id);
              navigate({ page: 'levers' });
            }}
          >
            Pull a lever for {view.id} →
          </button>
        )}
      </div>
      {view.levers.length === 0 ? (
        <p className="muted">No lever pulled for this incident from this console.</p>
      ) : (
        <ul className="incident-levers">
          {view.levers.map((l) => (
            <li key={l.executionId}>
              <span className={`outcome outcome-${l.outcome}`}>{OUTCOME[l.outcome]}</span>{' '}
              <strong>
                {l.action === 'engage' ? 'pulled' : 'released'} {l.lever}
              </strong>{' '}
              on {l.target} <span className="muted small">{utcTime(l.at, now)} · {l.actor}</span> <AuditLink incidentId={view.id} seq={l.auditSeq} />
              {l.bypassedChangeControl && <div className="small warn-text">▲ release freeze bypassed, approved by {l.approvedBy ?? 'unknown'}</div>}
            </li>
          ))}
        </ul>
      )}
      {(view.decisionRecordReminders.length > 0 || view.decisionRecords.length > 0) && (
        <div className="decision-records" aria-label="Decision records">
          <h3>Decision records</h3>
          {view.decisionRecordReminders.map((l) => (
            <DecisionRecordForm key={l.executionId} view={view} lever={l} clock={drClock.get(l.executionId) ?? null} canWrite={canWrite} />
          ))}
          {view.decisionRecords.map((d) => (
            <p key={d.executionId} className="small">
              ✓ Filed for {view.levers.find((l) => l.executionId === d.executionId)?.lever ?? d.executionId}: <strong>{d.reference}</strong>{' '}
              <span className="muted">
                {utcTime(d.at, now)} · {d.actor}
              </span>
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

function DecisionRecordForm({ view, lever, clock, canWrite }: { view: IncidentView; lever: LeverExecution; clock: Clock | null; canWrite: boolean }) {
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const [reference, setReference] = useState('');
  return (
    <form
      className="decision-record"
      onSubmit={(e) => {
        e.preventDefault();
        if (reference.trim()) void record(view.id, { type: 'decision_record_filed', executionId: lever.executionId, reference: reference.trim() });
      }}
    >
      <div>
        ▲ <strong>{lever.lever}</strong> on {lever.target} bypassed change control: a decision record (ADR) is owed. {clock && <ClockPill clock={clock} />}
      </div>
      {canWrite && (
        <div className="row-gap">
          <input className="text-input" aria-label={`Decision record reference for ${lever.lever}`} placeholder="ADR-42 or a link" value={reference} onChange={(e) => setReference(e.target.value)} />
          <button type="submit" className="button button-secondary" disabled={!reference.trim() || busy}>
            File
          </button>
        </div>
      )}
    </form>
  );
}
