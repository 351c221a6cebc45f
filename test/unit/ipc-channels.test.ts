import { describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/api.ts';
import { channelOf, invokersFor } from '../../shared/ipc-channels.ts';
import { registerConsoleIpc } from '../../electron/main/ipc.ts';
import type { ConsoleHandlers } from '../../shared/api.ts';

describe('the IPC channels, written once for the preload and the main process', () => {
  it('the preload invokes, for every contract method, the channel the main process registers for it', async () => {
    const registered: string[] = [];
    registerConsoleIpc({ handle: (ch: string) => void registered.push(ch), removeHandler: () => {} }, {} as ConsoleHandlers, {
      role: 'operator',
      isTrustedSender: () => true,
    });
    const invoked: Array<[string, unknown]> = [];
    const invokers = invokersFor(async (channel, args) => {
      invoked.push([channel, args]);
      return { ok: true, value: null };
    });
    expect(Object.keys(invokers).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) await (invokers[name] as (a?: unknown) => Promise<unknown>)({ probe: name });
    expect(invoked.map(([c]) => c)).toEqual(methodNames.map(channelOf));
    expect(invoked.map(([, a]) => a)).toEqual(methodNames.map((n) => ({ probe: n })));
    expect(new Set(registered)).toEqual(new Set(invoked.map(([c]) => c)));
    expect(new Set(registered).size).toBe(methodNames.length);
  });

  it('an argument-less call sends an empty object, which the contract validates', async () => {
    const seen: unknown[] = [];
    const invokers = invokersFor(async (_c, args) => void seen.push(args));
    await invokers['app.info']();
    expect(seen).toEqual([{}]);
  });
});
