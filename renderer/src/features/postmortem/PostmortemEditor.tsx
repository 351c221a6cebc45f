import { useState, type KeyboardEvent } from 'react';
import { PostmortemPreview } from './PostmortemPreview.tsx';

/**
 * The Markdown editor: a plain monospace text area (what is typed is what is saved and
 * exported), with a rendered preview one click away. Ctrl/⌘+S saves.
 */
export function PostmortemEditor({
  text,
  canWrite,
  onChange,
  onSave,
}: {
  text: string;
  canWrite: boolean;
  onChange(text: string): void;
  onSave(): void;
}) {
  const [mode, setMode] = useState<'edit' | 'preview'>('edit');
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      onSave();
    }
  };
  return (
    <div className="pm-editor">
      <div className="pm-editor-tabs" role="group" aria-label="Editor view">
        <button type="button" className={`tab ${mode === 'edit' ? 'tab-active' : ''}`} aria-pressed={mode === 'edit'} onClick={() => setMode('edit')}>
          Markdown
        </button>
        <button type="button" className={`tab ${mode === 'preview' ? 'tab-active' : ''}`} aria-pressed={mode === 'preview'} onClick={() => setMode('preview')}>
          Preview
        </button>
      </div>
      {mode === 'edit' ? (
        <textarea
          className="text-input pm-textarea"
          aria-label="Postmortem Markdown"
          value={text}
          readOnly={!canWrite}
          spellCheck
          placeholder={
            canWrite
              ? 'No postmortem written yet. “Draft from the timeline” fills in the template (summary, timeline, impact, root cause, detection, resolution, action items) from what the incident recorded.'
              : 'No postmortem written yet.'
          }
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
        />
      ) : text.trim() ? (
        <PostmortemPreview markdown={text} />
      ) : (
        <p className="muted pm-preview">Nothing to preview yet.</p>
      )}
    </div>
  );
}
