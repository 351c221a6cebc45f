import { useEffect, type RefObject } from 'react';

/**
 * `/` focuses the runbook search from every page. The Runbooks page registers its search box
 * here; pressed elsewhere, the focus waits until the page has mounted its box.
 */
let focusSearch: (() => void) | null = null;
let pending = false;

export function registerRunbookSearch(focus: () => void): () => void {
  focusSearch = focus;
  if (pending) {
    pending = false;
    focus();
  }
  return () => {
    if (focusSearch === focus) focusSearch = null;
  };
}

/** Focuses the search box if it is on screen; otherwise remembers to, and says false (go there). */
export function focusRunbookSearch(): boolean {
  if (focusSearch) {
    focusSearch();
    return true;
  }
  pending = true;
  return false;
}

export function useRunbookSearchFocus(input: RefObject<HTMLInputElement | null>): void {
  useEffect(
    () =>
      registerRunbookSearch(() => {
        input.current?.focus();
        input.current?.select();
      }),
    [input],
  );
}
