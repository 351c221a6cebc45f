import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleRole } from '../../shared/environment.ts';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import { startServe, type InterfaceTable, type RunningServe } from '../../electron/serve/server.ts';
import { openCore } from './console.ts';
import type { Scratch } from './scratch.ts';

export const INDEX_HTML = '<!doctype html><html><head><title>Switchyard</title></head><body><div id="root"></div></body></html>';

export interface TestServeOptions {
  role?: ConsoleRole;
  core?: ConsoleCore;
  /** 127.0.0.1 (default) or 0.0.0.0: tests never bind anything else. */
  host?: '127.0.0.1' | '0.0.0.0';
  allowHosts?: string[];
  interfaces?: () => InterfaceTable;
}

/** A real core behind a real server on a free port, with a one-file renderer. */
export async function startTestServe(
  scratch: Scratch,
  opts: TestServeOptions = {},
): Promise<{ srv: RunningServe; core: ConsoleCore; bearer: Record<string, string>; rendererDir: string }> {
  const core = opts.core ?? openCore(scratch);
  const root = scratch.tempDir('switchyard-www-');
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  const srv = await startServe({
    core,
    rendererDir,
    role: opts.role ?? 'operator',
    host: opts.host ?? '127.0.0.1',
    port: 0,
    allowHosts: opts.allowHosts,
    interfaces: opts.interfaces,
  });
  scratch.defer(() => srv.close());
  return { srv, core, bearer: { authorization: `Bearer ${srv.token}` }, rendererDir };
}
