import { useState } from 'react';
import type { Override, Schedule } from '../../../../shared/rotation/schema.ts';
import { overrideWords, utcStamp } from './rotation-words.ts';
import { useRotation, type ImportPlan } from './store.ts';

function Plan({ plan, schedule, draftPending }: { plan: ImportPlan; schedule: Schedule; draftPending: boolean }) {
  const applyImport = useRotation((s) => s.applyImport);
  const discardPlan = useRotation((s) => s.discardPlan);
  const apply = useRotation((s) => s.apply);
  const words = (o: Override) => overrideWords(o, schedule);
  if (plan.problems.length > 0) {
    return (
      <div className="rot-plan rot-plan-bad" data-testid="import-problems" role="alert">
        <p className="rot-error-text">
          ✕ This feed cannot be imported: {plan.problems.length} problem{plan.problems.length === 1 ? '' : 's'}. Nothing was changed and nothing can be applied.
        </p>
        <ul className="rot-list" aria-label="Feed problems">
          {plan.problems.map((p, i) => (
            <li key={i}>
              <strong>{p.line !== undefined ? `line ${p.line}` : 'feed'}</strong> · {p.where}: {p.message}
            </li>
          ))}
        </ul>
        <button type="button" className="button button-secondary" onClick={discardPlan}>
          Discard
        </button>
      </div>
    );
  }
  const changes = plan.add.length + plan.update.length + plan.remove.length;
  return (
    <div className="rot-plan" data-testid="import-plan" role="region" aria-label="Import plan">
      <p className="rot-plan-counts">
        From <strong>{plan.feed}</strong> as <strong>{plan.role}</strong>: <span className="rot-add">+ {plan.add.length} to add</span> ·{' '}
        <span className="rot-upd">~ {plan.update.length} to update</span> · <span className="rot-del">− {plan.remove.length} to remove</span> · {plan.unchanged} unchanged
      </p>
      {plan.add.length > 0 && (
        <ul className="rot-list rot-diff" aria-label="To add">
          {plan.add.map((o) => (
            <li key={o.id} className="rot-add">
              + {words(o)}
            </li>
          ))}
        </ul>
      )}
      {plan.update.length > 0 && (
        <ul className="rot-list rot-diff" aria-label="To update">
          {plan.update.map((u) => (
            <li key={u.before.id} className="rot-upd">
              ~ {words(u.before)} <strong>→</strong> {words(u.after)}
            </li>
          ))}
        </ul>
      )}
      {plan.remove.length > 0 && (
        <ul className="rot-list rot-diff" aria-label="To remove">
          {plan.remove.map((o) => (
            <li key={o.id} className="rot-del">
              − {words(o)}
            </li>
          ))}
        </ul>
      )}
      {plan.window && (
        <p className="muted small">
          Recurring events read from {utcStamp(Date.parse(plan.window.from))} to {utcStamp(Date.parse(plan.window.to))}.
        </p>
      )}
      {changes === 0 && <p className="muted">Nothing changes: the feed says what was imported from it before.</p>}
      {draftPending && <p className="banner-warn">▲ Save or discard your unsaved edits first: applying saves a new version.</p>}
      {apply.status === 'failed' && (
        <p className="rot-error" role="alert">
          ✕ Not applied: {apply.message}
        </p>
      )}
      <div className="row-gap">
        <button type="button" className="button" disabled={changes === 0 || draftPending || apply.status === 'busy'} onClick={() => void applyImport()}>
          {apply.status === 'busy' ? 'Applying…' : 'Apply'}
        </button>
        <button type="button" className="button button-secondary" onClick={discardPlan}>
          Discard
        </button>
      </div>
    </div>
  );
}

/** Overrides from an iCal feed (PagerDuty, Grafana OnCall): paste it, see the plan, apply or discard. */
export function Import({ schedule }: { schedule: Schedule }) {
  const plan = useRotation((s) => s.plan);
  const apply = useRotation((s) => s.apply);
  const draftPending = useRotation((s) => s.draft !== null);
  const planImport = useRotation((s) => s.planImport);
  const [text, setText] = useState('');
  const [feed, setFeed] = useState('');
  const [role, setRole] = useState<'primary' | 'backup'>('primary');
  const [rotationId, setRotationId] = useState('');
  const ready = text.trim() !== '' && feed.trim() !== '';
  return (
    <section className="panel rot-import" aria-label="Import from iCal" data-testid="ical-import">
      <h2>Import from iCal</h2>
      <p className="muted small">
        Paste a PagerDuty or Grafana OnCall export: each event becomes an override for the role chosen. A re-import of the same feed matches its events by UID.
      </p>
      <form
        className="rot-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void planImport({ text, feed: feed.trim(), role, ...(rotationId ? { rotationId } : {}) });
        }}
      >
        <label className="rot-field rot-field-wide">
          <span>iCal feed text</span>
          <textarea className="text-input rot-feed" aria-label="iCal feed text" value={text} onChange={(e) => setText(e.target.value)} rows={6} placeholder="BEGIN:VCALENDAR…" spellCheck={false} />
        </label>
        <div className="rot-form-row">
          <label className="rot-field rot-field-wide">
            <span>Feed name or URL</span>
            <input className="text-input" aria-label="Feed name" value={feed} onChange={(e) => setFeed(e.target.value)} placeholder="pagerduty-payments-primary" />
          </label>
          <label className="rot-field">
            <span>Role</span>
            <select className="text-input" aria-label="Import role" value={role} onChange={(e) => setRole(e.target.value as 'primary' | 'backup')}>
              <option value="primary">primary</option>
              <option value="backup">backup</option>
            </select>
          </label>
          <label className="rot-field">
            <span>Rotation</span>
            <select className="text-input" aria-label="Import rotation" value={rotationId} onChange={(e) => setRotationId(e.target.value)}>
              <option value="">whichever is on</option>
              {schedule.rotations.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="row-gap">
          <button type="submit" className="button button-secondary" disabled={!ready || plan.status === 'busy'}>
            {plan.status === 'busy' ? 'Reading the feed…' : 'Plan the import'}
          </button>
          {!ready && <span className="muted small">Paste the feed and name it.</span>}
        </div>
      </form>
      {plan.status === 'failed' && (
        <p className="rot-error" role="alert">
          ✕ The feed could not be planned: {plan.message}
        </p>
      )}
      {plan.status === 'done' && <Plan plan={plan.value} schedule={schedule} draftPending={draftPending} />}
      {apply.status === 'done' && plan.status === 'idle' && (
        <p className="rot-ok" role="status">
          ✓ Imported: saved as version {apply.value.version ?? '?'}.
        </p>
      )}
    </section>
  );
}
