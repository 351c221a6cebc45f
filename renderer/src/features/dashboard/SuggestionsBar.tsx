import './verdict.css';
import { nameBrandsIn } from '../../../../shared/brands.ts';
import type { Suggestion } from '../../../../shared/metrics.ts';
import { SeverityBadge } from '../../ui/badges.tsx';
import { coreAge } from '../../ui/freshness.ts';
import { formatAge } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { useBrandNames } from './RailMatrix.tsx';
import { useDashboard } from './store.ts';
import { openDeclare, type DeclarePrefill } from '../incidents/store.ts';
import { useLeverEffects } from './use-lever-effects.ts';
import { leverWhen } from './verdict.ts';
import { judgeDashboard, splitByLevers, type LeverEffect } from './verdict.ts';

const KIND_MARK: Record<Suggestion['kind'], string> = {
  latency: '▲ p99',
  approval: '▼ approval',
  errors: '▲ 5xx',
  backlog: '▲ backlog',
  health: '✕ health',
};

const clock = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) : null);

/**
 * Each breach: its severity (word and shape), what is wrong, and one click to its runbook.
 * "No breach" is said only when every panel is fresh; otherwise what cannot be evaluated, since
 * when and why. A breach a pulled lever explains is kept visible but not counted.
 */
export function SuggestionsBar() {
  const dashboard = useDashboard((s) => s.dashboard);
  const snapshot = useDashboard((s) => s.snapshot);
  const error = useDashboard((s) => s.error);
  const errorSince = useDashboard((s) => s.errorSince);
  const navigate = useApp((s) => s.navigate);
  const effects = useLeverEffects();
  const names = useBrandNames();
  const now = useNow(1000);
  const verdict = judgeDashboard(dashboard, snapshot, now, error, errorSince);
  if (verdict.kind === 'loading') {
    return (
      <p className="dash-nobreach dash-suggest-stale" aria-label="Suggestions">
        … Waiting for the first metrics: nothing is known yet.
      </p>
    );
  }
  const suggestions = dashboard?.suggestions ?? [];
  const { breaches, explained } = splitByLevers(suggestions, effects);
  const src = dashboard?.source;
  const asOf = src?.lastSuccessAt ?? null;
  const age = snapshot && asOf !== null ? coreAge(asOf, snapshot, now) : null;
  const cannot =
    verdict.kind === 'cannot' ? (
      <p className="dash-cannot" role="status" aria-label="Cannot evaluate">
        ▲ Cannot evaluate: {verdict.reason}
        {verdict.sinceMs !== null ? ` for ${formatAge(verdict.sinceMs)}` : ' since the console started'}.
        {breaches.length > 0 ? ' The breaches below are the last known, not the current state.' : ' No breach is known, and none can be ruled out.'}
      </p>
    ) : verdict.kind === 'partial' ? (
      <p className="dash-cannot" role="status" aria-label="Cannot evaluate">
        ▲ Cannot evaluate {verdict.unknown} of {verdict.total} panels ({verdict.reason}): a breach there would not show.
      </p>
    ) : null;
  return (
    <section className="dash-suggestions" aria-label="Suggestions">
      {cannot}
      {breaches.length === 0 && verdict.kind === 'fresh' && (
        <p className="dash-nobreach ok-text">✓ No breach: every rail is within its thresholds{explained.length ? ' (apart from what pulled levers explain, below)' : ''}.</p>
      )}
      {breaches.length > 0 && verdict.kind === 'cannot' && age !== null && <p className="dash-suggest-stale">▲ STALE · these breaches are {formatAge(age)} old</p>}
      {breaches.length > 0 && (
        <ul>
          {breaches.map((s) => (
            <li key={`${s.kind}:${s.rail ?? ''}:${s.brand ?? ''}:${s.runbookId}`} className={`dash-suggestion dash-suggestion-${s.severity.toLowerCase()}`}>
              <SeverityBadge severity={s.severity} />
              <span className="dash-suggest-kind">BREACH {KIND_MARK[s.kind]}</span>
              <SuggestionMessage message={nameBrandsIn(s.message, names)} />
              <button type="button" className="button button-primary dash-suggest-btn" onClick={() => openDeclare(declareFrom(s, nameBrandsIn(s.message, names)))}>
                Declare {s.severity}…
              </button>
              <button type="button" className="button dash-suggest-btn" onClick={() => navigate({ page: 'runbooks', runbookId: s.runbookId })}>
                Open runbook: {s.runbookId} →
              </button>
            </li>
          ))}
        </ul>
      )}
      {explained.length > 0 && <LeverExplained items={explained} />}
    </section>
  );
}

/** A breach suggestion as a declaration: severity, rail, brand and runbook filled in, its figures the first event. */
export function declareFrom(s: Suggestion, message: string): DeclarePrefill {
  const kind = s.kind === 'latency' || s.kind === 'approval' ? s.kind : 'health';
  return {
    title: message.length > 120 ? `${message.slice(0, 119)}…` : message,
    severity: s.severity,
    rails: s.rail ? [s.rail] : [],
    brands: s.brand ? [s.brand] : [],
    runbookIds: [s.runbookId],
    breach: { rail: s.rail ?? 'platform', kind, summary: message.slice(0, 500), value: null, threshold: null, brands: s.brand ? [s.brand] : [] },
  };
}

/** One line however long (verdict.css): what it cuts is in the tooltip. Brand ids already named. */
function SuggestionMessage({ message }: { message: string }) {
  return (
    <span className="dash-suggest-msg" title={message}>
      {message}
    </span>
  );
}

function LeverExplained({ items }: { items: Array<{ suggestion: Suggestion; by: LeverEffect }> }) {
  const navigate = useApp((s) => s.navigate);
  const names = useBrandNames();
  const levers = [...new Map(items.map((i) => [`${i.by.lever}:${i.by.brand ?? ''}`, i.by])).values()];
  return (
    <div className="dash-lever-explained" role="note" aria-label="Explained by levers">
      <p>
        ⛭ Not counted as breaches — a lever this console can see is pulled:{' '}
        {levers.map((l, i) => (
          <span key={`${l.lever}:${l.brand ?? ''}`}>
            {i > 0 ? '; ' : ''}
            <strong>{l.label}</strong>
            {` (${leverWhen(l)})`}
          </span>
        ))}
        .{' '}
        <button type="button" className="linklike" onClick={() => navigate({ page: 'levers' })}>
          Levers →
        </button>
      </p>
      <ul>
        {items.map(({ suggestion: s }) => (
          <li key={`${s.kind}:${s.rail ?? ''}:${s.brand ?? ''}`} className="muted">
            {KIND_MARK[s.kind]} {nameBrandsIn(s.message, names)}
          </li>
        ))}
      </ul>
    </div>
  );
}
