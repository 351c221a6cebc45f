import { useMemo, useState, type FormEvent } from 'react';
import { affectedPeople, coverageGaps } from '../../../../shared/rotation/oncall.ts';
import { Override, Schedule, Swap } from '../../../../shared/rotation/schema.ts';
import { GapItem } from './Coverage.tsx';
import { affectedWords, DAY_MS, fromLocalInput, issuesWords, newGaps, newGapWords, overrideWords, swapWords, utcStamp } from './rotation-words.ts';
import { useRotation } from './store.ts';

const newId = (kind: string) => `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

function everyone(schedule: Schedule): string[] {
  return [...new Set(schedule.rotations.flatMap((r) => r.people))].sort();
}

/** A local date-time input with what it means in UTC beside it. */
function LocalTime({ label, value, onChange, zone }: { label: string; value: string; onChange(v: string): void; zone: string }) {
  const iso = fromLocalInput(value, zone);
  return (
    <label className="rot-field">
      <span>
        {label} <span className="muted small">(your time, {zone})</span>
      </span>
      <input className="text-input" type="datetime-local" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />
      <span className="muted small rot-utc">{iso ? `= ${utcStamp(Date.parse(iso))}` : ' '}</span>
    </label>
  );
}

function OverrideForm({ schedule, zone }: { schedule: Schedule; zone: string }) {
  const addOverride = useRotation((s) => s.addOverride);
  const [role, setRole] = useState<'primary' | 'backup'>('primary');
  const [person, setPerson] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [rotationId, setRotationId] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = fromLocalInput(start, zone);
    const t = fromLocalInput(end, zone);
    if (!s || !t) return setProblem('Give a start and an end.');
    const r = Override.safeParse({ id: newId('ov'), role, person: person.trim(), start: s, end: t, reason: reason.trim(), source: { kind: 'console' }, ...(rotationId ? { rotationId } : {}) });
    if (!r.success) return setProblem(issuesWords(r.error.issues));
    setProblem(null);
    addOverride(r.data);
    setPerson('');
    setReason('');
  };
  return (
    <form className="rot-form" aria-label="Add an override" onSubmit={submit}>
      <h3 className="rot-h3">Add an override</h3>
      <div className="rot-form-row">
        <label className="rot-field">
          <span>Role</span>
          <select className="text-input" aria-label="Override role" value={role} onChange={(e) => setRole(e.target.value as 'primary' | 'backup')}>
            <option value="primary">primary</option>
            <option value="backup">backup</option>
          </select>
        </label>
        <label className="rot-field">
          <span>Person</span>
          <input className="text-input" aria-label="Override person" list="rot-people" value={person} onChange={(e) => setPerson(e.target.value)} placeholder="who takes the role" />
        </label>
        <label className="rot-field">
          <span>Rotation</span>
          <select className="text-input" aria-label="Override rotation" value={rotationId} onChange={(e) => setRotationId(e.target.value)}>
            <option value="">whichever is on</option>
            {schedule.rotations.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="rot-form-row">
        <LocalTime label="Override start" value={start} onChange={setStart} zone={zone} />
        <LocalTime label="Override end" value={end} onChange={setEnd} zone={zone} />
        <label className="rot-field rot-field-wide">
          <span>Reason</span>
          <input className="text-input" aria-label="Override reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. covering asha’s leave" />
        </label>
      </div>
      {problem && (
        <p className="rot-error" role="alert">
          ✕ {problem}
        </p>
      )}
      <button type="submit" className="button button-secondary">
        Add override
      </button>
    </form>
  );
}

function SwapForm({ zone }: { zone: string }) {
  const addSwap = useRotation((s) => s.addSwap);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = fromLocalInput(start, zone);
    const t = fromLocalInput(end, zone);
    if (!s || !t) return setProblem('Give a start and an end.');
    const r = Swap.safeParse({ id: newId('sw'), a: a.trim(), b: b.trim(), start: s, end: t, reason: reason.trim() });
    if (!r.success) return setProblem(issuesWords(r.error.issues));
    setProblem(null);
    addSwap(r.data);
    setA('');
    setB('');
    setReason('');
  };
  return (
    <form className="rot-form" aria-label="Add a swap" onSubmit={submit}>
      <h3 className="rot-h3">Add a swap</h3>
      <div className="rot-form-row">
        <label className="rot-field">
          <span>Person A</span>
          <input className="text-input" aria-label="Swap person A" list="rot-people" value={a} onChange={(e) => setA(e.target.value)} />
        </label>
        <label className="rot-field">
          <span>Person B</span>
          <input className="text-input" aria-label="Swap person B" list="rot-people" value={b} onChange={(e) => setB(e.target.value)} />
        </label>
      </div>
      <div className="rot-form-row">
        <LocalTime label="Swap start" value={start} onChange={setStart} zone={zone} />
        <LocalTime label="Swap end" value={end} onChange={setEnd} zone={zone} />
      </div>
      <div className="rot-form-row">
        <label className="rot-field rot-field-wide">
          <span>Reason</span>
          <input className="text-input" aria-label="Swap reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. asha takes ravi’s Friday" />
        </label>
      </div>
      {problem && (
        <p className="rot-error" role="alert">
          ✕ {problem}
        </p>
      )}
      <button type="submit" className="button button-secondary">
        Add swap
      </button>
    </form>
  );
}

/** What the unsaved edit does over the next 30 days, before it is saved: new gaps and who moves. */
function DraftEffect({ saved, draft, base, now, zone, version }: { saved: Schedule; draft: Schedule; base: number | null; now: number; zone: string; version: number | null }) {
  const saveDraft = useRotation((s) => s.saveDraft);
  const discardDraft = useRotation((s) => s.discardDraft);
  const save = useRotation((s) => s.save);
  const [note, setNote] = useState('');
  // Per minute: the effect of an edit does not change by the second.
  const minute = Math.floor(now / 60_000) * 60_000;
  const parsed = useMemo(() => Schedule.safeParse(draft), [draft]);
  const effect = useMemo(() => {
    if (!parsed.success) return null;
    const until = minute + 30 * DAY_MS;
    const gaps = newGaps(coverageGaps(saved, minute, until), coverageGaps(parsed.data, minute, until));
    return { gaps, people: affectedPeople(saved, parsed.data, minute, until) };
  }, [saved, parsed, minute]);
  const added = draft.overrides.filter((o) => !saved.overrides.some((x) => x.id === o.id)).length + draft.swaps.filter((o) => !saved.swaps.some((x) => x.id === o.id)).length;
  const removed = saved.overrides.filter((o) => !draft.overrides.some((x) => x.id === o.id)).length + saved.swaps.filter((o) => !draft.swaps.some((x) => x.id === o.id)).length;
  return (
    <div className="rot-draft" data-testid="draft-effect" role="region" aria-label="Unsaved edits">
      <h3 className="rot-h3">
        Unsaved edits: {added} added, {removed} removed
      </h3>
      {!parsed.success && (
        <p className="rot-error" role="alert">
          ✕ This edit does not make a valid schedule: {issuesWords(parsed.error.issues)}
        </p>
      )}
      {effect && (
        <>
          {effect.gaps.length > 0 ? (
            <ul className="rot-gaps" aria-label="New gaps">
              {effect.gaps.map((g) => (
                <GapItem key={`${g.start}-${g.missing}`} gap={g} now={now} zone={zone} words={newGapWords(g)} />
              ))}
            </ul>
          ) : (
            <p className="rot-ok">✓ This edit leaves no new gap in the next 30 days.</p>
          )}
          <p data-testid="draft-people">
            {effect.people.length > 0 ? (
              <>
                People whose shifts this moves: <strong>{affectedWords(effect.people)}</strong>
              </>
            ) : (
              'This edit moves nobody’s shifts in the next 30 days.'
            )}
          </p>
        </>
      )}
      {version !== base && (
        <p className="banner-warn">
          ▲ Version {version ?? '?'} was saved since you started editing (from {base === null ? 'the bundled schedule' : `version ${base}`}): saving will be refused.
        </p>
      )}
      <form
        className="rot-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void saveDraft(note.trim()).then((ok) => ok && setNote(''));
        }}
      >
        <label className="rot-field rot-field-wide">
          <span>Note</span>
          <input className="text-input" aria-label="Note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="what changed and why (kept with the version)" />
        </label>
        <button type="submit" className="button" disabled={save.status === 'busy' || !parsed.success}>
          {save.status === 'busy' ? 'Saving…' : 'Save the schedule'}
        </button>
        <button type="button" className="button button-secondary" onClick={discardDraft}>
          Discard the edits
        </button>
      </form>
      {save.status === 'failed' && (
        <p className="rot-error" role="alert" data-testid="save-refused">
          ✕ {/^Not saved/.test(save.message) ? save.message : `Not saved: ${save.message}`}
          {save.code === 'conflict' ? ' Your edits are still here: discard them to start again from the newest version.' : ''}
        </p>
      )}
    </div>
  );
}

/**
 * Overrides and swaps: the lists (with delete) and the forms to add one. Every change is a draft
 * until saved; its effect is shown live.
 */
export function Edits({ saved, now, zone, canWrite }: { saved: Schedule; now: number; zone: string; canWrite: boolean }) {
  const draft = useRotation((s) => s.draft);
  const info = useRotation((s) => s.info);
  const save = useRotation((s) => s.save);
  const removeOverride = useRotation((s) => s.removeOverride);
  const removeSwap = useRotation((s) => s.removeSwap);
  const shown = draft?.schedule ?? saved;
  const version = info.status === 'ok' ? info.value.version : null;
  const overrides = [...shown.overrides].filter((o) => Date.parse(o.end) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const swaps = [...shown.swaps].filter((s) => Date.parse(s.end) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const pastOverrides = shown.overrides.length - overrides.length;
  const pastSwaps = shown.swaps.length - swaps.length;
  return (
    <section className="panel rot-edits" aria-label="Overrides and swaps" data-testid="edits">
      <h2>Overrides and swaps</h2>
      <datalist id="rot-people">
        {everyone(saved).map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {save.status === 'done' && !draft && (
        <p className="rot-ok" role="status">
          ✓ Saved as version {save.value.version ?? '?'}
          {save.value.savedBy ? ` by ${save.value.savedBy}` : ''}.
        </p>
      )}
      <div className="rot-edit-lists">
        <div>
          <h3 className="rot-h3">Overrides ({overrides.length} current or coming)</h3>
          {overrides.length === 0 ? (
            <p className="muted">No override now or to come.</p>
          ) : (
            <ul className="rot-list rot-edit-list" aria-label="Overrides">
              {overrides.map((o) => (
                <li key={o.id} data-override={o.id}>
                  <span>
                    {Date.parse(o.start) <= now && <strong className="rot-tag">IN FORCE</strong>} ✎ {overrideWords(o, saved)}
                    {o.source.kind === 'ical' && <span className="muted small"> · from iCal{o.source.feed ? ` (${o.source.feed})` : ''}</span>}
                  </span>
                  {canWrite && (
                    <button type="button" className="button button-small button-danger-outline" aria-label={`Delete override: ${overrideWords(o, saved)}`} onClick={() => removeOverride(o.id)}>
                      Delete
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {pastOverrides > 0 && <p className="muted small">{pastOverrides} past override(s) not listed.</p>}
        </div>
        <div>
          <h3 className="rot-h3">Swaps ({swaps.length} current or coming)</h3>
          {swaps.length === 0 ? (
            <p className="muted">No swap now or to come.</p>
          ) : (
            <ul className="rot-list rot-edit-list" aria-label="Swaps">
              {swaps.map((s) => (
                <li key={s.id} data-swap={s.id}>
                  <span>
                    {Date.parse(s.start) <= now && <strong className="rot-tag">IN FORCE</strong>} ⇄ {swapWords(s)}
                  </span>
                  {canWrite && (
                    <button type="button" className="button button-small button-danger-outline" aria-label={`Delete swap: ${swapWords(s)}`} onClick={() => removeSwap(s.id)}>
                      Delete
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {pastSwaps > 0 && <p className="muted small">{pastSwaps} past swap(s) not listed.</p>}
        </div>
      </div>
      {draft && <DraftEffect saved={saved} draft={draft.schedule} base={draft.base} now={now} zone={zone} version={version} />}
      {canWrite && (
        <div className="rot-forms">
          <OverrideForm schedule={saved} zone={zone} />
          <SwapForm zone={zone} />
        </div>
      )}
    </section>
  );
}
