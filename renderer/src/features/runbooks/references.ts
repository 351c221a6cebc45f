import { LeverId } from '../../../../shared/levers.ts';

/**
 * What an inline code span in a runbook refers to. The convention (README, "Runbooks"):
 *
 * - `lever:brand-deposits-off` — this step pulls that lever: a link to the Levers page and a
 *   button that opens the lever's confirmation;
 * - `halt-deposits` — a lever id alone mentions it: a link to the Levers page;
 * - `runbook:incident-response`, or a cached runbook's id alone (`incident-response`) — a link
 *   to that runbook.
 *
 * Only whole code spans are matched, never words in prose, so "halt deposits" in a sentence or
 * `halt-deposits` inside a command stays text.
 */
export type Reference =
  | { kind: 'lever-action'; lever: LeverId }
  | { kind: 'lever'; lever: LeverId }
  | { kind: 'runbook'; id: string; known: boolean }
  | { kind: 'unknown-lever'; name: string };

const RUNBOOK_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export function referenceOf(code: string, runbookIds: ReadonlySet<string>): Reference | null {
  const text = code.trim();
  const prefixed = /^(lever|runbook):\s*(\S+)$/i.exec(text);
  if (prefixed) {
    const kind = prefixed[1]!.toLowerCase();
    const name = prefixed[2]!;
    if (kind === 'lever') {
      const id = LeverId.safeParse(name);
      return id.success ? { kind: 'lever-action', lever: id.data } : { kind: 'unknown-lever', name };
    }
    return RUNBOOK_ID.test(name) ? { kind: 'runbook', id: name, known: runbookIds.has(name) } : null;
  }
  const id = LeverId.safeParse(text);
  if (id.success) return { kind: 'lever', lever: id.data };
  if (runbookIds.has(text)) return { kind: 'runbook', id: text, known: true };
  return null;
}
