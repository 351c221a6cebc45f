import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgsOf, MethodName, ValueOf } from '../../shared/api.ts';
import type { ConsoleRole } from '../../shared/environment.ts';
import type { Result } from '../../shared/result.ts';
import { createConsoleCore, type ConsoleCore, type CoreConfig } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { appPaths } from '../../electron/core/paths.ts';
import type { Scratch } from './scratch.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PATHS = appPaths(REPO_ROOT);
/** The starter set shipped in resources/runbooks. */
export const BUNDLED_IDS = [
  'approval-rate-degraded',
  'deploy-rollback',
  'dns-cert-emergency',
  'fraud-cluster',
  'incident-response',
  'postmortem-template',
  'rail-latency-spike',
  'recon-mismatch',
  'webhook-backlog',
] as const;

/** A clock the test moves by hand: imports and history get predictable times. */
export function manualClock(startIso = '2026-03-14T03:14:00.000Z') {
  let now = new Date(startIso).getTime();
  const clock = () => new Date(now);
  clock.advance = (ms: number) => {
    now += ms;
  };
  clock.iso = () => new Date(now).toISOString();
  return clock;
}

/** A full core over a fresh profile folder with the real migrations and bundled runbooks. */
export function openCore(scratch: Scratch, overrides: Partial<CoreConfig> = {}): ConsoleCore {
  const core = createConsoleCore({
    dataDir: overrides.dataDir ?? join(scratch.tempDir('switchyard-profile-'), 'profile'),
    version: '0.0.0-test',
    migrationsDir: PATHS.migrationsDir,
    bundledRunbooksDir: PATHS.bundledRunbooksDir,
    clock: manualClock(),
    ...overrides,
  });
  scratch.defer(() => core.close());
  return core;
}

/** Calls the core the way a window does: through the one validating door. */
export async function call<M extends MethodName>(
  core: ConsoleCore,
  name: M,
  args: ArgsOf<M> = {} as ArgsOf<M>,
  role: ConsoleRole = 'operator',
): Promise<Result<ValueOf<M>>> {
  return (await dispatch(core.handlers, name, args, { transport: 'ipc', role })) as Result<ValueOf<M>>;
}

/** Like `call`, for calls that must succeed: the failure is the test's error message. */
export async function value<M extends MethodName>(core: ConsoleCore, name: M, args: ArgsOf<M> = {} as ArgsOf<M>): Promise<ValueOf<M>> {
  const r = await call(core, name, args);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export interface RunbookSpec {
  id: string;
  title: string;
  severity?: string;
  tags?: string[];
  body?: string;
}

export function runbookMarkdown(spec: RunbookSpec): string {
  const lines = ['---', `id: ${spec.id}`, `title: ${spec.title}`];
  if (spec.severity) lines.push(`severity_hint: ${spec.severity}`);
  if (spec.tags) lines.push(`tags: [${spec.tags.join(', ')}]`);
  lines.push('---', '', `# ${spec.title}`, '', spec.body ?? 'Check the dashboard.\n');
  return lines.join('\n');
}

/** Writes `file` under `dir` (creating folders) and returns its full path. */
export function writeFile(dir: string, file: string, content: string | Uint8Array): string {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

export function writeRunbook(dir: string, file: string, spec: RunbookSpec): string {
  return writeFile(dir, file, runbookMarkdown(spec));
}
