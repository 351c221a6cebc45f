// `npm run demo-platform -- --port N`: the demo platform as a standalone process, for trying
// Switchyard (or curl) against a platform without a real deployment.
import { parseArgs } from 'node:util';
import { startDemoPlatform } from './index.ts';

const DEFAULT_PORT = 7410;

const USAGE = `Usage: npm run demo-platform -- [options]

  --port N           admin service port (default ${DEFAULT_PORT}; 0 picks free ports for both services)
  --gateway-port N   gateway port (default: the admin port + 1)
  --host ADDR        address to bind (default 127.0.0.1)
  --seed N           seed of the simulated traffic (default 1)
  --no-demo-mode     serve the platform contract only: no /sim scenario or fault control`;

class UsageError extends Error {}

function portFrom(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`${flag} must be a port number (0-65535), not "${text}"`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'gateway-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      'no-demo-mode': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const adminPort = portFrom('--port', values.port);
  const gatewayPort =
    values['gateway-port'] !== undefined ? portFrom('--gateway-port', values['gateway-port']) : adminPort === 0 ? 0 : adminPort + 1;
  if (gatewayPort > 65535) throw new UsageError('--port 65535 leaves no port for the gateway: pass --gateway-port');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, not "${values.seed}"`);
  const demoMode = !values['no-demo-mode'];

  const platform = await startDemoPlatform({ host: values.host, adminPort, gatewayPort, seed, demoMode });
  const pad = (s: string) => s.padEnd(15);
  console.log(
    [
      `Switchyard demo platform (demo mode ${demoMode ? 'on: /sim/scenario and /sim/faults are live' : 'off'}, seed ${seed})`,
      `  ${pad('admin service')}${platform.adminUrl}`,
      `  ${pad('gateway')}${platform.gatewayUrl}`,
      `  ${pad('metrics')}${platform.gatewayUrl}/metrics`,
      'Demo tokens (Authorization: Bearer <token>):',
      ...Object.entries(platform.tokens).map(([role, token]) => `  ${pad(role)}${token}`),
      'Ctrl+C stops it.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo platform`);
    platform.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('demo platform: stop failed:', e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const code = e instanceof Error && 'code' in e ? String(e.code) : '';
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    console.error(`demo platform: cannot listen (${code}): ${(e as Error).message}. Try another --port.`);
    process.exit(1);
  }
  console.error(e);
  process.exit(1);
});
