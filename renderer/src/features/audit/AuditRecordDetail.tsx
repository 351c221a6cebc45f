import { useState } from 'react';
import type { AuditRecord } from '../../../../shared/audit.ts';
import { OutcomeBadge } from '../levers/OutcomeBadge.tsx';
import { detailSteps, requestLine, responseLine, stateChange } from './audit-fields.ts';
import { KIND_WORDS } from './audit-groups.ts';

/** One record as readable fields; the stored JSON is one toggle away. */
export function AuditRecordDetail({ record: r }: { record: AuditRecord }) {
  const [raw, setRaw] = useState(false);
  const change = stateChange(r);
  const req = requestLine(r);
  const res = responseLine(r);
  const steps = detailSteps(r.detail);
  return (
    <div className="audit-record-detail">
      <dl className="audit-fields" aria-label={`Record ${r.seq}`}>
        <dt>Record</dt>
        <dd>
          #{r.seq} · {KIND_WORDS[r.kind]} · {r.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC
        </dd>
        {change && (
          <>
            <dt>Before → after</dt>
            <dd>
              <span className={`audit-state audit-state-${change.beforeTone}`}>{change.before ?? 'not read'}</span>
              <span className="arrow"> → </span>
              <span className={`audit-state audit-state-${change.afterTone}`}>{change.after ?? 'not read'}</span>
              {change.afterPlanned && <span className="muted"> (planned: this intent was written before the write)</span>}
              {change.field && <div className="muted small mono">{change.field}</div>}
            </dd>
          </>
        )}
        {req && (
          <>
            <dt>Request</dt>
            <dd>
              <span className="mono audit-request">
                <b>{req.method}</b> {req.path}
              </span>
              {req.origin && <span className="muted small"> on {req.origin}</span>}
              {req.headers.length > 0 && <div className="small mono muted">headers: {req.headers.join(' · ')}</div>}
              {req.body && <div className="small mono muted audit-wrap">body: {req.body}</div>}
            </dd>
          </>
        )}
        <dt>Response</dt>
        <dd>
          {res ? (
            <>
              <span className={res.ok ? 'ok-text' : 'error-text'}>
                <b>{res.status}</b>
              </span>
              {res.body && <div className="small mono muted audit-wrap">body: {res.body}</div>}
            </>
          ) : (
            <span className="muted">{r.kind === 'intent' ? 'none yet: the intent is recorded before the write is sent' : 'none recorded'}</span>
          )}
        </dd>
        <dt>Outcome</dt>
        <dd>
          {r.outcome ? <OutcomeBadge status={r.outcome} /> : <span className="muted">{r.kind === 'intent' ? 'not yet (see the outcome record)' : '—'}</span>}
          {steps.length > 0 && (
            <ul className="audit-steps">
              {steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Reason</dt>
        <dd>{r.reason ?? <span className="muted">—</span>}</dd>
        <dt>Incident</dt>
        <dd className="mono">{r.incidentId ?? <span className="muted">none given</span>}</dd>
        <dt>Approved by</dt>
        <dd>{r.approvedBy ?? <span className="muted">nobody named (needed only during a release freeze)</span>}</dd>
        <dt>Who</dt>
        <dd>
          {r.actor} <span className="muted">on profile</span> {r.profile} <span className="muted">in environment</span> {r.environment}
        </dd>
        {r.executionId && (
          <>
            <dt>Execution</dt>
            <dd className="mono small">{r.executionId}</dd>
          </>
        )}
        <dt>Chain</dt>
        <dd className="mono small">
          hash {r.hash.slice(0, 16)}… <span className="muted">follows {r.prevHash.slice(0, 16)}…</span>
        </dd>
      </dl>
      <button type="button" className="button button-secondary button-small" aria-pressed={raw} onClick={() => setRaw(!raw)}>
        {raw ? 'Hide raw record' : 'Show raw record'}
      </button>
      {raw && <pre className="audit-raw">{JSON.stringify(r, null, 2)}</pre>}
    </div>
  );
}
