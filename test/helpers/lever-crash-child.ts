// Run with `node --import tsx test/helpers/lever-crash-child.ts '<json>'` by test/fault/lever-crash.test.ts:
// opens a core on a data folder, plans a lever against the platform given, prints
// "PLANNED <planId>", then executes it. The platform's write route is faulted to hang, so the
// test can kill -9 this process between the audit intent and the outcome.
import type { ProfileInput } from '../../shared/environment.ts';
import { ProfileConfig } from '../../shared/environment.ts';
import type { LeverId } from '../../shared/levers.ts';
import { createConsoleCore } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { PATHS } from './console.ts';

export interface CrashChildConfig {
  dataDir: string;
  profile: ProfileInput;
  token: string;
  lever: LeverId;
  target: string;
  typedEnvironment?: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as CrashChildConfig;
const profile = ProfileConfig.parse(config.profile);
const core = createConsoleCore({
  dataDir: config.dataDir,
  version: '0.0.0-crash-child',
  migrationsDir: PATHS.migrationsDir,
  bundledRunbooksDir: PATHS.bundledRunbooksDir,
  profile,
  tokens: new MemoryTokenStore({ [profile.name]: config.token }),
  actor: 'crash-child',
  // The write waits far longer than the test: it is killed while the write is open.
  leverTimeouts: { writeMs: 120_000, readMs: 2000, healthMs: 2000, probeMs: 2000 },
});
const ctx = { transport: 'ipc' as const, role: 'operator' as const };

const planned = await dispatch(core.handlers, 'levers.plan', { lever: config.lever, target: config.target, action: 'engage' }, ctx);
const plan = planned.ok ? (planned.value as { planId: string | null; refusal: unknown }) : null;
if (!plan?.planId) {
  process.stdout.write(`REFUSED ${JSON.stringify(planned)}\n`);
  process.exit(2);
}
process.stdout.write(`PLANNED ${plan.planId}\n`);
const executed = await dispatch(
  core.handlers,
  'levers.execute',
  { planId: plan.planId, reason: 'crash test', ...(config.typedEnvironment ? { typedEnvironment: config.typedEnvironment } : {}) },
  ctx,
);
// Only reached if the test failed to kill this process in time.
process.stdout.write(`OUTCOME ${JSON.stringify(executed)}\n`);
core.close();
