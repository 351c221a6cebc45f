import { Children, createContext, isValidElement, useContext, useState, type JSX, type ReactNode } from 'react';
import type { ExtraProps } from 'react-markdown';
import { itemKey, type ChecklistItem, type ChecklistTick } from '../../../../shared/checklists.ts';
import { ChecklistContext, DocContext } from './doc-context.ts';
import { useRunbooks } from './store.ts';

interface ItemState {
  item: ChecklistItem;
  ticked: boolean;
  disabled: boolean;
  why: string;
  toggle(ticked: boolean): void;
}
const ItemContext = createContext<ItemState | null>(null);

/** "2026-03-14 03:14 UTC": when a step was ticked, on the postmortem's clock. */
export function utcMinute(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a screen reader says for an item: its words without Markdown marks. */
const plain = (text: string) => text.replace(/[`*_~]/g, '');

/**
 * A `- [ ]` item of the open runbook: its checkbox shows the tick stored by the core, with who
 * ticked it and when. Without a checklist (no runbook around it) it is the text's own mark.
 */
export function TaskItem({ node, children, className }: JSX.IntrinsicElements['li'] & ExtraProps) {
  const { itemsByLine } = useContext(DocContext);
  const binding = useContext(ChecklistContext);
  const line = node?.position?.start.line;
  const item = (className ?? '').split(' ').includes('task-list-item') && line !== undefined ? itemsByLine.get(line) : undefined;
  if (!item || !binding) return <li className={className}>{children}</li>;
  const key = itemKey(item);
  const tick = binding.ticks.get(key);
  const pending = binding.pending.has(key);
  const ticked = item.checkedInText || tick !== undefined;
  const state: ItemState = {
    item,
    ticked,
    disabled: binding.readOnly || pending || item.checkedInText,
    why: item.checkedInText
      ? 'Ticked in the runbook itself'
      : binding.readOnly
        ? 'Read-only console: ticks are made on an operator console'
        : pending
          ? 'Saving…'
          : ticked
            ? 'Untick'
            : 'Tick when done',
    toggle: (t) => binding.onToggle(item, t),
  };
  return (
    <ItemContext.Provider value={state}>
      <li className={`${className} checklist-item${ticked ? ' checklist-item-ticked' : ''}`} data-ticked={ticked}>
        {withTickedBy(children, tick)}
      </li>
    </ItemContext.Provider>
  );
}

/** Who and when, after the item's own words and before any nested list. */
function withTickedBy(children: ReactNode, tick: ChecklistTick | undefined): ReactNode {
  // Always as an array with the same keys: a tick must not remount the checkbox (and lose focus).
  const list = Children.toArray(children);
  if (!tick) return list;
  const note = (
    <span key="ticked-by" className="ticked-by">
      ✓ {tick.tickedBy} · {utcMinute(tick.tickedAt)}
    </span>
  );
  const nested = list.findIndex((c) => isValidElement(c) && (c.type === 'ul' || c.type === 'ol'));
  return nested < 0 ? [...list, note] : [...list.slice(0, nested), note, ...list.slice(nested)];
}

/** The checkbox of a task-list item (GFM renders one `input` per item). */
export function TaskBox({ checked }: JSX.IntrinsicElements['input'] & ExtraProps) {
  const state = useContext(ItemContext);
  if (!state)
    return (
      <span className="md-task" aria-hidden="true">
        {checked ? '☑' : '☐'}
      </span>
    );
  return (
    <input
      type="checkbox"
      className="checklist-box"
      checked={state.ticked}
      disabled={state.disabled}
      title={state.why}
      aria-label={plain(state.item.text)}
      onChange={(e) => state.toggle(e.target.checked)}
    />
  );
}

/** Above the text: how much of the task list is done, by whom last, and a reset. */
export function ChecklistBar({ items, canAct }: { items: ChecklistItem[]; canAct: boolean }) {
  const checklist = useRunbooks((s) => s.checklist);
  const error = useRunbooks((s) => s.checklistError);
  const reset = useRunbooks((s) => s.resetChecklist);
  const [confirming, setConfirming] = useState(false);
  const ticks = checklist?.ticks ?? [];
  if (items.length === 0 && ticks.length === 0 && !error) return null;
  const keys = new Set(items.map(itemKey));
  const tickKeys = new Set(ticks.map(itemKey));
  const done = items.filter((i) => i.checkedInText || tickKeys.has(itemKey(i))).length;
  const shown = ticks.filter((t) => keys.has(itemKey(t)));
  const gone = ticks.length - shown.length;
  const last = shown.reduce<ChecklistTick | null>((a, t) => (a === null || t.tickedAt > a.tickedAt ? t : a), null);
  return (
    <div className="checklist-bar" role="status" aria-label="Checklist progress">
      <span>
        <strong>
          Checklist: {checklist ? `${done} of ${items.length} ticked` : 'ticks not read'}
        </strong>
        {last && (
          <span className="muted">
            {' '}
            · last by {last.tickedBy} at {utcMinute(last.tickedAt)}
          </span>
        )}
        {gone > 0 && (
          <span className="warn-text">
            {' '}
            · ▲ {gone} tick{gone === 1 ? ' is' : 's are'} for items no longer in this text
          </span>
        )}
      </span>
      {error && <span className="error-text">✗ {error.message}</span>}
      {canAct && ticks.length > 0 && !confirming && (
        <button type="button" className="button button-small button-secondary" onClick={() => setConfirming(true)}>
          Reset checklist…
        </button>
      )}
      {canAct && confirming && (
        <span className="checklist-reset-confirm">
          Untick all {ticks.length}?{' '}
          <button
            type="button"
            className="button button-small button-danger-outline"
            onClick={() => {
              setConfirming(false);
              void reset();
            }}
          >
            Untick all
          </button>{' '}
          <button type="button" className="button button-small button-secondary" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      )}
    </div>
  );
}
