import { methodNames, type ConsoleApi, type MethodName } from './api.ts';

/** The IPC channel names, written once for both sides (electron/main and the preload). */
export const IPC_PREFIX = 'switchyard:';
export const EVENT_CHANNEL = 'switchyard:event';
export const channelOf = (name: MethodName): string => `${IPC_PREFIX}${name}`;

/** The pushed-event envelope on EVENT_CHANNEL. */
export interface EventMessage {
  name: string;
  payload: unknown;
}

export type MethodInvokers = Omit<ConsoleApi, 'on'>;

/**
 * One invoking function per contract method, each on its own channel. The one cast is here:
 * the keys are the contract's own names, and each function forwards to that method's channel.
 */
export function invokersFor(invoke: (channel: string, args: unknown) => Promise<unknown>): MethodInvokers {
  const out: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const name of methodNames) out[name] = (args?: unknown) => invoke(channelOf(name), args ?? {});
  return out as MethodInvokers;
}
