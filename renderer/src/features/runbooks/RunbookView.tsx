import { useEffect, useMemo } from 'react';
import { checklistItems, itemKey } from '../../../../shared/checklists.ts';
import type { ActiveEnvironment } from '../../../../shared/environment.ts';
import { LeverId } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { SeverityBadge, Tag } from '../../ui/badges.tsx';
import { formatTime } from '../../ui/time.ts';
import { LeverDialog } from '../levers/LeverDialog.tsx';
import type { ChecklistBinding, RunbookLinks } from './doc-context.ts';
import { ChecklistContext } from './doc-context.ts';
import { HistoryView } from './HistoryView.tsx';
import { LeverTargetPicker, openLeverFromRunbook } from './LeverReference.tsx';
import { MarkdownView } from './MarkdownView.tsx';
import { ChecklistBar } from './RunbookChecklist.tsx';
import { useRunbooks } from './store.ts';
import { useApp } from '../app/store.ts';
import './runbook-act.css';

export function RunbookView({ environment }: { environment: ActiveEnvironment | null }) {
  const { detail, detailError, tab, history, diff, diffError, setTab, compare, open, arrival, checklist, ticking, runbookIds, toggleItem } = useRunbooks();
  // Buttons and ticks only once the console is known not to be a read-only wall.
  const canAct = useApp((s) => s.info !== null && s.info.role !== 'wall');
  const detailId = detail?.id ?? null;

  // A runbook opened afresh starts at its top, whatever was scrolled before.
  useEffect(() => {
    if (arrival > 0) window.scrollTo?.({ top: 0 });
  }, [arrival]);

  // Another window or browser ticked something in this runbook: show what is stored now.
  useEffect(() => {
    if (!detailId) return;
    return api.on('checklists.changed', (p) => {
      if (p.runbookId === detailId && p.incidentId === null) void useRunbooks.getState().loadChecklist();
    });
  }, [detailId]);

  const links = useMemo<RunbookLinks>(() => ({ runbookIds: new Set(runbookIds), canAct, onLever: openLeverFromRunbook }), [runbookIds, canAct]);
  const binding = useMemo<ChecklistBinding | null>(
    () =>
      checklist
        ? {
            ticks: new Map(checklist.ticks.map((t) => [itemKey(t), t])),
            pending: new Set(ticking),
            readOnly: !canAct,
            onToggle: (item, ticked) => void toggleItem(item, ticked),
          }
        : null,
    [checklist, ticking, canAct, toggleItem],
  );
  const shown = detail ? withoutTitleHeading(detail.body, detail.title) : '';
  const items = useMemo(() => checklistItems(shown), [shown]);

  if (detailError) return <div className="panel empty-state error-text">{detailError.message}</div>;
  if (!detail) return <StartHere />;
  const old = detail.version !== detail.latestVersion;
  return (
    <article className="panel runbook" aria-label={`Runbook ${detail.title}`}>
      <header className="runbook-header">
        <div className="runbook-title-row">
          <h1>{detail.title}</h1>
          <SeverityBadge severity={detail.severityHint} />
        </div>
        <div className="runbook-meta">
          <span className="mono">{detail.id}</span>
          <span>
            v{detail.version}
            {old ? ` of ${detail.latestVersion}` : ''}
          </span>
          <span title={detail.source.location}>
            source: {detail.source.kind}
            {detail.source.path ? ` · ${detail.source.path}` : ''}
          </span>
          <span>synced {detail.lastSyncedAt ? formatTime(detail.lastSyncedAt) : 'never'}</span>
          {detail.lastTested && <span>last tested {detail.lastTested}</span>}
        </div>
        {old && (
          <div className="banner banner-warn">
            ▲ You are reading an older version (v{detail.version}).{' '}
            <button type="button" className="link-button" onClick={() => void open(detail.id)}>
              Read the latest (v{detail.latestVersion})
            </button>
          </div>
        )}
        <dl className="runbook-facts">
          {detail.triggers.length > 0 && (
            <>
              <dt>Triggers</dt>
              <dd>{detail.triggers.join(' · ')}</dd>
            </>
          )}
          {detail.levers.length > 0 && (
            <>
              <dt>Levers</dt>
              <dd className="mono">
                {detail.levers.map((l, i) => (
                  <span key={l}>
                    {i > 0 && ', '}
                    {LeverId.safeParse(l).success ? (
                      <a
                        href="#/levers"
                        className="ref-link"
                        onClick={(e) => {
                          e.preventDefault();
                          useApp.getState().navigate({ page: 'levers' });
                        }}
                      >
                        {l}
                      </a>
                    ) : (
                      l
                    )}
                  </span>
                ))}
              </dd>
            </>
          )}
          {detail.owners.length > 0 && (
            <>
              <dt>Owners</dt>
              <dd>{detail.owners.join(', ')}</dd>
            </>
          )}
          {detail.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>
                {detail.tags.map((t) => (
                  <Tag key={t} tag={t} />
                ))}
              </dd>
            </>
          )}
        </dl>
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'read'} className={tab === 'read' ? 'tab tab-active' : 'tab'} onClick={() => void setTab('read')}>
            Runbook
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'history'}
            className={tab === 'history' ? 'tab tab-active' : 'tab'}
            onClick={() => void setTab('history')}
          >
            Version history
          </button>
        </div>
      </header>
      {tab === 'read' ? (
        <>
          {environment && environment.kind !== 'none' ? (
            <p className="env-fill-note">
              Commands show <span className="mono">$ADMIN</span> = {environment.adminUrl ?? 'not set'}, <span className="mono">$GW</span> ={' '}
              {environment.gatewayUrl ?? 'not set'} ({environment.name}). <span className="mono">$TOK</span> is never filled in.
            </p>
          ) : (
            <p className="env-fill-note">
              No platform configured: commands keep <span className="mono">$ADMIN</span>, <span className="mono">$GW</span> and{' '}
              <span className="mono">$TOK</span>; export them in your shell first.
            </p>
          )}
          <ChecklistBar items={items} canAct={canAct} />
          <ChecklistContext.Provider value={binding}>
            <MarkdownView markdown={shown} environment={environment} links={links} />
          </ChecklistContext.Provider>
          <LeverTargetPicker />
          <LeverDialog />
        </>
      ) : (
        <HistoryView
          versions={history}
          current={detail.version}
          diff={diff}
          diffError={diffError}
          onCompare={(a, b) => void compare(a, b)}
          onOpen={(v) => {
            void setTab('read');
            void open(detail.id, v);
          }}
        />
      )}
    </article>
  );
}

