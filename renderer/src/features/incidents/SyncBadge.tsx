import { useNow } from '../../ui/use-now.ts';
import { useSync } from './sync-store.ts';
import { listMarker, syncWords } from './sync-words.ts';

/**
 * One incident's sync with the platform, in words and a shape (✓ synced, ⟳ waiting, ✕ offline,
 * ⚠ refused, ▲ unknown, ■ off) and a border of its own. "Synced" only from a fresh read.
 */
export function SyncBadge({ incidentId }: { incidentId: string }) {
  const read = useSync((s) => s.read);
  const now = useNow(1000);
  const w = syncWords(read, now, incidentId);
  return (
    <p className={`sync-badge sync-${w.tone}`} data-testid="incident-sync" data-state={w.tone} role="status" aria-live="polite">
      {w.text}
    </p>
  );
}

/** The Incidents page's line: the platform, what waits on this console, what was refused; and "Sync now". */
export function SyncSummary({ canWrite }: { canWrite: boolean }) {
  const read = useSync((s) => s.read);
  const running = useSync((s) => s.running);
  const result = useSync((s) => s.nowResult);
  const syncNow = useSync((s) => s.syncNow);
  const now = useNow(1000);
  const w = syncWords(read, now);
  const disabled = w.tone === 'disabled';
  return (
    <div className="sync-summary-row">
      <p className={`sync-summary sync-${w.tone}`} data-testid="incidents-sync-summary" data-state={w.tone} role="status" aria-live="polite">
        {w.text}
      </p>
      {canWrite && !disabled && (
        <button type="button" className="button button-secondary button-small" onClick={() => void syncNow()} disabled={running} aria-busy={running}>
          Sync now
        </button>
      )}
      {running && <span className="muted small">Syncing…</span>}
      {!running && result && (
        <span className={`small ${result.ok ? '' : 'error-text'}`} data-testid="incidents-sync-result" role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </span>
      )}
    </div>
  );
}

/** The list row's "⟳ 3 waiting" / "⚠ refused", from a fresh read only. */
export function SyncMarker({ incidentId, now }: { incidentId: string; now: number }) {
  const read = useSync((s) => s.read);
  const m = listMarker(read, now, incidentId);
  if (!m) return null;
  return (
    <span className={`sync-marker sync-${m.tone}`} data-testid="incident-sync-marker" title={m.tone === 'conflict' ? 'The platform refused an event of this incident: open it to retry or discard' : 'Events of this incident wait to be sent to the platform'}>
      {m.text}
    </span>
  );
}
