import { memo, type JSX } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';

function Link({ href, children }: JSX.IntrinsicElements['a'] & ExtraProps) {
  // react-markdown's URL filter has already emptied javascript: and other unsafe schemes.
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

function Img({ alt }: JSX.IntrinsicElements['img'] & ExtraProps) {
  // No remote content: a postmortem's image shows as its description.
  return <span className="md-img">[image: {alt ?? 'no description'}]</span>;
}

const COMPONENTS: Components = { a: Link, img: Img };
const PLUGINS = [remarkGfm];

/**
 * The postmortem as it will read: GitHub-flavoured Markdown (tables, task lists), with raw HTML
 * dropped (skipHtml: a pasted `<script>` or `<img onerror>` shows as nothing), links opened
 * outside the console, and no remote image fetched.
 */
export const PostmortemPreview = memo(function PostmortemPreview({ markdown }: { markdown: string }) {
  return (
    <div className="markdown pm-preview" aria-label="Postmortem preview">
      <Markdown remarkPlugins={PLUGINS} components={COMPONENTS} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
});
