import { memo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { ActiveEnvironment } from '../../../../shared/environment.ts';
import { CodeBlock } from '../../ui/CodeBlock.tsx';

/**
 * Runbook Markdown, rendered without raw HTML (react-markdown never injects it) and with
 * every fenced block turned into a copyable command.
 */
export const MarkdownView = memo(function MarkdownView({ markdown, environment }: { markdown: string; environment: ActiveEnvironment | null }) {
  const components: Components = {
    pre({ node }) {
      const code = node?.children[0];
      if (!code || code.type !== 'element' || code.tagName !== 'code') return null;
      const cls = (code.properties.className as string[] | undefined)?.find((c) => c.startsWith('language-'));
      const text = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('').replace(/\n$/, '');
      return <CodeBlock code={text} language={cls ? cls.slice('language-'.length) : null} environment={environment} />;
    },
    a({ href, children }) {
      return (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {children}
        </a>
      );
    },
    img({ alt }) {
      // No remote content: an image in a runbook shows as its description.
      return <span className="md-img">[image: {alt ?? 'no description'}]</span>;
    },
    input({ checked }) {
      return <span className="md-task" aria-hidden="true">{checked ? '☑' : '☐'}</span>;
    },
  };
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
});
