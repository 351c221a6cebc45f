import { describe, expect, it } from 'vitest';
import { MAX_RUNBOOK_BYTES, parseRunbook } from '../../electron/core/runbooks/parse.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

/** The reason a file is refused; fails the test if it was accepted. */
function reasonFor(content: Uint8Array | string, size?: number): string {
  const out = parseRunbook(typeof content === 'string' ? bytes(content) : content, size);
  if (out.ok) throw new Error(`expected the file to be refused, it parsed as "${out.runbook.frontMatter.id}"`);
  return out.reason;
}

const BAD_YAML = ['---', 'id: bad-yaml', 'title: Bad YAML', 'tags: [upi, cards', '---', 'body', ''].join('\n');
const DUPLICATE_KEY = ['---', 'id: dup-key', 'title: Duplicate', 'id: other-id', '---', 'body', ''].join('\n');

describe('files a runbook folder should not contain', () => {
  it('no front matter: says the file must start with a --- block', () => {
    expect(reasonFor('# Rail latency spike\n\nJust notes.\n')).toMatch(/no YAML front matter.*"---"/);
  });

  it('front matter opened but never closed is the same "no front matter" refusal', () => {
    expect(reasonFor('---\nid: x\ntitle: X\n# forgot to close\n')).toMatch(/no YAML front matter/);
  });

  it('bad YAML: says it is bad YAML and what the parser objected to', () => {
    const reason = reasonFor(BAD_YAML);
    expect(reason).toMatch(/^bad YAML in front matter/);
    expect(reason).toMatch(/Flow sequence|\]/);
  });

  // parse.ts asks for `e.linePos` but parses with `prettyErrors: false`, which never sets it,
  // so the line is always missing from the reason. The line is line 4 of the file.
  it('bad YAML: the reason names the line of the file to fix', () => {
    expect(reasonFor(BAD_YAML)).toMatch(/\(line 4\)/);
  });

  it('front matter that is a list, not a mapping', () => {
    expect(reasonFor('---\n- id: x\n- title: X\n---\n')).toBe('front matter is not a YAML mapping of keys to values');
  });

  it('front matter that is a bare word, not a mapping', () => {
    expect(reasonFor('---\nrunbook\n---\n')).toBe('front matter is not a YAML mapping of keys to values');
  });

  it('missing id', () => {
    expect(reasonFor('---\ntitle: Rail latency spike\n---\n')).toBe('front matter is missing "id"');
  });

  it('missing title', () => {
    expect(reasonFor('---\nid: rail-latency-spike\n---\n')).toBe('front matter is missing "title"');
  });

  it.each(['Rail Latency', 'rail latency', '-leading-dash', 'a'.repeat(101), 'ünïcode', '../../etc/passwd'])(
    'bad id %j: says what an id may contain',
    (id) => {
      expect(reasonFor(`---\nid: "${id}"\ntitle: T\n---\n`)).toMatch(/^front matter "id": id must be lowercase letters, digits/);
    },
  );

  it('duplicate keys: the second "id" does not silently win', () => {
    expect(reasonFor(DUPLICATE_KEY)).toMatch(/^bad YAML in front matter.*unique/);
  });

  // Same cause as the bad-YAML line: the duplicate "id" is on line 4 of the file.
  it('duplicate keys: the reason names the line of the second key', () => {
    expect(reasonFor(DUPLICATE_KEY)).toMatch(/\(line 4\)/);
  });

  it('a 1.1 MiB file is refused for its size, with both sizes in the reason', () => {
    const text = '---\nid: huge\ntitle: Huge\n---\n' + 'x'.repeat(Math.round(1.1 * 1024 * 1024));
    expect(reasonFor(text)).toBe('file is 1.1 MiB, over the 1.0 MiB limit');
  });

  it('one byte over the limit is refused', () => {
    const head = '---\nid: big\ntitle: Big\n---\n';
    expect(reasonFor(head + 'x'.repeat(MAX_RUNBOOK_BYTES + 1 - head.length))).toMatch(/over the 1\.0 MiB limit/);
  });

  it('a file whose real size is over the limit is refused from its head alone', () => {
    const head = bytes('---\nid: huge\ntitle: Huge\n---\n');
    expect(reasonFor(head, 10 * 1024 * 1024)).toBe('file is 10.0 MiB, over the 1.0 MiB limit');
  });

  it('a binary file (NUL bytes) renamed .md', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(reasonFor(png)).toBe('binary file (contains NUL bytes), not Markdown');
  });

  it('valid front matter followed by a NUL byte is still binary', () => {
    expect(reasonFor('---\nid: x\ntitle: X\n---\nbody\u0000tail')).toMatch(/binary file/);
  });

  it('a Latin-1 file (invalid UTF-8) is refused, not imported as mojibake', () => {
    const latin1 = Uint8Array.from(Buffer.from('---\nid: cafe\ntitle: Caf\xe9 rail\n---\n', 'latin1'));
    expect(reasonFor(latin1)).toBe('not valid UTF-8 text');
  });

  it('a billion-laughs alias bomb is refused quickly instead of expanding', () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const lines = ['---', 'id: bomb', 'title: Bomb', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < levels.length; i++) {
      const prev = levels[i - 1]!;
      lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('---', 'body');
    const started = performance.now();
    const reason = reasonFor(lines.join('\n'));
    const elapsed = performance.now() - started;
    expect(reason).toMatch(/^bad YAML in front matter: .*alias/i);
    // Expanded, this is 9^9 (387 million) strings: anything near a second means it expanded.
    expect(elapsed).toBeLessThan(1000);
  });
});
