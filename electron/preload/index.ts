import { contextBridge, ipcRenderer } from 'electron';
import { isEventName, methodNames, type ConsoleApi, type EventName, type EventPayload } from '../../shared/api.ts';

// A fixed object, built from the contract: one function per method, plus event subscription.
// Neither ipcRenderer nor the IPC event object ever reaches the page.
const methods = Object.fromEntries(
  methodNames.map((name) => [name, (args?: unknown) => ipcRenderer.invoke(`switchyard:${name}`, args ?? {})]),
);

const api = {
  ...methods,
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_e: unknown, msg: { name: string; payload: unknown }) => {
      if (msg && msg.name === event) listener(msg.payload as EventPayload<E>);
    };
    ipcRenderer.on('switchyard:event', wrapped);
    return () => {
      ipcRenderer.removeListener('switchyard:event', wrapped);
    };
  },
} as ConsoleApi;

contextBridge.exposeInMainWorld('switchyard', api satisfies ConsoleApi);
