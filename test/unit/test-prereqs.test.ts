// What `npm test` runs first: the lookups for Chromium and Prometheus, against a temp folder of
// fake executables and a PATH made of it, and the script itself, run as npm runs it.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, findOnPath, findPrometheus, isExecutableFile, prometheusSkipped } from '../../scripts/test-binaries.ts';
import { REPO_ROOT } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

/** A shell script at `path`, executable unless told otherwise. */
function program(path: string, body: string, executable = true): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

const fakeChromium = (path: string) => program(path, 'echo "Chromium 999.0.0.0 (fake)"');
const fakePrometheus = (path: string) => program(path, 'echo "prometheus, version 9.9.9 (fake)"');

describe('finding a program on PATH', () => {
  it('takes the first name in order of preference, then the first folder that has it', () => {
    const root = scratch.tempDir();
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    fakeChromium(join(a, 'google-chrome'));
    fakeChromium(join(b, 'chromium'));
    fakeChromium(join(b, 'google-chrome'));
    const path = [a, b].join(':');
    expect(findOnPath(['chromium', 'google-chrome'], path)).toBe(join(b, 'chromium'));
    expect(findOnPath(['google-chrome'], path)).toBe(join(a, 'google-chrome'));
    expect(findOnPath(['chrome'], path)).toBeNull();
  });

  it('skips a file it may not execute, a folder of the same name, and relative PATH entries', () => {
    const root = scratch.tempDir();
    program(join(root, 'plain', 'chromium'), 'exit 0', false);
    mkdirSync(join(root, 'dir', 'chromium'), { recursive: true });
    const good = fakeChromium(join(root, 'good', 'chromium'));
    expect(isExecutableFile(join(root, 'plain', 'chromium'))).toBe(false);
    expect(isExecutableFile(join(root, 'dir', 'chromium'))).toBe(false);
    expect(findOnPath(['chromium'], [join(root, 'plain'), join(root, 'dir'), 'good', '', join(root, 'good')].join(':'))).toBe(good);
    expect(findOnPath(['chromium'], undefined)).toBeNull();
  });
});

