import { create } from 'zustand';
import type { ApiError } from '../../../../shared/result.ts';
import type { ImportReport, RunbookSource } from '../../../../shared/runbooks.ts';
import { api } from '../../api.ts';

interface SettingsState {
  sources: RunbookSource[];
  reports: ImportReport[];
  busy: boolean;
  error: ApiError | null;
  lastAction: string | null;
  load(): Promise<void>;
  addFolder(dir: string): Promise<boolean>;
  removeFolder(id: number): Promise<void>;
  resync(): Promise<void>;
}

export const useSettings = create<SettingsState>((set, get) => ({
  sources: [],
  reports: [],
  busy: false,
  error: null,
  lastAction: null,
  async load() {
    const [s, r] = await Promise.all([api['runbooks.sources'](), api['runbooks.lastReports']()]);
    set({
      sources: s.ok ? s.value : get().sources,
      reports: r.ok ? r.value : get().reports,
      error: !s.ok ? s.error : !r.ok ? r.error : null,
    });
  },
  async addFolder(dir) {
    set({ busy: true, lastAction: null });
    const r = await api['runbooks.addFolder']({ dir });
    set({ busy: false, error: r.ok ? null : r.error, lastAction: r.ok ? summary(r.value) : null });
    await get().load();
    return r.ok;
  },
  async removeFolder(sourceId) {
    const r = await api['runbooks.removeFolder']({ sourceId });
    set({ error: r.ok ? null : r.error, lastAction: r.ok ? 'Folder removed; the runbooks it imported stay cached.' : null });
    await get().load();
  },
  async resync() {
    set({ busy: true, lastAction: null });
    const r = await api['runbooks.resync']();
    set({ busy: false, error: r.ok ? null : r.error, lastAction: r.ok ? r.value.map(summary).join(' · ') : null });
    await get().load();
  },
}));

function summary(r: ImportReport): string {
  if (r.error) return r.error;
  return `${r.location}: ${r.imported} imported, ${r.unchanged} unchanged, ${r.rejected.length} rejected`;
}
