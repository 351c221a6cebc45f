import { useEffect, useMemo, useState } from 'react';
import type { AuditRecord, AuditVerification } from '../../../../shared/audit.ts';
import { LEVERS } from '../../../../shared/levers.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';
import { formatTime } from '../../ui/time.ts';
import { useApp } from '../app/store.ts';
import { FoundReleasedBadge, OutcomeBadge } from '../levers/OutcomeBadge.tsx';
import { groupAuditRecords, groupTitle, KIND_WORDS, type AuditGroup } from './audit-groups.ts';
import { AuditRecordDetail } from './AuditRecordDetail.tsx';
import { NO_FILTER, useAudit } from './store.ts';
import './audit.css';

const COLUMNS = 7;

export function AuditPage() {
  const a = useAudit();
  const [open, setOpen] = useState<number | null>(null);
  const names = useBrandNames();
  useEffect(() => {
    void a.load();
    void a.verify();
    const off = api.on('audit.appended', () => void useAudit.getState().load());
    return off;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const groups = useMemo(() => groupAuditRecords(a.records), [a.records]);
  const v = a.verification;
  const filtered = Object.entries(a.filter).some(([k, val]) => val !== NO_FILTER[k as keyof typeof NO_FILTER]);
  const name = (id: string) => names.get(id) ?? id;

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
        {v && <ChainStatus v={v} />}
        <div className="filters-row audit-filters">
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
          <input
            className="text-input audit-incident-input"
            type="search"
            aria-label="Filter by incident id"
            placeholder="incident id (INC-…)"
            value={a.filter.incidentId}
            onChange={(e) => a.setFilter({ incidentId: e.target.value })}
          />
          <input
            className="text-input"
            type="search"
            aria-label="Search the audit log"
            placeholder="reason, target, actor, incident…"
            value={a.filter.text}
            onChange={(e) => a.setFilter({ text: e.target.value })}
          />
          {filtered && (
            <button type="button" className="button button-secondary" onClick={() => a.setFilter(NO_FILTER)}>
              Clear filters
            </button>
          )}
        </div>
      </section>
      {a.error && <AuditProblem error={a.error} stale={a.loaded} onRetry={() => void Promise.all([a.load(), a.verify()])} />}
      {a.loaded && (
        <section className="panel" aria-label="Audit records">
          {groups.length === 0 ? (
            <p className="muted audit-empty">
              {filtered ? 'No records match these filters. Clear them to see the whole log.' : 'No records yet: every lever pulled from this profile will be recorded here.'}
            </p>
          ) : (
            <table className="audit-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Time (UTC)</th>
                  <th>Record</th>
                  <th>Incident</th>
                  <th>Who</th>
                  <th>Outcome</th>
                  <th>Reason / detail</th>
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody key={g.key} className={`audit-group audit-group-${g.outcome ?? 'open'}`}>
                  <GroupHead group={g} title={groupTitle(g, name)} onIncident={(incidentId) => a.setFilter({ incidentId })} />
                  {g.records.map((r) => (
                    <RecordRow
                      key={r.seq}
                      record={r}
                      suspect={Boolean(v && !v.ok && v.firstBad !== null && r.seq >= v.firstBad)}
                      open={open === r.seq}
                      onToggle={() => setOpen(open === r.seq ? null : r.seq)}
                      onIncident={(incidentId) => a.setFilter({ incidentId })}
                    />
                  ))}
                </tbody>
              ))}
            </table>
          )}
          {a.records.length >= 200 && <p className="muted small">Showing the newest 200 records. Filter, or export the whole log.</p>}
        </section>
      )}
    </div>
  );
}

/** Brand display names from the top bar's lever state read (ids when it is not known). */
function useBrandNames(): Map<string, string> {
  const read = useApp((s) => s.leverState);
  return useMemo(() => new Map(read.status === 'read' ? (read.snapshot.brands ?? []).map((b) => [b.brandId, b.name] as const) : []), [read]);
}

function ChainStatus({ v }: { v: AuditVerification }) {
  return (
    <p className={v.ok ? 'ok-text chain-status' : 'error-text chain-status'} role={v.ok ? 'status' : 'alert'} aria-label="Chain verification">
      {v.ok
        ? `✓ Chain verified: ${v.checked} record${v.checked === 1 ? '' : 's'}, each hash-linked to the one before (${formatTime(v.at)}).`
        : `✗ CHAIN BROKEN at record ${v.firstBad}: ${v.problem}. Records from ${v.firstBad} on cannot be trusted; keep the database file as evidence.`}
    </p>
  );
}

