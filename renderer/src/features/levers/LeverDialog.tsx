import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LeverExecution, LeverPlan } from '../../../../shared/levers.ts';
import { CodeBlock } from '../../ui/CodeBlock.tsx';
import { Modal } from '../../ui/Modal.tsx';
import { FoundReleasedBadge, OutcomeBadge } from './OutcomeBadge.tsx';
import { useLevers, type DialogState } from './store.ts';
import './levers.css';

/**
 * Every dialog of the lever protocol: confirm, refusal with its SQL fallback, progress, outcome,
 * recovery. A real modal: the page behind is inert, Tab stays inside, Escape or a click on the
 * backdrop cancels (not while a write is in flight), and focus goes back to the lever's button.
 */
export function LeverDialog() {
  const dialog = useLevers((s) => s.dialog);
  const open = dialog.kind !== 'closed';
  useEffect(() => {
    if (open) return;
    // The Modal gives focus back to the button that opened it. When that button is gone (the
    // lever moved: "Disable…" is now "Enable…"), the same lever's control takes it.
    const origin = useLevers.getState().origin;
    const at = document.activeElement;
    if (!origin || (at && at !== document.body)) return;
    const control = Array.from(document.querySelectorAll<HTMLElement>('.lever-control')).find(
      (el) => el.dataset.lever === origin.lever && el.dataset.target === origin.target,
    );
    control?.querySelector<HTMLElement>('button')?.focus();
  }, [open]);
  if (dialog.kind === 'closed') return null;
  return <LeverModal dialog={dialog} />;
}

const BUSY: readonly DialogState['kind'][] = ['executing', 'recovering'];

function LeverModal({ dialog }: { dialog: Exclude<DialogState, { kind: 'closed' }> }) {
  const close = useLevers((s) => s.close);
  const body = useRef<HTMLDivElement>(null);
  // A write in flight is not cancelled by Escape or a stray click: its outcome must be seen.
  const cancel = BUSY.includes(dialog.kind) ? () => {} : close;
  useEffect(() => {
    // New content (the plan came back, the outcome arrived): focus its first action, or the
    // dialog itself, never the page behind or nowhere.
    const modal = body.current?.closest<HTMLElement>('[role="dialog"]');
    if (!modal) return;
    const preferred = modal.querySelector<HTMLElement>('[data-autofocus]');
    if (preferred) preferred.focus();
    else if (!modal.contains(document.activeElement)) modal.focus();
  }, [dialog.kind]);
  return (
    <Modal title={titleOf(dialog)} onClose={cancel} className="lever-modal">
      <div ref={body} className="lever-modal-body">
        {dialog.kind === 'planning' && <p className="muted">Reading the current state from the platform…</p>}
        {dialog.kind === 'confirm' && <Confirm plan={dialog.plan} />}
        {dialog.kind === 'refused' && <Refused plan={dialog.plan} />}
        {dialog.kind === 'executing' && <Executing plan={dialog.plan} />}
        {dialog.kind === 'result' && <Outcome plan={dialog.plan} execution={dialog.execution} />}
        {dialog.kind === 'recovery' && <Recovery />}
        {dialog.kind === 'recovering' && <p className="muted">Releasing levers in reverse order, verifying each…</p>}
        {dialog.kind === 'recovered' && <Recovered results={dialog.results} error={dialog.error?.message ?? null} />}
        {dialog.kind === 'error' && <p>{dialog.error.message}</p>}
        {dialog.kind === 'planning' && (
          <div className="modal-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Cancel
            </button>
          </div>
        )}
        {(dialog.kind === 'refused' || dialog.kind === 'result' || dialog.kind === 'recovered' || dialog.kind === 'error') && (
          <div className="modal-actions">
            <button type="button" className="button button-secondary" onClick={close} data-autofocus>
              Close
            </button>
          </div>
        )}
      </div>
    </Modal>
  );
}

function titleOf(d: Exclude<DialogState, { kind: 'closed' }>): ReactNode {
  switch (d.kind) {
    case 'planning':
      return `${d.action === 'engage' ? 'Pull' : 'Release'}: reading the current state…`;
    case 'confirm':
      return `${d.plan.action === 'engage' ? 'Pull' : 'Release'}: ${d.plan.title}`;
    case 'refused':
      return <span className="error-text">✗ {d.plan.title}: refused</span>;
    case 'executing':
      return `${d.plan.action === 'engage' ? 'Pulling' : 'Releasing'}: ${d.plan.title}`;
    case 'result':
      return (
        <>
          <OutcomeBadge status={d.execution.status} large /> {d.plan.title}
        </>
      );
    case 'recovery':
      return 'Recovery: release in reverse order';
    case 'recovering':
      return 'Recovery: releasing…';
    case 'recovered': {
      const released = (r: LeverExecution) => r.action === 'engage' && r.foundReleased !== null;
      return `Recovery ${d.error || d.results.some((r) => !released(r) && r.status !== 'verified') ? 'stopped' : 'complete'}`;
    }
    case 'error':
      return <span className="error-text">✗ Not done</span>;
  }
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
  const [incident, setIncident] = useState(() => useLevers.getState().incidentId ?? '');
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

/** The platform could not be used for this lever: unreachable, or its API failing. */
const PLATFORM_DOWN = new Set(['offline', 'upstream']);

function Refused({ plan }: { plan: LeverPlan }) {
  const section = useLevers((s) => s.catalog.find((c) => c.id === plan.lever)?.runbookSection ?? `“${plan.title}”`);
  const down = plan.refusal !== null && PLATFORM_DOWN.has(plan.refusal.code);
  return (
    <>
      <EnvLine environment={plan.environment} production={plan.production} />
      <p role="alert">{plan.refusal?.message}</p>
      {down && plan.sqlFallback && (
        <>
          <p className="sql-fallback-note">
            <strong>To act without the admin API:</strong> this SQL fallback ({plan.action === 'engage' ? 'pull' : 'release'}, {plan.targetLabel}), run in psql by
            platform-sre with database write access — runbook incident-response, {section}. Shown here, never run by Switchyard; record it on the incident.
          </p>
          <CodeBlock code={plan.sqlFallback} language="sql" environment={null} />
        </>
      )}
      {down && !plan.sqlFallback && <p className="muted">No SQL fallback for this lever: follow runbook incident-response, {section}.</p>}
    </>
  );
}



function Executing({ plan }: { plan: LeverPlan }) {
  return (
    <>
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
