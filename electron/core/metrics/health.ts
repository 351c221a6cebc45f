// GET /health on the gateway (status and components) and on the admin service, once per poll.
// A service that does not answer is 'down' as far as the on-call console can tell, with the
// reason; an answer that is not the contract's shape is 'unknown' and an error.
import { z } from 'zod';
import { describeAnswer, type PlatformClient, type Service } from '../platform/client.ts';

const GatewayHealth = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  components: z.record(z.string(), z.string()).default({}),
});
const AdminHealth = z.object({ status: z.string() });

export interface ProbeResult<S> {
  status: S;
  components: Record<string, string>;
  /** 'answer': the service answered (status as it said); 'no-answer': it did not (status down). */
  outcome: 'answer' | 'no-answer' | 'malformed' | 'unconfigured';
  error: string | null;
}

export interface HealthReading {
  at: number;
  gateway: ProbeResult<'ok' | 'degraded' | 'down' | 'unknown'>;
  admin: ProbeResult<'ok' | 'down' | 'unknown'>;
}

export type HealthProbe = (now: number) => Promise<HealthReading>;

export function platformHealthProbe(client: PlatformClient, timeoutMs: number): HealthProbe {
  const probe = async <S extends string>(service: Service, read: (body: unknown) => { status: S; components: Record<string, string> } | null, unknown: S, down: S): Promise<ProbeResult<S>> => {
    if (!client.baseOf(service)) return { status: unknown, components: {}, outcome: 'unconfigured', error: `no ${service} URL configured` };
    const a = await client.send({ service, method: 'GET', path: '/health', auth: false, timeoutMs });
    if (a.kind === 'timeout' || a.kind === 'unreachable') return { status: down, components: {}, outcome: 'no-answer', error: describeAnswer(a) };
    if (a.kind === 'malformed') return { status: unknown, components: {}, outcome: 'malformed', error: describeAnswer(a) };
    const read1 = read(a.body);
    if (!read1) return { status: a.status >= 500 ? down : unknown, components: {}, outcome: 'malformed', error: `${describeAnswer(a)}: not a health answer` };
    return { ...read1, outcome: 'answer', error: a.status === 200 ? null : `HTTP ${a.status}` };
  };
  return async (now) => {
    const [gateway, admin] = await Promise.all([
      probe(
        'gateway',
        (b) => {
          const p = GatewayHealth.safeParse(b);
          return p.success ? { status: p.data.status, components: p.data.components } : null;
        },
        'unknown' as const,
        'down' as const,
      ),
      probe(
        'admin',
        (b) => {
          const p = AdminHealth.safeParse(b);
          return p.success ? { status: p.data.status === 'ok' ? ('ok' as const) : ('down' as const), components: {} } : null;
        },
        'unknown' as const,
        'down' as const,
      ),
    ]);
    return { at: now, gateway, admin };
  };
}
