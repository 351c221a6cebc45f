import { useState } from 'react';
import type { RunbookDiff, RunbookVersion } from '../../../../shared/runbooks.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { formatTime } from '../../ui/time.ts';

export function HistoryView(props: {
  versions: RunbookVersion[];
  current: number;
  diff: RunbookDiff | null;
  diffError: ApiError | null;
  onCompare(from: number, to: number): void;
  onOpen(version: number): void;
}) {
  const { versions, diff } = props;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? diff?.from ?? versions[1]?.version ?? null;
  const b = to ?? diff?.to ?? versions[0]?.version ?? null;
  return (
    <div className="history">
      <table className="versions" aria-label="Version history">
        <thead>
          <tr>
            <th>Version</th>
            <th>Imported</th>
            <th>Source</th>
            <th>Lines</th>
            <th>Compare</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className={v.version === props.current ? 'current' : ''}>
              <td>
                v{v.version}
                {v.version === versions[0]?.version ? ' (latest)' : ''}
              </td>
              <td>{formatTime(v.importedAt)}</td>
              <td title={v.sourceLocation}>
                {v.source}
                {v.path ? ` · ${v.path}` : ''}
              </td>
              <td>{v.lineCount}</td>
              <td className="compare-picks">
                <label>
                  <input type="radio" name="from" checked={a === v.version} onChange={() => setFrom(v.version)} /> from
                </label>
                <label>
                  <input type="radio" name="to" checked={b === v.version} onChange={() => setTo(v.version)} /> to
                </label>
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => props.onOpen(v.version)}>
                  read v{v.version}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length < 2 ? (
        <p className="muted">Only one version imported so far. A new version is kept each time the source changes.</p>
      ) : (
        <button type="button" className="button" disabled={a === null || b === null || a === b} onClick={() => a !== null && b !== null && props.onCompare(a, b)}>
          Show changes v{a} → v{b}
        </button>
      )}
      {props.diffError && <p className="error-text">{props.diffError.message}</p>}
      {diff && (
        <div className="diff" aria-label={`Changes from v${diff.from} to v${diff.to}`}>
          <div className="diff-summary">
            v{diff.from} → v{diff.to}: <span className="diff-add-count">+{diff.added} added</span> ·{' '}
            <span className="diff-del-count">−{diff.removed} removed</span>
          </div>
          {diff.hunks.length === 0 && <p className="muted">The two versions are identical.</p>}
          {diff.hunks.map((h, i) => (
            <div className="diff-hunk" key={i}>
              <div className="diff-header">{h.header}</div>
              {h.lines.map((l, j) => (
                <div key={j} className={`diff-line diff-${l.kind}`}>
                  <span className="diff-no">{l.oldLine ?? ''}</span>
                  <span className="diff-no">{l.newLine ?? ''}</span>
                  <span className="diff-mark">{l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}</span>
                  <span className="diff-text">{l.text || ' '}</span>
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
