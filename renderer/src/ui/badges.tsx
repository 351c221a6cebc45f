import type { Severity } from '../../../shared/runbooks.ts';
import type { ActiveEnvironment, ConsoleRole } from '../../../shared/environment.ts';

const SEVERITY_SHAPE: Record<Severity, string> = { SEV1: '◆', SEV2: '▲', SEV3: '●', SEV4: '○' };

/** Severity by word and shape, never by color alone. */
export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (!severity) return <span className="sev-badge sev-none">no SEV</span>;
  return (
    <span className={`sev-badge sev-${severity.toLowerCase()}`}>
      {SEVERITY_SHAPE[severity]} {severity}
    </span>
  );
}

export function EnvironmentBadge({ environment, role }: { environment: ActiveEnvironment | null; role: ConsoleRole | null }) {
  if (!environment) return <span className="env-badge env-loading">…</span>;
  const cls = environment.production ? 'env-prod' : environment.kind === 'demo' ? 'env-demo' : environment.kind === 'none' ? 'env-none' : 'env-staging';
  const label = environment.production ? `PRODUCTION · ${environment.name}` : environment.kind === 'demo' ? `DEMO · ${environment.name}` : environment.name;
  return (
    <span className={`env-badge ${cls}`} data-testid="environment-badge">
      {environment.kind === 'none' ? 'NO PLATFORM · offline runbooks only' : label}
      {role === 'wall' && <span className="role-wall"> · WALL (read-only)</span>}
    </span>
  );
}

export function Tag({ tag, active, onClick }: { tag: string; active?: boolean; onClick?: () => void }) {
  return onClick ? (
    <button type="button" className={`tag ${active ? 'tag-active' : ''}`} aria-pressed={active} onClick={onClick}>
      {active ? '✓ ' : ''}
      {tag}
    </button>
  ) : (
    <span className="tag">{tag}</span>
  );
}
