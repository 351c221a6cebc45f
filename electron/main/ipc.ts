import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { methodNames, type ConsoleHandlers } from '../../shared/api.ts';
import type { ConsoleRole } from '../../shared/environment.ts';
import { err, type Result } from '../../shared/result.ts';
import { dispatch } from '../core/dispatch.ts';

import { channelOf } from '../../shared/ipc-channels.ts';

export { EVENT_CHANNEL, IPC_PREFIX, channelOf } from '../../shared/ipc-channels.ts';

/**
 * Registers every contract method with ipcMain through one validating door (the same
 * `dispatch` that `serve` uses). A call from any frame other than the app's own is refused.
 */
export function registerConsoleIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ConsoleHandlers,
  opts: { role: ConsoleRole; isTrustedSender: (event: IpcMainInvokeEvent) => boolean },
): () => void {
  for (const name of methodNames) {
    ipcMain.handle(channelOf(name), async (event, args: unknown): Promise<Result<unknown>> => {
      if (!opts.isTrustedSender(event)) return err('forbidden', 'Call refused: it did not come from the Switchyard window');
      return dispatch(handlers, name, args, { transport: 'ipc', role: opts.role });
    });
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(channelOf(name));
  };
}
