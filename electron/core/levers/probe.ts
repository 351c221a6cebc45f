import type { LeverDefinition } from '../../../shared/levers.ts';
import { describeAnswer, type PlatformClient } from '../platform/client.ts';

export interface ProbeContext {
  client: PlatformClient;
  brands: string[];
  /** Why the brand list could not be read, when it could not: said wherever it limits the probe. */
  brandsProblem: string | null;
  probePlayer: string;
  timeoutMs: number;
  /** Other pulled levers that also refuse this flow (a release is then still refused, rightly). */
  otherHolds: string[];
}

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

type Flow = 'deposit' | 'withdraw';

async function tryFlow(ctx: ProbeContext, flow: Flow, brand: string): Promise<{ refused: boolean | null; text: string }> {
  const a = await ctx.client.send({
    service: 'gateway',
    method: 'POST',
    path: `/api/v1/wallet/${flow}`,
    body: { brand_id: brand, player_id: ctx.probePlayer, amount: 1, currency: 'INR', method: 'upi' },
    auth: false,
    timeoutMs: ctx.timeoutMs,
  });
  if (a.kind !== 'answer' || a.status !== 200 || !a.body || typeof a.body !== 'object') return { refused: null, text: describeAnswer(a) };
  const b = a.body as { status?: unknown; msg?: unknown; txn_id?: unknown };
  if (b.status === 1) return { refused: true, text: `refused "${String(b.msg)}"` };
  if (b.status === 0) return { refused: false, text: `accepted (${String(b.txn_id)})` };
  return { refused: null, text: `unexpected answer ${JSON.stringify(a.body).slice(0, 120)}` };
}

/**
 * Proves the lever's effect the way a player or a provider would meet it: a test deposit or
 * withdrawal, or a provider callback. For a brand lever, another brand must still be live.
 */
export async function runProbe(ctx: ProbeContext, def: LeverDefinition, target: string, engaged: boolean): Promise<ProbeResult> {
  if (def.probe === 'callback') {
    const a = await ctx.client.send({
      service: 'gateway',
      method: 'POST',
      path: `/api/v1/provider-callbacks/${encodeURIComponent(target)}`,
      body: { probe: true, source: 'switchyard' },
      auth: false,
      timeoutMs: ctx.timeoutMs,
    });
    if (a.kind !== 'answer' && a.kind !== 'malformed') return { ok: false, detail: `probe callback: ${describeAnswer(a)}` };
    const blocked = a.status === 503;
    return engaged
      ? { ok: blocked, detail: `probe callback from ${target}: HTTP ${a.status}${blocked ? ' (refused, as expected)' : ' — NOT refused'}` }
      : { ok: !blocked, detail: `probe callback from ${target}: HTTP ${a.status}${blocked ? ' — still refused' : ' (accepted by the gateway)'}` };
  }

  const flow: Flow = def.probe;
  const brand = def.scope === 'brand' ? target : ctx.brands[0];
  if (!brand)
    return {
      ok: false,
      detail: ctx.brandsProblem ? `probe: no brand to probe a ${flow} with — ${ctx.brandsProblem}` : 'probe: the platform lists no brand to probe',
    };
  const main = await tryFlow(ctx, flow, brand);
  if (main.refused === null) return { ok: false, detail: `probe ${flow} for ${brand}: ${main.text}` };
  const expectedRefused = engaged;
  let ok = main.refused === expectedRefused;
  let detail = `probe ${flow} for ${brand}: ${main.text}`;
  if (!ok && !engaged && ctx.otherHolds.length > 0) {
    ok = true;
    detail += ` — still held by ${ctx.otherHolds.join(', ')}, as expected`;
  } else if (!ok) detail += engaged ? ' — expected it to be refused' : ' — expected it to go through';
  if (def.scope === 'brand' && engaged) {
    const other = ctx.brands.find((b) => b !== brand);
    if (ctx.brandsProblem) detail += `; other brands not checked — ${ctx.brandsProblem}`;
    else if (!other) detail += '; no other brand to check (the platform lists only this one)';
    else {
      const o = await tryFlow(ctx, flow, other);
      detail += `; other brand ${other}: ${o.text}`;
      // The lever must not have stopped the other brands; refused there means something else holds them.
      if (o.refused === null) ok = false;
    }
  }
  return { ok, detail };
}
