import type { LeverOutcome } from '../../../shared/audit.ts';
import { leverById, type LeverDefinition, type LeverId } from '../../../shared/levers.ts';
import { describeAnswer, type PlatformAnswer, type PlatformClient } from '../platform/client.ts';
import { describeBrandFailure, type BrandListWatch } from './brand-list.ts';
import { runProbe } from './probe.ts';
import { readLever, type LeverReading } from './reading.ts';

/** What an execution or a re-verify concluded, before it is written down. */
export interface Verdict {
  status: LeverOutcome;
  detail: string;
  probe: string | null;
}

export interface VerifierDeps {
  client: PlatformClient;
  brandList: BrandListWatch;
  probePlayer: string;
  readMs: number;
  probeMs: number;
  /** The audit log's redaction: free text from the platform may carry a secret. */
  redact: (s: string | null) => string | null;
}

/** Step 5 of the lever protocol: read back (reads are safe to repeat), probe, and judge. */
export class LeverVerifier {
  constructor(private readonly v: VerifierDeps) {}

  /** Step 5's judgement: what the write's answer, the read-back and the probe say together. */
  async judgeWrite(def: LeverDefinition, target: string, engage: boolean, answer: PlatformAnswer, after: LeverReading): Promise<Verdict> {
    const refused = answer.kind === 'answer' && answer.status >= 400 && answer.status < 500;
    // No answer at all: the write may still be on its way and land after the read-back.
    const unanswered = answer.kind === 'timeout' || answer.kind === 'unreachable';
    const wrote = `write: ${describeAnswer(answer)}`;
    const shown = after.ok ? (after.engaged ? def.engagedLabel : def.releasedLabel) : `unreadable (${after.problem})`;
    let v: Verdict;
    if (refused)
      // A 4xx is the platform saying no: this write changed nothing, whatever the state is now.
      v = {
        status: 'failed',
        probe: null,
        detail:
          answer.kind === 'answer' && answer.status === 412
            ? `${wrote}: the state moved since it was read (412). Nothing was changed; it now reads ${shown}. Review the lever again.`
            : `${wrote}; the platform refused it${roleHint(answer, def)}. Nothing was changed; it reads ${shown}.`,
      };
    else if (!after.ok) v = { status: 'unknown', probe: null, detail: `${wrote}; read-back failed (${after.problem}). The write may or may not have applied: re-verify.` };
    else if (after.engaged !== engage && unanswered)
      v = { status: 'unknown', probe: null, detail: `${wrote}; read-back shows ${shown} for now, but a write that got no answer may still land. Re-verify in a moment.` };
    else if (after.engaged !== engage) v = { status: 'failed', probe: null, detail: `${wrote}; read-back shows ${shown}: not applied.` };
    else {
      const p = await this.probe(def, target, engage);
      v = {
        status: p.ok ? 'verified' : 'failed',
        probe: p.detail,
        detail: `${wrote}; read-back shows ${engage ? def.engagedLabel : def.releasedLabel}; ${p.detail}${p.ok ? '' : ' — the state is set but its effect is not confirmed'}`,
      };
    }
    return { ...v, detail: this.v.redact(v.detail) ?? '' };
  }

  async probe(def: LeverDefinition, target: string, engage: boolean) {
    const [others, brands] = await Promise.all([engage ? [] : this.otherHolds(def, target), this.liveBrandsFirst(def)]);
    return runProbe(
      { client: this.v.client, brands: brands.brands, brandsProblem: brands.problem, probePlayer: this.v.probePlayer, timeoutMs: this.v.probeMs, otherHolds: others },
      def,
      target,
      engage,
    );
  }

  async readBack(def: LeverDefinition, target: string): Promise<LeverReading> {
    let last: LeverReading | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await readLever(this.v.client, def, target, this.v.readMs);
      const a = last.answer;
      // Retry only what a retry can fix: a 4xx (401, 403, 404) will say the same again.
      if (last.ok || a.kind === 'timeout' || (a.kind === 'answer' && a.status >= 400 && a.status < 500)) return last;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return last!;
  }

  /** Pulled platform levers (and the brand's own flag) that also stop the flow this lever's probe uses. */
  private async otherHolds(def: LeverDefinition, target: string): Promise<string[]> {
    const candidates: { id: LeverId; target: string }[] = [];
    if (def.id !== 'platform-freeze') candidates.push({ id: 'platform-freeze', target: 'platform' });
    if (def.probe === 'deposit' && def.id !== 'halt-deposits') candidates.push({ id: 'halt-deposits', target: 'platform' });
    const reads = await Promise.all(candidates.map((c) => readLever(this.v.client, leverById(c.id), c.target, this.v.readMs)));
    return candidates.filter((_, i) => reads[i]!.ok && reads[i]!.engaged).map((c) => c.id);
  }

  /** Probe a brand whose own flag leaves the flow open, so another brand's lever does not mislead the probe. */
  private async liveBrandsFirst(def: LeverDefinition): Promise<{ brands: string[]; problem: string | null }> {
    const read = await this.v.brandList.read();
    if (!read.ok) return { brands: [], problem: describeBrandFailure(read.failure) };
    const brands = read.brands.map((b) => b.brandId);
    if (def.probe === 'callback') return { brands, problem: null };
    const flagLever = leverById(def.probe === 'deposit' ? 'brand-deposits-off' : 'brand-withdrawals-off');
    const reads = await Promise.all(brands.map((b) => readLever(this.v.client, flagLever, b, this.v.readMs)));
    const off = (i: number) => reads[i]!.ok && reads[i]!.engaged === true;
    return { brands: [...brands.filter((_, i) => !off(i)), ...brands.filter((_, i) => off(i))], problem: null };
  }
}

function roleHint(answer: { kind: string; status?: number }, def: LeverDefinition): string {
  if (answer.kind !== 'answer') return '';
  if (answer.status === 401) return " (401: the platform does not accept this profile's token)";
  if (answer.status === 403) return ` (403: this lever needs ${def.requiredRole})`;
  return '';
}
