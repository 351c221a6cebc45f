import { useState } from 'react';
import type { LeverExecution, LeverPlan } from '../../../../shared/levers.ts';
import { CodeBlock } from '../../ui/CodeBlock.tsx';
import { FoundReleasedBadge, OutcomeBadge } from './OutcomeBadge.tsx';
import { useLevers } from './store.ts';

/** Every dialog of the lever protocol: confirm, refusal with its SQL fallback, progress, outcome, recovery. */
export function LeverDialog() {
  const { dialog, close } = useLevers();
  if (dialog.kind === 'closed') return null;
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-label="Lever">
        {dialog.kind === 'planning' && <p className="muted">Reading the current state from the platform…</p>}
        {dialog.kind === 'confirm' && <Confirm plan={dialog.plan} />}
        {dialog.kind === 'refused' && <Refused plan={dialog.plan} />}
        {dialog.kind === 'executing' && <Executing plan={dialog.plan} />}
        {dialog.kind === 'result' && <Outcome plan={dialog.plan} execution={dialog.execution} />}
        {dialog.kind === 'recovery' && <Recovery />}
        {dialog.kind === 'recovering' && <p className="muted">Releasing levers in reverse order, verifying each…</p>}
        {dialog.kind === 'recovered' && <Recovered results={dialog.results} error={dialog.error?.message ?? null} />}
        {dialog.kind === 'error' && (
          <>
            <h2 className="error-text">✗ Not done</h2>
            <p>{dialog.error.message}</p>
          </>
        )}
        {dialog.kind !== 'executing' && dialog.kind !== 'recovering' && dialog.kind !== 'confirm' && dialog.kind !== 'recovery' && (
          <div className="modal-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Close
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function EnvLine({ environment, production }: { environment: string; production: boolean }) {
  return (
    <div className={`confirm-env ${production ? 'confirm-env-prod' : ''}`}>
      {production ? '◆ PRODUCTION' : 'Environment'}: <strong>{environment}</strong>
    </div>
  );
}

function Confirm({ plan }: { plan: LeverPlan }) {
  const { execute, close } = useLevers();
  const [reason, setReason] = useState('');
  const [incident, setIncident] = useState('');
  const [typed, setTyped] = useState('');
  const [approver, setApprover] = useState('');
  const engage = plan.action === 'engage';
  const ready =
    reason.trim().length >= 3 && (!plan.requiresTypedEnvironment || typed === plan.environment) && (!plan.freeze.active || approver.trim().length >= 2);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (ready)
          void execute({
            reason: reason.trim(),
            incidentId: incident.trim() || undefined,
            typedEnvironment: plan.requiresTypedEnvironment ? typed : undefined,
            approvedBy: approver.trim() || undefined,
          });
      }}
    >
      <h2>
        {engage ? 'Pull' : 'Release'}: {plan.title}
      </h2>
      <EnvLine environment={plan.environment} production={plan.production} />
      <div className="before-after" aria-label="Before and after">
        <span className="state-pill">{plan.before}</span>
        <span className="arrow">→</span>
        <span className={`state-pill ${engage ? 'state-engaged' : 'state-live'}`}>{plan.after}</span>
        <span className="muted"> for {plan.targetLabel}</span>
      </div>
      <ul className="blast" aria-label="Blast radius">
        {plan.blastRadius.map((b) => (
          <li key={b}>▲ {b}</li>
        ))}
      </ul>
      <label className="field">
        Reason (recorded in the audit log)
        <textarea className="text-input" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus placeholder="e.g. UPI p99 at 450 ms on Royal Spin, provider timeouts" />
      </label>
      <label className="field">
        Incident (optional)
        <input className="text-input" value={incident} onChange={(e) => setIncident(e.target.value)} placeholder="INC-1234" />
      </label>
      {plan.freeze.active && (
        <label className="field">
          <span className="warn-text">▲ Release freeze in force ({plan.freeze.window}): incident commander who approved</span>
          <input className="text-input" value={approver} onChange={(e) => setApprover(e.target.value)} placeholder="name of the incident commander" />
        </label>
      )}
      {plan.requiresTypedEnvironment && (
        <label className="field">
          Platform-wide: type the environment name <strong className="mono">{plan.environment}</strong> to confirm
          <input className="text-input mono" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Type the environment name" autoComplete="off" />
        </label>
      )}
      <div className="modal-actions">
        <button type="button" className="button button-secondary" onClick={close}>
          Cancel
        </button>
        <button type="submit" className={`button ${engage ? 'button-danger' : ''}`} disabled={!ready}>
          {engage ? 'Pull lever' : 'Release lever'} in {plan.environment}
        </button>
      </div>
    </form>
  );
}

