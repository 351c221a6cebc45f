import { create } from 'zustand';
import { itemKey, type Checklist, type ChecklistItemRef } from '../../../../shared/checklists.ts';
import type { LeverId } from '../../../../shared/levers.ts';
import type { ApiError } from '../../../../shared/result.ts';
import type {
  RunbookDetail,
  RunbookDiff,
  RunbookFacets,
  RunbookHit,
  RunbookVersion,
  Severity,
} from '../../../../shared/runbooks.ts';
import { api } from '../../api.ts';

interface RunbooksState {
  query: string;
  severity: Severity | null;
  tags: string[];
  hits: RunbookHit[];
  truncated: boolean;
  searching: boolean;
  searchError: ApiError | null;
  facets: RunbookFacets | null;

  detail: RunbookDetail | null;
  detailError: ApiError | null;
  tab: 'read' | 'history';
  history: RunbookVersion[];
  diff: RunbookDiff | null;
  diffError: ApiError | null;
  /** Bumped whenever a runbook is opened afresh: the view scrolls to its top. */
  arrival: number;

  /** Ticks of the open runbook's task list, as stored by the core (never assumed). */
  checklist: Checklist | null;
  checklistError: ApiError | null;
  /** Items (itemKey) whose tick or untick the core has not answered yet. */
  ticking: string[];
  /** Every cached runbook id: a runbook id in backticks links to that runbook. */
  runbookIds: string[];
  /** A brand or provider lever whose target is being chosen before its confirmation. */
  pickingLever: LeverId | null;

  setQuery(q: string): void;
  setSeverity(s: Severity | null): void;
  toggleTag(t: string): void;
  search(): Promise<void>;
  loadFacets(): Promise<void>;
  open(id: string, version?: number): Promise<void>;
  /** Opened from elsewhere (a breach's "Open runbook"): its text from the top, the old search cleared. */
  openFresh(id: string): Promise<void>;
  loadChecklist(): Promise<void>;
  toggleItem(item: ChecklistItemRef, ticked: boolean): Promise<void>;
  resetChecklist(): Promise<void>;
  pickLever(lever: LeverId | null): void;
  close(): void;
  setTab(t: 'read' | 'history'): Promise<void>;
  compare(from: number, to: number): Promise<void>;
}

let searchSeq = 0;
let openSeq = 0;
let checklistSeq = 0;
let checklistShown = 0;
let debounce: ReturnType<typeof setTimeout> | null = null;

export const useRunbooks = create<RunbooksState>((set, get) => ({
  query: '',
  severity: null,
  tags: [],
  hits: [],
  truncated: false,
  searching: false,
  searchError: null,
  facets: null,
  detail: null,
  detailError: null,
  tab: 'read',
  history: [],
  diff: null,
  diffError: null,
  arrival: 0,
  checklist: null,
  checklistError: null,
  ticking: [],
  runbookIds: [],
  pickingLever: null,

  setQuery(query) {
    set({ query });
    // Search as you type, without a request per keystroke.
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => void get().search(), 80);
  },
  setSeverity(severity) {
    set({ severity });
    void get().search();
  },
  toggleTag(tag) {
    const tags = get().tags.includes(tag) ? get().tags.filter((t) => t !== tag) : [...get().tags, tag];
    set({ tags });
    void get().search();
  },
  async search() {
    const seq = ++searchSeq;
    const { query, severity, tags } = get();
    set({ searching: true });
    const r = await api['runbooks.search']({ query, severity, tags, limit: 50 });
    if (seq !== searchSeq) return; // a newer keystroke already asked
    set(
      r.ok
        ? { hits: r.value.hits, truncated: r.value.truncated, searching: false, searchError: null }
        : { searching: false, searchError: r.error },
    );
  },
  async loadFacets() {
    const r = await api['runbooks.facets']();
    if (r.ok) set({ facets: r.value });
  },
  async open(id, version) {
    const seq = ++openSeq;
    const other = get().detail?.id !== id;
    // Another runbook opens on its text; the same one (a refresh, an older version) keeps its tab.
    if (other) set({ tab: 'read', diff: null, diffError: null, history: [], checklist: null, checklistError: null, ticking: [] });
    const [r, list] = await Promise.all([api['runbooks.get']({ id, version }), api['runbooks.list']()]);
    if (seq !== openSeq) return; // another runbook was asked for meanwhile
    if (list.ok) set({ runbookIds: list.value.map((s) => s.id) });
    set(r.ok ? { detail: r.value, detailError: null } : { detail: null, detailError: r.error });
    if (other) set((s) => ({ arrival: s.arrival + 1 }));
    if (!r.ok) return;
    await Promise.all([get().loadChecklist(), get().tab === 'history' ? get().setTab('history') : null]);
  },
  async openFresh(id) {
    if (debounce) clearTimeout(debounce);
    set((s) => ({ query: '', severity: null, tags: [], tab: 'read', diff: null, diffError: null, arrival: s.arrival + 1 }));
    await Promise.all([get().search(), get().open(id)]);
  },
  close() {
    ++openSeq;
    set({ detail: null, detailError: null, diff: null, history: [], checklist: null, checklistError: null, ticking: [], pickingLever: null });
  },
  async loadChecklist() {
    const d = get().detail;
    if (!d) return;
    const seq = ++checklistSeq;
    const r = await api['checklists.get']({ runbookId: d.id });
    showChecklist(seq, d.id, r.ok ? { checklist: r.value, checklistError: null } : { checklistError: r.error });
  },
  async toggleItem(item, ticked) {
    const d = get().detail;
    const key = itemKey(item);
    if (!d || get().ticking.includes(key)) return;
    set((s) => ({ ticking: [...s.ticking, key] }));
    const seq = ++checklistSeq;
    const r = await api['checklists.tick']({ runbookId: d.id, text: item.text, nth: item.nth, ticked });
    set((s) => ({ ticking: s.ticking.filter((k) => k !== key) }));
    showChecklist(seq, d.id, r.ok ? { checklist: r.value, checklistError: null } : { checklistError: r.error });
  },
  async resetChecklist() {
    const d = get().detail;
    if (!d) return;
    const seq = ++checklistSeq;
    const r = await api['checklists.reset']({ runbookId: d.id });
    showChecklist(seq, d.id, r.ok ? { checklist: r.value, checklistError: null } : { checklistError: r.error });
  },
  pickLever(lever) {
    set({ pickingLever: lever });
  },
  async setTab(tab) {
    set({ tab, diff: null, diffError: null });
    const d = get().detail;
    if (tab === 'history' && d) {
      const r = await api['runbooks.history']({ id: d.id });
      if (r.ok) set({ history: r.value });
      if (r.ok && r.value.length >= 2) await get().compare(r.value[1]!.version, r.value[0]!.version);
    }
  },
  async compare(from, to) {
    const d = get().detail;
    if (!d) return;
    const r = await api['runbooks.diff']({ id: d.id, from, to });
    set(r.ok ? { diff: r.value, diffError: null } : { diff: null, diffError: r.error });
  },
}));

/** An answer older than one already shown, or for a runbook no longer open, is dropped. */
function showChecklist(seq: number, runbookId: string, patch: Partial<Pick<RunbooksState, 'checklist' | 'checklistError'>>): void {
  if (seq < checklistShown || useRunbooks.getState().detail?.id !== runbookId) return;
  checklistShown = seq;
  useRunbooks.setState(patch);
}
