import { create } from 'zustand';
import type { DeclareArgs, IncidentHead, StoredSeries } from '../../../../shared/incidents/api.ts';
import type { EventBody, Severity } from '../../../../shared/incidents/events.ts';
import { foldIncident } from '../../../../shared/incidents/fold.ts';
import { describePolicyErrors, validateSeverityPolicy, type SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import type { ApiError, Result } from '../../../../shared/result.ts';
import type { RunbookDetail, RunbookSummary } from '../../../../shared/runbooks.ts';
import { api } from '../../api.ts';

/** The top bar re-reads every open incident this often (and on every `incidents.changed`). */
export const OPEN_POLL_MS = 15_000;
/**
 * "No open incident" is a claim about now: it needs an answer from the last two polls (and room
 * for a slow one). An older answer, or a failed read, backs no such claim.
 */
export const OPEN_FRESH_MS = 2 * OPEN_POLL_MS + 5_000;

/** What `openDeclare` takes: anything of DeclareArgs (the dashboard's breach figures included). */
export type DeclarePrefill = Partial<DeclareArgs>;

export type StatusFilter = 'all' | 'open' | 'closed';
export interface ListFilter {
  text: string;
  severity: Severity | '';
  status: StatusFilter;
}
export const NO_FILTER: ListFilter = { text: '', severity: '', status: 'all' };

/** The last read of `incidents.open`: what it said, or why it could not say, with our clock. */
export type OpenRead =
  | { status: 'unread' }
  | { status: 'read'; incidents: IncidentView[]; receivedAt: number }
  | { status: 'failed'; error: ApiError; receivedAt: number; last: { incidents: IncidentView[]; receivedAt: number } | null };

export type PolicyRead = { status: 'unread' } | { status: 'ok'; policy: SeverityPolicy; problem: string | null } | { status: 'failed'; message: string };

export interface Detail {
  incidentId: string;
  view: IncidentView | null;
  unreadable: { id: string; problem: string }[];
  error: ApiError | null;
}

export type RunbookDoc = { status: 'loading' } | { status: 'ok'; detail: RunbookDetail } | { status: 'failed'; message: string };

interface IncidentsState {
  heads: IncidentHead[];
  /** False until the first answer: "no incidents" is never said before the list was read. */
  listLoaded: boolean;
  listError: ApiError | null;
  filter: ListFilter;
  policy: PolicyRead;
  open: OpenRead;
  detail: Detail | null;
  /** The last write the core refused (or that failed), in its words; cleared by the next write. */
  actionError: string | null;
  busy: boolean;
  runbooks: RunbookSummary[] | null;
  /** Attached runbooks as read at their attached version, by `id@version`. */
  docs: Record<string, RunbookDoc>;
  declare: { prefill: DeclarePrefill; error: string | null; busy: boolean } | null;
  /** The stored p99/approval series of the incident shown, for the postmortem's first symptom. */
  series: StoredSeries | null;

  loadList(): Promise<void>;
  setFilter(f: Partial<ListFilter>): void;
  loadPolicy(): Promise<void>;
  readOpen(): Promise<void>;
  loadIncident(incidentId: string): Promise<void>;
  record(incidentId: string, body: EventBody, at?: string): Promise<boolean>;
  clearActionError(): void;
  loadRunbooks(): Promise<void>;
  loadDoc(runbookId: string, version: number | null): Promise<void>;
  loadSeries(incidentId: string): Promise<void>;
  openDeclare(prefill?: DeclarePrefill): void;
  closeDeclare(): void;
  submitDeclare(args: DeclareArgs): Promise<string | null>;
}

/** Folds what the core returned; an incident with no readable event is no incident (skipped). */
function fold(events: Parameters<typeof foldIncident>[0]): IncidentView | null {
  return events.length ? foldIncident(events) : null;
}

const thrown = (e: unknown): ApiError => ({ code: 'internal', message: e instanceof Error ? e.message : String(e) });

/** A call whose transport throws (a bug elsewhere, or a half-built mock) answers as a failed read. */
async function call<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request();
  } catch (e) {
    return { ok: false, error: thrown(e) };
  }
}

/** Polls, pushes and clicks overlap: an older answer never replaces a newer one. */
let openSeq = 0;
let openShown = 0;
let listSeq = 0;
let detailSeq = 0;

