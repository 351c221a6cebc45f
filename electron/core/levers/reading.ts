import type { LeverDefinition } from '../../../shared/levers.ts';
import { fillTarget } from '../../../shared/levers.ts';
import { describeAnswer, type PlatformAnswer, type PlatformClient, type PlatformRequest } from '../platform/client.ts';

export interface LeverReading {
  ok: boolean;
  /** Whether the lever is pulled, when the answer could be read. */
  engaged: boolean | null;
  body: unknown;
  etag: string | null;
  answer: PlatformAnswer;
  problem: string | null;
}

export function readRequest(def: LeverDefinition, target: string, timeoutMs: number): PlatformRequest {
  return { service: def.read.service, method: 'GET', path: fillTarget(def.read.path, encodeURIComponent(target)), auth: true, timeoutMs };
}

export function fieldOf(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Whether a read answer's body says the lever is pulled; null when it says neither. */
export function judgeBody(def: LeverDefinition, body: unknown): boolean | null {
  const v = fieldOf(body, def.field);
  if (v === def.engagedValue) return true;
  if (v === def.releasedValue) return false;
  return null;
}

/** Reads a lever's state and judges the answer strictly: an unexpected shape is not a state. */
export async function readLever(client: PlatformClient, def: LeverDefinition, target: string, timeoutMs: number): Promise<LeverReading> {
  const answer = await client.send(readRequest(def, target, timeoutMs));
  if (answer.kind !== 'answer' || answer.status !== 200)
    return { ok: false, engaged: null, body: answer.kind === 'answer' ? answer.body : null, etag: null, answer, problem: describeAnswer(answer) };
  const engaged = judgeBody(def, answer.body);
  if (engaged !== null) return { ok: true, engaged, body: answer.body, etag: answer.etag, answer, problem: null };
  const v = fieldOf(answer.body, def.field);
  return {
    ok: false,
    engaged: null,
    body: answer.body,
    etag: answer.etag,
    answer,
    problem: `unexpected answer: "${def.field}" is ${JSON.stringify(v) ?? 'missing'}, expected ${JSON.stringify(def.engagedValue)} or ${JSON.stringify(def.releasedValue)}`,
  };
}

/** Builds the write from the lever's body template, the wanted state and what was read. */
export function writeRequest(
  def: LeverDefinition,
  target: string,
  engage: boolean,
  current: LeverReading,
  message: string,
  timeoutMs: number,
): PlatformRequest {
  const wanted = engage ? def.engagedValue : def.releasedValue;
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def.write.body)) {
    if (v === '<engaged>') body[k] = wanted;
    else if (v === '<message>') body[k] = engage ? message : '';
    else if (v === '<config-with-flag>') {
      // A brand config write replaces the whole object: keep every other flag as it was read.
      const flag = def.field.split('.').pop()!;
      const value = fieldOf(current.body, 'value');
      body[k] = { ...(value && typeof value === 'object' ? (value as Record<string, unknown>) : {}), [flag]: wanted };
    } else body[k] = v;
  }
  const headers: Record<string, string> = {};
  if (def.write.ifMatch && current.etag) headers['if-match'] = current.etag;
  return { service: def.write.service, method: 'PUT', path: fillTarget(def.write.path, encodeURIComponent(target)), body, headers, auth: true, timeoutMs };
}
