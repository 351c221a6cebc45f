import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RUNBOOK_BYTES, parseRunbook, toSearchText, type ParsedRunbook } from '../../electron/core/runbooks/parse.ts';
import { BUNDLED_IDS, PATHS } from '../helpers/console.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

function parsed(text: string): ParsedRunbook {
  const out = parseRunbook(bytes(text));
  if (!out.ok) throw new Error(`expected the runbook to parse, got: ${out.reason}`);
  return out.runbook;
}

const withSeverity = (s: string) => `---\nid: rail-latency-spike\ntitle: Rail latency spike\nseverity_hint: ${s}\n---\nbody\n`;

describe('a well-formed runbook', () => {
  it('gives its front matter, Markdown body and a content hash', () => {
    const rb = parsed(
      [
        '---',
        'id: rail-latency-spike',
        'title: "  Rail latency spike  "',
        'severity_hint: SEV2',
        'triggers: ["p99 above 200 ms for 5 minutes"]',
        'levers: [halt-deposits]',
        'owners: [payments-oncall]',
        'last_tested: 2026-10-02',
        'tags: [UPI, " Latency "]',
        '---',
        '# Rail latency spike',
        '',
        '1. Open the rail dashboard.',
        '',
      ].join('\n'),
    );
    expect(rb.frontMatter).toEqual({
      id: 'rail-latency-spike',
      title: 'Rail latency spike',
      severity_hint: 'SEV2',
      triggers: ['p99 above 200 ms for 5 minutes'],
      levers: ['halt-deposits'],
      owners: ['payments-oncall'],
      last_tested: '2026-10-02',
      tags: ['upi', 'latency'],
    });
    expect(rb.body).toBe('# Rail latency spike\n\n1. Open the rail dashboard.\n');
    expect(rb.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('optional fields default to empty, not missing', () => {
    const rb = parsed('---\nid: minimal\ntitle: Minimal\n---\n');
    expect(rb.frontMatter).toMatchObject({ severity_hint: null, triggers: [], levers: [], owners: [], last_tested: null, tags: [] });
    expect(rb.body).toBe('');
  });

  it('one changed character changes the content hash (so an edit becomes a new version)', () => {
    const a = parsed('---\nid: x\ntitle: X\n---\nHalt deposits.\n');
    const b = parsed('---\nid: x\ntitle: X\n---\nHalt deposits!\n');
    expect(a.contentHash).not.toBe(b.contentHash);
    expect(parsed('---\nid: x\ntitle: X\n---\nHalt deposits.\n').contentHash).toBe(a.contentHash);
  });

  it('a file saved by a Windows editor (BOM, CRLF line endings) parses', () => {
    const rb = parsed('\uFEFF---\r\nid: webhook-backlog\r\ntitle: Webhook backlog\r\n---\r\nDrain the queue.\r\n');
    expect(rb.frontMatter.id).toBe('webhook-backlog');
    expect(rb.body).toBe('Drain the queue.\r\n');
  });

  it('a file of exactly the size limit is accepted', () => {
    const head = '---\nid: big\ntitle: Big\n---\n';
    const text = head + 'x'.repeat(MAX_RUNBOOK_BYTES - head.length);
    expect(bytes(text).byteLength).toBe(MAX_RUNBOOK_BYTES);
    expect(parseRunbook(bytes(text)).ok).toBe(true);
  });

  it('every bundled runbook parses', () => {
    for (const id of BUNDLED_IDS) {
      const out = parseRunbook(readFileSync(join(PATHS.bundledRunbooksDir, `${id}.md`)));
      expect(out.ok ? out.runbook.frontMatter.id : out.reason, `${id}.md`).toBe(id);
    }
  });
});

describe('severity as people write it', () => {
  it.each([
    ['SEV-2', 'SEV2'],
    ['p1', 'SEV1'],
    ['Sev3', 'SEV3'],
    ['sev 4', 'SEV4'],
    ['P2', 'SEV2'],
    ['SEV1', 'SEV1'],
  ])('"%s" is read as %s', (written, meant) => {
    expect(parsed(withSeverity(written)).frontMatter.severity_hint).toBe(meant);
  });

  it('an empty severity means no hint', () => {
    expect(parsed(withSeverity('""')).frontMatter.severity_hint).toBeNull();
  });

  it.each(['SEV9', 'critical', 'sev-0', 'P5'])('"%s" is rejected with a reason naming severity_hint', (written) => {
    const out = parseRunbook(bytes(withSeverity(written)));
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.reason).toContain('severity_hint');
      expect(out.reason).toMatch(/SEV1/);
    }
  });
});

describe('the text search indexes', () => {
  const body = [
    '## Contain',
    '',
    '- [ ] Check the [rail board](https://grafana.internal/d/rails?orgId=1) for p99',
    '- [x] Read the ![latency diagram](images/latency.png)',
    '',
    '```bash',
    'curl -sS "$ADMIN/api/rails"',
    '```',
    '',
    '~~~',
    'SELECT * FROM deposits;',
    '~~~',
    '',
    'Then **halt deposits** for `brand-7`.',
  ].join('\n');
  const text = toSearchText(body);

  it('keeps the words a person searches for, commands included', () => {
    expect(text).toContain('Check the rail board for p99');
    expect(text).toContain('Read the latency diagram');
    expect(text).toContain('curl -sS "$ADMIN/api/rails"');
    expect(text).toContain('SELECT * FROM deposits;');
    expect(text).toContain('Then halt deposits for brand-7.');
    expect(text).toContain('Contain');
  });

  it('drops code fences, link targets, headings marks, checkboxes and emphasis', () => {
    expect(text).not.toContain('```');
    expect(text).not.toContain('~~~');
    expect(text).not.toContain('bash');
    expect(text).not.toContain('grafana.internal');
    expect(text).not.toContain('images/latency.png');
    expect(text).not.toContain('##');
    expect(text).not.toContain('[ ]');
    expect(text).not.toContain('[x]');
    expect(text).not.toContain('**');
    expect(text).not.toContain('`');
  });

  it('collapses runs of blank lines', () => {
    expect(toSearchText('a\n\n\n\n\nb')).toBe('a\n\nb');
  });
});
