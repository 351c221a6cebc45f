import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventName, type ConsoleApi, type EventName, type EventPayload } from '../../shared/api.ts';
import { EVENT_CHANNEL, invokersFor, type EventMessage } from '../../shared/ipc-channels.ts';

// A fixed object, built from the contract: one function per method, plus event subscription.
// Neither ipcRenderer nor the IPC event object ever reaches the page.
const api = {
  ...invokersFor((channel, args) => ipcRenderer.invoke(channel, args)),
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, msg: EventMessage) => {
      if (msg && msg.name === event) listener(msg.payload as EventPayload<E>);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
} satisfies ConsoleApi;

contextBridge.exposeInMainWorld('switchyard', api);
