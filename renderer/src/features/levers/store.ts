import { create } from 'zustand';
import type { z } from 'zod';
import type { ApiError } from '../../../../shared/result.ts';
import type { LeverCatalogEntry, LeverExecution, LeverId, LeverPlan, LeverStateSnapshot, RecoveryPlan } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { EMPTY_MEMORY, remember, type LeverMemory } from './lever-view.ts';

type CatalogEntry = z.infer<typeof LeverCatalogEntry>;
type Recovery = z.infer<typeof RecoveryPlan>;

export type DialogState =
  | { kind: 'closed' }
  | { kind: 'planning'; lever: LeverId; target: string; action: 'engage' | 'release' }
  | { kind: 'confirm'; plan: LeverPlan }
  | { kind: 'refused'; plan: LeverPlan }
  | { kind: 'executing'; plan: LeverPlan }
  | { kind: 'result'; plan: LeverPlan; execution: LeverExecution }
  | { kind: 'recovery'; recovery: Recovery }
  | { kind: 'recovering'; recovery: Recovery }
  | { kind: 'recovered'; results: LeverExecution[]; error: ApiError | null }
  | { kind: 'error'; error: ApiError };

interface LeversState {
  catalog: CatalogEntry[];
  /** The last answer that came back; `stateError` says the latest call failed (then it is not now). */
  snapshot: LeverStateSnapshot | null;
  stateError: ApiError | null;
  /** What every answer so far read, kept across polls: the rows a failing read still shows, with their age. */
  memory: LeverMemory;
  /** The control the open dialog was opened for: focus goes back there if its button is gone. */
  origin: { lever: LeverId; target: string } | null;
  loading: boolean;
  executions: LeverExecution[];
  recovery: Recovery | null;
  dialog: DialogState;
  /** The incident the next lever is pulled for: the incident page sets it, the dialog prefills it. */
  incidentId: string | null;
  forIncident(incidentId: string | null): void;
  load(fresh?: boolean): Promise<void>;
  open(lever: LeverId, target: string, action: 'engage' | 'release'): Promise<void>;
  execute(input: { reason: string; incidentId?: string; typedEnvironment?: string; approvedBy?: string }): Promise<void>;
  reverify(executionId: string): Promise<void>;
  openRecovery(): Promise<void>;
  recover(input: { reason: string; incidentId?: string; typedEnvironment?: string; approvedBy?: string }): Promise<void>;
  close(): void;
}

/** Polls, pushes and Refresh overlap: an answer older than one already shown is not shown. */
let loadSeq = 0;
let shownSeq = 0;
let inFlight = 0;

export const useLevers = create<LeversState>((set, get) => ({
  catalog: [],
  snapshot: null,
  stateError: null,
  memory: EMPTY_MEMORY,
  origin: null,
  loading: false,
  executions: [],
  recovery: null,
  dialog: { kind: 'closed' },
  incidentId: null,

  forIncident(incidentId) {
    set({ incidentId });
  },

  async load(fresh = false) {
    const seq = ++loadSeq;
    inFlight += 1;
    set({ loading: true });
    const [catalog, state, executions, recovery] = await Promise.all([
      get().catalog.length ? null : api['levers.catalog'](),
      api['levers.state']({ fresh }),
      api['levers.executions']({ limit: 30 }),
      api['levers.recoveryPlan'](),
    ]).finally(() => (inFlight -= 1));
    const newest = seq > shownSeq;
    if (newest) shownSeq = seq;
    set({
      loading: inFlight > 0,
      ...(catalog?.ok ? { catalog: catalog.value } : {}),
      // Whatever an answer read is remembered, even one that arrives late.
      ...(state.ok ? { memory: remember(get().memory, state.value) } : {}),
      ...(!newest
        ? {}
        : {
            ...(state.ok ? { snapshot: state.value, stateError: null } : { stateError: state.error }),
            ...(executions.ok ? { executions: executions.value } : {}),
            ...(recovery.ok ? { recovery: recovery.value } : {}),
          }),
    });
  },

  async open(lever, target, action) {
    const planning: DialogState = { kind: 'planning', lever, target, action };
    set({ dialog: planning, origin: { lever, target } });
    const r = await api['levers.plan']({ lever, target, action });
    // Cancelled (Escape) while the plan was read: a late answer must not reopen the dialog.
    if (get().dialog !== planning) return;
    if (!r.ok) return set({ dialog: { kind: 'error', error: r.error } });
    set({ dialog: r.value.refusal ? { kind: 'refused', plan: r.value } : { kind: 'confirm', plan: r.value } });
  },

  async execute(input) {
    const d = get().dialog;
    if (d.kind !== 'confirm' || !d.plan.planId) return;
    const plan = d.plan;
    // The dialog leaves 'confirm' before the request goes out: a second click has nothing to send.
    set({ dialog: { kind: 'executing', plan } });
    const r = await api['levers.execute']({ planId: plan.planId!, ...input });
    set({ dialog: r.ok ? { kind: 'result', plan, execution: r.value } : { kind: 'error', error: r.error } });
    void get().load(true);
  },

  async reverify(executionId) {
    const r = await api['levers.reverify']({ executionId });
    const d = get().dialog;
    if (d.kind === 'result' && d.execution.id === executionId && r.ok) set({ dialog: { ...d, execution: r.value } });
    else if (!r.ok) set({ dialog: { kind: 'error', error: r.error } });
    void get().load(true);
  },

  async openRecovery() {
    set({ origin: null });
    const r = await api['levers.recoveryPlan']();
    set({ dialog: r.ok ? { kind: 'recovery', recovery: r.value } : { kind: 'error', error: r.error } });
  },

  async recover(input) {
    const d = get().dialog;
    if (d.kind !== 'recovery') return;
    set({ dialog: { kind: 'recovering', recovery: d.recovery } });
    const r = await api['levers.recover'](input);
    set({
      dialog: r.ok
        ? { kind: 'recovered', results: r.value.executions, error: r.value.stopped ? { code: 'conflict', message: r.value.stopped } : null }
        : { kind: 'recovered', results: [], error: r.error },
    });
    void get().load(true);
  },

  close() {
    set({ dialog: { kind: 'closed' } });
  },
}));