function Refused({ plan }: { plan: LeverPlan }) {
  return (
    <>
      <h2 className="error-text">✗ {plan.title}: refused</h2>
      <EnvLine environment={plan.environment} production={plan.production} />
      <p role="alert">{plan.refusal?.message}</p>
      {plan.refusal?.code === 'offline' && plan.sqlFallback && (
        <>
          <p className="muted">SQL fallback ({plan.action === 'engage' ? 'pull' : 'release'}) — shown, never run by Switchyard. Runbook: incident-response, “{plan.title}”.</p>
          <CodeBlock code={plan.sqlFallback} language="sql" environment={null} />
        </>
      )}
    </>
  );
}

function Executing({ plan }: { plan: LeverPlan }) {
  return (
    <>
      <h2>
        {plan.action === 'engage' ? 'Pulling' : 'Releasing'}: {plan.title}
      </h2>
      <EnvLine environment={plan.environment} production={plan.production} />
      <ol className="progress-steps">
        <li>✓ Intent recorded in the audit log</li>
        <li>… Writing once to the platform, then reading back and probing</li>
      </ol>
    </>
  );
}

function Outcome({ plan, execution }: { plan: LeverPlan; execution: LeverExecution }) {
  const { reverify, open } = useLevers();
  return (
    <>
      <h2>
        <OutcomeBadge status={execution.status} large /> {plan.title}
      </h2>
      <EnvLine environment={plan.environment} production={plan.production} />
      <p className="muted">
        {plan.targetLabel}: {plan.before} → {plan.after}
      </p>
      <p className="outcome-detail">{execution.detail}</p>
      {execution.status === 'unknown' && (
        <button type="button" className="button" onClick={() => void reverify(execution.id)}>
          Re-verify now
        </button>
      )}
      {execution.conflict && (
        <button type="button" className="button" onClick={() => void open(plan.lever, plan.target, plan.action)}>
          State moved: review again
        </button>
      )}
    </>
  );
}

function Recovery() {
  const { dialog, recover, close } = useLevers();
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [approver, setApprover] = useState('');
  if (dialog.kind !== 'recovery') return null;
  const r = dialog.recovery;
  const ready = reason.trim().length >= 3 && (!r.requiresTypedEnvironment || typed === r.environment);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void recover({ reason: reason.trim(), typedEnvironment: r.requiresTypedEnvironment ? typed : undefined, approvedBy: approver.trim() || undefined });
      }}
    >
      <h2>Recovery: release in reverse order</h2>
      <EnvLine environment={r.environment} production={r.production} />
      <ol className="recovery-steps">
        {r.steps.map((s) => (
          <li key={s.engagedBy.id}>
            {s.title} — <span className="mono">{s.target}</span> <span className="muted">(pulled {s.engagedBy.startedAt.slice(11, 19)} UTC)</span>
          </li>
        ))}
      </ol>
      <p className="muted">Each release is verified before the next; recovery stops at the first that is not verified.</p>
      <label className="field">
        Reason
        <textarea className="text-input" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus placeholder="root cause contained: provider back to normal" />
      </label>
      <label className="field">
        Incident commander (needed during a release freeze)
        <input className="text-input" value={approver} onChange={(e) => setApprover(e.target.value)} />
      </label>
      {r.requiresTypedEnvironment && (
        <label className="field">
          Includes platform-wide levers: type <strong className="mono">{r.environment}</strong>
          <input className="text-input mono" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Type the environment name" />
        </label>
      )}
      <div className="modal-actions">
        <button type="button" className="button button-secondary" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="button" disabled={!ready || r.steps.length === 0}>
          Release {r.steps.length} lever{r.steps.length === 1 ? '' : 's'} in reverse order
        </button>
      </div>
    </form>
  );
}

function Recovered({ results, error }: { results: LeverExecution[]; error: string | null }) {
  // A step found already released comes back as its engage, marked foundReleased: nothing was sent for it.
  const released = (r: LeverExecution) => r.action === 'engage' && r.foundReleased !== null;
  return (
    <>
      <h2>Recovery {error || results.some((r) => !released(r) && r.status !== 'verified') ? 'stopped' : 'complete'}</h2>
      {error && <p className="error-text">✗ {error}</p>}
      <ol className="recovery-steps">
        {results.map((r) =>
          released(r) ? (
            <li key={r.id}>
              <FoundReleasedBadge /> {r.lever} — <span className="mono">{r.target}</span>: nothing sent
              <div className="muted small">{r.foundReleased?.detail}</div>
            </li>
          ) : (
            <li key={r.id}>
              <OutcomeBadge status={r.status} /> {r.lever} — <span className="mono">{r.target}</span>
              <div className="muted small">{r.detail}</div>
            </li>
          ),
        )}
      </ol>
      <p className="muted">Before declaring all-clear: a real deposit, a withdrawal, one provider settle round-trip, and reconciliation for the affected brands.</p>
    </>
  );
}
