import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../../../../shared/runbooks.ts';

/** FTS5 marks matches with control characters; turn them into <mark> without any HTML parsing. */
export function Snippet({ text }: { text: string }) {
  const parts: { text: string; hit: boolean }[] = [];
  let hit = false;
  let buf = '';
  for (const ch of text) {
    if (ch === SNIPPET_OPEN || ch === SNIPPET_CLOSE) {
      if (buf) parts.push({ text: buf, hit });
      buf = '';
      hit = ch === SNIPPET_OPEN;
    } else buf += ch;
  }
  if (buf) parts.push({ text: buf, hit });
  return (
    <span className="snippet">
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
