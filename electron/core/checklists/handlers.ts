import type { HandlerSlice } from '../../../shared/api.ts';
import { normalizeItemText } from '../../../shared/checklists.ts';
import { ok } from '../../../shared/result.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../store/connection.ts';
import { ChecklistRepository, type ChecklistScope } from './repository.ts';

export interface ChecklistDeps {
  /** The records database (switchyard.db), where ticks outlive any runbook cache rebuild. */
  db: Db;
  clock: () => Date;
  /** Who is ticking: the OS user of the console, as on the audit log. */
  actor: string;
  events?: EventBus;
}

/** The `checklists.*` slice: a runbook's ticked task-list items, each with who and when. */
export function checklistHandlers(deps: ChecklistDeps): HandlerSlice<'checklists'> {
  const repo = new ChecklistRepository(deps.db);
  const scopeOf = (runbookId: string): ChecklistScope => ({ runbookId, incidentId: null });
  const changed = (scope: ChecklistScope) => deps.events?.emit('checklists.changed', { runbookId: scope.runbookId, incidentId: scope.incidentId });
  return {
    'checklists.get': (args) => ok(repo.get(scopeOf(args.runbookId))),
    'checklists.tick': (args) => {
      const scope = scopeOf(args.runbookId);
      const item = { text: normalizeItemText(args.text), nth: args.nth };
      const moved = args.ticked ? repo.tick(scope, item, deps.actor, deps.clock()) : repo.untick(scope, item);
      if (moved) changed(scope);
      return ok(repo.get(scope));
    },
    'checklists.reset': (args) => {
      const scope = scopeOf(args.runbookId);
      if (repo.reset(scope) > 0) changed(scope);
      return ok(repo.get(scope));
    },
  };
}