export const useIncidents = create<IncidentsState>((set, get) => ({
  heads: [],
  listLoaded: false,
  listError: null,
  filter: NO_FILTER,
  policy: { status: 'unread' },
  open: { status: 'unread' },
  detail: null,
  actionError: null,
  busy: false,
  runbooks: null,
  docs: {},
  declare: null,
  series: null,

  async loadList() {
    const seq = ++listSeq;
    // Filters apply on screen: switching them is instant and never waits on the core.
    const r = await call(() => api['incidents.list']({ limit: 1000 }));
    if (seq !== listSeq) return;
    set(r.ok ? { heads: r.value, listLoaded: true, listError: null } : { listError: r.error });
  },

  setFilter(f) {
    set({ filter: { ...get().filter, ...f } });
  },

  async loadPolicy() {
    const r = await call(() => api['incidents.policy']());
    if (!r.ok) {
      // A policy read before stays in force: the clocks do not vanish because one read failed.
      if (get().policy.status !== 'ok') set({ policy: { status: 'failed', message: r.error.message } });
      return;
    }
    const v = validateSeverityPolicy(r.value.raw);
    set({
      policy: v.ok
        ? { status: 'ok', policy: v.value, problem: r.value.problem }
        : { status: 'failed', message: `The severity policy ${r.value.source.path} does not read: ${describePolicyErrors(v.errors)}` },
    });
  },

  async readOpen() {
    const seq = ++openSeq;
    let answer: { ok: true; incidents: IncidentView[] } | { ok: false; error: ApiError };
    try {
      const r = await api['incidents.open']();
      answer = r.ok ? { ok: true, incidents: r.value.incidents.map((i) => fold(i.events)).filter((v): v is IncidentView => v !== null) } : { ok: false, error: r.error };
    } catch (e) {
      // A transport that throws is a bug elsewhere; the top bar still must not claim "none open".
      answer = { ok: false, error: thrown(e) };
    }
    if (seq < openShown) return;
    openShown = seq;
    const receivedAt = Date.now();
    set((s) => {
      if (answer.ok) return { open: { status: 'read', incidents: answer.incidents, receivedAt } };
      const was = s.open;
      const last = was.status === 'read' ? { incidents: was.incidents, receivedAt: was.receivedAt } : was.status === 'failed' ? was.last : null;
      return { open: { status: 'failed', error: answer.error, receivedAt, last } };
    });
  },

  async loadIncident(incidentId) {
    const seq = ++detailSeq;
    const cur = get().detail;
    if (!cur || cur.incidentId !== incidentId) set({ detail: { incidentId, view: null, unreadable: [], error: null }, actionError: null });
    const r = await call(() => api['incidents.get']({ incidentId }));
    if (seq !== detailSeq) return;
    if (!r.ok) {
      // Keep what was read before on screen, with the error beside it.
      set((s) => ({ detail: { incidentId, view: s.detail?.incidentId === incidentId ? s.detail.view : null, unreadable: s.detail?.unreadable ?? [], error: r.error } }));
      return;
    }
    set({ detail: { incidentId, view: fold(r.value.events), unreadable: r.value.unreadable, error: null } });
  },

  async record(incidentId, body, at) {
    set({ busy: true, actionError: null });
    const r = await call(() => api['incidents.record']({ incidentId, body, ...(at ? { at } : {}) }));
    set({ busy: false });
    if (!r.ok) {
      set({ actionError: r.error.message });
      return false;
    }
    // The answer is the incident as stored now: shown at once, before the change event arrives.
    ++detailSeq;
    if (get().detail?.incidentId === incidentId) set({ detail: { incidentId, view: fold(r.value.events), unreadable: r.value.unreadable, error: null } });
    return true;
  },

  clearActionError() {
    set({ actionError: null });
  },

  async loadRunbooks() {
    const r = await call(() => api['runbooks.list']());
    if (r.ok) set({ runbooks: r.value });
  },

  async loadDoc(runbookId, version) {
    const key = docKey(runbookId, version);
    const had = get().docs[key];
    if (had && had.status !== 'failed') return;
    set((s) => ({ docs: { ...s.docs, [key]: { status: 'loading' } } }));
    const r = await call(() => api['runbooks.get']({ id: runbookId, ...(version ? { version } : {}) }));
    set((s) => ({ docs: { ...s.docs, [key]: r.ok ? { status: 'ok', detail: r.value } : { status: 'failed', message: r.error.message } } }));
  },

  async loadSeries(incidentId) {
    const r = await call(() => api['incidents.series']({ incidentId }));
    // Without series the draft still reads: the first symptom comes from notes and breaches.
    set({ series: r.ok ? r.value : { incidentId, series: [] } });
  },

  openDeclare(prefill = {}) {
    set({ declare: { prefill, error: null, busy: false } });
  },

  closeDeclare() {
    if (get().declare?.busy) return;
    set({ declare: null });
  },

  async submitDeclare(args) {
    const d = get().declare;
    if (!d || d.busy) return null;
    set({ declare: { ...d, busy: true, error: null } });
    const r = await call(() => api['incidents.declare'](args));
    if (!r.ok) {
      set({ declare: { ...d, busy: false, error: r.error.message } });
      return null;
    }
    set({ declare: null });
    void get().loadList();
    void get().readOpen();
    return r.value.incidentId;
  },
}));

export const docKey = (runbookId: string, version: number | null) => `${runbookId}@${version ?? 'latest'}`;

/**
 * Opens the Declare dialog over whatever page is showing, prefilled: the dashboard's breach
 * suggestion calls it with the severity, rail, brands, runbook and breach figures it showed.
 */
export function openDeclare(prefill: DeclarePrefill = {}): void {
  useIncidents.getState().openDeclare(prefill);
}

/** Open: someone still has to act on it (the core's `open` list: declared, acknowledged, mitigated). */
export const isOpenState = (state: string | null): boolean => state === 'declared' || state === 'acknowledged' || state === 'mitigated';
