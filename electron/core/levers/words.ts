import type { LeverDefinition } from '../../../shared/levers.ts';

export interface BrandInfo {
  brandId: string;
  name: string;
  region: string;
}

export function targetLabel(def: LeverDefinition, target: string, brands: BrandInfo[]): string {
  if (def.scope === 'platform') return 'all brands';
  if (def.scope === 'provider') return `provider ${target}`;
  const b = brands.find((x) => x.brandId === target);
  return b ? `${b.name} (${b.brandId})` : target;
}

/**
 * Who stops, in the words a confirmation dialog needs: which brands, which flows. When the
 * brand list could not be read (`brandsProblem`), it says so instead of counting nothing.
 */
export function blastRadius(def: LeverDefinition, target: string, engage: boolean, brands: BrandInfo[], brandsProblem: string | null = null): string[] {
  const all = brandsProblem
    ? `every brand (which ones is not known: ${brandsProblem})`
    : brands.length
      ? `${brands.length} brands: ${brands.map((b) => b.name).join(', ')}`
      : 'every brand (the platform lists none)';
  const others = brands.filter((b) => b.brandId !== target).length;
  if (!engage) {
    switch (def.id) {
      case 'platform-freeze':
        return [`Play, deposits and withdrawals resume on ${all}.`];
      case 'halt-deposits':
        return [`Deposits resume on ${all} (unless another lever holds them).`];
      case 'brand-deposits-off':
        return [`Deposits resume for ${targetLabel(def, target, brands)}.`];
      case 'brand-withdrawals-off':
        return [`Withdrawals resume for ${targetLabel(def, target, brands)}.`];
      case 'provider-ingress-block':
        return [`The gateway accepts callbacks from ${target} again; queued provider retries will arrive in a burst.`];
    }
  }
  switch (def.id) {
    case 'platform-freeze':
      return [`STOPS EVERYTHING on ${all}: deposits, withdrawals and play.`, 'Players see the maintenance message.'];
    case 'halt-deposits':
      return [`Deposits stop on ${all}: refused with "Finance maintenance".`, 'Withdrawals and play continue.'];
    case 'brand-deposits-off':
      return [`Deposits stop for ${targetLabel(def, target, brands)} only.`, `Withdrawals continue; ${others} other brand${others === 1 ? '' : 's'} unaffected.`];
    case 'brand-withdrawals-off':
      return [`Withdrawals stop for ${targetLabel(def, target, brands)} only.`, `Deposits continue; ${others} other brand${others === 1 ? '' : 's'} unaffected.`];
    case 'provider-ingress-block':
      return [`Callbacks from ${target} are refused with 503 at the gateway.`, `Payments through ${target} stall until released; other providers unaffected.`];
  }
}
