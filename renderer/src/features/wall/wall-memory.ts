import type { Dashboard, Freshness } from '../../../../shared/metrics.ts';
import { countText, figureText, latencyFigure, percentFigure } from '../../ui/metrics-format.ts';
import { tileKey } from '../../ui/rail-tiles.ts';

/**
 * The last values the wall showed for a panel, as it showed them, and their time (core clock).
 * The core drops a panel's values when its source answers badly (an error is not a value), but a
 * wall that goes STALE must still say what the room last saw, struck through, with its age.
 */
export interface Remembered {
  values: string[];
  asOf: number;
}

export type PanelMemory = ReadonlyMap<string, Remembered>;

export const EMPTY_MEMORY: PanelMemory = new Map();

/** Keys of the non-tile panels (tiles use their tileKey). */
export const PANEL = { errorRatio: 'errorRatio', backlog: 'backlog', gateway: 'gateway', admin: 'admin' } as const;

const SERVICE_WORD: Record<string, string> = { ok: '✓ OK', degraded: '▲ DEGRADED', down: '✕ DOWN' };

/** Values that may be remembered: the core calls them fresh, or kept them under STALE. */
function keep(f: Freshness): f is Freshness & { asOf: number } {
  return (f.status === 'ok' || f.status === 'stale') && f.asOf !== null;
}

/**
 * The memory after one answer: each panel with values keeps the newest; a panel in error or
 * without values keeps what it had. Returns `prev` itself when nothing changed.
 */
export function remember(prev: PanelMemory, d: Dashboard): PanelMemory {
  let next: Map<string, Remembered> | null = null;
  const put = (key: string, f: Freshness, values: (string | null)[]) => {
    if (!keep(f)) return;
    const shown = values.filter((v): v is string => v !== null);
    if (shown.length === 0) return;
    const old = (next ?? prev).get(key);
    if (old && (old.asOf > f.asOf || (old.asOf === f.asOf && old.values.join('|') === shown.join('|')))) return;
    next ??= new Map(prev);
    next.set(key, { values: shown, asOf: f.asOf });
  };
  const figure = (text: string) => (text === '—' ? null : text);
  for (const t of d.tiles) put(tileKey(t.rail, t.brand), t.freshness, [figure(figureText(latencyFigure(t.p99Ms))), figure(figureText(percentFigure(t.approval)))]);
  put(PANEL.errorRatio, d.errorRatio.freshness, [d.errorRatio.value === null ? null : figureText(percentFigure(d.errorRatio.value, 2))]);
  put(
    PANEL.backlog,
    d.webhookBacklog.freshness,
    d.webhookBacklog.providers.map((p) => (p.value === null ? null : `${p.provider} ${countText(p.value)}`)),
  );
  put(PANEL.gateway, d.health.gateway.freshness, [SERVICE_WORD[d.health.gateway.status] ?? null]);
  put(PANEL.admin, d.health.admin.freshness, [SERVICE_WORD[d.health.admin.status] ?? null]);
  return next ?? prev;
}

/** The newest time any remembered metric value is from (tiles, 5xx, backlog), or null. */
export function newestMetricValue(memory: PanelMemory): number | null {
  let newest: number | null = null;
  for (const [key, r] of memory) {
    if (key === PANEL.gateway || key === PANEL.admin) continue;
    if (newest === null || r.asOf > newest) newest = r.asOf;
  }
  return newest;
}

/**
 * The memory outlives a reload: a wall that restarts during an outage still shows what the room
 * last saw, struck through, with its time. Kept per metrics source (never shown for another
 * one) and for 12 h at most, so "from 17:20" cannot mean yesterday's 17:20.
 */
const STORAGE_KEY = 'switchyard.wall.lastValues';
const KEEP_MS = 12 * 3600_000;

/** Which source values belong to. */
export function memorySource(d: Dashboard): string {
  return `${d.source.kind} ${d.source.url ?? ''}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage refused (a locked-down kiosk browser): the memory lives as long as the page
  }
}

export function loadMemory(source: string, now: number): PanelMemory {
  try {
    const raw = storage()?.getItem(STORAGE_KEY);
    if (!raw) return EMPTY_MEMORY;
    const stored: unknown = JSON.parse(raw);
    if (!stored || typeof stored !== 'object' || (stored as { source?: unknown }).source !== source) return EMPTY_MEMORY;
    const panels = (stored as { panels?: unknown }).panels;
    if (!Array.isArray(panels)) return EMPTY_MEMORY;
    const out = new Map<string, Remembered>();
    for (const p of panels) {
      if (!Array.isArray(p) || typeof p[0] !== 'string') continue;
      const r = p[1] as { values?: unknown; asOf?: unknown } | null;
      if (!r || typeof r.asOf !== 'number' || now - r.asOf > KEEP_MS || !Array.isArray(r.values)) continue;
      const values = r.values.filter((v): v is string => typeof v === 'string');
      if (values.length) out.set(p[0], { values, asOf: r.asOf });
    }
    return out;
  } catch {
    return EMPTY_MEMORY; // unreadable: start empty rather than show something wrong
  }
}

export function saveMemory(source: string, memory: PanelMemory): void {
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify({ source, panels: [...memory] }));
  } catch {
    // full or refused: the memory still lives in the page
  }
}
