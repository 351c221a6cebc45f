import type { HandlerSlice } from '../../../shared/api.ts';
import type { ProfileConfig } from '../../../shared/environment.ts';
import { LEVERS, type LeverStateSnapshot } from '../../../shared/levers.ts';
import { err, ok } from '../../../shared/result.ts';
import type { PlatformClient } from '../platform/client.ts';
import { brandListWatch } from './brand-list.ts';
import type { LeverEngine } from './engine.ts';
import type { ExecutionRepository } from './executions.ts';
import { LeverStateMemory, readLeverStates } from './live-state.ts';
import type { BrandInfo } from './words.ts';

const STATE_TTL_MS = 2000;

export interface LeverHandlerDeps {
  profile: ProfileConfig | null;
  engine: LeverEngine;
  executions: ExecutionRepository;
  client: PlatformClient;
  brands: () => Promise<BrandInfo[]>;
  environment: () => { name: string; production: boolean };
  clock: () => Date;
  readMs: number;
}

/** The `levers.*` slice, plus the shared state read that many windows and walls poll. */
export function leverHandlers(deps: LeverHandlerDeps): HandlerSlice<'levers'> & { invalidateState(): void } {
  const { profile, engine, executions, clock } = deps;
  let stateCache: { at: number; snapshot: Promise<LeverStateSnapshot> } | null = null;
  // The same watch as the engine's (one per `brands` function): both say the same "failing since".
  const brandList = brandListWatch(deps.brands, clock);
  // The last state of each row, so a read that fails shows what was known and when, never nothing.
  const memory = new LeverStateMemory();
  const noPlatform = () =>
    err('offline', 'No platform is configured for this profile: levers need an admin URL and a gateway URL (Settings → Profiles).');
  const hasPlatform = () => Boolean(profile?.adminUrl && profile.gatewayUrl);
  return {
    invalidateState: () => {
      stateCache = null;
    },
    'levers.catalog': () =>
      ok(
        LEVERS.map((l) => ({
          id: l.id,
          title: l.title,
          summary: l.summary,
          scope: l.scope,
          requiredRole: l.requiredRole,
          engagedLabel: l.engagedLabel,
          releasedLabel: l.releasedLabel,
          runbookSection: l.runbookSection,
          hasSqlFallback: l.sqlFallback !== null,
          sqlFallback: l.sqlFallback,
        })),
      ),
    'levers.state': async (args) => {
      if (!profile || !hasPlatform()) return noPlatform();
      // Many windows and walls poll this: one platform read serves them all for a moment.
      const now = clock().getTime();
      const read = async () => {
        const s = memory.remember(await readLeverStates(deps.client, await brandList.read(), profile.providers, clock, deps.readMs));
        // A lever this console pulled that reads released was released by someone else: recorded
        // and closed for recovery. A failure there must not cost the screen its state.
        await engine.noticeReleased(s.targets).catch((e: unknown) => console.error('[switchyard] recording a lever found released failed:', e));
        return s;
      };
      if (args.fresh || !stateCache || now - stateCache.at > STATE_TTL_MS) stateCache = { at: now, snapshot: read() };
      // Kept before awaiting: noticing a release invalidates the cache while this read is under way.
      const { snapshot } = stateCache;
      return ok(await snapshot);
    },
    'levers.executions': (args) => ok(executions.recent(args.limit)),
    'levers.plan': (args) => (hasPlatform() ? engine.plan(args) : noPlatform()),
    'levers.execute': (args) => engine.execute(args),
    'levers.reverify': (args) => engine.reverify(args.executionId),
    'levers.recoveryPlan': () => {
      const steps = engine.recoverySteps();
      const env = deps.environment();
      return ok({
        steps: steps.map((e) => ({ engagedBy: e, lever: e.lever, target: e.target, title: LEVERS.find((l) => l.id === e.lever)!.title })),
        requiresTypedEnvironment: steps.some((e) => LEVERS.find((l) => l.id === e.lever)!.scope === 'platform'),
        freeze: engine.freeze(),
        environment: env.name,
        production: env.production,
      });
    },
    'levers.recover': (args) => engine.recover(args),
  };
}
