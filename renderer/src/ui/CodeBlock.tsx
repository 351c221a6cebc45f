import { useState } from 'react';
import { fillPlaceholders, placeholdersIn } from '../../../shared/placeholders.ts';
import type { ActiveEnvironment } from '../../../shared/environment.ts';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no permission, insecure context): the old way still works.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const done = document.execCommand('copy');
    ta.remove();
    return done;
  }
}

/** A runbook command: environment URLs filled in, the token never, one click to copy. */
export function CodeBlock({ code, language, environment }: { code: string; language: string | null; environment: ActiveEnvironment | null }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = environment ? fillPlaceholders(code, environment) : code;
  const used = placeholdersIn(code);
  const unfilled = used.filter((p) => text.includes(`$${p}`) || text.includes(`\${${p}}`));
  const copy = async () => {
    setState((await copyText(text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 1800);
  };
  return (
    <div className="code-block" data-language={language ?? ''}>
      <div className="code-block-bar">
        <span className="code-lang">{language ?? 'text'}</span>
        {unfilled.length > 0 && (
          <span className="code-note" title="Set these in your shell before running">
            needs {unfilled.map((p) => `$${p}`).join(' ')}
          </span>
        )}
        <button type="button" className="copy-button" onClick={() => void copy()} aria-label="Copy command">
          {state === 'copied' ? '✓ Copied' : state === 'failed' ? '✗ Copy failed' : 'Copy'}
        </button>
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}
