import { incidentClocks, mostUrgentClock, type Clock } from '../../../../shared/incidents/clocks.ts';
import type { IncidentHead } from '../../../../shared/incidents/api.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { isOpenState, type ListFilter } from './store.ts';

export interface ListRow {
  head: IncidentHead;
  /** The folded incident from the last `incidents.open` read (open incidents only). */
  view: IncidentView | null;
  /** Live clocks, most urgent first (empty without a policy or a view). */
  clocks: Clock[];
  urgent: Clock | null;
}

function matches(h: IncidentHead, f: ListFilter): boolean {
  if (f.severity && h.severity !== f.severity) return false;
  const open = isOpenState(h.state);
  if (f.status === 'open' && !open) return false;
  if (f.status === 'closed' && open) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  return [h.incidentId, h.title, h.owner ?? '', h.state, ...h.rails, ...h.brands].some((s) => s.toLowerCase().includes(q));
}

const LIVE = new Set(['running', 'approaching', 'overdue']);

/**
 * The Incidents page's two lists: open incidents first, the most urgent clock first (an
 * incident whose clocks are not known yet after those that are), then history, newest first.
 */
export function listRows(heads: readonly IncidentHead[], open: readonly IncidentView[], filter: ListFilter, policy: SeverityPolicy | null, now: number): { open: ListRow[]; history: ListRow[] } {
  const views = new Map(open.map((v) => [v.id, v]));
  const rows = heads.filter((h) => matches(h, filter));
  const openRows: ListRow[] = rows
    .filter((h) => isOpenState(h.state))
    .map((head) => {
      const view = views.get(head.incidentId) ?? null;
      const clocks = view && policy ? incidentClocks(view, policy, new Date(now)).filter((c) => LIVE.has(c.state)).sort((a, b) => a.remainingMs - b.remainingMs) : [];
      return { head, view, clocks, urgent: mostUrgentClock(clocks) };
    });
  const newest = (a: ListRow, b: ListRow) => Date.parse(b.head.declaredAt) - Date.parse(a.head.declaredAt);
  openRows.sort((a, b) => {
    if (a.urgent && b.urgent) return a.urgent.remainingMs - b.urgent.remainingMs || newest(a, b);
    if (a.urgent || b.urgent) return a.urgent ? -1 : 1;
    return newest(a, b);
  });
  const history = rows
    .filter((h) => !isOpenState(h.state))
    .map((head): ListRow => ({ head, view: null, clocks: [], urgent: null }))
    .sort(newest);
  return { open: openRows, history };
}
