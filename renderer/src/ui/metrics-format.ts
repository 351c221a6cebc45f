/** How rail metrics read on screen: a number and its unit apart, so the number can stand large. */
import type { HistoryStart } from '../../../shared/metrics.ts';

const RAIL_LABELS: Record<string, string> = {
  upi: 'UPI',
  imps: 'IMPS',
  netbanking: 'NetBanking',
  paytm: 'Paytm',
  phonepe: 'PhonePe',
  cards: 'Cards',
};

export function railLabel(rail: string): string {
  return RAIL_LABELS[rail] ?? rail;
}

export function brandLabel(brand: string | null): string {
  return brand ?? 'All brands';
}

export interface Figure {
  value: string;
  unit: string;
}

const NONE: Figure = { value: '—', unit: '' };

export function latencyFigure(ms: number | null): Figure {
  if (ms === null || !Number.isFinite(ms)) return NONE;
  if (ms >= 10_000) return { value: (ms / 1000).toFixed(1), unit: 's' };
  if (ms >= 1000) return { value: (ms / 1000).toFixed(2), unit: 's' };
  return { value: ms >= 10 ? ms.toFixed(0) : ms.toFixed(1), unit: 'ms' };
}

/** A ratio 0..1 as a percentage. */
export function percentFigure(ratio: number | null, digits = 1): Figure {
  if (ratio === null || !Number.isFinite(ratio)) return NONE;
  return { value: (ratio * 100).toFixed(digits), unit: '%' };
}

export function figureText(f: Figure): string {
  return f.unit ? `${f.value} ${f.unit}` : f.value;
}

/** 1234567 → "1,234,567" without Intl (toLocaleString costs ~10 µs a call: too much on every live update). */
export function groupDigits(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? ',' : '') + s[i];
  return n < 0 ? `-${out}` : out;
}

export function countText(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : groupDigits(n);
}

export function rpsText(rps: number | null): string {
  if (rps === null || !Number.isFinite(rps)) return '';
  return rps >= 100 ? `${rps.toFixed(0)} req/s` : `${rps.toFixed(1)} req/s`;
}

/** Approval against its trailing baseline, in percentage points ("▼ 12.3 pts vs baseline"). */
export function approvalDeltaText(approval: number | null, baseline: number | null): string {
  if (approval === null || baseline === null) return '';
  const pts = (approval - baseline) * 100;
  if (Math.abs(pts) < 0.05) return '= baseline';
  return `${pts < 0 ? '▼' : '▲'} ${Math.abs(pts).toFixed(1)} pts vs baseline`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Wall-clock time in UTC (the postmortem's clock). */
export function utcClock(ms: number, seconds = false): string {
  const d = new Date(ms);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
}

export function durationText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${pad(m % 60)} min`;
}

/** Where a chart's data begins, in words: "data since 17:20:05 UTC (console started)". */
export function historySinceText(since: HistoryStart): string {
  return since.why === 'console-started'
    ? `data since ${utcClock(since.at, true)} UTC (console started)`
    : `data since ${utcClock(since.at, true)} UTC (the oldest the console keeps)`;
}
