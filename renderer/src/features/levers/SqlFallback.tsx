import { forwardRef } from 'react';
import { CodeBlock } from '../../ui/CodeBlock.tsx';
import type { CatalogEntry } from './lever-view.ts';

/**
 * The runbook's SQL for each lever, for when the admin service cannot act: shown, never run.
 * A brand lever's statement keeps `{brand}`; its button on the brand's row gives it filled in.
 */
export const SqlFallback = forwardRef<HTMLElement, { catalog: CatalogEntry[] }>(function SqlFallback({ catalog }, ref) {
  const levers = catalog.filter((c) => c.hasSqlFallback);
  return (
    <section ref={ref} className="panel sql-fallback" aria-label="SQL fallback" tabIndex={-1}>
      <h2>SQL fallback — shown, never run</h2>
      <p className="muted">
        Runbook incident-response §3: with the admin service down, platform-sre runs these in psql with database write access, then records it on
        the incident. For a brand lever, <span className="mono">{'{brand}'}</span> is the brand id (the grey id in the brand table); its button on
        the brand&apos;s row shows the statement filled in.
      </p>
      <div className="sql-fallback-grid">
        {levers.map((c) => (
          <div key={c.id} className="sql-fallback-lever" data-lever={c.id}>
            <div className="lever-title">
              {c.title} <span className="muted small">— runbook: {c.runbookSection}</span>
            </div>
            {c.sqlFallback ? (
              <>
                <div className="small muted">Pull</div>
                <CodeBlock code={c.sqlFallback.engage} language="sql" environment={null} />
                <div className="small muted">Release</div>
                <CodeBlock code={c.sqlFallback.release} language="sql" environment={null} />
              </>
            ) : (
              <p className="muted small">The statement is in the runbook section named above.</p>
            )}
          </div>
        ))}
      </div>
      {catalog.some((c) => !c.hasSqlFallback) && (
        <p className="muted small">
          No SQL fallback: {catalog.filter((c) => !c.hasSqlFallback).map((c) => c.title).join(', ')} (it lives in the gateway).
        </p>
      )}
    </section>
  );
});
