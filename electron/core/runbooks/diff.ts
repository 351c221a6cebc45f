import { structuredPatch } from 'diff';
import type { RunbookDiff } from '../../../shared/runbooks.ts';

/** The changes between two versions' Markdown, as hunks with both sides' line numbers. */
export function diffMarkdown(id: string, from: number, to: number, a: string, b: string): RunbookDiff {
  const patch = structuredPatch(`v${from}`, `v${to}`, a, b, '', '', { context: 3 });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h) => {
    let oldLine = h.oldStart;
    let newLine = h.newStart;
    const lines = h.lines
      .filter((l) => !l.startsWith('\\'))
      .map((l) => {
        const text = l.slice(1);
        if (l.startsWith('+')) {
          added++;
          return { kind: 'add' as const, text, oldLine: null, newLine: newLine++ };
        }
        if (l.startsWith('-')) {
          removed++;
          return { kind: 'del' as const, text, oldLine: oldLine++, newLine: null };
        }
        return { kind: 'ctx' as const, text, oldLine: oldLine++, newLine: newLine++ };
      });
    return { header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, lines };
  });
  return { id, from, to, added, removed, hunks };
}