function GroupHead({ group: g, title, onIncident }: { group: AuditGroup; title: string; onIncident: (id: string) => void }) {
  return (
    <tr className="audit-group-head">
      <th colSpan={COLUMNS} scope="rowgroup">
        <div className="audit-group-line">
          <span className="audit-group-title">{title}</span>
          {g.outcome ? (
            <OutcomeBadge status={g.outcome} />
          ) : g.executionId ? (
            <span className="outcome outcome-in_flight">… NO OUTCOME YET</span>
          ) : null}
          {g.foundReleased && <FoundReleasedBadge />}
          {g.incidentId && (
            <button type="button" className="audit-incident" title="Show only this incident" onClick={() => onIncident(g.incidentId!)}>
              {g.incidentId}
            </button>
          )}
          <span className="muted small mono audit-group-ids">
            {[g.lever, g.target].filter(Boolean).join(' · ')}
            {g.executionId && ` · execution ${g.executionId.slice(0, 8)}`}
          </span>
        </div>
      </th>
    </tr>
  );
}

function RecordRow(props: { record: AuditRecord; suspect: boolean; open: boolean; onToggle: () => void; onIncident: (id: string) => void }) {
  const { record: r, open } = props;
  return (
    <>
      <tr
        className={`audit-row audit-row-${r.kind} ${props.suspect ? 'audit-suspect' : ''} ${open ? 'audit-row-open' : ''}`}
        onClick={(e) => {
          if (!(e.target instanceof Element && e.target.closest('button, a'))) props.onToggle();
        }}
      >
        <td className="mono">{r.seq}</td>
        <td className="nowrap">{r.at.replace('T', ' ').slice(0, 19)}</td>
        <td className="nowrap">
          <button type="button" className="audit-open" aria-expanded={open} onClick={props.onToggle}>
            {open ? '▾' : '▸'} {KIND_WORDS[r.kind]}
          </button>
          <div className="muted small mono">
            {r.action === 'release' ? 'release ' : r.action === 'engage' ? 'pull ' : ''}
            {r.lever ?? '—'}
          </div>
        </td>
        <td className="nowrap">
          {r.incidentId ? (
            <button type="button" className="audit-incident" title="Show only this incident" onClick={() => props.onIncident(r.incidentId!)}>
              {r.incidentId}
            </button>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>
          {r.actor}
          <div className="muted small">{r.profile === r.environment ? r.profile : `${r.profile} · ${r.environment}`}</div>
        </td>
        <td>
          {r.outcome ? (
            <OutcomeBadge status={r.outcome} />
          ) : (
            <span className="muted">
              {r.kind === 'intent' ? 'intent' : r.kind === 'note' ? 'note' : '—'}
              {r.kind === 'intent' && <span className="small nowrap audit-sub">before the write</span>}
            </span>
          )}
        </td>
        <td>
          {r.reason}
          {r.approvedBy && <div className="small warn-text">approved by {r.approvedBy}</div>}
          {r.detail && <div className="muted small">{r.detail}</div>}
        </td>
      </tr>
      {open && (
        <tr className="audit-detail">
          <td colSpan={COLUMNS}>
            <AuditRecordDetail record={r} />
          </td>
        </tr>
      )}
    </>
  );
}

const ADVICE: Partial<Record<ApiError['code'], string>> = {
  unauthorized:
    'This browser has no session with the console. Open the URL Switchyard printed when it started (the one ending in ?token=…); if the console was restarted, use the new URL it printed.',
  forbidden: 'This console may not read the audit log from here. Open it on the operator console.',
  offline: 'The console server is not answering. Check that Switchyard (or `npm run serve`) is still running, then try again.',
  storage:
    'The local database refused the read. Keep the database file as evidence (do not delete it), restart Switchyard, and check its log for the reason.',
};

function AuditProblem({ error, stale, onRetry }: { error: ApiError; stale: boolean; onRetry: () => void }) {
  return (
    <section className="panel audit-problem" role="alert" aria-label="Audit log problem">
      <h2>✗ The audit log could not be read</h2>
      <p className="audit-problem-why">{error.message}</p>
      <p>
        <b>What to do:</b> {ADVICE[error.code] ?? 'Try again. If it keeps failing, restart Switchyard and check its log.'}
      </p>
      {stale && <p className="muted">The records below were read before this error and may be out of date.</p>}
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
