import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/console.ts';
import { waitFor, within } from '../helpers/wait.ts';

const CLI = join(REPO_ROOT, 'electron', 'demo-platform', 'cli.ts');
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Cli {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function runCli(args: string[]): Cli {
  // One node process (tsx as a loader, not its wrapper) so the signal reaches the CLI itself.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const urlOf = (out: string, label: string) => new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(out)?.[1];

describe('npm run demo-platform', () => {
  it('prints both URLs and the three tokens, serves, and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--seed', '9']);
    const out = await waitFor('the CLI to print its URLs', () => cli.output().includes('Ctrl+C') && cli.output(), { timeoutMs: 20_000 });
    for (const token of ['demo-super-admin-token', 'demo-operator-token', 'demo-viewer-token']) expect(out).toContain(token);
    const admin = urlOf(out, 'admin service');
    const gateway = urlOf(out, 'gateway');
    expect(admin).toBeDefined();
    expect(gateway).toBeDefined();
    expect(gateway).not.toBe(admin);
    expect(await (await fetch(`${admin}/health`)).json()).toEqual({ status: 'ok' });
    const vars = await fetch(`${admin}/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS`, { headers: { authorization: 'Bearer demo-viewer-token' } });
    expect(await vars.json()).toMatchObject({ value: '0' });
    expect((await fetch(`${gateway}/sim/state`)).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await within('the CLI to exit after SIGTERM', 5_000, cli.exited)).toBe(0);
    expect(cli.output()).toContain('SIGTERM: stopping the demo platform');
  });

  it('--no-demo-mode serves the contract without /sim, and SIGINT stops it', async () => {
    const cli = runCli(['--port', '0', '--no-demo-mode']);
    const out = await waitFor('the CLI to print its URLs', () => cli.output().includes('Ctrl+C') && cli.output(), { timeoutMs: 20_000 });
    expect(out).toContain('demo mode off');
    const gateway = urlOf(out, 'gateway');
    expect((await fetch(`${gateway}/sim/state`)).status).toBe(404);
    expect((await fetch(`${gateway}/health`)).status).toBe(200);
    cli.child.kill('SIGINT');
    expect(await within('the CLI to exit after SIGINT', 5_000, cli.exited)).toBe(0);
  });

  it('refuses a bad flag with the usage and exit code 2', async () => {
    const cli = runCli(['--port', 'eighty']);
    expect(await within('the CLI to exit', 20_000, cli.exited)).toBe(2);
    expect(cli.output()).toContain('--port must be a port number');
    expect(cli.output()).toContain('Usage: npm run demo-platform');
  });
});
