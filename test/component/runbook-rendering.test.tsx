// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActiveEnvironment } from '../../shared/environment.ts';
import { MarkdownView } from '../../renderer/src/features/runbooks/MarkdownView.tsx';
import { Snippet } from '../../renderer/src/features/runbooks/Snippet.tsx';
import { HistoryView } from '../../renderer/src/features/runbooks/HistoryView.tsx';
import { CodeBlock } from '../../renderer/src/ui/CodeBlock.tsx';

const staging: ActiveEnvironment = {
  name: 'staging-in',
  kind: 'platform',
  production: false,
  adminUrl: 'https://admin.staging.example/',
  gatewayUrl: 'https://gw.staging.example',
  metricsUrl: null,
  role: 'operator',
  tokenSource: 'SWITCHYARD_TOKEN',
  hasToken: true,
};

afterEach(cleanup);

describe('runbook commands', () => {
  it('copies the command with the environment URLs filled in and the token left as $TOK', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(
      <CodeBlock
        code={'curl -sS -H "Authorization: Bearer $TOK" "$ADMIN/api/v1/maintenance" "${GW}/health"'}
        language="bash"
        environment={staging}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy command' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    const copied = writeText.mock.calls[0]![0] as string;
    expect(copied).toBe('curl -sS -H "Authorization: Bearer $TOK" "https://admin.staging.example/api/v1/maintenance" "https://gw.staging.example/health"');
    expect(await screen.findByRole('button', { name: 'Copy command' })).toHaveTextContent('✓ Copied');
    expect(screen.getByText(/needs \$TOK/)).toBeInTheDocument();
  });

  it('keeps every placeholder when no platform is configured, and says what the command needs', () => {
    render(<CodeBlock code={'curl "$ADMIN/health" -H "Authorization: Bearer $TOK"'} language="bash" environment={null} />);
    expect(screen.getByText(/needs \$ADMIN \$TOK/)).toBeInTheDocument();
    expect(document.querySelector('pre code')!.textContent).toContain('$ADMIN/health');
  });
});

describe('Markdown from an untrusted runbook', () => {
  it('renders no raw HTML, no script, no remote image and no javascript: link', () => {
    const hostile = [
      '# Title',
      '<script>window.__pwned = true</script>',
      '<img src="https://evil.example/x.png" onerror="window.__pwned = true">',
      '<iframe src="https://evil.example"></iframe>',
      '[click me](javascript:alert(1))',
      '![tracker](https://evil.example/pixel.gif)',
      '```bash\necho "$ADMIN"\n```',
    ].join('\n\n'); // blank lines: each HTML line is its own block, so the links after it still parse
    const { container } = render(<MarkdownView markdown={hostile} environment={staging} />);
    expect(container.querySelector('script, iframe, img')).toBeNull();
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
    const link = screen.getByText('click me').closest('a')!;
    expect(link.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    expect(screen.getByText('[image: tracker]')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Copy command' })).toHaveLength(1);
    expect(container.querySelector('pre code')!.textContent).toBe('echo "https://admin.staging.example"');
  });

  it('gives every fenced block its own copy button and language label', () => {
    const md = '```bash\necho 1\n```\n\n```sql\nSELECT 1;\n```\n\n```\nplain\n```\n';
    const { container } = render(<MarkdownView markdown={md} environment={null} />);
    expect(screen.getAllByRole('button', { name: 'Copy command' })).toHaveLength(3);
    expect([...container.querySelectorAll('.code-lang')].map((e) => e.textContent)).toEqual(['bash', 'sql', 'text']);
  });

  it('renders a GFM checklist as checkboxes the reader can see', () => {
    render(<MarkdownView markdown={'- [ ] Acknowledge\n- [x] Snapshot context\n'} environment={null} />);
    expect(screen.getByText('☐')).toBeInTheDocument();
    expect(screen.getByText('☑')).toBeInTheDocument();
  });
});

describe('search snippets', () => {
  it('highlights the marked words and shows any HTML in the text as text', () => {
    const { container } = render(<Snippet text={'before \u0001latency\u0002 <img src=x onerror=alert(1)> \u0001upi\u0002'} />);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['latency', 'upi']);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('version history', () => {
  it('shows added and removed lines with + and − marks, not by color alone', () => {
    render(
      <HistoryView
        versions={[
          { version: 2, importedAt: '2026-11-20T10:00:00Z', source: 'folder', sourceLocation: '/x', path: 'a.md', contentHash: 'b', title: 'A', lineCount: 3 },
          { version: 1, importedAt: '2026-11-19T10:00:00Z', source: 'bundled', sourceLocation: '/y', path: 'a.md', contentHash: 'a', title: 'A', lineCount: 3 },
        ]}
        current={2}
        diff={{
          id: 'a',
          from: 1,
          to: 2,
          added: 1,
          removed: 1,
          hunks: [
            {
              header: '@@ -1,2 +1,2 @@',
              lines: [
                { kind: 'ctx', text: 'same', oldLine: 1, newLine: 1 },
                { kind: 'del', text: 'old step', oldLine: 2, newLine: null },
                { kind: 'add', text: 'new step', oldLine: null, newLine: 2 },
              ],
            },
          ],
        }}
        diffError={null}
        onCompare={() => {}}
        onOpen={() => {}}
      />,
    );
    expect(screen.getByText('old step').parentElement).toHaveTextContent('−old step');
    expect(screen.getByText('new step').parentElement).toHaveTextContent('+new step');
    expect(screen.getByText('+1 added')).toBeInTheDocument();
    expect(screen.getByText('v2 (latest)')).toBeInTheDocument();
  });
});
