import { leverById, LEVERS, type LeverStateSnapshot, type LeverTargetState } from '../../../shared/levers.ts';
import type { PlatformClient } from '../platform/client.ts';
import type { BrandRead } from './brand-list.ts';
import { readLever } from './reading.ts';
import { targetLabel } from './words.ts';

/**
 * Every lever's current state on the platform, read now: the platform levers, each brand's
 * two flags, each provider's ingress. Reads run in parallel; one that fails is shown as
 * unknown with its reason, never as a guess. A brand list that could not be read is carried
 * as such (`brandsError`), and the platform and provider rows are read all the same.
 */
export async function readLeverStates(
  client: PlatformClient,
  brandRead: BrandRead,
  providers: string[],
  clock: () => Date,
  timeoutMs: number,
): Promise<LeverStateSnapshot> {
  const brands = brandRead.ok ? brandRead.brands : [];
  const [admin, gateway] = await Promise.all(
    (['admin', 'gateway'] as const).map((service) => client.send({ service, method: 'GET', path: '/health', auth: false, timeoutMs: Math.min(timeoutMs, 3000) })),
  );
  const reachable = { admin: admin!.kind === 'answer' && admin!.status === 200, gateway: gateway!.kind === 'answer' && gateway!.status === 200 };
  const jobs: { lever: (typeof LEVERS)[number]; target: string }[] = [];
  for (const lever of LEVERS) {
    if (lever.scope === 'platform') jobs.push({ lever, target: 'platform' });
    else if (lever.scope === 'brand') for (const b of brands) jobs.push({ lever, target: b.brandId });
    else for (const p of providers) jobs.push({ lever, target: p });
  }
  const targets: LeverTargetState[] = await Promise.all(
    jobs.map(async ({ lever, target }) => {
      const up = lever.read.service === 'admin' ? reachable.admin : reachable.gateway;
      const base = { lever: lever.id, target, targetLabel: targetLabel(lever, target, brands) };
      if (!up) return { ...base, engaged: null, detail: 'unknown', readAt: null, error: `${lever.read.service} unreachable` };
      const r = await readLever(client, leverById(lever.id), target, timeoutMs);
      return r.ok
        ? { ...base, engaged: r.engaged, detail: r.engaged ? lever.engagedLabel : lever.releasedLabel, readAt: clock().toISOString(), error: null }
        : { ...base, engaged: null, detail: 'unknown', readAt: null, error: r.problem };
    }),
  );
  return { at: clock().toISOString(), reachable, targets, brands, brandsError: brandRead.ok ? null : brandRead.failure, providers };
}

/** Kept here for the composition root, which imports it from this module. */
export { fetchBrands } from './brand-list.ts';
