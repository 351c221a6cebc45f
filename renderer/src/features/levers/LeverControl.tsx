import type { LeverAction } from '../../../../shared/levers.ts';
import { formatAge } from '../../ui/time.ts';
import { actionWords } from './lever-actions.ts';
import type { TargetView } from './lever-view.ts';

/**
 * One lever on one target: its state now, or — when it cannot be read now — "state unknown"
 * with the last state read and its age; and the buttons, each saying what it does.
 */
export function LeverControl({
  view,
  targetName,
  now,
  readOnly,
  onPull,
}: {
  view: TargetView;
  /** The brand's display name or the provider, for the buttons' names. */
  targetName: string;
  now: number;
  readOnly: boolean;
  onPull: (a: LeverAction) => void;
}) {
  const actions: LeverAction[] = view.engaged === true ? ['release'] : view.engaged === false ? ['engage'] : ['engage', 'release'];
  return (
    <span className="lever-control" data-lever={view.lever} data-target={view.target} data-state={view.fresh ? 'read' : 'unknown'}>
      <LeverState view={view} now={now} />
      {!readOnly && (
        <span className="lever-buttons">
          {actions.map((a) => {
            const w = actionWords(view.lever, a, targetName);
            return (
              <button
                key={a}
                type="button"
                data-action={a}
                className={`button button-small ${a === 'engage' ? 'button-danger-outline' : 'button-secondary'}`}
                aria-label={w.full}
                title={w.full}
                onClick={() => onPull(a)}
              >
                {w.short}
              </button>
            );
          })}
        </span>
      )}
    </span>
  );
}

function LeverState({ view, now }: { view: TargetView; now: number }) {
  if (view.fresh)
    return (
      <span className="lever-state">
        <span className={`state-pill ${view.engaged ? 'state-engaged' : 'state-live'}`}>{view.engaged ? `■ ${view.detail}` : `● ${view.detail}`}</span>
      </span>
    );
  const last = view.lastKnown;
  return (
    <span className="lever-state" title={view.why ?? ''}>
      <span className="state-pill state-unknown">? state unknown</span>{' '}
      <span className={`last-known ${last?.engaged ? 'last-known-engaged' : ''}`}>
        {last ? `— last read ${formatAge(now - Date.parse(last.readAt))} ago: ${last.engaged ? `■ ${last.detail}` : last.detail}` : '— never read'}
      </span>
    </span>
  );
}
