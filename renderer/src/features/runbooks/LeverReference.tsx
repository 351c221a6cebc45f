import { useContext, useEffect, useRef, type JSX, type MouseEvent, type ReactNode } from 'react';
import type { ExtraProps } from 'react-markdown';
import { leverById, type LeverId, type LeverTargetState } from '../../../../shared/levers.ts';
import { formatTime } from '../../ui/time.ts';
import { useApp, type Route } from '../app/store.ts';
import { useLevers } from '../levers/store.ts';
import { DocContext } from './doc-context.ts';
import { referenceOf } from './references.ts';
import { useRunbooks } from './store.ts';

/** An in-app link: a real href (it can be copied or opened in a new tab), navigated in place. */
function AppLink({ route, href, className, title, children }: { route: Route; href: string; className: string; title?: string; children: ReactNode }) {
  const go = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    useApp.getState().navigate(route);
  };
  return (
    <a href={href} className={className} title={title} onClick={go}>
      {children}
    </a>
  );
}

function LeverLink({ lever }: { lever: LeverId }) {
  return (
    <AppLink route={{ page: 'levers' }} href="#/levers" className="ref-link ref-lever" title={`${leverById(lever).title}: open the Levers page`}>
      <code>{lever}</code>
    </AppLink>
  );
}

/**
 * Inline code in a runbook: a lever or a runbook it names becomes a link, and a `lever:` step
 * gets the button that opens that lever's confirmation (none on a read-only console).
 */
export function InlineCode({ children, className }: JSX.IntrinsicElements['code'] & ExtraProps) {
  const { links } = useContext(DocContext);
  const ref = typeof children === 'string' ? referenceOf(children, links?.runbookIds ?? new Set()) : null;
  if (!ref) return <code className={className}>{children}</code>;
  switch (ref.kind) {
    case 'lever':
      return <LeverLink lever={ref.lever} />;
    case 'lever-action': {
      const def = leverById(ref.lever);
      return (
        <span className="lever-ref" data-lever={ref.lever}>
          <LeverLink lever={ref.lever} />
          {links?.canAct && (
            <button
              type="button"
              className="button button-small button-danger-outline lever-ref-pull"
              aria-label={`Pull ${ref.lever}…`}
              title={def.scope === 'platform' ? `${def.title}: review and confirm` : `${def.title}: choose the ${def.scope}, then review and confirm`}
              onClick={() => links.onLever(ref.lever)}
            >
              Pull…
            </button>
          )}
        </span>
      );
    }
    case 'runbook':
      return ref.known ? (
        <AppLink
          route={{ page: 'runbooks', runbookId: ref.id }}
          href={`#/runbooks/${encodeURIComponent(ref.id)}`}
          className="ref-link ref-runbook"
          title={`Open the runbook ${ref.id}`}
        >
          <code>{ref.id}</code>
        </AppLink>
      ) : (
        <span className="ref-missing" title="No runbook with this id is cached on this machine">
          <code>{ref.id}</code> <span className="muted">(not in this library)</span>
        </span>
      );
    case 'unknown-lever':
      return (
        <span className="ref-missing" title="Switchyard has no lever with this id">
          <code>{children}</code> <span className="warn-text">(no such lever)</span>
        </span>
      );
  }
}

/** Opens the lever protocol from a runbook: platform levers straight away, others after their target. */
export function openLeverFromRunbook(lever: LeverId): void {
  if (leverById(lever).scope === 'platform') void useLevers.getState().open(lever, 'platform', 'engage');
  else useRunbooks.getState().pickLever(lever);
}

/** For a brand or provider lever: which one, with each one's state as last read. */
export function LeverTargetPicker() {
  const lever = useRunbooks((s) => s.pickingLever);
  const pick = useRunbooks((s) => s.pickLever);
  const snapshot = useLevers((s) => s.snapshot);
  const stateError = useLevers((s) => s.stateError);
  const loading = useLevers((s) => s.loading);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!lever) return;
    void useLevers.getState().load(true);
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') pick(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [lever, pick]);
  if (!lever) return null;
  const def = leverById(lever);
  const targets = (snapshot?.targets ?? []).filter((t) => t.lever === lever);
  const choose = (t: LeverTargetState, action: 'engage' | 'release') => {
    pick(null);
    void useLevers.getState().open(lever, t.target, action);
  };
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-label={`Choose the ${def.scope}`} tabIndex={-1} ref={box}>
        <h2>
          {def.title}: which {def.scope}?
        </h2>
        <p className="muted">{def.summary} Next: the confirmation, with before → after and the blast radius.</p>
        {stateError && <p className="error-text">✗ {stateError.message}</p>}
        {def.scope === 'brand' && snapshot?.brandsError && (
          <p className="error-text" role="alert">
            ✗ The platform's brand list cannot be read ({snapshot.brandsError.problem}): no brand can be chosen.
          </p>
        )}
        <p className="muted small" aria-live="polite">
          {loading ? 'Reading the platform…' : snapshot ? `State as read ${formatTime(snapshot.at)}.` : ''}
        </p>
        {snapshot && targets.length === 0 && !snapshot.brandsError && <p className="warn-text">▲ The platform lists no {def.scope} for this lever.</p>}
        <ul className="lever-targets" aria-label={`${def.scope === 'brand' ? 'Brands' : 'Providers'}`}>
          {targets.map((t) => (
            <li key={t.target} data-target={t.target}>
              <span className="lever-target-name">{t.targetLabel}</span>
              <TargetState state={t} />
              {t.engaged !== true && (
                <button type="button" className="button button-small button-danger-outline" onClick={() => choose(t, 'engage')}>
                  Pull…
                </button>
              )}
              {t.engaged !== false && (
                <button type="button" className="button button-small button-secondary" onClick={() => choose(t, 'release')}>
                  Release…
                </button>
              )}
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={() => pick(null)}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

function TargetState({ state }: { state: LeverTargetState }) {
  if (state.engaged === null)
    return (
      <span className="state-pill state-unknown" title={state.error ?? ''}>
        ? unknown
      </span>
    );
  return <span className={`state-pill ${state.engaged ? 'state-engaged' : 'state-live'}`}>{state.engaged ? `■ ${state.detail}` : `● ${state.detail}`}</span>;
}
