import type { Severity } from '../../../../shared/incidents/events.ts';
import type { SeverityPolicy } from '../../../../shared/incidents/policy.ts';
import { sevName } from './incident-words.ts';

const SHAPE: Record<Severity, string> = { SEV1: '◆', SEV2: '▲', SEV3: '●', SEV4: '○' };

/** The severity by the team's own name for it ("P1" on the managed-operations ladder), with a shape. */
export function SevBadge({ severity, policy, large }: { severity: Severity | null; policy: SeverityPolicy | null; large?: boolean }) {
  if (!severity) return <span className="sev-badge sev-none">no SEV</span>;
  const name = sevName(policy, severity);
  return (
    <span className={`sev-badge sev-${severity.toLowerCase()} ${large ? 'sev-badge-large' : ''}`} title={name === severity ? undefined : `${severity} in the console's terms`}>
      {SHAPE[severity]} {name}
    </span>
  );
}
