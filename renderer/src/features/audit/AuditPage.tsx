import { Fragment, useEffect, useState } from 'react';
import { LEVERS } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { formatTime } from '../../ui/time.ts';
import { OutcomeBadge } from '../levers/OutcomeBadge.tsx';
import { useAudit } from './store.ts';

export function AuditPage() {
  const a = useAudit();
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    void a.load();
    void a.verify();
    const off = api.on('audit.appended', () => void useAudit.getState().load());
    return off;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const v = a.verification;
  return (
    <div className="audit-page">
      <section className="panel" aria-label="Audit chain">
        <div className="section-title-row">
          <h2>Audit log</h2>
          <div className="row-gap">
            <button type="button" className="button button-secondary" onClick={() => void a.verify()}>
              Verify chain
            </button>
            <button type="button" className="button button-secondary" disabled={a.exporting} onClick={() => void a.exportAs('jsonl')}>
              Export JSON Lines
            </button>
            <button type="button" className="button button-secondary" disabled={a.exporting} onClick={() => void a.exportAs('csv')}>
              Export CSV
            </button>
          </div>
        </div>
        {v && (
          <p className={v.ok ? 'ok-text chain-status' : 'error-text chain-status'} role={v.ok ? 'status' : 'alert'} aria-label="Chain verification">
            {v.ok
              ? `✓ Chain verified: ${v.checked} record${v.checked === 1 ? '' : 's'}, each hash-linked to the one before (${formatTime(v.at)}).`
              : `✗ CHAIN BROKEN at record ${v.firstBad}: ${v.problem}. Records from ${v.firstBad} on cannot be trusted; keep the database file as evidence.`}
          </p>
        )}
        <div className="filters-row">
          <select className="text-input" aria-label="Filter by lever" value={a.filter.lever} onChange={(e) => a.setFilter({ lever: e.target.value })}>
            <option value="">all levers</option>
            {LEVERS.map((l) => (
              <option key={l.id} value={l.id}>
                {l.id}
              </option>
            ))}
          </select>
          <select
            className="text-input"
            aria-label="Filter by outcome"
            value={a.filter.outcome}
            onChange={(e) => a.setFilter({ outcome: e.target.value as '' | 'verified' | 'failed' | 'unknown' })}
          >
            <option value="">all outcomes</option>
            <option value="verified">verified</option>
            <option value="failed">failed</option>
            <option value="unknown">unknown</option>
          </select>
          <input className="text-input" aria-label="Search the audit log" placeholder="reason, target, actor…" value={a.filter.text} onChange={(e) => a.setFilter({ text: e.target.value })} />
        </div>
        {a.error && <p className="error-text">✗ {a.error.message}</p>}
      </section>
      <section className="panel" aria-label="Audit records">
        <table className="audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Time (UTC)</th>
              <th>Record</th>
              <th>Who</th>
              <th>Lever · target</th>
              <th>Outcome</th>
              <th>Reason / detail</th>
            </tr>
          </thead>
          <tbody>
            {a.records.map((r) => (
              <Fragment key={r.seq}>
                <tr className={`audit-row ${v && !v.ok && v.firstBad !== null && r.seq >= v.firstBad ? 'audit-suspect' : ''}`} onClick={() => setOpen(open === r.seq ? null : r.seq)}>
                  <td className="mono">{r.seq}</td>
                  <td className="nowrap">{r.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{r.kind}</td>
                  <td>
                    {r.actor}
                    <div className="muted small">
                      {r.profile} · {r.environment}
                    </div>
                  </td>
                  <td>
                    {r.action === 'release' ? 'release ' : r.action === 'engage' ? 'pull ' : ''}
                    {r.lever ?? '—'}
                    <div className="muted small mono">{r.target}</div>
                  </td>
                  <td>{r.outcome ? <OutcomeBadge status={r.outcome} /> : <span className="muted">{r.kind === 'intent' ? 'intent' : '—'}</span>}</td>
                  <td>
                    {r.reason}
                    {r.approvedBy && <div className="small warn-text">approved by {r.approvedBy}</div>}
                    {r.detail && <div className="muted small">{r.detail}</div>}
                  </td>
                </tr>
                {open === r.seq && (
                  <tr className="audit-detail">
                    <td colSpan={7}>
                      <pre>{JSON.stringify({ incident: r.incidentId, before: r.before, request: r.request, response: r.response, after: r.after, hash: r.hash, prevHash: r.prevHash }, null, 2)}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {a.records.length === 0 && <p className="muted">No records match.</p>}
      </section>
    </div>
  );
}
