import { create } from 'zustand';
import { ReleaseCalendar } from '../../../../shared/release-calendar.ts';
import type { Handover, HandoverDraft, HandoverFact } from '../../../../shared/rotation/handover.ts';
import { Override, Schedule, Swap } from '../../../../shared/rotation/schema.ts';
import type { ErrorCode, Result } from '../../../../shared/result.ts';
import { api } from '../../api.ts';
import { issuesWords, systemZone } from './rotation-words.ts';

/**
 * The rotation as this console reads and edits it: the stored schedule (`rotation.get`), its
 * versions, the release calendar, an unsaved draft of overrides and swaps (its effect is computed
 * live from the schedule, as who is on call is), an iCal import's plan, and the handovers.
 * Who is on call is never stored here: it is a function of the schedule and the clock.
 */

export interface ScheduleInfo {
  schedule: unknown;
  version: number | null;
  savedAt: string | null;
  savedBy: string | null;
  note: string;
  source: 'bundled' | 'saved';
}
export interface VersionRow {
  version: number;
  savedAt: string;
  savedBy: string;
  note: string;
}
export interface FeedProblem {
  line?: number;
  where: string;
  message: string;
}
export interface ImportPlan {
  planId: string;
  feed: string;
  role: 'primary' | 'backup';
  add: Override[];
  update: { before: Override; after: Override }[];
  remove: Override[];
  unchanged: number;
  problems: FeedProblem[];
  /** The span the feed's recurring events were expanded over. */
  window?: { from: string; to: string };
}

/** An override as the core sent it in a plan (a loose record), read as one; never throws. */
export function asOverride(rec: Record<string, unknown>): Override {
  const r = Override.safeParse(rec);
  if (r.success) return r.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
  return {
    id: str(rec.id) || '?',
    role: rec.role === 'backup' ? 'backup' : 'primary',
    person: str(rec.person) || '?',
    start: str(rec.start),
    end: str(rec.end),
    reason: str(rec.reason),
    source: { kind: 'ical' },
    ...(typeof rec.rotationId === 'string' ? { rotationId: rec.rotationId } : {}),
  };
}
export interface CalendarRead {
  /** Parsed; null when what the core sent does not read. */
  calendar: ReleaseCalendar | null;
  source: { kind: string; path: string | null };
  /** What the core said is wrong with the profile's calendar file (the bundled one is used). */
  problem: string | null;
  /** The calendar sent does not read here. */
  parseProblem: string | null;
}

export type Loaded<T> = { status: 'unread' } | { status: 'ok'; value: T; at: number } | { status: 'failed'; message: string; last: T | null };

export type Job<T = null> = { status: 'idle' } | { status: 'busy' } | { status: 'failed'; code: ErrorCode; message: string } | { status: 'done'; value: T };

export interface Draft {
  schedule: Schedule;
  /** The version the edit started from: a save over a newer one is refused by the core. */
  base: number | null;
}

export interface HandoverWork {
  draft: HandoverDraft;
  text: string;
}

interface RotationState {
  /** The viewer's zone ("your time"); the machine's unless set (tests). */
  zone: string;
  info: Loaded<ScheduleInfo>;
  /** The schedule as read, parsed; null with `scheduleProblem` when it does not read. */
  schedule: Schedule | null;
  scheduleProblem: string | null;
  versions: Loaded<VersionRow[]>;
  calendar: Loaded<CalendarRead>;
  draft: Draft | null;
  save: Job<ScheduleInfo>;
  plan: Job<ImportPlan>;
  apply: Job<ScheduleInfo>;
  handovers: Loaded<Handover[]>;
  handoverDraft: Job<HandoverWork>;
  handOver: Job<Handover>;
  /** Per handover id, the last acknowledgement attempt. */
  acks: Record<string, Job<Handover>>;

  load(): Promise<void>;
  loadVersions(): Promise<void>;
  loadCalendar(): Promise<void>;
  loadHandovers(): Promise<void>;
  /** Re-reads on `rotation.changed`; returns the unsubscribe. */
  watch(): () => void;

  addOverride(o: Override): void;
  removeOverride(id: string): void;
  addSwap(s: Swap): void;
  removeSwap(id: string): void;
  discardDraft(): void;
  saveDraft(note: string): Promise<boolean>;

  planImport(args: { text: string; feed: string; role: 'primary' | 'backup'; rotationId?: string }): Promise<void>;
  applyImport(): Promise<boolean>;
  discardPlan(): void;

