import { memo, useContext, useMemo, type JSX } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { checklistItems } from '../../../../shared/checklists.ts';
import type { ActiveEnvironment } from '../../../../shared/environment.ts';
import { CodeBlock } from '../../ui/CodeBlock.tsx';
import { DocContext, type DocContextValue, type RunbookLinks } from './doc-context.ts';
import { InlineCode } from './LeverReference.tsx';
import { TaskBox, TaskItem } from './RunbookChecklist.tsx';

function Pre({ node }: JSX.IntrinsicElements['pre'] & ExtraProps) {
  const { environment } = useContext(DocContext);
  const code = node?.children[0];
  if (!code || code.type !== 'element' || code.tagName !== 'code') return null;
  const cls = (code.properties.className as string[] | undefined)?.find((c) => c.startsWith('language-'));
  const text = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('').replace(/\n$/, '');
  return <CodeBlock code={text} language={cls ? cls.slice('language-'.length) : null} environment={environment} />;
}

function Link({ href, children }: JSX.IntrinsicElements['a'] & ExtraProps) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

function Img({ alt }: JSX.IntrinsicElements['img'] & ExtraProps) {
  // No remote content: an image in a runbook shows as its description.
  return <span className="md-img">[image: {alt ?? 'no description'}]</span>;
}

// Defined once: components made per render would remount the whole text on every render.
const COMPONENTS: Components = { pre: Pre, code: InlineCode, a: Link, img: Img, li: TaskItem, input: TaskBox };

/**
 * Runbook Markdown, rendered without raw HTML (react-markdown never injects it), with every
 * fenced block turned into a copyable command, levers and runbooks it names turned into links
 * (with the lever's button where a step pulls it), and its task list tickable when a runbook's
 * checklist is provided around it (ChecklistContext).
 */
export const MarkdownView = memo(function MarkdownView({
  markdown,
  environment,
  links = null,
}: {
  markdown: string;
  environment: ActiveEnvironment | null;
  links?: RunbookLinks | null;
}) {
  const doc = useMemo<DocContextValue>(
    () => ({ environment, links, itemsByLine: new Map(checklistItems(markdown).map((i) => [i.line, i])) }),
    [markdown, environment, links],
  );
  return (
    <DocContext.Provider value={doc}>
      <div className="markdown">
        <Markdown remarkPlugins={[remarkGfm]} components={COMPONENTS} skipHtml>
          {markdown}
        </Markdown>
      </div>
    </DocContext.Provider>
  );
});
