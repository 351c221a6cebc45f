import { create } from 'zustand';
import type { AuditRecord, AuditVerification, LeverOutcome } from '../../../../shared/audit.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';

interface AuditState {
  records: AuditRecord[];
  verification: AuditVerification | null;
  filter: { lever: string; outcome: LeverOutcome | ''; text: string };
  error: ApiError | null;
  exporting: boolean;
  load(): Promise<void>;
  setFilter(f: Partial<AuditState['filter']>): void;
  verify(): Promise<void>;
  exportAs(format: 'jsonl' | 'csv'): Promise<void>;
}

export const useAudit = create<AuditState>((set, get) => ({
  records: [],
  verification: null,
  filter: { lever: '', outcome: '', text: '' },
  error: null,
  exporting: false,
  async load() {
    const f = get().filter;
    const r = await api['audit.list']({ lever: f.lever || undefined, outcome: f.outcome || undefined, text: f.text || undefined, limit: 200 });
    set(r.ok ? { records: r.value, error: null } : { error: r.error });
  },
  setFilter(f) {
    set({ filter: { ...get().filter, ...f } });
    void get().load();
  },
  async verify() {
    const r = await api['audit.verify']();
    set(r.ok ? { verification: r.value } : { error: r.error });
  },
  async exportAs(format) {
    set({ exporting: true });
    const r = await api['audit.export']({ format });
    set({ exporting: false });
    if (!r.ok) return set({ error: r.error });
    set({ verification: r.value.verification });
    const url = URL.createObjectURL(new Blob([r.value.content], { type: r.value.mimeType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
}));
