import { create } from 'zustand';
import type { AuditRecord, AuditVerification, LeverOutcome } from '../../../../shared/audit.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';

export interface AuditFilterState {
  lever: string;
  outcome: LeverOutcome | '';
  incidentId: string;
  text: string;
}

export const NO_FILTER: AuditFilterState = { lever: '', outcome: '', incidentId: '', text: '' };

interface AuditState {
  records: AuditRecord[];
  /** False until the first answer: "no records" is never said before the log was read. */
  loaded: boolean;
  verification: AuditVerification | null;
  filter: AuditFilterState;
  error: ApiError | null;
  exporting: boolean;
  load(): Promise<void>;
  setFilter(f: Partial<AuditFilterState>): void;
  verify(): Promise<void>;
  exportAs(format: 'jsonl' | 'csv'): Promise<void>;
}

let listSeq = 0;

export const useAudit = create<AuditState>((set, get) => ({
  records: [],
  loaded: false,
  verification: null,
  filter: NO_FILTER,
  error: null,
  exporting: false,
  async load() {
    const seq = ++listSeq;
    const f = get().filter;
    const r = await api['audit.list']({
      lever: f.lever || undefined,
      outcome: f.outcome || undefined,
      incidentId: f.incidentId.trim() || undefined,
      text: f.text || undefined,
      limit: 200,
    });
    if (seq !== listSeq) return; // a newer filter already asked
    set(r.ok ? { records: r.value, loaded: true, error: null } : { error: r.error });
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
