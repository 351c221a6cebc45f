import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './window.ts';

/** What the check reads of an IPC event: the frame that sent it (null once that frame is gone). */
export type SenderEvent = { readonly senderFrame: Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url'> | null };

/**
 * An IPC call is answered only when it comes from a frame showing the app's own entry page:
 * not an embedded page, another file, a page the window was navigated to, or a frame that has
 * gone away. Kept free of Electron at run time so the predicate `main` uses is the one tested.
 */
export function isTrustedSender(event: SenderEvent, appEntryUrl: string): boolean {
  return event.senderFrame !== null && isAppUrl(event.senderFrame.url, appEntryUrl);
}

/** The predicate registerConsoleIpc takes, for the window loaded from `appEntryUrl`. */
export function trustedSenderFor(appEntryUrl: string): (event: SenderEvent) => boolean {
  return (event) => isTrustedSender(event, appEntryUrl);
}
