import { z } from 'zod';

/**
 * A runbook's task list (`- [ ] …` items) ticked by the people working it. A tick is keyed by
 * the runbook id and the item's *text* (whitespace collapsed) plus which occurrence of that
 * text it is, never by its position: a runbook edit that adds, removes or reorders other items
 * keeps every tick where it was, and an item whose wording changed starts unticked (a tick
 * given to the old words must not vouch for new ones). The scope also holds an incident id,
 * null for now: the runbook's own checklist.
 */
export const ChecklistItemText = z.string().trim().min(1).max(1000);

export const ChecklistItemRef = z.object({
  text: ChecklistItemText,
  /** 1 for the first item with this text in the runbook, 2 for the second, … */
  nth: z.number().int().min(1).max(1000),
});
export type ChecklistItemRef = z.infer<typeof ChecklistItemRef>;

export const ChecklistTick = ChecklistItemRef.extend({
  tickedBy: z.string(),
  tickedAt: z.string(),
});
export type ChecklistTick = z.infer<typeof ChecklistTick>;

export const Checklist = z.object({
  runbookId: z.string(),
  incidentId: z.string().nullable(),
  ticks: z.array(ChecklistTick),
});
export type Checklist = z.infer<typeof Checklist>;

const RunbookId = z.string().min(1).max(100);

export const ChecklistArgs = z.object({ runbookId: RunbookId });
export const TickArgs = ChecklistItemRef.extend({ runbookId: RunbookId, ticked: z.boolean() });
export type TickArgs = z.input<typeof TickArgs>;

/** Collapses whitespace so a re-wrapped or re-indented item keeps its tick. */
export function normalizeItemText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export const itemKey = (item: ChecklistItemRef): string => `${item.nth}\u0000${item.text}`;

/** A task-list item as written in a runbook's Markdown. */
export interface ChecklistItem extends ChecklistItemRef {
  /** 1-based line of the item's marker in the Markdown it was read from. */
  line: number;
  /** Written as `- [x]` in the runbook itself. */
  checkedInText: boolean;
}

const TASK = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+(\S.*)$/;
const FENCE = /^[ \t]*(?:>[ \t]?)*[ \t]{0,3}(`{3,}|~{3,})(.*)$/;

/**
 * The task-list items of a Markdown text, in order, outside fenced code. The text of an item
 * is its first line as written (Markdown marks included), whitespace collapsed.
 */
export function checklistItems(markdown: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const seen = new Map<string, number>();
  let fence: string | null = null;
  markdown.split(/\r?\n/).forEach((line, i) => {
    const f = FENCE.exec(line);
    if (fence !== null) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && f[2]!.trim() === '') fence = null;
      return;
    }
    if (f) {
      fence = f[1]!;
      return;
    }
    const m = TASK.exec(line);
    if (!m) return;
    const text = normalizeItemText(m[2]!).slice(0, 1000);
    const nth = (seen.get(text) ?? 0) + 1;
    seen.set(text, nth);
    items.push({ text, nth, line: i + 1, checkedInText: m[1] !== ' ' });
  });
  return items;
}
