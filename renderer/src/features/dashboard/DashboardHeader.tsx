import { RangeKey } from '../../../../shared/metrics.ts';
import { coreAge, staleAfterMs } from '../../ui/freshness.ts';
import { utcClock } from '../../ui/metrics-format.ts';
import { formatAge } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { useDashboard, type DashboardView } from './store.ts';
import { judgeDashboard, sourceState, type SourceState } from './verdict.ts';

const SOURCE_KIND: Record<string, string> = { scrape: 'direct scrape', prometheus: 'Prometheus', none: 'no source' };

const STATE_BADGE: Record<SourceState, { text: string; good: boolean }> = {
  up: { text: '● UP', good: true },
  partial: { text: '▲ PARTIAL', good: false },
  failing: { text: '✕ FAILING', good: false },
  down: { text: '✕ SOURCE DOWN', good: false },
  unreachable: { text: '✕ CONSOLE UNREACHABLE', good: false },
  none: { text: '✕ NO SOURCE', good: false },
  loading: { text: '… CONNECTING', good: false },
};

/** Where the numbers come from, whether that source answers, and how old they are. */
export function DashboardHeader({ view }: { view: DashboardView }) {
  const dashboard = useDashboard((s) => s.dashboard);
  const snapshot = useDashboard((s) => s.snapshot);
  const range = useDashboard((s) => s.range);
  const setRange = useDashboard((s) => s.setRange);
  const error = useDashboard((s) => s.error);
  const navigate = useApp((s) => s.navigate);
  const now = useNow(1000);
  const src = dashboard?.source ?? null;
  const lastData = src?.lastSuccessAt ?? null;
  const age = snapshot && lastData !== null ? coreAge(lastData, snapshot, now) : null;
  const old = age !== null && snapshot !== null && age > staleAfterMs(snapshot);
  const errorSince = useDashboard((s) => s.errorSince);
  // The source's state as its last answer tells it: UP only when every panel it feeds is fresh.
  const verdict = judgeDashboard(dashboard, snapshot, now, error, errorSince);
  const state = sourceState(dashboard, verdict, error);
  const badge = STATE_BADGE[state];
  const why = verdict.kind === 'cannot' || verdict.kind === 'partial' ? verdict.reason : (src?.error ?? error?.message ?? '');
  // What the core says of the source's last answers, and since when: "HTTP 500 … since 03:14:10 UTC".
  const failingSince = state === 'failing' || state === 'down' ? (src?.failingSince ?? null) : null;
  const failure = failingSince !== null && snapshot ? `${src?.error ?? 'no answer'} — since ${utcClock(failingSince, true)} UTC (${formatAge(coreAge(failingSince, snapshot, now))})` : null;
  return (
    <section className="panel dash-header" aria-label="Metrics source">
      <h1 className="dash-title">Rails</h1>
      <div className="dash-source">
        {src ? (
          <>
            <span className="dash-source-kind">{SOURCE_KIND[src.kind] ?? src.kind}</span>
            {src.url && <span className="mono dash-source-url" title={src.url}>{src.url}</span>}
            <span className={`dash-updown ${badge.good ? 'dash-up' : 'dash-down'}`} title={why} aria-label={`Metrics source: ${badge.text}${why ? ` — ${why}` : ''}`}>
              {badge.text}
            </span>
            {failure && (
              <span className="dash-age dash-age-old" aria-label="Source failing since">
                {failure}
              </span>
            )}
            <span className={old ? 'dash-age dash-age-old' : 'dash-age'} aria-label="Data age">
              {old ? '▲ STALE · ' : ''}
              {age === null ? 'no data yet' : `data ${formatAge(age)} old`}
            </span>
            <span className="muted">refresh every {src.refreshSeconds} s</span>
          </>
        ) : (
          <span className="muted">{error ? `✕ ${error.message}` : 'Connecting to the metrics source…'}</span>
        )}
      </div>
      <div className="dash-seg" role="group" aria-label="Range">
        {RangeKey.options.map((r) => (
          <button key={r} type="button" className={`dash-seg-btn${r === range ? ' dash-seg-on' : ''}`} aria-pressed={r === range} onClick={() => setRange(r)}>
            {r}
          </button>
        ))}
      </div>
      <div className="dash-seg" role="group" aria-label="View">
        <button type="button" className={`dash-seg-btn${view === 'overview' ? ' dash-seg-on' : ''}`} aria-pressed={view === 'overview'} onClick={() => navigate({ page: 'dashboard', view: 'overview' })}>
          Overview
        </button>
        <button type="button" className={`dash-seg-btn${view === 'stress' ? ' dash-seg-on' : ''}`} aria-pressed={view === 'stress'} onClick={() => navigate({ page: 'dashboard', view: 'stress' })}>
          All series
        </button>
      </div>
    </section>
  );
}

/** The dashboard request itself failed: say so, and say the numbers below are old. */
export function MetricsErrorBanner() {
  const error = useDashboard((s) => s.error);
  const since = useDashboard((s) => s.errorSince);
  const hasData = useDashboard((s) => s.dashboard !== null);
  const now = useNow(1000);
  if (!error) return null;
  return (
    <div className="banner banner-error dash-banner" role="alert">
      ✕ Metrics unavailable{since ? ` for ${formatAge(now - since)}` : ''}: {error.message}.{' '}
      {hasData
        ? 'Everything below is the last answer, marked STALE. Retrying by itself.'
        : "Nothing to show yet. Retrying by itself; check the profile's metrics source in Settings."}
    </div>
  );
}