  draftHandover(from: string, to: string): Promise<void>;
  setHandoverText(text: string): void;
  discardHandover(): void;
  handOverNow(): Promise<boolean>;
  acknowledge(id: string, by: string): Promise<boolean>;
}

async function call<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request();
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

const lastOf = <T>(l: Loaded<T>): T | null => (l.status === 'ok' ? l.value : l.status === 'failed' ? l.last : null);

/** The schedule of a `rotation.get` answer, or what is wrong with it. */
export function readSchedule(raw: unknown): { schedule: Schedule | null; problem: string | null } {
  const r = Schedule.safeParse(raw);
  return r.success ? { schedule: r.data, problem: null } : { schedule: null, problem: issuesWords(r.error.issues) };
}

let infoSeq = 0;
let handoverSeq = 0;

export const useRotation = create<RotationState>((set, get) => {
  /** The draft to edit: the current one, or a fresh copy of the schedule read. */
  const editable = (): Draft | null => {
    const d = get().draft;
    if (d) return d;
    const s = get().schedule;
    const info = lastOf(get().info);
    if (!s || !info) return null;
    return { schedule: structuredClone(s), base: info.version };
  };
  const setInfo = (info: ScheduleInfo) => {
    const { schedule, problem } = readSchedule(info.schedule);
    set({ info: { status: 'ok', value: info, at: Date.now() }, schedule, scheduleProblem: problem });
  };

  return {
    zone: systemZone(),
    info: { status: 'unread' },
    schedule: null,
    scheduleProblem: null,
    versions: { status: 'unread' },
    calendar: { status: 'unread' },
    draft: null,
    save: { status: 'idle' },
    plan: { status: 'idle' },
    apply: { status: 'idle' },
    handovers: { status: 'unread' },
    handoverDraft: { status: 'idle' },
    handOver: { status: 'idle' },
    acks: {},

    async load() {
      const mine = ++infoSeq;
      const r = await call(() => api['rotation.get']());
      if (mine !== infoSeq) return;
      if (r.ok) setInfo(r.value as ScheduleInfo);
      else set((s) => ({ info: { status: 'failed', message: r.error.message, last: lastOf(s.info) } }));
    },

    async loadVersions() {
      const r = await call(() => api['rotation.versions']({ limit: 20 }));
      if (r.ok) set({ versions: { status: 'ok', value: r.value, at: Date.now() } });
      else set((s) => ({ versions: { status: 'failed', message: r.error.message, last: lastOf(s.versions) } }));
    },

    async loadCalendar() {
      const r = await call(() => api['calendar.get']());
      if (!r.ok) {
        set((s) => ({ calendar: { status: 'failed', message: r.error.message, last: lastOf(s.calendar) } }));
        return;
      }
      const v = r.value as { calendar: unknown; source: { kind: string; path?: string | null }; problem: string | null };
      const parsed = ReleaseCalendar.safeParse(v.calendar);
      set({
        calendar: {
          status: 'ok',
          at: Date.now(),
          value: {
            calendar: parsed.success ? parsed.data : null,
            source: { kind: v.source?.kind ?? 'unknown', path: v.source?.path ?? null },
            problem: v.problem ?? null,
            parseProblem: parsed.success ? null : issuesWords(parsed.error.issues),
          },
        },
      });
    },

    async loadHandovers() {
      const mine = ++handoverSeq;
      const r = await call(() => api['handover.list']({ limit: 20 }));
      if (mine !== handoverSeq) return;
      if (r.ok) set({ handovers: { status: 'ok', value: r.value, at: Date.now() } });
      else set((s) => ({ handovers: { status: 'failed', message: r.error.message, last: lastOf(s.handovers) } }));
    },

    watch() {
      return api.on('rotation.changed', () => {
        void get().load();
        void get().loadVersions();
        void get().loadHandovers();
      });
    },

    addOverride(o) {
      const d = editable();
      if (!d) return;
      set({ draft: { ...d, schedule: { ...d.schedule, overrides: [...d.schedule.overrides, o] } }, save: { status: 'idle' } });
    },
    removeOverride(id) {
      const d = editable();
      if (!d) return;
      set({ draft: { ...d, schedule: { ...d.schedule, overrides: d.schedule.overrides.filter((o) => o.id !== id) } }, save: { status: 'idle' } });
    },
    addSwap(sw) {
      const d = editable();
      if (!d) return;
      set({ draft: { ...d, schedule: { ...d.schedule, swaps: [...d.schedule.swaps, sw] } }, save: { status: 'idle' } });
    },
    removeSwap(id) {
      const d = editable();
      if (!d) return;
      set({ draft: { ...d, schedule: { ...d.schedule, swaps: d.schedule.swaps.filter((x) => x.id !== id) } }, save: { status: 'idle' } });
    },
    discardDraft() {
      set({ draft: null, save: { status: 'idle' } });
    },

    async saveDraft(note) {
      const d = get().draft;
      if (!d) return false;
      set({ save: { status: 'busy' } });
      const r = await call(() => api['rotation.save']({ schedule: d.schedule, note, baseVersion: d.base }));
      if (!r.ok) {
        set({ save: { status: 'failed', code: r.error.code, message: r.error.message } });
        return false;
      }
      setInfo(r.value as ScheduleInfo);
      set({ draft: null, save: { status: 'done', value: r.value as ScheduleInfo }, apply: { status: 'idle' } });
      void get().loadVersions();
      return true;
    },

    async planImport(args) {
      set({ plan: { status: 'busy' }, apply: { status: 'idle' } });
      const r = await call(() => api['rotation.planImport'](args));
      if (r.ok) {
        const v = r.value;
        const plan: ImportPlan = {
          planId: v.planId,
          feed: v.feed,
          role: v.role,
          add: v.add.map(asOverride),
          update: v.update.map((u) => ({ before: asOverride(u.before), after: asOverride(u.after) })),
          remove: v.remove.map(asOverride),
          unchanged: v.unchanged,
          problems: v.problems,
          window: v.window,
        };
        set({ plan: { status: 'done', value: plan } });
      }
      else set({ plan: { status: 'failed', code: r.error.code, message: r.error.message } });
    },

    async applyImport() {
      const p = get().plan;
      const info = lastOf(get().info);
      if (p.status !== 'done' || !info) return false;
      set({ apply: { status: 'busy' } });
      const r = await call(() => api['rotation.applyImport']({ planId: p.value.planId, baseVersion: info.version }));
      if (!r.ok) {
        set({ apply: { status: 'failed', code: r.error.code, message: r.error.message } });
        return false;
      }
      setInfo(r.value as ScheduleInfo);
      // A newer version than the one a save message names: that message is no longer news.
      set({ plan: { status: 'idle' }, apply: { status: 'done', value: r.value as ScheduleInfo }, save: { status: 'idle' } });
      void get().loadVersions();
      return true;
    },

    discardPlan() {
      set({ plan: { status: 'idle' }, apply: { status: 'idle' } });
    },

    async draftHandover(from, to) {
      set({ handoverDraft: { status: 'busy' }, handOver: { status: 'idle' } });
      const r = await call(() => api['handover.draft']({ from, to }));
      if (r.ok) set({ handoverDraft: { status: 'done', value: { draft: r.value, text: r.value.text } } });
      else set({ handoverDraft: { status: 'failed', code: r.error.code, message: r.error.message } });
    },

    setHandoverText(text) {
      const d = get().handoverDraft;
      if (d.status === 'done') set({ handoverDraft: { status: 'done', value: { ...d.value, text } } });
    },

    discardHandover() {
      set({ handoverDraft: { status: 'idle' }, handOver: { status: 'idle' } });
    },

    async handOverNow() {
      const d = get().handoverDraft;
      if (d.status !== 'done') return false;
      set({ handOver: { status: 'busy' } });
      const { draft, text } = d.value;
      const facts: HandoverFact[] = draft.facts;
      const r = await call(() => api['handover.handOver']({ from: draft.from, to: draft.to, draftedAt: draft.draftedAt, facts, text }));
      if (!r.ok) {
        set({ handOver: { status: 'failed', code: r.error.code, message: r.error.message } });
        return false;
      }
      set({ handOver: { status: 'done', value: r.value }, handoverDraft: { status: 'idle' } });
      void get().loadHandovers();
      return true;
    },

    async acknowledge(id, by) {
      set((s) => ({ acks: { ...s.acks, [id]: { status: 'busy' } } }));
      const r = await call(() => api['handover.acknowledge']({ id, by }));
      if (!r.ok) {
        set((s) => ({ acks: { ...s.acks, [id]: { status: 'failed', code: r.error.code, message: r.error.message } } }));
        return false;
      }
      set((s) => ({
        acks: { ...s.acks, [id]: { status: 'done', value: r.value } },
        // Shown at once; the list is read again too.
        handovers: s.handovers.status === 'ok' ? { ...s.handovers, value: s.handovers.value.map((h) => (h.id === id ? r.value : h)) } : s.handovers,
      }));
      void get().loadHandovers();
      return true;
    },
  };
});

export { lastOf };
