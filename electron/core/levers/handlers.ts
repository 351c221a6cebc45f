import type { HandlerSlice } from '../../../shared/api.ts';
import type { ProfileConfig } from '../../../shared/environment.ts';
import { LEVERS, type LeverStateSnapshot } from '../../../shared/levers.ts';
import { err, ok } from '../../../shared/result.ts';
import type { PlatformClient } from '../platform/client.ts';
import type { LeverEngine } from './engine.ts';
import type { ExecutionRepository } from './executions.ts';
import { readLeverStates } from './live-state.ts';
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
        })),
      ),
    'levers.state': async (args) => {
      if (!profile || !hasPlatform()) return noPlatform();
      // Many windows and walls poll this: one platform read serves them all for a moment.
      const now = clock().getTime();
      if (args.fresh || !stateCache || now - stateCache.at > STATE_TTL_MS) {
        const snapshot = (async () => {
          const list = await deps.brands().catch(() => [] as BrandInfo[]);
          return readLeverStates(deps.client, list, profile.providers, clock, deps.readMs);
        })();
        stateCache = { at: now, snapshot };
      }
      return ok(await stateCache.snapshot);
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
