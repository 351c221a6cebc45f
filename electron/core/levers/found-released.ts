import { leverById, type LeverExecution, type LeverTargetState } from '../../../shared/levers.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import type { PlatformClient } from '../platform/client.ts';
import type { ExecutionRepository } from './executions.ts';
import { readLever, type LeverReading } from './reading.ts';
import { shortId } from './settle.ts';

export interface FoundReleasedDeps {
  client: PlatformClient;
  audit: AuditLog;
  executions: ExecutionRepository;
  environment: string;
  readMs: number;
  now: () => string;
  /** Who, which profile and environment: the fields every audit record of the engine carries. */
  auditBase: (lever: LeverExecution['lever'], target: string, action: string) => Pick<AuditEntry, 'actor' | 'profile' | 'environment' | 'lever' | 'target' | 'action'>;
  notifyChanged: () => void;
}

/**
 * Levers this console pulled that the platform shows released, without a release of ours that
 * verified it: recorded on the audit log (what was read, when, who may have done it) and so
 * closed for recovery, instead of being offered forever.
 */
export class FoundReleased {
  constructor(private readonly d: FoundReleasedDeps) {}

  /**
   * After a state read: a lever this console pulled (verified) that now reads released was
   * released by someone else. Each is read once more (for the evidence) and closed. Engages
   * whose outcome was unknown are left alone here: their write may still land.
   */
  async notice(targets: readonly LeverTargetState[]): Promise<number> {
    const { executions, environment } = this.d;
    const candidates = executions
      .pulled(environment)
      .filter(
        (e) =>
          e.status === 'verified' &&
          targets.some((t) => t.lever === e.lever && t.target === e.target && t.engaged === false) &&
          !executions.hasInFlight(e.lever, e.target, environment),
      );
    let closed = 0;
    for (const e of candidates) {
      const reading = await readLever(this.d.client, leverById(e.lever), e.target, this.d.readMs);
      if (reading.ok && reading.engaged === false && this.close(e, reading, 'on a state read', null)) closed++;
    }
    if (closed) this.d.notifyChanged();
    return closed;
  }

  /**
   * Records that `engaged` was found released, which closes it for recovery; null when there is
   * nothing to close. Checked again inside the transaction: another reader may have closed it,
   * or a release of ours begun.
   */
  close(engaged: LeverExecution, reading: LeverReading, how: string, reason: string | null): LeverExecution | null {
    const { executions, environment } = this.d;
    const def = leverById(engaged.lever);
    return executions.db.transaction(() => {
      if (!executions.pulled(environment).some((p) => p.id === engaged.id) || executions.hasInFlight(engaged.lever, engaged.target, environment)) return null;
      const ours = executions
        .laterOn(engaged)
        .filter((l) => l.action === 'release')
        .pop();
      const who = ours
        ? `this console's release ${shortId(ours.id)} (${ours.startedAt}, ${ours.status}) may be what released it`
        : engaged.status === 'unknown'
          ? "this engage's outcome was unknown: it never applied, or someone else released it since"
          : 'released by someone else: this console sent no release';
      const detail = `found released by reading the platform ${how} at ${this.d.now()}: it shows ${def.releasedLabel} for ${engaged.target}; ${who}. Closed: no longer offered for recovery.`;
      this.d.audit.append({
        ...this.d.auditBase(engaged.lever, engaged.target, 'release'),
        kind: 'note',
        executionId: engaged.id,
        reason,
        incidentId: engaged.incidentId,
        after: reading.body,
        detail,
      });
      return executions.get(engaged.id);
    })();
  }
}
