import { useEffect, useState, type FormEvent } from 'react';
import { brandNamesOf } from '../../../../shared/brands.ts';
import { SEVERITIES, type Severity } from '../../../../shared/incidents/events.ts';
import { RAILS } from '../../../../shared/metrics.ts';
import { Modal } from '../../ui/Modal.tsx';
import { useApp } from '../app/store.ts';
import { pastUtcTime, sevName } from './incident-words.ts';
import { useIncidents, type DeclarePrefill } from './store.ts';

/** The Declare dialog, over any page: opened by the Incidents page or prefilled by `openDeclare`. */
export function DeclareDialog() {
  const declare = useIncidents((s) => s.declare);
  if (!declare) return null;
  return <DeclareForm prefill={declare.prefill} error={declare.error} busy={declare.busy} />;
}

const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

function DeclareForm({ prefill, error, busy }: { prefill: DeclarePrefill; error: string | null; busy: boolean }) {
  const close = useIncidents((s) => s.closeDeclare);
  const submitDeclare = useIncidents((s) => s.submitDeclare);
  const runbooks = useIncidents((s) => s.runbooks);
  const policyRead = useIncidents((s) => s.policy);
  const policy = policyRead.status === 'ok' ? policyRead.policy : null;
  const navigate = useApp((s) => s.navigate);
  const leverState = useApp((s) => s.leverState);
  const [title, setTitle] = useState(prefill.title ?? '');
  const [severity, setSeverity] = useState<Severity>(prefill.severity ?? 'SEV2');
  const [rails, setRails] = useState<string[]>(() => [...new Set([...(prefill.rails ?? []), ...(prefill.breach?.rail ? [prefill.breach.rail] : [])])]);
  const [brands, setBrands] = useState<string[]>(() => [...new Set([...(prefill.brands ?? []), ...(prefill.breach?.brands ?? [])])]);
  const [otherBrand, setOtherBrand] = useState('');
  const [runbookIds, setRunbookIds] = useState<string[]>(prefill.runbookIds ?? []);
  const [summary, setSummary] = useState(prefill.summary ?? '');
  const [symptom, setSymptom] = useState(prefill.firstSymptomAt ? prefill.firstSymptomAt.slice(11, 16) : '');
  useEffect(() => {
    const s = useIncidents.getState();
    if (!s.runbooks) void s.loadRunbooks();
    if (s.policy.status !== 'ok') void s.loadPolicy();
  }, []);

  const snapshot = leverState.status === 'read' ? leverState.snapshot : leverState.status === 'failed' ? (leverState.last ?? null) : null;
  const names = brandNamesOf(snapshot);
  const brandChoices = [...new Set([...names.keys(), ...brands])].sort();
  const firstSymptomAt = pastUtcTime(symptom, Date.now());
  const ready = title.trim().length >= 3 && firstSymptomAt !== 'invalid' && !busy;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const typed = otherBrand
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    const id = await submitDeclare({
      title: title.trim(),
      severity,
      rails,
      brands: [...new Set([...brands, ...typed])],
      runbookIds,
      breach: prefill.breach ?? null,
      summary: summary.trim(),
      ...(firstSymptomAt ? { firstSymptomAt } : {}),
    });
    if (id) navigate({ page: 'incidents', incidentId: id });
  };

  return (
    <Modal title="◆ Declare an incident" onClose={close} className="declare-modal">
      <form onSubmit={(e) => void submit(e)} className="declare-form">
        {prefill.breach && (
          <p className="incident-breach">
            ▲ From the dashboard’s breach: <strong>{prefill.breach.rail}</strong> {prefill.breach.summary}
          </p>
        )}
        <label className="field">
          Title
          <input className="text-input" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus placeholder="UPI p99 latency over 200 ms on Royal Spin" />
        </label>
        <fieldset className="declare-severities">
          <legend>Severity</legend>
          {SEVERITIES.map((s) => {
            const rule = policy?.severities[s];
            return (
              <label key={s} className={`declare-sev ${severity === s ? 'declare-sev-on' : ''}`}>
                <input type="radio" name="severity" value={s} checked={severity === s} onChange={() => setSeverity(s)} />
                <span className={`sev-badge sev-${s.toLowerCase()}`}>{sevName(policy, s)}</span>
                <span className="declare-sev-text small">
                  {rule ? (
                    <>
                      {rule.description} <span className="muted">· ack {rule.ack.text} · fix {rule.fix.text}</span>
                    </>
                  ) : (
                    <span className="muted">policy not read</span>
                  )}
                </span>
              </label>
            );
          })}
        </fieldset>
        <div className="field">
          Rails
          <div className="filters" role="group" aria-label="Rails">
            {RAILS.map((r) => (
              <button key={r} type="button" className={`chip ${rails.includes(r) ? 'chip-active' : ''}`} aria-pressed={rails.includes(r)} onClick={() => setRails(toggle(rails, r))}>
                {rails.includes(r) ? '✓ ' : ''}
                {r}
              </button>
            ))}
          </div>
        </div>
        <div className="field">
          Brands
          <div className="filters" role="group" aria-label="Brands">
            {brandChoices.map((b) => (
              <button key={b} type="button" className={`chip ${brands.includes(b) ? 'chip-active' : ''}`} aria-pressed={brands.includes(b)} onClick={() => setBrands(toggle(brands, b))}>
                {brands.includes(b) ? '✓ ' : ''}
                {names.get(b) ?? b}
              </button>
            ))}
            <input className="text-input declare-other" aria-label="Other brand ids" placeholder="other brand ids, comma-separated" value={otherBrand} onChange={(e) => setOtherBrand(e.target.value)} />
          </div>
        </div>
        <div className="field">
          Runbooks
          <div className="filters" role="group" aria-label="Runbooks">
            {runbookIds.map((id) => (
              <button key={id} type="button" className="chip chip-active" aria-label={`Remove runbook ${id}`} onClick={() => setRunbookIds(runbookIds.filter((x) => x !== id))}>
                ✓ {runbooks?.find((r) => r.id === id)?.title ?? id} ✕
              </button>
            ))}
            <select
              className="text-input"
              aria-label="Add a runbook"
              value=""
              onChange={(e) => {
                if (e.target.value) setRunbookIds([...runbookIds, e.target.value]);
              }}
            >
              <option value="">{runbooks ? 'add a runbook…' : 'reading runbooks…'}</option>
              {(runbooks ?? [])
                .filter((r) => !runbookIds.includes(r.id))
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title} ({r.id})
                  </option>
                ))}
            </select>
          </div>
        </div>
        <label className="field">
          Summary
          <textarea className="text-input" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} placeholder="What is seen, who is affected, what is known so far" />
        </label>
        <label className="field declare-symptom">
          First symptom at (UTC, HH:MM, optional)
          <input className={`text-input mono ${firstSymptomAt === 'invalid' ? 'input-invalid' : ''}`} value={symptom} onChange={(e) => setSymptom(e.target.value)} placeholder="03:09" />
          {firstSymptomAt === 'invalid' && <span className="error-text small">✕ write a time as HH:MM, e.g. 03:09</span>}
        </label>
        {error && (
          <p className="incident-error" role="alert">
            ✕ Not declared: {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={!ready}>
            {busy ? 'Declaring…' : `Declare ${sevName(policy, severity)}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