describe('the browser for the end-to-end tests', () => {
  it('is CHROMIUM_PATH when it is set, before anything on PATH', () => {
    const root = scratch.tempDir();
    const mine = fakeChromium(join(root, 'opt', 'my-chrome'));
    fakeChromium(join(root, 'bin', 'chromium'));
    expect(findChromium({ CHROMIUM_PATH: mine, PATH: join(root, 'bin') }, null)).toEqual({ path: mine, via: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that names nothing runnable, rather than quietly using another browser', () => {
    const root = scratch.tempDir();
    fakeChromium(join(root, 'bin', 'chromium'));
    const r = findChromium({ CHROMIUM_PATH: join(root, 'missing'), PATH: join(root, 'bin') }, null);
    expect(r).toEqual({ path: null, problem: `CHROMIUM_PATH=${join(root, 'missing')} is not an executable file` });
  });

  it.each(['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'])('finds a system %s on PATH', (name) => {
    const root = scratch.tempDir();
    const exe = fakeChromium(join(root, 'usr', 'bin', name));
    program(join(root, 'usr', 'bin', 'prometheus'), 'exit 0');
    expect(findChromium({ PATH: [join(root, 'empty'), join(root, 'usr', 'bin')].join(':') }, join(root, 'pw', 'chrome'))).toEqual({ path: exe, via: 'PATH' });
  });

  it("prefers Debian's chromium to Chrome when both are there", () => {
    const root = scratch.tempDir();
    fakeChromium(join(root, 'a', 'google-chrome'));
    const debian = fakeChromium(join(root, 'b', 'chromium'));
    expect(findChromium({ PATH: `${join(root, 'a')}:${join(root, 'b')}` }, null).path).toBe(debian);
  });

  it("falls back to Playwright's downloaded Chromium, and only if it is really there", () => {
    const root = scratch.tempDir();
    const cached = join(root, 'ms-playwright', 'chromium-1234', 'chrome-linux64', 'chrome');
    const env = { PATH: join(root, 'bin') };
    const none = findChromium(env, cached);
    expect(none.path).toBeNull();
    expect(none.path === null && none.problem).toBe(
      `no Chromium or Chrome: looked for chromium, chromium-browser, google-chrome-stable, google-chrome, chrome on PATH and for Playwright's Chromium at ${cached}; CHROMIUM_PATH is not set`,
    );
    fakeChromium(cached);
    expect(findChromium(env, cached)).toEqual({ path: cached, via: "Playwright's browsers" });
  });
});

describe('Prometheus for the metrics integration tests', () => {
  it('is PROMETHEUS_BIN, else prometheus on PATH, else a problem that says where it looked', () => {
    const root = scratch.tempDir();
    const onPath = fakePrometheus(join(root, 'bin', 'prometheus'));
    const mine = fakePrometheus(join(root, 'opt', 'prometheus-2.53'));
    expect(findPrometheus({ PROMETHEUS_BIN: mine, PATH: join(root, 'bin') })).toEqual({ path: mine, via: 'PROMETHEUS_BIN' });
    expect(findPrometheus({ PATH: join(root, 'bin') })).toEqual({ path: onPath, via: 'PATH' });
    expect(findPrometheus({ PATH: join(root, 'opt') })).toEqual({ path: null, problem: 'no prometheus on PATH; PROMETHEUS_BIN is not set' });
    expect(findPrometheus({ PROMETHEUS_BIN: join(root, 'nope'), PATH: join(root, 'bin') }).path).toBeNull();
  });

  it('is left out only when SWITCHYARD_SKIP_PROMETHEUS says so', () => {
    expect(prometheusSkipped({})).toBe(false);
    expect(prometheusSkipped({ SWITCHYARD_SKIP_PROMETHEUS: '' })).toBe(false);
    expect(prometheusSkipped({ SWITCHYARD_SKIP_PROMETHEUS: '0' })).toBe(false);
    expect(prometheusSkipped({ SWITCHYARD_SKIP_PROMETHEUS: '1' })).toBe(true);
  });
});

// ---- the script, as `npm test` runs it ----

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/test-prereqs.ts with only `env` (PATH included): no browser or Prometheus of this machine leaks in. */
function prereqs(env: Record<string, string>, args: string[] = []): Promise<Run> {
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, 'scripts/test-prereqs.ts', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The runs below are concurrent (each is a fresh process), so their folders outlive any one test.
const machines: string[] = [];
afterAll(() => {
  for (const dir of machines) rmSync(dir, { recursive: true, force: true });
});

/** A machine: a bin folder for PATH, a home, and an empty Playwright browser cache. */
function machine() {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-prereqs-'));
  machines.push(root);
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const env: Record<string, string> = { PATH: bin, HOME: join(root, 'home'), PLAYWRIGHT_BROWSERS_PATH: join(root, 'ms-playwright'), TMPDIR: root };
  return { root, bin, env };
}

/**
 * apt-get and passwordless sudo as Debian has them, enough to see what the script asks: apt-get
 * records its arguments and "installs" a package by putting a program of its name in `bin`.
 */
function fakeApt(bin: string, log: string): void {
  program(join(bin, 'sudo'), '[ "$1" = "-n" ] && shift\n"$@"'); // not exec: `sudo -n true` runs the shell's own true
  program(
    join(bin, 'apt-get'),
    [
      `echo "$*" >> '${log}'`,
      'if [ "$1" = install ]; then',
      '  for p in "$@"; do',
      `    case "$p" in chromium|prometheus) printf '#!/bin/sh\\necho "%s from apt (fake)"\\n' "$p" > '${bin}'/"$p"; /bin/chmod 755 '${bin}'/"$p";; esac`,
      '  done',
      'fi',
    ].join('\n'),
  );
}

describe('scripts/test-prereqs.ts', () => {
  it.concurrent('with a browser and Prometheus on PATH, names both and succeeds', async () => {
    const { bin, env } = machine();
    fakeChromium(join(bin, 'chromium'));
    fakePrometheus(join(bin, 'prometheus'));
    const r = await prereqs(env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`test-prereqs: browser: ${join(bin, 'chromium')} (PATH; Chromium 999.0.0.0 (fake))`);
    expect(r.stdout).toContain(`test-prereqs: prometheus: ${join(bin, 'prometheus')} (PATH; prometheus, version 9.9.9 (fake))`);
  });

  it.concurrent('installs what is missing with apt-get, saying so, when it can', async () => {
    const { root, bin, env } = machine();
    const log = join(root, 'apt.log');
    fakeApt(bin, log);
    const r = await prereqs(env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("test-prereqs: installing Debian's chromium and prometheus (apt-get install chromium prometheus");
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['update -qq', 'install -y -qq --no-install-recommends chromium prometheus']);
    expect(r.stdout).toContain(`test-prereqs: browser: ${join(bin, 'chromium')} (PATH; chromium from apt (fake))`);
    expect(r.stdout).toContain(`test-prereqs: prometheus: ${join(bin, 'prometheus')} (PATH; prometheus from apt (fake))`);
  });

  it.concurrent('without Prometheus and no way to install it, fails with one line naming the command', async () => {
    const { bin, env } = machine();
    fakeChromium(join(bin, 'chromium'));
    const r = await prereqs(env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'npm test: no Prometheus for the metrics integration tests (no prometheus on PATH; PROMETHEUS_BIN is not set). Install it: sudo apt-get install prometheus; or set PROMETHEUS_BIN; or set SWITCHYARD_SKIP_PROMETHEUS=1 to run without those tests.\n',
    );
  });

  it.concurrent('with SWITCHYARD_SKIP_PROMETHEUS=1, goes on without it and says it is skipping', async () => {
    const { bin, env } = machine();
    fakeChromium(join(bin, 'chromium'));
    const r = await prereqs({ ...env, SWITCHYARD_SKIP_PROMETHEUS: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('test-prereqs: SWITCHYARD_SKIP_PROMETHEUS is set: SKIPPING the Prometheus integration tests.');
  });

  it.concurrent("uses Playwright's downloaded Chromium when there is no system browser", async () => {
    const { root, bin, env } = machine();
    fakePrometheus(join(bin, 'prometheus'));
    // Where `npx playwright install chromium` puts this @playwright/test's Chromium, under the cache.
    const cached = join(root, 'ms-playwright', ...chromium.executablePath().split(sep).slice(-3));
    fakeChromium(cached);
    const r = await prereqs(env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`test-prereqs: browser: ${cached} (Playwright's browsers; Chromium 999.0.0.0 (fake))`);
  });

  it.concurrent('with no browser and installing turned off, fails with one line naming the commands', async () => {
    const { bin, env } = machine();
    fakePrometheus(join(bin, 'prometheus'));
    const r = await prereqs({ ...env, SWITCHYARD_NO_INSTALL: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^npm test: no browser for the end-to-end tests \(no Chromium or Chrome: .*\)\. Install one: sudo apt-get install chromium \(Debian\), or npx playwright install chromium; or set CHROMIUM_PATH\.\n$/);
  });
});
