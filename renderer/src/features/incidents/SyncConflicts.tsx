import { useState } from 'react';
import type { SyncConflict } from '../../../../shared/incidents/sync.ts';
import { Modal } from '../../ui/Modal.tsx';
import { useSync } from './sync-store.ts';
import { conflictWords, eventTypeWords, incidentConflicts, SYNC_FRESH_MS, utcMinute } from './sync-words.ts';

/**
 * The events of this incident the platform refused: each in words, with Retry (send it again)
 * and Discard… (take it off the timeline, kept in the records as discarded). While one is
 * refused, the incident's later events wait behind it.
 */
export function SyncConflicts({ incidentId, now, canWrite }: { incidentId: string; now: number; canWrite: boolean }) {
  const read = useSync((s) => s.read);
  const conflicts = incidentConflicts(read, incidentId);
  if (conflicts.length === 0 || !read.last) return null;
  const stale = read.failure !== null || now - read.last.readAt > SYNC_FRESH_MS;
  return (
    <section className="panel sync-conflicts" role="region" aria-label="Sync conflicts">
      <h2>⚠ The platform refused {conflicts.length === 1 ? 'an event' : `${conflicts.length} events`} of this incident</h2>
      <p className="small">
        Until each is retried or discarded, the events after it stay on this console: the platform and other consoles do not see them.
      </p>
      {stale && (
        <p className="small sync-conflicts-stale">
          ▲ As read at {utcMinute(read.last.readAt, now)}; the sync status is unknown since then and this may have changed.
        </p>
      )}
      <ul className="sync-conflict-list">
        {conflicts.map((c) => (
          <ConflictRow key={c.eventId} conflict={c} incidentId={incidentId} now={now} canWrite={canWrite} />
        ))}
      </ul>
    </section>
  );
}

function ConflictRow({ conflict: c, incidentId, now, canWrite }: { conflict: SyncConflict; incidentId: string; now: number; canWrite: boolean }) {
  const action = useSync((s) => s.actions[c.eventId]);
  const retry = useSync((s) => s.retry);
  const [confirming, setConfirming] = useState(false);
  const busy = action?.busy ?? null;
  return (
    <li className="sync-conflict-item" data-event={c.eventId}>
      <p className="sync-conflict-words">{conflictWords(c, now)}</p>
      <div className="sync-conflict-meta muted small mono">event {c.eventId}</div>
      {canWrite && (
        <div className="row-gap" role="group" aria-label={`What to do with ${eventTypeWords(c.type)} ${c.eventId}`}>
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void retry(c.eventId)}>
            {busy === 'retry' ? 'Retrying…' : 'Retry'}
          </button>
          <button
            type="button"
            className="button button-small button-danger-outline"
            disabled={busy !== null}
            onClick={() => {
              useSync.getState().clearAction(c.eventId);
              setConfirming(true);
            }}
          >
            Discard…
          </button>
        </div>
      )}
      {action?.error && !confirming && (
        <p className="incident-error" role="alert">
          {action.error}
        </p>
      )}
      {confirming && <DiscardDialog conflict={c} incidentId={incidentId} onClose={() => setConfirming(false)} />}
    </li>
  );
}

function DiscardDialog({ conflict: c, incidentId, onClose }: { conflict: SyncConflict; incidentId: string; onClose: () => void }) {
  const action = useSync((s) => s.actions[c.eventId]);
  const discard = useSync((s) => s.discard);
  const busy = action?.busy === 'discard';
  const what = eventTypeWords(c.type);
  return (
    <Modal title={`Discard ${what} of ${incidentId}?`} onClose={busy ? () => {} : onClose} className="sync-discard-modal">
      <p>
        The platform refused it: <strong>{c.reason}</strong>.
      </p>
      <p>
        Discarding takes {what} off this incident’s timeline and never sends it. It is kept in the records as discarded (with the platform’s answer),
        not deleted.
        {c.blocking > 0 ? ` The ${c.blocking === 1 ? 'event' : `${c.blocking} events`} waiting behind it then go to the platform.` : ''}
      </p>
      {action?.error && (
        <p className="incident-error" role="alert">
          {action.error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          Keep it
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={busy}
          onClick={() => {
            void discard(c.eventId, incidentId).then((done) => {
              if (done) onClose();
            });
          }}
        >
          {busy ? 'Discarding…' : 'Discard'}
        </button>
      </div>
    </Modal>
  );
}
