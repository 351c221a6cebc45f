import { create } from 'zustand';
import type { z } from 'zod';
import type { ProfileEditInput, ProfileList } from '../../../../shared/environment.ts';
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

type Profiles = z.infer<typeof ProfileList>;

interface ProfilesState {
  data: Profiles | null;
  error: ApiError | null;
  message: string | null;
  busy: boolean;
  load(): Promise<void>;
  save(edit: ProfileEditInput): Promise<boolean>;
  switchTo(name: string): Promise<void>;
  setToken(name: string, token: string): Promise<boolean>;
}

/** Profiles (environments): the list, saving an edit, switching, and tokens (never read back). */
export const useProfiles = create<ProfilesState>((set, get) => ({
  data: null,
  error: null,
  message: null,
  busy: false,
  async load() {
    const r = await api['profiles.list']();
    set(r.ok ? { data: r.value, error: null } : { error: r.error });
  },
  async save(edit) {
    set({ busy: true, message: null });
    const r = await api['profiles.save'](edit);
    if (!r.ok) {
      set({ busy: false, error: r.error });
      return false;
    }
    const saved = r.value.profiles.find((p) => p.name === edit.name);
    const applied = saved?.active ? 'the console reopened with it' : 'switch to it to use it';
    const token = saved?.tokenProblem
      ? ` Its token is not used: ${saved.tokenProblem}.`
      : saved && saved.kind === 'platform' && !saved.hasToken && r.value.tokenWritable
        ? ' It has no token yet: set one.'
        : '';
    set({ busy: false, data: r.value, error: null, message: `Profile "${edit.name}" saved; ${applied}.${token}` });
    return true;
  },
  async switchTo(name) {
    const r = await api['profiles.switch']({ name });
    if (!r.ok) set({ error: r.error });
    else await get().load();
  },
  async setToken(name, token) {
    const r = await api['profiles.setToken']({ name, token });
    set(r.ok ? { data: r.value, error: null, message: `Token stored for "${name}", for its admin and gateway URLs as they are now.` } : { error: r.error });
    return r.ok;
  },
}));
