import type { Clock } from '../../../../shared/incidents/clocks.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { routeHash } from '../app/store.ts';
import { ClockCard } from './ClockViews.tsx';
import { sevName, utcTime } from './incident-words.ts';
import { StatePill } from './IncidentsPage.tsx';
import { LifecycleActions } from './LifecycleActions.tsx';
import { SevBadge } from './SevBadge.tsx';
import { useIncidents } from './store.ts';
import { SyncBadge } from './SyncBadge.tsx';

/**
 * The top of an incident: what it is (severity by the policy's name, state, owner), what can be
 * done next, what the core refused and why, and every clock it is working against.
 */
export function IncidentHeader(props: { view: IncidentView; policy: SeverityPolicy | null; policyProblem: string | null; clocks: Clock[]; now: number; canWrite: boolean }) {
  const { view: v, policy, clocks, now } = props;
  const error = useIncidents((s) => s.actionError);
  const clear = useIncidents((s) => s.clearActionError);
  const changes = v.severityHistory.slice(1);
  return (
    <section className="panel incident-header" aria-label="Incident">
      <div className="incident-title-row">
        <a className="incident-back" href={routeHash({ page: 'incidents', incidentId: null })}>
          ← Incidents
        </a>
        <SevBadge severity={v.severity} policy={policy} large />
        <h1 className="incident-title">{v.title || v.id}</h1>
        <StatePill state={v.state} />
      </div>
      <div className="incident-meta">
        <span className="mono">{v.id}</span>
        <span>{v.owner ? <>owner <strong>{v.owner}</strong></> : <strong className="warn-text">▲ nobody owns it yet</strong>}</span>
        {v.declaredAt && (
          <span className="muted">
            declared {utcTime(v.declaredAt, now)} by {v.declaredBy}
          </span>
        )}
        {[...v.rails, ...v.brands].map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </div>
      <SyncBadge incidentId={v.id} />
      {v.summary && <p className="incident-summary">{v.summary}</p>}
      {v.breach && (
        <p className="incident-breach">
          ▲ Breach when declared: <strong>{v.breach.rail}</strong> {v.breach.summary}
        </p>
      )}
      {changes.length > 0 && (
        <ul className="severity-history" aria-label="Severity history">
          {v.severityHistory.map((c, i) => (
            <li key={c.eventId}>
              {i === 0 ? 'declared' : '→'} <strong>{sevName(policy, c.severity)}</strong> <span className="muted">{utcTime(c.at, now)} by {c.actor}</span>
              {i > 0 && c.reason && <span>: {c.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {v.cancelReason && <p className="muted">Cancelled: {v.cancelReason}</p>}
      {props.canWrite && <LifecycleActions view={v} policy={policy} />}
      {error && (
        <p className="incident-error" role="alert">
          ✕ Not done: {error}{' '}
          <button type="button" className="link-button" onClick={clear}>
            dismiss
          </button>
        </p>
      )}
      {!policy ? (
        <p className="banner-warn" role="alert">
          ▲ No clocks: {props.policyProblem ?? 'the severity policy has not been read yet.'}
        </p>
      ) : (
        <>
          {v.policyId && v.policyId !== policy.id && (
            <p className="muted small">
              Declared under the “{v.policyId}” policy; clocks are shown under “{policy.name}”, the one in force now.
            </p>
          )}
          {clocks.length > 0 ? (
            <ul className="clock-cards" aria-label="Clocks">
              {clocks.map((c) => (
                <ClockCard key={c.id} clock={c} now={now} />
              ))}
            </ul>
          ) : (
            <p className="muted">No clock: {sevName(policy, v.severity)} has no targets in “{policy.name}”.</p>
          )}
        </>
      )}
    </section>
  );
}
