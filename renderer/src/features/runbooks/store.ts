import { create } from 'zustand';
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

  setQuery(q: string): void;
  setSeverity(s: Severity | null): void;
  toggleTag(t: string): void;
  search(): Promise<void>;
  loadFacets(): Promise<void>;
  open(id: string, version?: number): Promise<void>;
  close(): void;
  setTab(t: 'read' | 'history'): Promise<void>;
  compare(from: number, to: number): Promise<void>;
}

let searchSeq = 0;
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
    const r = await api['runbooks.get']({ id, version });
    set(r.ok ? { detail: r.value, detailError: null } : { detail: null, detailError: r.error });
    if (r.ok && get().tab === 'history') await get().setTab('history');
  },
  close() {
    set({ detail: null, detailError: null, diff: null, history: [] });
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
