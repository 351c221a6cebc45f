import { contract, isMethodName, resultSchemas, type MethodName } from '../../shared/api.ts';
import type { ConsoleRole } from '../../shared/environment.ts';
import { err, type Result } from '../../shared/result.ts';
import { StorageError } from './store/connection.ts';
import { forLog } from './store/redact.ts';
import type { CallContext, CoreHandlers } from './console-core.ts';

/**
 * The one door into the core, shared by both transports: the method must exist, a wall may
 * only read, the arguments must match the contract, and what leaves must match it too.
 */
export async function dispatch(
  handlers: CoreHandlers,
  name: string,
  rawArgs: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  if (!isMethodName(name)) return err('invalid', `Unknown method "${name.slice(0, 80)}"`);
  if (!mayCall(ctx.role, name)) return err('forbidden', `"${name}" changes state; this console is read-only (${ctx.role})`);
  const parsed = contract[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return err('invalid', `Invalid arguments for ${name}: ${i ? `${i.path.join('.') || 'arguments'}: ${i.message}` : 'rejected'}`);
  }
  let result: Result<unknown>;
  try {
    const handler = handlers[name] as (args: unknown, ctx: CallContext) => Promise<Result<unknown>> | Result<unknown>;
    result = await handler(parsed.data, ctx);
  } catch (e) {
    if (e instanceof StorageError) return err('storage', e.message);
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_')) return err('storage', `Local database: ${(e as Error).message}`);
    // Redacted: an error may quote a request, a platform's answer, or what the user typed.
    console.error(forLog(`[switchyard] ${name} failed:`, e));
    return err('internal', `${name} failed unexpectedly: ${(e as Error).message}`);
  }
  const checked = resultSchemas[name].safeParse(result);
  if (!checked.success) {
    console.error(forLog(`[switchyard] ${name} returned a value outside the contract:`, checked.error.issues.slice(0, 3)));
    return err('internal', `${name} returned a malformed answer`);
  }
  return checked.data as Result<unknown>;
}

export function mayCall(role: ConsoleRole, name: MethodName): boolean {
  return role !== 'wall' || contract[name].access === 'read';
}
