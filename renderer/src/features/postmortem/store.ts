import { create } from 'zustand';
import type { IncidentEvents } from '../../../../shared/incidents/api.ts';
import type { EventBody } from '../../../../shared/incidents/events.ts';
import { foldIncident } from '../../../../shared/incidents/fold.ts';
import { describePolicyErrors, validateSeverityPolicy, type SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import { draftPostmortem, type SymptomSeries } from '../../../../shared/incidents/postmortem.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import type { Result } from '../../../../shared/result.ts';
import { api } from '../../api.ts';
import { draftAuthors, p99LimitFor, type P99Limit } from './postmortem-model.ts';

/** A read that may still be on its way, or failed (with the reason, in words). */
export type Read<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'failed'; message: string };

interface PostmortemState {
  incidentId: string | null;
  incident: Read<IncidentView>;
  series: Read<SymptomSeries[]>;
  /** The policy for level names and decision-record dates; a refused one is said, not hidden. */
  policy: { policy: SeverityPolicy | null; problem: string | null };
  /** The console's p99 threshold now (null: not read). */
  consoleP99Ms: number | null;
  /** The editor's text. */
  text: string;
  /** The saved text the editor started from (or last saved): unsaved = text differs from it. */
  base: string;
  /** Someone saved a newer text while this editor held unsaved changes. */
  newerSaved: { at: string; actor: string } | null;
  busy: 'save' | 'complete' | null;
  /** The last write the core refused, or the draft that could not be made, in their words. */
  error: string | null;
  /** What the last action did ("Saved 03:14 UTC"). */
  notice: string | null;

  load(incidentId: string): Promise<void>;
  /** Re-reads the incident when it changes elsewhere; returns the unsubscribe. */
  watch(incidentId: string): () => void;
  setText(text: string): void;
  draft(now?: Date): void;
  save(): Promise<boolean>;
  complete(): Promise<boolean>;
}

async function call<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request();
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

const fold = (r: IncidentEvents): IncidentView | null => (r.events.length ? foldIncident(r.events) : null);

export function p99LimitOf(s: Pick<PostmortemState, 'incident' | 'consoleP99Ms'>): P99Limit | null {
  return s.incident.status === 'ok' ? p99LimitFor(s.incident.value, s.consoleP99Ms) : null;
}

export const isUnsaved = (s: Pick<PostmortemState, 'text' | 'base'>) => s.text !== s.base;

/** Loads and page-changes overlap: an answer for an older request is dropped. */
let loadSeq = 0;

export const usePostmortem = create<PostmortemState>((set, get) => {
  /** Takes the incident as stored now; the editor follows the saved text unless it holds edits. */
  const takeIncident = (view: IncidentView) => {
    const s = get();
    const saved = view.postmortem?.markdown ?? '';
    if (!isUnsaved(s)) set({ incident: { status: 'ok', value: view }, text: saved, base: saved, newerSaved: null });
    else if (saved !== s.base && saved !== s.text && view.postmortem) set({ incident: { status: 'ok', value: view }, newerSaved: { at: view.postmortem.at, actor: view.postmortem.actor } });
    else set({ incident: { status: 'ok', value: view } });
  };

  const write = async (body: EventBody): Promise<boolean> => {
    const id = get().incidentId;
    if (!id) return false;
    const r = await call(() => api['incidents.record']({ incidentId: id, body }));
    if (get().incidentId !== id) return false;
    if (!r.ok) {
      set({ error: r.error.message });
      return false;
    }
    const view = fold(r.value);
    // The answer is the incident as stored now: shown at once, before the change event arrives.
    if (view) set({ incident: { status: 'ok', value: view } });
    return true;
  };

  return {
    incidentId: null,
    incident: { status: 'loading' },
    series: { status: 'loading' },
    policy: { policy: null, problem: null },
    consoleP99Ms: null,
    text: '',
    base: '',
    newerSaved: null,
    busy: null,
    error: null,
    notice: null,

    async load(incidentId) {
      const seq = ++loadSeq;
      if (get().incidentId !== incidentId) {
        set({ incidentId, incident: { status: 'loading' }, series: { status: 'loading' }, text: '', base: '', newerSaved: null, busy: null, error: null, notice: null });
      }
      const [inc, series, policy, thresholds] = await Promise.all([
        call(() => api['incidents.get']({ incidentId })),
        call(() => api['incidents.series']({ incidentId })),
        call(() => api['incidents.policy']()),
        call(() => api['metrics.thresholds']()),
      ]);
      if (seq !== loadSeq) return;
      if (policy.ok) {
        const v = validateSeverityPolicy(policy.value.raw);
        set({
          policy: v.ok
            ? { policy: v.value, problem: policy.value.problem }
            : { policy: null, problem: `the severity policy ${policy.value.source.path} does not read (${describePolicyErrors(v.errors)}): levels are named SEV1–SEV4 and no ADR due dates are given` },
        });
      } else set({ policy: { policy: null, problem: `the severity policy could not be read (${policy.error.message}): levels are named SEV1–SEV4` } });
      set({
        consoleP99Ms: thresholds.ok ? thresholds.value.p99Ms : null,
        series: series.ok ? { status: 'ok', value: series.value.series } : { status: 'failed', message: series.error.message },
      });
      if (!inc.ok) {
        // What was read before stays on screen; the failure is said beside it.
        if (get().incident.status !== 'ok') set({ incident: { status: 'failed', message: inc.error.message } });
        else set({ error: `The latest read failed (${inc.error.message}): what is shown may be out of date.` });
        return;
      }
      const view = fold(inc.value);
      if (!view) set({ incident: { status: 'failed', message: `${incidentId} has no readable event` } });
      else takeIncident(view);
    },

    watch(incidentId) {
      return api.on('incidents.changed', (p) => {
        if (p.incidentId !== incidentId || get().incidentId !== incidentId) return;
        void call(() => api['incidents.get']({ incidentId })).then((r) => {
          if (!r.ok || get().incidentId !== incidentId) return;
          const view = fold(r.value);
          if (view) takeIncident(view);
        });
      });
    },

    setText(text) {
      set({ text, notice: null });
    },

    draft(now = new Date()) {
      const s = get();
      if (s.incident.status !== 'ok') return;
      const view = s.incident.value;
      const limit = p99LimitOf(s)!;
      try {
        const text = draftPostmortem(view, {
          now,
          authors: draftAuthors(view),
          ...(s.series.status === 'ok' ? { series: s.series.value } : {}),
          ...(s.policy.policy ? { policy: s.policy.policy } : {}),
          p99LimitMs: limit.ms,
        });
        set({ text, error: null, notice: 'Drafted from the timeline: not saved yet.' });
      } catch (e) {
        set({ error: e instanceof Error ? e.message : String(e) });
      }
    },

    async save() {
      const { text, busy } = get();
      if (busy) return false;
      set({ busy: 'save', error: null, notice: null });
      const ok = await write({ type: 'postmortem_edited', markdown: text });
      set({ busy: null });
      if (ok) {
        const inc = get().incident;
        const saved = inc.status === 'ok' ? inc.value.postmortem : null;
        set({ base: text, newerSaved: null, notice: saved ? `Saved at ${saved.at.slice(11, 16)} UTC.` : 'Saved.' });
      }
      return ok;
    },

    async complete() {
      if (get().busy) return false;
      set({ busy: 'complete', error: null, notice: null });
      const ok = await write({ type: 'postmortem_completed' });
      set({ busy: null, ...(ok ? { notice: 'Postmortem marked complete: the incident is closed.' } : {}) });
      return ok;
    },
  };
});
