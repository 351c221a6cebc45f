import { DateTime } from 'luxon';
import type { DurationStats, ReportRow } from '../../../../shared/incidents/reports.ts';

/** How the report's figures read: "4 min 10 s", "1 h 12 min", "2 d 3 h"; "—" for none. */
export function durationWords(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '−' : '';
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${sign}${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return `${sign}${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  }
  const min = Math.round(s / 60);
  if (min < 48 * 60) {
    const h = Math.floor(min / 60);
    return `${sign}${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  }
  const h = Math.round(min / 60);
  return `${sign}${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** The target in words: "≤ 5 min". */
export const targetWords = (ms: number) => `≤ ${durationWords(ms)}`;

export interface Verdict {
  /** A shape that reads without colour. */
  shape: '✓' | '✕' | '–';
  word: 'met' | 'missed' | 'no data';
  tone: 'met' | 'missed' | 'none';
}

export function verdict(meets: boolean | null): Verdict {
  if (meets === null) return { shape: '–', word: 'no data', tone: 'none' };
  return meets ? { shape: '✓', word: 'met', tone: 'met' } : { shape: '✕', word: 'missed', tone: 'missed' };
}

/**
 * The verdict with how far off: "met, 50 s to spare" / "missed by 2 min 10 s". A miss by less
 * than a second still says "missed by 1 s", so a mean that reads "5 min" never looks met.
 */
export function verdictDetail(stats: DurationStats, targetMs: number, meets: boolean | null): string {
  if (meets === null || stats.meanMs === null) return 'no data';
  const d = stats.meanMs - targetMs;
  if (meets) return d === 0 ? 'met, exactly on target' : `met, ${durationWords(-d)} to spare`;
  return `missed by ${durationWords(Math.max(1000, Math.ceil(d / 1000) * 1000))}`;
}

export type Period = 'last4' | 'last12' | 'all';
export const PERIODS: ReadonlyArray<{ id: Period; label: string; weeks: number | null }> = [
  { id: 'last4', label: 'Last 4 weeks', weeks: 4 },
  { id: 'last12', label: 'Last 12 weeks', weeks: 12 },
  { id: 'all', label: 'All time', weeks: null },
];

/**
 * Where a period starts: whole ISO weeks (Monday 00:00 in the policy's time zone), this week
 * counted as one, so the first week of the report is never a partial one. null: no start.
 */
export function periodStart(period: Period, now: Date, timezone: string): Date | null {
  const weeks = PERIODS.find((p) => p.id === period)?.weeks ?? null;
  if (weeks === null) return null;
  const monday = DateTime.fromJSDate(now, { zone: timezone }).startOf('week');
  return monday.minus({ weeks: weeks - 1 }).toJSDate();
}

/** "since Mon 23 Feb 2026 (this week included)". */
export function periodWords(period: Period, from: Date | null, timezone: string): string {
  if (period === 'all' || from === null) return 'every incident on record';
  return `ISO weeks since Monday ${DateTime.fromJSDate(from, { zone: timezone }).toFormat('d LLL yyyy')}, this week so far included`;
}

/** A row's incident count in words: "5 (1 open)". */
export function incidentsWords(row: ReportRow): string {
  return row.open ? `${row.incidents} (${row.open} open)` : String(row.incidents);
}
