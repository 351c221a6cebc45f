// `npm test` runs this first: it finds the Chromium and the Prometheus the tests need, installs
// what is missing the way Playwright's `install --with-deps` would (Debian packages with apt-get
// when it runs as root or with passwordless sudo, else Playwright's own Chromium download), and
// stops the run with one line naming the command to run when it cannot. playwright.config.ts and
// test/helpers/prometheus.ts find the same programs with the same lookups (scripts/test-binaries.ts).
//
//   tsx scripts/test-prereqs.ts [--browser-only]
//
// CHROMIUM_PATH, PROMETHEUS_BIN: use these programs. SWITCHYARD_SKIP_PROMETHEUS=1: run without the
// Prometheus integration tests (said out loud). SWITCHYARD_NO_INSTALL=1: never install anything.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from '@playwright/test';
import { findChromium, findOnPath, findPrometheus, prometheusSkipped, SKIP_PROMETHEUS_ENV, type Found } from './test-binaries.ts';

const env = process.env;
const browserOnly = process.argv.includes('--browser-only');
const mayInstall = !['1', 'true'].includes((env.SWITCHYARD_NO_INSTALL ?? '').toLowerCase());

const say = (msg: string) => console.log(`test-prereqs: ${msg}`);
function stop(msg: string): never {
  console.error(`npm test: ${msg}`);
  process.exit(1);
}

/** How to run apt-get here: directly as root, through passwordless sudo, or not at all. */
function aptGet(): { argv: string[]; how: string } | null {
  const apt = findOnPath(['apt-get'], env.PATH);
  if (!apt) return null;
  if (process.getuid?.() === 0) return { argv: [apt], how: 'as root' };
  const sudo = findOnPath(['sudo'], env.PATH);
  if (sudo && spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore', env }).status === 0) return { argv: [sudo, '-n', apt], how: 'with sudo' };
  return null;
}

function aptInstall(packages: string[]): boolean {
  const apt = aptGet();
  if (!apt) return false;
  say(`installing Debian's ${packages.join(' and ')} (apt-get install ${packages.join(' ')}, ${apt.how})…`);
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...apt.argv, ...args];
    return spawnSync(cmd!, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  if (!run(['update', '-qq'])) say('apt-get update failed; trying the install anyway');
  const ok = run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  if (!ok) say(`apt-get install ${packages.join(' ')} failed`);
  return ok;
}

function playwrightInstallChromium(): void {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  say("downloading Playwright's Chromium (npx playwright install chromium)…");
  const r = spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) say('npx playwright install chromium failed');
}

/** The program's own first line for --version, to show which one the tests will use. */
function versionOf(path: string): string {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000, env });
  const line = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim());
  return r.status === 0 && line ? line.trim() : 'version unknown';
}

const lookChromium = (): Found => findChromium(env, chromium.executablePath());
const wantPrometheus = !browserOnly && !prometheusSkipped(env);

let browser = lookChromium();
let prometheus: Found | null = wantPrometheus ? findPrometheus(env) : null;

// An explicit path that names nothing is a mistake to fix, not a reason to install something else.
if (browser.path === null && env.CHROMIUM_PATH) stop(`${browser.problem}; point CHROMIUM_PATH at a Chromium or Chrome, or unset it.`);
if (prometheus?.path === null && env.PROMETHEUS_BIN) stop(`${prometheus.problem}; point PROMETHEUS_BIN at a prometheus binary, or unset it.`);

if (mayInstall) {
  const missing = [...(browser.path === null ? ['chromium'] : []), ...(prometheus?.path === null ? ['prometheus'] : [])];
  if (missing.length) {
    say(`not found: ${[browser.path === null ? browser.problem : null, prometheus?.path === null ? prometheus.problem : null].filter(Boolean).join('; ')}`);
    if (aptInstall(missing)) {
      browser = lookChromium();
      prometheus = wantPrometheus ? findPrometheus(env) : null;
    }
  }
  if (browser.path === null) {
    playwrightInstallChromium();
    browser = lookChromium();
  }
}

if (browser.path === null)
  stop(`no browser for the end-to-end tests (${browser.problem}). Install one: sudo apt-get install chromium (Debian), or npx playwright install chromium; or set CHROMIUM_PATH.`);
if (prometheus?.path === null)
  stop(
    `no Prometheus for the metrics integration tests (${prometheus.problem}). Install it: sudo apt-get install prometheus; or set PROMETHEUS_BIN; or set ${SKIP_PROMETHEUS_ENV}=1 to run without those tests.`,
  );

say(`browser: ${browser.path} (${browser.via}; ${versionOf(browser.path)})`);
if (prometheus?.path) say(`prometheus: ${prometheus.path} (${prometheus.via}; ${versionOf(prometheus.path)})`);
else if (!browserOnly) say(`${SKIP_PROMETHEUS_ENV} is set: SKIPPING the Prometheus integration tests.`);
