import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleRole } from '../../shared/environment.ts';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import { startServe, type RunningServe } from '../../electron/serve/server.ts';
import { openCore } from './console.ts';
import type { Scratch } from './scratch.ts';

export const INDEX_HTML = '<!doctype html><html><head><title>Switchyard</title></head><body><div id="root"></div></body></html>';

/** A real core behind a real server on a free loopback port, with a one-file renderer. */
export async function startTestServe(
  scratch: Scratch,
  opts: { role?: ConsoleRole; core?: ConsoleCore } = {},
): Promise<{ srv: RunningServe; core: ConsoleCore; bearer: Record<string, string>; rendererDir: string }> {
  const core = opts.core ?? openCore(scratch);
  const root = scratch.tempDir('switchyard-www-');
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  const srv = await startServe({ core, rendererDir, role: opts.role ?? 'operator', host: '127.0.0.1', port: 0 });
  scratch.defer(() => srv.close());
  return { srv, core, bearer: { authorization: `Bearer ${srv.token}` }, rendererDir };
}
