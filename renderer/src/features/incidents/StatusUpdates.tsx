import { useState, type FormEvent } from 'react';
import type { Clock } from '../../../../shared/incidents/clocks.ts';
import type { StatusAudience } from '../../../../shared/incidents/events.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { ClockPill } from './ClockViews.tsx';
import { utcTime } from './incident-words.ts';
import { affectedOf, composeStatus, nextUpdateAt, type StatusDraft } from './status-templates.ts';
import { useIncidents } from './store.ts';

const AUDIENCE_WORDS: Record<StatusAudience, string> = { internal: 'Internal', customer: 'Customer-facing' };

/**
 * Status updates: when the next one is due, a composer that fills the team's template (what is
 * affected, what we are doing, when the next update comes, from the policy's cadence), and what
 * was sent, newest first.
 */
export function StatusUpdates({ view, policy, clocks, now, canWrite }: { view: IncidentView; policy: SeverityPolicy | null; clocks: Clock[]; now: number; canWrite: boolean }) {
  const due = clocks.filter((c) => (c.kind === 'status_update' || c.kind === 'customer_notice') && (c.state === 'running' || c.state === 'approaching' || c.state === 'overdue'));
  const sent = [...view.statusUpdates].reverse();
  return (
    <section className="panel status-panel" aria-label="Status updates">
      <div className="section-title-row">
        <h2>Status updates</h2>
        <div className="row-gap">
          {due.map((c) => (
            <ClockPill key={c.id} clock={c} />
          ))}
        </div>
      </div>
      {canWrite && <Composer view={view} policy={policy} now={now} />}
      <h3 className="status-history-title">Sent ({sent.length})</h3>
      {sent.length === 0 ? (
        <p className="muted">No status update sent yet.</p>
      ) : (
        <ol className="status-history" aria-label="Sent status updates">
          {sent.map((u) => (
            <li key={u.eventId} className={`status-sent status-sent-${u.audience}`}>
              <div className="status-sent-head">
                <span className={`status-audience status-audience-${u.audience}`}>{u.audience === 'customer' ? '◆ CUSTOMER' : '● INTERNAL'}</span>
                <span className="muted small">
                  {utcTime(u.at, now)} · {u.actor}
                </span>
              </div>
              <p className="status-sent-text">{u.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Composer({ view, policy, now }: { view: IncidentView; policy: SeverityPolicy | null; now: number }) {
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const [draft, setDraft] = useState<StatusDraft>(() => ({ audience: 'internal', affected: affectedOf(view), doing: '', nextAt: nextUpdateAt(view, policy, now) }));
  // The message follows the template until someone edits it by hand.
  const [edited, setEdited] = useState<string | null>(null);
  const text = edited ?? composeStatus(draft, view, policy);
  const change = (d: Partial<StatusDraft>) => setDraft({ ...draft, ...d });
  const ready = text.trim().length > 0 && !busy;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    if (await record(view.id, { type: 'status_posted', audience: draft.audience, text: text.trim() })) {
      setEdited(null);
      setDraft({ ...draft, nextAt: nextUpdateAt(view, policy, Date.now()) });
    }
  };
  return (
    <form className="status-composer" onSubmit={(e) => void submit(e)} aria-label="Compose a status update">
      <div className="dash-seg" role="group" aria-label="Audience">
        {(['internal', 'customer'] as StatusAudience[]).map((a) => (
          <button key={a} type="button" className={`dash-seg-btn ${draft.audience === a ? 'dash-seg-on' : ''}`} aria-pressed={draft.audience === a} onClick={() => change({ audience: a })}>
            {AUDIENCE_WORDS[a]}
          </button>
        ))}
      </div>
      <div className="status-fields">
        <label className="field">
          What is affected
          <input className="text-input" value={draft.affected} onChange={(e) => change({ affected: e.target.value })} placeholder="UPI deposits for Royal Spin" />
        </label>
        <label className="field status-next">
          Next update (UTC)
          <input className="text-input mono" value={draft.nextAt} onChange={(e) => change({ nextAt: e.target.value })} placeholder="HH:MM" />
        </label>
        <label className="field status-doing">
          What we are doing
          <input className="text-input" value={draft.doing} onChange={(e) => change({ doing: e.target.value })} placeholder="deposits halted on the slow provider; routing to the backup" />
        </label>
      </div>
      <label className="field">
        <span>
          Message{' '}
          {edited !== null && (
            <button type="button" className="link-button small" onClick={() => setEdited(null)}>
              back to the template
            </button>
          )}
        </span>
        <textarea className="text-input status-text" rows={5} value={text} onChange={(e) => setEdited(e.target.value)} />
      </label>
      <div className="status-actions">
        <button type="submit" className="button" disabled={!ready}>
          Record {draft.audience === 'customer' ? 'customer-facing' : 'internal'} update
        </button>
        <span className="muted small">Recorded on the timeline as sent: post it in the channel or status page too.</span>
      </div>
    </form>
  );
}