/** The header already shows the title; a first "# Title" line would say it twice. */
function withoutTitleHeading(body: string, title: string): string {
  const m = /^\s*#[ \t]+(.+?)[ \t]*#*[ \t]*(\r?\n|$)/.exec(body);
  return m && m[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? body.slice(m[0].length) : body;
}

/** With nothing open: where an engineer paged at 3 AM should start. */
function StartHere() {
  const navigate = useApp((a) => a.navigate);
  const facets = useRunbooks((r) => r.facets);
  return (
    <section className="panel start-here" aria-label="Start here">
      <h2>Paged? Start here.</h2>
      <ol>
        <li>
          Search for the symptom you see (<span className="kbd">/</span> focuses search, <span className="kbd">Enter</span> opens the
          first hit): <em>latency upi</em>, <em>webhook backlog</em>, <em>certificate</em>.
        </li>
        <li>
          Acknowledge and follow the response loop:{' '}
          <button type="button" className="link-button" onClick={() => navigate({ page: 'runbooks', runbookId: 'incident-response' })}>
              Incident response
          </button>
          .
        </li>
        <li>
          After recovery, write it up:{' '}
          <button type="button" className="link-button" onClick={() => navigate({ page: 'runbooks', runbookId: 'postmortem-template' })}>
              Postmortem template
          </button>
          .
        </li>
      </ol>
      {facets && (
        <p className="muted">
          {facets.total} runbooks cached on this machine: readable with no network, wiki or VPN.
        </p>
      )}
    </section>
  );
}
