import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { checklistItems, itemKey } from '../../../../shared/checklists.ts';
import type { AttachedRunbook, IncidentView } from '../../../../shared/incidents/view.ts';
import { routeHash } from '../app/store.ts';
import { utcTime } from './incident-words.ts';
import { docKey, useIncidents, type RunbookDoc } from './store.ts';

/**
 * The runbooks attached to the incident, each as the checklist of its `- [ ]` steps at the
 * version attached: a tick is an event on the incident (who, when), so the timeline and the
 * postmortem see every step.
 */
export function RunbookChecklists({ view, canWrite }: { view: IncidentView; canWrite: boolean }) {
  const docs = useIncidents((s) => s.docs);
  const loadDoc = useIncidents((s) => s.loadDoc);
  useEffect(() => {
    for (const r of view.runbooks) void loadDoc(r.runbookId, r.version);
  }, [view.runbooks, loadDoc]);
  return (
    <section className="panel checklists-panel" aria-label="Runbook checklists">
      <h2>Runbooks</h2>
      {view.runbooks.length === 0 && <p className="muted">No runbook attached yet.</p>}
      {view.runbooks.map((r) => (
        <Checklist key={r.runbookId} view={view} attached={r} doc={docs[docKey(r.runbookId, r.version)]} canWrite={canWrite} />
      ))}
      {canWrite && <AttachRunbook view={view} />}
    </section>
  );
}

function Checklist({ view, attached, doc, canWrite }: { view: IncidentView; attached: AttachedRunbook; doc: RunbookDoc | undefined; canWrite: boolean }) {
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  // A tick shows at once, while it is saved; a refusal puts it back and says why, here.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [failed, setFailed] = useState<string | null>(null);
  const detail = doc?.status === 'ok' ? doc.detail : null;
  const items = useMemo(() => (detail ? checklistItems(detail.body) : []), [detail]);
  const version = attached.version;
  const ticks = useMemo(() => {
    const list = view.checklists.find((c) => c.runbookId === attached.runbookId && c.version === version);
    return new Map((list?.items ?? []).map((i) => [itemKey(i), i]));
  }, [view.checklists, attached.runbookId, version]);
  const done = items.filter((i) => i.checkedInText || (pending.get(itemKey(i)) ?? ticks.get(itemKey(i))?.ticked)).length;
  const tick = async (item: (typeof items)[number], ticked: boolean) => {
    const key = itemKey(item);
    setFailed(null);
    setPending((p) => new Map(p).set(key, ticked));
    const ok = await record(view.id, { type: 'checklist_ticked', runbookId: attached.runbookId, version: version!, text: item.text, nth: item.nth, ticked });
    setPending((p) => {
      const next = new Map(p);
      next.delete(key);
      return next;
    });
    if (!ok) setFailed(useIncidents.getState().actionError ?? 'the tick was not saved');
  };
  const pct = items.length ? Math.round((done / items.length) * 100) : 0;
  const title = detail?.title ?? attached.runbookId;

  return (
    <article className="checklist" aria-label={`Checklist ${attached.runbookId}`}>
      <header className="checklist-head">
        <strong>{title}</strong>
        <span className="muted small mono">
          {attached.runbookId}
          {version !== null ? ` v${version}` : ''}
        </span>
        <a className="small" href={routeHash({ page: 'runbooks', runbookId: attached.runbookId })}>
          open runbook →
        </a>
      </header>
      {!doc || doc.status === 'loading' ? (
        <p className="muted">Reading the runbook…</p>
      ) : doc.status === 'failed' ? (
        <p className="incident-error" role="alert">
          ✕ The runbook could not be read: {doc.message}
        </p>
      ) : items.length === 0 ? (
        <p className="muted">This runbook has no “- [ ]” steps to tick.</p>
      ) : (
        <>
          <div className="checklist-progress" aria-label="Progress">
            <span className="checklist-count">
              {done === items.length ? '✓ ' : ''}
              {done} of {items.length} steps done
            </span>
            <span className="checklist-meter" aria-hidden="true">
              <span style={{ width: `${pct}%` }} />
            </span>
          </div>
          {version === null && (
            <p className="banner-warn small">
              ▲ Named when declared but not pinned to a version (it was not in this console’s cache). Attach it to pin a version and tick steps.
              {canWrite && (
                <>
                  {' '}
                  <button type="button" className="link-button" disabled={busy} onClick={() => void record(view.id, { type: 'runbook_attached', runbookId: attached.runbookId, version: detail!.version })}>
                    Attach v{detail!.version}
                  </button>
                </>
              )}
            </p>
          )}
          {failed && (
            <p className="incident-error" role="alert">
              ✕ Not saved: {failed}
            </p>
          )}
          <ul className="checklist-items">
            {items.map((item) => {
              const key = itemKey(item);
              const stored = ticks.get(key);
              const saving = pending.has(key);
              const ticked = item.checkedInText || (pending.get(key) ?? Boolean(stored?.ticked));
              const disabled = !canWrite || saving || item.checkedInText || version === null;
              return (
                <li key={key} className={`checklist-step ${ticked ? 'checklist-step-done' : ''}`}>
                  <label>
                    <input
                      type="checkbox"
                      className="checklist-box"
                      checked={ticked}
                      disabled={disabled}
                      onChange={(e) => void tick(item, e.target.checked)}
                    />
                    <span className="checklist-text">{inlineCode(item.text)}</span>
                  </label>
                  {saving ? (
                    <span className="muted small">saving…</span>
                  ) : (
                    stored?.ticked && (
                      <span className="ticked-by">
                        ✓ {stored.actor} · {utcTime(stored.at)}
                      </span>
                    )
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </article>
  );
}

/** `code` spans of a step as code; the rest as plain text (no Markdown or HTML rendering). */
function inlineCode(text: string): ReactNode[] {
  return text.split(/(`[^`]+`)/).map((part, i) => (part.startsWith('`') && part.endsWith('`') && part.length > 2 ? <code key={i}>{part.slice(1, -1)}</code> : part));
}

function AttachRunbook({ view }: { view: IncidentView }) {
  const runbooks = useIncidents((s) => s.runbooks);
  const loadRunbooks = useIncidents((s) => s.loadRunbooks);
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const [pick, setPick] = useState('');
  useEffect(() => {
    if (!runbooks) void loadRunbooks();
  }, [runbooks, loadRunbooks]);
  const attached = new Set(view.runbooks.map((r) => r.runbookId));
  const choices = (runbooks ?? []).filter((r) => !attached.has(r.id));
  const chosen = choices.find((r) => r.id === pick);
  return (
    <form
      className="attach-runbook"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) void record(view.id, { type: 'runbook_attached', runbookId: chosen.id, version: chosen.version }).then((ok) => ok && setPick(''));
      }}
    >
      <select className="text-input" aria-label="Runbook to attach" value={pick} onChange={(e) => setPick(e.target.value)}>
        <option value="">{runbooks ? 'Attach another runbook…' : 'Reading runbooks…'}</option>
        {choices.map((r) => (
          <option key={r.id} value={r.id}>
            {r.title} ({r.id})
          </option>
        ))}
      </select>
      <button type="submit" className="button button-secondary" disabled={!chosen || busy}>
        Attach
      </button>
    </form>
  );
}
