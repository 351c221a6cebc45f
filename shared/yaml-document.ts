import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/**
 * What the console's YAML documents (severity policies, release calendars) share: a problem is
 * said as where (`ladder[1].ack`) and what, in words a person fixing the file can act on, and a
 * file that is not YAML is a problem like any other, never a thrown error.
 */

export interface DocumentIssue {
  path: string;
  message: string;
}

/** `ladder[1].ack`: where in the document, `(top level)` for the document itself. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/** zod's message, shorter: "required", "unknown key "x" (misspelt?)". */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'required';
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (misspelt?)`;
  if (issue.code === 'invalid_value') return issue.message.replace(/^Invalid option: /, '');
  return issue.message.replace(/^Invalid input: /, '');
}

/** The document validated with `schema`, or every problem with its place. */
export function validateDocument<S extends z.ZodType>(schema: S, data: unknown): { ok: true; value: z.output<S> } | { ok: false; errors: DocumentIssue[] } {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: pathText(i.path), message: issueMessage(i) })) };
}

/** A file's YAML text parsed; a syntax error comes back as the problem, never thrown. */
export function readYamlText(text: string): { ok: true; data: unknown } | { ok: false; errors: DocumentIssue[] } {
  try {
    return { ok: true, data: parseYaml(text, { prettyErrors: true }) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return { ok: false, errors: [{ path: '(file)', message: `not valid YAML: ${message}` }] };
  }
}
