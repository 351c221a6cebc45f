/**
 * Turns whatever a person types into a safe FTS5 query: every word becomes a quoted string,
 * so FTS syntax (quotes, parentheses, AND/OR/NOT/NEAR, column filters, `*`, `^`) is searched
 * as text and never surfaces as an error. The last word is a prefix while it is being typed.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TERMS = 16;

export function toFtsQuery(input: string): string | null {
  const words = (input.normalize('NFKC').match(WORD) ?? []).slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  const typingLastWord = !/\s$/.test(input);
  return words
    .map((w, i) => {
      const quoted = `"${w.toLowerCase()}"`;
      return i === words.length - 1 && typingLastWord ? `${quoted}*` : quoted;
    })
    .join(' ');
}
