import { z } from 'zod';

/**
 * Expected failures travel as values, never as exceptions: the UI must be able to say
 * what happened and what to do. Only bugs throw.
 */
export const ErrorCode = z.enum([
  'invalid', // arguments or input rejected
  'not_found',
  'conflict', // state moved under us (412), duplicate
  'unauthorized', // 401: no or unknown token
  'forbidden', // 403: role too low, or a write reached a read-only (wall) console
  'offline', // the platform or source cannot be reached
  'timeout',
  'upstream', // the platform answered with an error or garbage
  'storage', // the local database refused (locked, corrupted, too new)
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({ code: ErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: ApiError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Err => ({ ok: false, error: { code, message } });

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ApiError }),
  ]);
}
