import type { HandlerSlice } from '../../../shared/api.ts';
import type { AuditVerification } from '../../../shared/audit.ts';
import { ok } from '../../../shared/result.ts';
import type { ExecutionRepository } from '../levers/executions.ts';
import { toCsv, toJsonLines, type AuditLog } from './audit-log.ts';

export interface AuditEvidence {
  /** The chain, and every lever execution's records present (a chain cannot see its tail cut). */
  verify(): AuditVerification;
  /** The verification last made (at start, or by the last verify/export). */
  readonly last: AuditVerification;
}

export function auditEvidence(audit: AuditLog, executions: ExecutionRepository): AuditEvidence {
  const verify = (): AuditVerification => {
    const chain = audit.verify();
    if (!chain.ok) return chain;
    const orphans = executions.withoutEvidence();
    if (orphans.length === 0) return chain;
    return {
      ...chain,
      ok: false,
      firstBad: chain.checked + 1,
      problem: `the audit records of ${orphans.length} lever execution(s) are missing after record ${chain.checked}: the newest records were removed`,
    };
  };
  let last = verify();
  return {
    verify: () => (last = verify()),
    get last() {
      return last;
    },
  };
}

/** The `audit.*` slice: list, verify and export, each export re-verified as it is made. */
export function auditHandlers(deps: { audit: AuditLog; evidence: AuditEvidence; profileName: string; clock: () => Date }): HandlerSlice<'audit'> {
  const { audit, evidence } = deps;
  return {
    'audit.list': (args) => ok(audit.list(args)),
    'audit.verify': () => ok(evidence.verify()),
    'audit.export': (args) => {
      const records = audit.all();
      const verification = evidence.verify();
      const stamp = deps.clock().toISOString().replace(/[:.]/g, '-');
      const base = `switchyard-audit-${deps.profileName}-${stamp}`;
      return ok(
        args.format === 'jsonl'
          ? { filename: `${base}.jsonl`, mimeType: 'application/x-ndjson', content: toJsonLines(records), records: records.length, verification }
          : { filename: `${base}.csv`, mimeType: 'text/csv', content: toCsv(records), records: records.length, verification },
      );
    },
  };
}
