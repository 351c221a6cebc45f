import type { Checklist, ChecklistItemRef, ChecklistTick } from '../../../shared/checklists.ts';
import type { Db } from '../store/connection.ts';

/** Whose checklist: a runbook's own (incident null), or, later, a runbook worked in an incident. */
export interface ChecklistScope {
  runbookId: string;
  incidentId: string | null;
}

interface TickRow {
  item_text: string;
  item_nth: number;
  ticked_by: string;
  ticked_at: string;
}

/**
 * runbook_checklist_ticks: one row per ticked item. Ticking an item already ticked keeps the
 * first tick's who and when (two people ticking the same step at once: the first one did it).
 */
export class ChecklistRepository {
  private readonly selectTicks: (s: ChecklistScope) => TickRow[];
  private readonly insertTick: (p: ChecklistScope & ChecklistItemRef & { by: string; at: string }) => number;
  private readonly deleteTick: (p: ChecklistScope & ChecklistItemRef) => number;
  private readonly deleteAll: (s: ChecklistScope) => number;

  constructor(db: Db) {
    const select = db.prepare(
      `SELECT item_text, item_nth, ticked_by, ticked_at FROM runbook_checklist_ticks
        WHERE runbook_id = @runbookId AND incident_id IS @incidentId ORDER BY ticked_at, id`,
    );
    this.selectTicks = (s) => select.all(s) as TickRow[];
    const insert = db.prepare(
      `INSERT INTO runbook_checklist_ticks (runbook_id, incident_id, item_text, item_nth, ticked_by, ticked_at)
       VALUES (@runbookId, @incidentId, @text, @nth, @by, @at) ON CONFLICT DO NOTHING`,
    );
    this.insertTick = (p) => insert.run(p).changes;
    const remove = db.prepare(
      `DELETE FROM runbook_checklist_ticks
        WHERE runbook_id = @runbookId AND incident_id IS @incidentId AND item_text = @text AND item_nth = @nth`,
    );
    this.deleteTick = (p) => remove.run(p).changes;
    const removeAll = db.prepare('DELETE FROM runbook_checklist_ticks WHERE runbook_id = @runbookId AND incident_id IS @incidentId');
    this.deleteAll = (s) => removeAll.run(s).changes;
  }

  get(scope: ChecklistScope): Checklist {
    const ticks = this.selectTicks(scope).map(
      (r): ChecklistTick => ({ text: r.item_text, nth: r.item_nth, tickedBy: r.ticked_by, tickedAt: r.ticked_at }),
    );
    return { runbookId: scope.runbookId, incidentId: scope.incidentId, ticks };
  }

  /** Returns whether this call ticked it (false: it was already ticked, by whoever did first). */
  tick(scope: ChecklistScope, item: ChecklistItemRef, by: string, at: Date): boolean {
    return this.insertTick({ ...scope, text: item.text, nth: item.nth, by, at: at.toISOString() }) === 1;
  }

  /** Returns whether there was a tick to remove. */
  untick(scope: ChecklistScope, item: ChecklistItemRef): boolean {
    return this.deleteTick({ ...scope, text: item.text, nth: item.nth }) === 1;
  }

  /** Unticks every item of the scope (only that scope); returns how many were ticked. */
  reset(scope: ChecklistScope): number {
    return this.deleteAll(scope);
  }
}
