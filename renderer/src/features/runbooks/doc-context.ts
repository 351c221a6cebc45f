import { createContext } from 'react';
import type { ActiveEnvironment } from '../../../../shared/environment.ts';
import type { ChecklistItem, ChecklistItemRef, ChecklistTick } from '../../../../shared/checklists.ts';
import type { LeverId } from '../../../../shared/levers.ts';

/** What the runbook around a Markdown text lets it do: links, lever buttons. Stable while reading. */
export interface RunbookLinks {
  /** Every cached runbook id: one of them in backticks is a link to that runbook. */
  runbookIds: ReadonlySet<string>;
  /** False on a read-only (wall) console, or before the console's role is known: no buttons. */
  canAct: boolean;
  /** A `lever:` step's button: opens that lever's confirmation (or first asks for its target). */
  onLever(lever: LeverId): void;
}

export interface DocContextValue {
  environment: ActiveEnvironment | null;
  links: RunbookLinks | null;
  /** Task-list items of this very Markdown text, by the line their marker is on. */
  itemsByLine: ReadonlyMap<number, ChecklistItem>;
}

export const DocContext = createContext<DocContextValue>({ environment: null, links: null, itemsByLine: new Map() });

/** The open runbook's ticks, for its task-list items; absent (null) where nothing can be ticked. */
export interface ChecklistBinding {
  ticks: ReadonlyMap<string, ChecklistTick>;
  /** Items whose tick the core has not answered yet. */
  pending: ReadonlySet<string>;
  readOnly: boolean;
  onToggle(item: ChecklistItemRef, ticked: boolean): void;
}

export const ChecklistContext = createContext<ChecklistBinding | null>(null);
