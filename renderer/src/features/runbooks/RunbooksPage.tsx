import { useEffect, useRef } from 'react';
import { Severity } from '../../../../shared/runbooks.ts';
import { api } from '../../api.ts';
import { SeverityBadge, Tag } from '../../ui/badges.tsx';
import { useRunbookSearchFocus } from '../../ui/search-focus.ts';
import { useApp } from '../app/store.ts';
import { RunbookView } from './RunbookView.tsx';
import { Snippet } from './Snippet.tsx';
import { useRunbooks } from './store.ts';

export function RunbooksPage() {
  const route = useApp((s) => s.route);
  const navigate = useApp((s) => s.navigate);
  const environment = useApp((s) => s.info?.environment ?? null);
  const rb = useRunbooks();
  const input = useRef<HTMLInputElement>(null);
  const selectedId = route.page === 'runbooks' ? route.runbookId : null;
  // `/` from any page lands here (the shell's shortcut).
  useRunbookSearchFocus(input);

  useEffect(() => {
    void rb.search();
    void rb.loadFacets();
    const off = api.on('runbooks.changed', () => {
      void useRunbooks.getState().search();
      void useRunbooks.getState().loadFacets();
      const d = useRunbooks.getState().detail;
      if (d && d.version === d.latestVersion) void useRunbooks.getState().open(d.id);
    });
    return off;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Arriving with a runbook to open (a breach's "Open runbook" on the dashboard): its text from
  // the top, the old search cleared. Later changes (a hit, a link) keep the search.
  const arrived = useRef(false);
  useEffect(() => {
    const fresh = !arrived.current;
    arrived.current = true;
    if (selectedId) void (fresh ? rb.openFresh(selectedId) : rb.open(selectedId));
    else rb.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  return (
    <div className="runbooks-page">
      <section className="panel search-panel" aria-label="Search runbooks">
        <input
          ref={input}
          className="search-input"
          type="search"
          placeholder="Search runbooks — symptom, command, rail…  ( / )"
          aria-label="Search runbooks"
          autoFocus
          value={rb.query}
          onChange={(e) => rb.setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && rb.hits[0]) navigate({ page: 'runbooks', runbookId: rb.hits[0].id });
          }}
        />
        <div className="filters" aria-label="Filter by severity">
          {Severity.options.map((s) => {
            const count = rb.facets?.severities.find((f) => f.severity === s)?.count ?? 0;
            return (
              <button
                key={s}
                type="button"
                className={`chip ${rb.severity === s ? 'chip-active' : ''}`}
                aria-pressed={rb.severity === s}
                onClick={() => rb.setSeverity(rb.severity === s ? null : s)}
              >
                {rb.severity === s ? '✓ ' : ''}
                {s} <span className="chip-count">{count}</span>
              </button>
            );
          })}
        </div>
        <div className="filters tag-filters" aria-label="Filter by tag">
          {(rb.facets?.tags ?? []).slice(0, 14).map((t) => (
            <Tag key={t.tag} tag={t.tag} active={rb.tags.includes(t.tag)} onClick={() => rb.toggleTag(t.tag)} />
          ))}
        </div>
        <div className="result-count" aria-live="polite">
          {rb.searchError
            ? rb.searchError.message
            : `${rb.hits.length}${rb.truncated ? '+' : ''} runbook${rb.hits.length === 1 ? '' : 's'}${rb.query ? ` for “${rb.query}”` : ''}`}
        </div>
        <ul className="results" aria-label="Runbooks">
          {rb.hits.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className={`result ${selectedId === h.id ? 'result-active' : ''}`}
                onClick={() => navigate({ page: 'runbooks', runbookId: h.id })}
                data-runbook-id={h.id}
              >
                <span className="result-title">
                  {h.title}
                  <SeverityBadge severity={h.severityHint} />
                </span>
                <span className="result-id mono">
                  {h.id} · v{h.version} · {h.source}
                </span>
                {h.snippet && <Snippet text={h.snippet} />}
              </button>
            </li>
          ))}
          {!rb.searchError && rb.hits.length === 0 && !rb.searching && (
            <li className="muted empty-results">No runbook matches. Try fewer words, or clear the filters.</li>
          )}
        </ul>
      </section>
      <RunbookView environment={environment} />
    </div>
  );
}
