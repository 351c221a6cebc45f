import { useEffect, useState } from 'react';
import { displayName } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { useNow } from '../../ui/use-now.ts';
import { routeHash, useApp } from '../app/store.ts';
import { downloadText } from './download.ts';
import { IncidentCharts } from './IncidentCharts.tsx';
import { PostmortemEditor } from './PostmortemEditor.tsx';
import { exportFilename, STATE_WORDS, utcStamp } from './postmortem-model.ts';
import { isUnsaved, p99LimitOf, usePostmortem } from './store.ts';
import './postmortem.css';

type Confirm = 'redraft' | 'complete' | null;

function SavedState({ view, unsaved }: { view: IncidentView; unsaved: boolean }) {
  if (unsaved) return <span className="pm-state pm-state-unsaved">● Unsaved changes</span>;
  if (view.postmortem) {
    return (
      <span className="pm-state pm-state-saved">
        ✓ Saved {utcStamp(view.postmortem.at)} by {view.postmortem.actor}
      </span>
    );
  }
  return <span className="pm-state muted">Nothing saved yet</span>;
}

/**
 * The postmortem of one incident (`#/incidents/<id>/postmortem`): drafted from the timeline in
 * the team's template with one click, edited as Markdown, saved on the incident, exported as a
 * file, and marked complete once the incident is resolved. Beside it, the incident's own charts.
 */
export function PostmortemPage({ incidentId }: { incidentId: string }) {
  const s = usePostmortem();
  const canWrite = useApp((a) => a.info?.role !== 'wall');
  const [confirm, setConfirm] = useState<Confirm>(null);
  // The window of an open incident grows; a resolved one's does not move. A minute is fine here.
  const now = useNow(60_000);

  useEffect(() => {
    setConfirm(null);
    void usePostmortem.getState().load(incidentId);
    return usePostmortem.getState().watch(incidentId);
  }, [incidentId]);

  const back = <a href={routeHash({ page: 'incidents', incidentId })}>← Incident {incidentId}</a>;
  if (s.incidentId !== incidentId || s.incident.status === 'loading') return <p className="muted">Reading {incidentId}…</p>;
  if (s.incident.status === 'failed') {
    return (
      <section className="panel" role="alert">
        <h2>✕ The postmortem of {incidentId} cannot be shown</h2>
        <p>{s.incident.message}</p>
        <p className="row-gap">
          <button type="button" className="button button-secondary" onClick={() => void s.load(incidentId)}>
            Try again
          </button>
          {back}
        </p>
      </section>
    );
  }

  const view = s.incident.value;
  const policy = s.policy.policy;
  const limit = p99LimitOf(s)!;
  const unsaved = isUnsaved(s);
  const hasText = s.text.trim().length > 0;
  const done = view.state === 'postmortem_done';
  const seriesPending = s.series.status === 'loading';

  const draft = () => {
    setConfirm(null);
    s.draft();
  };
  const complete = async () => {
    setConfirm(null);
    if (unsaved && !(await s.save())) return;
    await s.complete();
  };

  return (
    <div className="pm-page">
      <header className="pm-head">
        {back}
        <h1>Postmortem: {view.title}</h1>
        {view.severity && <span className={`sev-badge sev-${view.severity.toLowerCase()}`}>{displayName(policy, view.severity)}</span>}
        {view.state && <span className="pm-incident-state">{STATE_WORDS[view.state]}</span>}
      </header>
      {s.policy.problem && <p className="banner-warn">▲ {s.policy.problem}.</p>}

      <div className="pm-grid">
        <section className="panel pm-main" aria-label="Postmortem">
          <div className="pm-actions">
            {canWrite &&
              (hasText ? (
                <button type="button" className="button button-secondary" disabled={seriesPending} onClick={() => setConfirm('redraft')}>
                  Re-draft from the timeline…
                </button>
              ) : (
                <button type="button" className="button" disabled={seriesPending} onClick={draft}>
                  {seriesPending ? 'Reading stored series…' : 'Draft from the timeline'}
                </button>
              ))}
            {canWrite && (
              <button type="button" className="button" disabled={!unsaved || s.busy !== null} onClick={() => void s.save()}>
                {s.busy === 'save' ? 'Saving…' : 'Save'}
              </button>
            )}
            <button
              type="button"
              className="button button-secondary"
              disabled={!hasText}
              onClick={() => downloadText(exportFilename(incidentId), s.text, 'text/markdown;charset=utf-8')}
            >
              Export as Markdown
            </button>
          </div>

          <div className="pm-status-row">
            <SavedState view={view} unsaved={unsaved} />
            {s.notice && <span className="small muted">{s.notice}</span>}
            <span className="spacer" />
            {canWrite && !done && (
              <button type="button" className="button button-secondary" disabled={s.busy !== null} onClick={() => setConfirm('complete')}>
                {s.busy === 'complete' ? 'Marking complete…' : 'Mark postmortem complete…'}
              </button>
            )}
            {done && view.postmortemCompletedAt && <span className="pm-state pm-state-saved">✓ Postmortem complete since {utcStamp(view.postmortemCompletedAt)}</span>}
          </div>
          {canWrite && !done && view.state !== 'resolved' && view.state && (
            <p className="small muted pm-hint">The incident is {STATE_WORDS[view.state]}: a postmortem can be marked complete only once it is resolved.</p>
          )}

          {s.error && (
            <p className="pm-error" role="alert">
              ✕ {s.error}
            </p>
          )}
          {s.newerSaved && (
            <p className="banner-warn" role="alert">
              ▲ {s.newerSaved.actor} saved a newer postmortem at {utcStamp(s.newerSaved.at)} while you were editing. Saving now replaces theirs with your text.
            </p>
          )}

          {confirm === 'redraft' && (
            <div className="pm-confirm" role="alertdialog" aria-label="Replace the text with a new draft?">
              <p>
                <b>Replace the editor’s text with a new draft from the timeline?</b>{' '}
                {unsaved ? 'Your unsaved changes will be lost.' : 'The saved postmortem stays as it is until you save.'}
              </p>
              <div className="row-gap">
                <button type="button" className="button button-danger" onClick={draft}>
                  Replace with a new draft
                </button>
                <button type="button" className="button button-secondary" onClick={() => setConfirm(null)}>
                  Keep the current text
                </button>
              </div>
            </div>
          )}
          {confirm === 'complete' && (
            <div className="pm-confirm" role="alertdialog" aria-label="Mark the postmortem complete?">
              <p>
                <b>Mark the postmortem of {incidentId} complete?</b> This closes the incident for good: it can no longer be reopened.
                {unsaved ? ' The editor’s unsaved changes are saved first.' : ''}
              </p>
              <div className="row-gap">
                <button type="button" className="button" onClick={() => void complete()}>
                  {unsaved ? 'Save and mark complete' : 'Mark complete'}
                </button>
                <button type="button" className="button button-secondary" onClick={() => setConfirm(null)}>
                  Not yet
                </button>
              </div>
            </div>
          )}

          <PostmortemEditor text={s.text} canWrite={canWrite} onChange={s.setText} onSave={() => void (isUnsaved(usePostmortem.getState()) && s.save())} />
        </section>

        <IncidentCharts view={view} series={s.series} limit={limit} now={now} />
      </div>
    </div>
  );
}
