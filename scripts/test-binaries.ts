// Finds the programs `npm test` needs beside node_modules: a Chromium (or Chrome) for the
// end-to-end tests and Prometheus for the metrics integration tests. Pure lookups (environment,
// PATH, files on disk); installing what is missing is scripts/test-prereqs.ts's job.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Browser names a Debian, Ubuntu or Chrome install puts on PATH, in the order we prefer them. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];

/** The explicit overrides; an override that names nothing runnable is an error, not skipped. */
export const CHROMIUM_ENV = 'CHROMIUM_PATH';
export const PROMETHEUS_ENV = 'PROMETHEUS_BIN';
/** Set to 1 to run `npm test` without the Prometheus integration tests (it says so). */
export const SKIP_PROMETHEUS_ENV = 'SWITCHYARD_SKIP_PROMETHEUS';

export type Found = { path: string; via: string } | { path: null; problem: string };

type Env = Record<string, string | undefined>;

/** A regular file this process may execute (a directory named `chromium` is not one). */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` found as an executable file in a directory of `pathVar`, as `which` would. */
export function findOnPath(names: readonly string[], pathVar: string | undefined): string | null {
  const dirs = (pathVar ?? '').split(delimiter).filter((d) => d && isAbsolute(d));
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

function fromOverride(env: Env, name: string): Found | null {
  const value = env[name];
  if (!value) return null;
  return isExecutableFile(value) ? { path: value, via: name } : { path: null, problem: `${name}=${value} is not an executable file` };
}

/**
 * The browser for the end-to-end tests: CHROMIUM_PATH if set, else a system Chromium or Chrome on
 * PATH, else Playwright's downloaded Chromium if it is there (`playwrightChromium`: where
 * `npx playwright install chromium` puts it, i.e. `chromium.executablePath()` of @playwright/test).
 */
export function findChromium(env: Env, playwrightChromium: string | null): Found {
  const explicit = fromOverride(env, CHROMIUM_ENV);
  if (explicit) return explicit;
  const onPath = findOnPath(CHROMIUM_NAMES, env.PATH);
  if (onPath) return { path: onPath, via: 'PATH' };
  if (playwrightChromium && isExecutableFile(playwrightChromium)) return { path: playwrightChromium, via: "Playwright's browsers" };
  return {
    path: null,
    problem: `no Chromium or Chrome: looked for ${CHROMIUM_NAMES.join(', ')} on PATH${playwrightChromium ? ` and for Playwright's Chromium at ${playwrightChromium}` : ''}; ${CHROMIUM_ENV} is not set`,
  };
}

/** Prometheus for the metrics integration tests: PROMETHEUS_BIN if set, else `prometheus` on PATH. */
export function findPrometheus(env: Env): Found {
  const explicit = fromOverride(env, PROMETHEUS_ENV);
  if (explicit) return explicit;
  const onPath = findOnPath(['prometheus'], env.PATH);
  if (onPath) return { path: onPath, via: 'PATH' };
  return { path: null, problem: `no prometheus on PATH; ${PROMETHEUS_ENV} is not set` };
}

/** Whether the run was told to leave the Prometheus tests out (SWITCHYARD_SKIP_PROMETHEUS=1). */
export function prometheusSkipped(env: Env): boolean {
  const v = env[SKIP_PROMETHEUS_ENV];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}
