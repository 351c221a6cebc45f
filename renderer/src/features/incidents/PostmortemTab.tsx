import { useEffect, useMemo, useState } from 'react';
import { draftPostmortem } from '../../../../shared/incidents/postmortem.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { utcTime } from './incident-words.ts';
import { useIncidents } from './store.ts';

/**
 * The postmortem draft in the team's template, filled from the timeline (shared/incidents/
 * postmortem.ts). Edited here and saved on the incident (the last saved text wins); regenerating
 * starts again from the timeline as it is now.
 */
export function PostmortemTab({ view, policy, canWrite }: { view: IncidentView; policy: SeverityPolicy | null; canWrite: boolean }) {
  const series = useIncidents((s) => (s.series?.incidentId === view.id ? s.series.series : null));
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    void useIncidents.getState().loadSeries(view.id);
  }, [view.id]);
  const fresh = useMemo(
    () => (series ? draftPostmortem(view, { now: new Date(), authors: view.owner ? [`on-call lead ${view.owner}`] : [], series, ...(policy ? { policy } : {}) }) : ''),
    [view, series, policy],
  );
  const saved = view.postmortem?.markdown ?? null;
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? saved ?? fresh;
  if (!series) return <p className="muted">Reading the incident’s stored series for the draft…</p>;
  return (
    <section className="panel postmortem-panel" aria-label="Postmortem">
      <div className="section-title-row">
        <h2>Postmortem {saved ? 'draft (saved)' : 'draft (from the timeline, not saved yet)'}</h2>
        <div className="row-gap">
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              void navigator.clipboard?.writeText(shown).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? '✓ Copied' : 'Copy Markdown'}
          </button>
          {canWrite && (
            <button type="button" className="button button-secondary" onClick={() => setText(fresh)}>
              Regenerate from the timeline
            </button>
          )}
          {canWrite && (
            <button type="button" className="button" disabled={busy || shown === saved} onClick={() => void record(view.id, { type: 'postmortem_edited', markdown: shown }).then((ok) => ok && setText(null))}>
              Save draft
            </button>
          )}
        </div>
      </div>
      {view.postmortem && (
        <p className="muted small">
          Last saved {utcTime(view.postmortem.at)} by {view.postmortem.actor}.
        </p>
      )}
      <textarea className="text-input postmortem-text mono" aria-label="Postmortem Markdown" value={shown} readOnly={!canWrite} onChange={(e) => setText(e.target.value)} spellCheck />
    </section>
  );
}
