import { useState, type FormEvent } from 'react';
import { SEVERITIES, type EventBody, type Severity } from '../../../../shared/incidents/events.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { Modal } from '../../ui/Modal.tsx';
import { sevName } from './incident-words.ts';
import { lastName, rememberName } from './people.ts';
import { useIncidents } from './store.ts';

type Action = 'acknowledge' | 'mitigate' | 'resolve' | 'cancel' | 'reopen' | 'severity' | 'handover' | 'postmortem';

const LABEL: Record<Action, string> = {
  acknowledge: 'Acknowledge…',
  mitigate: 'Mitigate…',
  resolve: 'Resolve…',
  cancel: 'Cancel incident…',
  reopen: 'Reopen…',
  severity: 'Change severity…',
  handover: 'Hand over…',
  postmortem: 'Postmortem complete…',
};

/** The moves the lifecycle allows from each state (transitions.ts); the core checks again. */
const BY_STATE: Record<string, Action[]> = {
  declared: ['acknowledge', 'resolve', 'severity', 'cancel'],
  acknowledged: ['mitigate', 'resolve', 'handover', 'severity', 'cancel'],
  mitigated: ['resolve', 'handover', 'severity', 'cancel'],
  resolved: ['reopen', 'postmortem', 'severity'],
  postmortem_done: [],
  cancelled: [],
};

/** The incident's lifecycle buttons, each opening a short form: who, why, or what was done. */
export function LifecycleActions({ view, policy }: { view: IncidentView; policy: SeverityPolicy | null }) {
  const [action, setAction] = useState<Action | null>(null);
  const actions = BY_STATE[view.state ?? ''] ?? [];
  if (actions.length === 0) return null;
  return (
    <div className="incident-actions" role="group" aria-label="Incident actions">
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          className={`button ${a === 'acknowledge' ? '' : a === 'cancel' ? 'button-danger-outline' : 'button-secondary'}`}
          onClick={() => {
            useIncidents.getState().clearActionError();
            setAction(a);
          }}
        >
          {LABEL[a]}
        </button>
      ))}
      {action && <ActionDialog action={action} view={view} policy={policy} onClose={() => setAction(null)} />}
    </div>
  );
}

function ActionDialog({ action, view, policy, onClose }: { action: Action; view: IncidentView; policy: SeverityPolicy | null; onClose: () => void }) {
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const error = useIncidents((s) => s.actionError);
  const [name, setName] = useState(() => (action === 'acknowledge' ? lastName() : ''));
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<Severity>(() => SEVERITIES.find((s) => s !== view.severity) ?? 'SEV1');
  const needsName = action === 'acknowledge' || action === 'handover';
  const needsReason = action === 'cancel' || action === 'reopen' || action === 'severity';
  const ready = (!needsName || name.trim().length > 0) && (!needsReason || text.trim().length > 0) && !busy;

  const body = (): EventBody => {
    const note = text.trim();
    switch (action) {
      case 'acknowledge':
        return { type: 'acknowledged', owner: name.trim() };
      case 'mitigate':
        return { type: 'mitigated', note };
      case 'resolve':
        return { type: 'resolved', note };
      case 'cancel':
        return { type: 'cancelled', reason: note };
      case 'reopen':
        return { type: 'reopened', reason: note };
      case 'severity':
        return { type: 'severity_changed', severity, reason: note };
      case 'handover':
        return { type: 'handover', from: view.owner ?? '', to: name.trim(), text: note };
      case 'postmortem':
        return { type: 'postmortem_completed' };
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    if (needsName) rememberName(name);
    if (await record(view.id, body())) onClose();
  };

  const title: Record<Action, string> = {
    acknowledge: `Acknowledge ${view.id}`,
    mitigate: `Mark ${view.id} mitigated`,
    resolve: `Resolve ${view.id}`,
    cancel: `Cancel ${view.id}`,
    reopen: `Reopen ${view.id}`,
    severity: `Change the severity of ${view.id}`,
    handover: `Hand ${view.id} over`,
    postmortem: `Postmortem of ${view.id} complete`,
  };

  return (
    <Modal title={title[action]} onClose={busy ? () => {} : onClose} className="incident-action-modal">
      <form onSubmit={(e) => void submit(e)}>
        {action === 'acknowledge' && (
          <p className="muted">Acknowledging names the owner: the engineer who owns the incident, has started its runbook and posted status.</p>
        )}
        {needsName && (
          <label className="field">
            {action === 'acknowledge' ? 'Owner (your name)' : `Hand over from ${view.owner ?? 'nobody'} to`}
            <input className="text-input" value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="name" />
          </label>
        )}
        {action === 'severity' && (
          <label className="field">
            New severity (now {sevName(policy, view.severity)})
            <select className="text-input" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} autoFocus>
              {SEVERITIES.filter((s) => s !== view.severity).map((s) => (
                <option key={s} value={s}>
                  {sevName(policy, s)}
                  {policy?.severities[s].description ? ` — ${policy.severities[s].description}` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {action !== 'acknowledge' && action !== 'postmortem' && (
          <label className="field">
            {needsReason ? 'Reason (required, on the timeline)' : action === 'handover' ? 'Handover note (optional)' : 'What was done (optional, on the timeline)'}
            <textarea className="text-input" rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus={!needsName && action !== 'severity'} />
          </label>
        )}
        {action === 'postmortem' && <p>The postmortem is written and reviewed: this closes the incident for good (it can no longer be reopened).</p>}
        {error && (
          <p className="incident-error" role="alert">
            ✕ Not done: {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            Back
          </button>
          <button type="submit" className={`button ${action === 'cancel' ? 'button-danger' : ''}`} disabled={!ready}>
            {busy ? 'Saving…' : LABEL[action].replace('…', '')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
