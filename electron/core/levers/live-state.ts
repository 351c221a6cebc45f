import { leverById, LEVERS, type LastKnownState, type LeverStateSnapshot, type LeverTargetState, type ServiceStatus } from '../../../shared/levers.ts';
import { describeAnswer, type PlatformAnswer, type PlatformClient } from '../platform/client.ts';
import type { BrandRead } from './brand-list.ts';
import { readLever } from './reading.ts';
import { targetLabel } from './words.ts';

/**
 * Every lever's current state on the platform, read now: the platform levers, each brand's
 * two flags, each provider's ingress. Reads run in parallel; one that fails is shown as
 * unknown with its reason, never as a guess. A brand list that could not be read is carried
 * as such (`brandsError`), and the platform and provider rows are read all the same. Each
 * service is judged by its reads, not only its /health: an API answering 500 is `failing`.
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
  const services = {
    admin: serviceStatus('admin', admin!, targets, brandRead.ok ? null : brandRead.failure.problem, timeoutMs),
    gateway: serviceStatus('gateway', gateway!, targets, null, timeoutMs),
  };
  return { at: clock().toISOString(), reachable, targets, brands, brandsError: brandRead.ok ? null : brandRead.failure, providers, services };
}

type Service = 'admin' | 'gateway';

/** One read's verdict on a service; `since` and `lastOkAt` are the memory's to fill. */
function serviceStatus(service: Service, health: PlatformAnswer, targets: LeverTargetState[], brandListProblem: string | null, timeoutMs: number): ServiceStatus {
  const none = { since: null, lastOkAt: null };
  if (health.kind !== 'answer' || health.status !== 200) return { state: 'unreachable', problem: `/health: ${describeAnswer(health)}`, ...none };
  const reads = targets.filter((t) => leverById(t.lever).read.service === service);
  const problems = reads.filter((t) => t.engaged === null).map((t) => t.error ?? 'not read');
  // The brand list is one more admin read; its problem is worded "brand list: …".
  const total = reads.length + (service === 'admin' ? 1 : 0);
  if (brandListProblem !== null) problems.push(brandListProblem.replace(/^brand list: /, ''));
  if (problems.length === 0) return { state: 'ok', problem: null, ...none };
  // Each timed-out read says how long it waited; they are one problem.
  const timeout = `no answer within ${Number((timeoutMs / 1000).toFixed(1))} s`;
  const counts = new Map<string, number>();
  for (const p of problems.map((x) => (/^(no answer within \d+ ms|timeout after [\d.]+ s)$/.test(x) ? timeout : x))) counts.set(p, (counts.get(p) ?? 0) + 1);
  const [most] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return { state: 'failing', problem: `${most} on ${problems.length} of ${total} reads`, ...none };
}

/**
 * What earlier reads knew, carried into each new snapshot: the last state of every row that
 * cannot be read now (with when it was read), the last brand list while it cannot be read,
 * and since when each service fails. One per profile's handlers; it only ever adds what was read.
 */
export class LeverStateMemory {
  private readonly known = new Map<string, LastKnownState>();
  private brandList: { brands: LeverStateSnapshot['brands']; readAt: string } | null = null;
  private readonly failingSince: Record<Service, string | null> = { admin: null, gateway: null };
  private readonly lastOkAt: Record<Service, string | null> = { admin: null, gateway: null };

  remember(s: LeverStateSnapshot): LeverStateSnapshot {
    const key = (lever: string, target: string) => `${lever}:${target}`;
    const targets = s.targets.map((t): LeverTargetState => {
      if (t.engaged !== null && t.readAt !== null) {
        const prev = this.known.get(key(t.lever, t.target));
        // Two reads may finish out of order: the later read wins.
        if (!prev || prev.readAt <= t.readAt) this.known.set(key(t.lever, t.target), { engaged: t.engaged, detail: t.detail, readAt: t.readAt });
        return { ...t, lastKnown: null };
      }
      return { ...t, lastKnown: this.known.get(key(t.lever, t.target)) ?? null };
    });
    let lastKnownBrands: LeverStateSnapshot['lastKnownBrands'] = null;
    if (!s.brandsError) this.brandList = { brands: s.brands, readAt: s.at };
    else if (this.brandList) {
      // The brands of the last list stay on screen as rows whose state is not known now.
      const brands = this.brandList.brands;
      lastKnownBrands = { brands, readAt: this.brandList.readAt };
      for (const lever of LEVERS.filter((l) => l.scope === 'brand'))
        for (const b of brands)
          targets.push({
            lever: lever.id,
            target: b.brandId,
            targetLabel: targetLabel(lever, b.brandId, brands),
            engaged: null,
            detail: 'unknown',
            readAt: null,
            error: s.brandsError.problem,
            lastKnown: this.known.get(key(lever.id, b.brandId)) ?? null,
          });
    }
    const services = s.services ? { admin: this.track('admin', s.services.admin, s.at), gateway: this.track('gateway', s.services.gateway, s.at) } : undefined;
    return { ...s, targets, lastKnownBrands, services };
  }

  private track(service: Service, status: ServiceStatus, at: string): ServiceStatus {
    if (status.state === 'ok') {
      this.failingSince[service] = null;
      this.lastOkAt[service] = at;
    } else this.failingSince[service] ??= at;
    return { ...status, since: this.failingSince[service], lastOkAt: this.lastOkAt[service] };
  }
}

/** Kept here for the composition root, which imports it from this module. */
export { fetchBrands } from './brand-list.ts';
