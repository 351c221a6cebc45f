import { useEffect, useRef } from 'react';
import type { Route } from '../features/app/store.ts';

/**
 * The console's keyboard shortcuts, as the shortcuts dialog lists them: `keys` one after the
 * other ("g then d"), or held together when `chord` ("Ctrl + K").
 */
export const SHORTCUTS: { keys: string[]; what: string; chord?: boolean }[] = [
  { keys: ['Ctrl', 'K'], chord: true, what: 'Command palette: any page, runbook, lever or open incident by name (⌘K on a Mac)' },
  { keys: ['/'], what: 'Search runbooks (from any page)' },
  { keys: ['Enter'], what: 'In runbook search: open the first hit' },
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['Esc'], what: 'Close a dialog' },
  { keys: ['g', 'd'], what: 'Go to Dashboard' },
  { keys: ['g', 'l'], what: 'Go to Levers' },
  { keys: ['g', 'r'], what: 'Go to Runbooks' },
  { keys: ['g', 'a'], what: 'Go to Audit' },
  { keys: ['g', 's'], what: 'Go to Settings' },
];

const GO: Record<string, Route> = {
  d: { page: 'dashboard', view: 'overview' },
  l: { page: 'levers' },
  r: { page: 'runbooks', runbookId: null },
  a: { page: 'audit' },
  s: { page: 'settings' },
};

/** Ctrl+K, or ⌘K on a Mac: the command palette, from any page (and while typing in a field). */
export function isPaletteKey(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && !e.isComposing && e.key.toLowerCase() === 'k';
}

/** The second key of "g then a letter" counts within this long. */
const SEQUENCE_MS = 1500;

const NOT_TYPING = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image']);

/** Keys pressed here are text, not commands. */
export function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof Element)) return false;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !NOT_TYPING.has(t.type);
  if (t instanceof HTMLElement && t.isContentEditable) return true;
  return t.closest('[contenteditable]:not([contenteditable="false"])') !== null;
}

export interface ShortcutActions {
  search(): void;
  help(): void;
  go(route: Route): void;
}

/** The console-wide keys. Off while typing, with a modifier held, or while a dialog is open. */
export function useGlobalShortcuts(actions: ShortcutActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    let gAt = -Infinity;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isTypingTarget(e.target) || isTypingTarget(document.activeElement)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const a = latest.current;
      if (e.key === '/') {
        e.preventDefault(); // or the "/" lands in the search box it focuses
        a.search();
      } else if (e.key === '?') {
        e.preventDefault();
        a.help();
      } else if (e.key === 'g') {
        gAt = performance.now();
        return;
      } else if (performance.now() - gAt <= SEQUENCE_MS && GO[e.key]) {
        e.preventDefault();
        a.go(GO[e.key]!);
      }
      gAt = -Infinity;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
