import { spawn, type ChildProcess } from 'node:child_process';

export interface DemoPlatformProcess {
  adminUrl: string;
  gatewayUrl: string;
  /** Demo-only control: per-rail latency, approval and error rates. */
  scenario(body: unknown): Promise<void>;
  /** kill -9: the platform vanishes mid-flight, as a crashed host would. */
  kill(): Promise<void>;
  /** Starts it again on the same ports (a fresh demo: its records start empty). */
  restart(): Promise<void>;
}

/** `npm run demo-platform -- --port 0`, as a separate process the test can kill and restart. */
export async function startDemoPlatformProcess(): Promise<DemoPlatformProcess> {
  let running = await spawnPlatform(['--port', '0']);
  const ports = ['--port', new URL(running.admin).port, '--gateway-port', new URL(running.gateway).port];
  const platform: DemoPlatformProcess = {
    adminUrl: running.admin,
    gatewayUrl: running.gateway,
    async scenario(body) {
      const r = await fetch(`${running.admin}/sim/scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`/sim/scenario: ${r.status} ${await r.text()}`);
    },
    async kill() {
      const child = running.child;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await platform.kill();
      running = await spawnPlatform(ports);
    },
  };
  return platform;
}

async function spawnPlatform(args: string[]): Promise<{ admin: string; gateway: string; child: ChildProcess }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/demo-platform/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const urls = await new Promise<{ admin: string; gateway: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo platform did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const admin = /admin service\s+(http:\/\/\S+)/.exec(out)?.[1];
      const gateway = /gateway\s+(http:\/\/\S+)/.exec(out)?.[1];
      if (admin && gateway) {
        clearTimeout(timer);
        resolve({ admin, gateway });
      }
    });
    child.once('exit', (code) => reject(new Error(`demo platform exited with ${code}:\n${out}`)));
  });
  return { ...urls, child };
}
