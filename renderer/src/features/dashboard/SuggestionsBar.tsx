import type { Suggestion } from '../../../../shared/metrics.ts';
import { SeverityBadge } from '../../ui/badges.tsx';
import { coreAge, staleAfterMs } from '../../ui/freshness.ts';
import { formatAge } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { useDashboard } from './store.ts';

const KIND_MARK: Record<Suggestion['kind'], string> = {
  latency: '▲ p99',
  approval: '▼ approval',
  errors: '▲ 5xx',
  backlog: '▲ backlog',
  health: '✕ health',
};

/** Each breach: its severity (word and shape), what is wrong, and one click to its runbook. */
export function SuggestionsBar() {
  const dashboard = useDashboard((s) => s.dashboard);
  const snapshot = useDashboard((s) => s.snapshot);
  const navigate = useApp((s) => s.navigate);
  const now = useNow(5000);
  if (!dashboard) return null;
  const suggestions = dashboard.suggestions;
  // Suggestions are as old as the data they were made from: the source's last good read.
  const src = dashboard.source;
  const asOf = src.lastSuccessAt ?? snapshot?.generatedAt ?? null;
  const age = snapshot && asOf !== null ? coreAge(asOf, snapshot, now) : 0;
  const old = !src.up || (snapshot !== null && age > staleAfterMs(snapshot));
  if (suggestions.length === 0) {
    return (
      <p className={`dash-nobreach ${old ? 'dash-suggest-stale' : 'ok-text'}`} aria-label="Suggestions">
        {old ? `▲ STALE · no breach as of ${formatAge(age)} ago; nothing newer is known.` : '✓ No breach: every rail is within its thresholds.'}
      </p>
    );
  }
  return (
    <section className="dash-suggestions" aria-label="Suggestions">
      {old && <p className="dash-suggest-stale">▲ STALE · these suggestions are {formatAge(age)} old</p>}
      <ul>
        {suggestions.map((s) => (
          <li key={`${s.kind}:${s.rail ?? ''}:${s.brand ?? ''}:${s.runbookId}`} className={`dash-suggestion dash-suggestion-${s.severity.toLowerCase()}`}>
            <SeverityBadge severity={s.severity} />
            <span className="dash-suggest-kind">BREACH {KIND_MARK[s.kind]}</span>
            <span className="dash-suggest-msg">{s.message}</span>
            <button type="button" className="button dash-suggest-btn" onClick={() => navigate({ page: 'runbooks', runbookId: s.runbookId })}>
              Open runbook: {s.runbookId} →
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
