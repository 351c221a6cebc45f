import { create } from 'zustand';
import { validateSeverityPolicy, type SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import type { IncidentReport } from '../../../../shared/incidents/reports.ts';
import type { Result } from '../../../../shared/result.ts';
import { api } from '../../api.ts';
import { periodStart, type Period } from './report-format.ts';

/** How long after the last `incidents.changed` the report is read again. */
export const CHANGE_SETTLE_MS = 1500;

/** The policy's default zone (shared/incidents/policy.ts), used until the policy is read. */
const DEFAULT_TIMEZONE = 'Asia/Kolkata';

export interface ReportShown {
  report: IncidentReport;
  period: Period;
  from: Date | null;
}

export type ReportRead = { status: 'loading'; last: ReportShown | null } | { status: 'ok'; shown: ReportShown } | { status: 'failed'; message: string; last: ReportShown | null };

interface ReportsState {
  period: Period;
  /** The zone weeks are cut in: the policy's. */
  timezone: string | null;
  /** For the team's level names ("P1"); null: not read, levels named SEV1–SEV4. */
  policy: SeverityPolicy | null;
  read: ReportRead;
  setPeriod(p: Period): void;
  load(now?: Date): Promise<void>;
  /** Re-reads when an incident changes; returns the unsubscribe. */
  watch(): () => void;
}

async function call<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request();
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

const lastShown = (r: ReportRead): ReportShown | null => (r.status === 'ok' ? r.shown : r.last);

/** Period clicks and change events overlap: only the newest request's answer is shown. */
let seq = 0;

export const useReports = create<ReportsState>((set, get) => ({
  period: 'last4',
  timezone: null,
  policy: null,
  read: { status: 'loading', last: null },

  setPeriod(period) {
    if (period === get().period) return;
    set({ period });
    void get().load();
  },

  async load(now = new Date()) {
    const mine = ++seq;
    set((s) => ({ read: { status: 'loading', last: lastShown(s.read) } }));
    let timezone = get().timezone;
    if (timezone === null) {
      const p = await call(() => api['incidents.policy']());
      const v = p.ok ? validateSeverityPolicy(p.value.raw) : null;
      // The report's own answer names its zone too: a later read corrects a guess.
      timezone = v?.ok ? v.value.timezone : DEFAULT_TIMEZONE;
      if (v?.ok) set({ timezone, policy: v.value });
    }
    const period = get().period;
    const from = periodStart(period, now, timezone);
    const r = await call(() => api['incidents.report'](from ? { from: from.toISOString() } : {}));
    if (mine !== seq) return;
    if (!r.ok) {
      set((s) => ({ read: { status: 'failed', message: r.error.message, last: lastShown(s.read) } }));
      return;
    }
    if (get().timezone === null) {
      // The policy did not read: its zone is the one the report was cut in. Weeks are re-cut in it.
      set({ timezone: r.value.timezone });
      if (r.value.timezone !== timezone && from !== null) return get().load(now);
    }
    set({ read: { status: 'ok', shown: { report: r.value, period, from } } });
  },

  watch() {
    // A busy incident changes every few seconds (ticks, notes): one re-read once a burst settles.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('incidents.changed', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void get().load();
      }, CHANGE_SETTLE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  },
}));
