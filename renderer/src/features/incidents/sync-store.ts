import { useEffect } from 'react';
import { create } from 'zustand';
import type { SyncStatus } from '../../../../shared/incidents/sync.ts';
import type { Result } from '../../../../shared/result.ts';
import { api } from '../../api.ts';
import { useIncidents } from './store.ts';
import { NO_SYNC_READ, SYNC_POLL_MS, syncNowWords, type SyncRead } from './sync-words.ts';

/** What one Retry or Discard is doing, or why the core said no. */
export interface ConflictAction {
  busy: 'retry' | 'discard' | null;
  error: string | null;
}

interface SyncState {
  read: SyncRead;
  /** "Sync now" is running. */
  running: boolean;
  /** What the last "Sync now" answered, in words (ok: it ran; the words say what it found). */
  nowResult: { ok: boolean; text: string } | null;
  /** Retry / Discard per refused event, by event id. */
  actions: Record<string, ConflictAction>;

  readStatus(): Promise<void>;
  syncNow(): Promise<void>;
  retry(eventId: string): Promise<boolean>;
  discard(eventId: string, incidentId: string): Promise<boolean>;
  clearAction(eventId: string): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A call whose transport throws answers as a failure, in words. */
async function call(request: () => Promise<Result<SyncStatus>>): Promise<{ ok: true; value: SyncStatus } | { ok: false; message: string }> {
  try {
    const r = await request();
    return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.error.message };
  } catch (e) {
    return { ok: false, message: message(e) };
  }
}

/** Reads, pushes and clicks overlap: a failure older than the last good answer is no news. */
let seq = 0;
let goodSeq = 0;

export const useSync = create<SyncState>((set, get) => {
  /** Every answer of the core (a read, or a write's result) is the status as of now. */
  const took = (mySeq: number, status: SyncStatus) => {
    goodSeq = Math.max(goodSeq, mySeq);
    set({ read: { last: { status, readAt: Date.now() }, failure: null } });
  };
  const setAction = (eventId: string, a: ConflictAction) => set((s) => ({ actions: { ...s.actions, [eventId]: a } }));

  return {
    read: NO_SYNC_READ,
    running: false,
    nowResult: null,
    actions: {},

    async readStatus() {
      const mine = ++seq;
      const r = await call(() => api['incidents.syncStatus']());
      if (r.ok) return took(mine, r.value);
      if (mine < goodSeq) return;
      set((s) => ({ read: { last: s.read.last, failure: { message: r.message, since: s.read.failure?.since ?? Date.now() } } }));
    },

    async syncNow() {
      if (get().running) return;
      set({ running: true, nowResult: null });
      const mine = ++seq;
      const r = await call(() => api['incidents.syncNow']());
      if (r.ok) {
        took(mine, r.value);
        set({ running: false, nowResult: { ok: true, text: syncNowWords(r.value, Date.now()) } });
      } else {
        set({ running: false, nowResult: { ok: false, text: `✕ Sync now failed: ${r.message}` } });
      }
    },

    async retry(eventId) {
      if (get().actions[eventId]?.busy) return false;
      setAction(eventId, { busy: 'retry', error: null });
      const mine = ++seq;
      const r = await call(() => api['incidents.syncRetry']({ eventId }));
      if (!r.ok) {
        setAction(eventId, { busy: null, error: `✕ Not retried: ${r.message}` });
        return false;
      }
      setAction(eventId, { busy: null, error: null });
      took(mine, r.value);
      return true;
    },

    async discard(eventId, incidentId) {
      if (get().actions[eventId]?.busy) return false;
      setAction(eventId, { busy: 'discard', error: null });
      const mine = ++seq;
      const r = await call(() => api['incidents.syncDiscard']({ eventId }));
      if (!r.ok) {
        setAction(eventId, { busy: null, error: `✕ Not discarded: ${r.message}` });
        return false;
      }
      setAction(eventId, { busy: null, error: null });
      took(mine, r.value);
      // The event left the timeline: show the incident as stored now.
      if (useIncidents.getState().detail?.incidentId === incidentId) void useIncidents.getState().loadIncident(incidentId);
      return true;
    },

    clearAction(eventId) {
      set((s) => {
        const { [eventId]: _gone, ...rest } = s.actions;
        return { actions: rest };
      });
    },
  };
});

/**
 * Keeps the sync status read while a view shows it: now, every SYNC_POLL_MS, and whenever the
 * core says the outbox, reachability, an incident or the profile changed.
 */
export function useSyncStatusPolling(): void {
  useEffect(() => {
    const read = () => void useSync.getState().readStatus();
    read();
    const id = setInterval(read, SYNC_POLL_MS);
    const offs = [api.on('incidents.sync', read), api.on('incidents.changed', read), api.on('app.changed', read)];
    return () => {
      clearInterval(id);
      for (const off of offs) off();
    };
  }, []);
}
