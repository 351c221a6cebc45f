// Lever answers as the core gives them, for the Levers page's component tests: a platform read
// in full, and the same platform with its admin service failing after that read.
import { vi } from 'vitest';
import { LEVERS, type LeverId, type LeverPlan, type LeverStateSnapshot, type LeverTargetState, type ServiceStatus } from '../../shared/levers.ts';
import { ok } from '../../shared/result.ts';

/** The platform's own order (not the dashboard's), with display names. */
export const BRANDS = [
  { brandId: 'royalspin', name: 'Royal Spin', region: 'IN-West' },
  { brandId: 'lucky7', name: 'Lucky 7', region: 'IN-South' },
  { brandId: 'cricketking', name: 'Cricket King', region: 'IN-North' },
  { brandId: 'teenpatti', name: 'Teen Patti Club', region: 'IN-East' },
];
/** The dashboard's brand columns: ids sorted. */
export const DASHBOARD_ORDER = ['Cricket King', 'Lucky 7', 'Royal Spin', 'Teen Patti Club'];
export const PROVIDERS = ['razorpay', 'payu'];

export const catalog = (withSql = true) =>
  LEVERS.map((l) => ({
    id: l.id,
    title: l.title,
    summary: l.summary,
    scope: l.scope,
    requiredRole: l.requiredRole,
    engagedLabel: l.engagedLabel,
    releasedLabel: l.releasedLabel,
    runbookSection: l.runbookSection,
    hasSqlFallback: l.sqlFallback !== null,
    ...(withSql ? { sqlFallback: l.sqlFallback } : {}),
  }));

const def = (id: LeverId) => LEVERS.find((l) => l.id === id)!;
const label = (id: LeverId, target: string) => {
  const d = def(id);
  if (d.scope === 'platform') return 'all brands';
  if (d.scope === 'provider') return `provider ${target}`;
  const b = BRANDS.find((x) => x.brandId === target)!;
  return `${b.name} (${b.brandId})`;
};

function jobs(brands = BRANDS): { lever: LeverId; target: string }[] {
  const out: { lever: LeverId; target: string }[] = [];
  for (const l of LEVERS) {
    if (l.scope === 'platform') out.push({ lever: l.id, target: 'platform' });
    else if (l.scope === 'brand') for (const b of brands) out.push({ lever: l.id, target: b.brandId });
    else for (const p of PROVIDERS) out.push({ lever: l.id, target: p });
  }
  return out;
}

const OK: ServiceStatus = { state: 'ok', problem: null, since: null, lastOkAt: null };

/** Everything read at `at`; `pulled` lists "lever:target" keys that read engaged. */
export function goodRead(at: string, pulled: string[] = []): LeverStateSnapshot {
  const targets: LeverTargetState[] = jobs().map(({ lever, target }) => {
    const engaged = pulled.includes(`${lever}:${target}`);
    const d = def(lever);
    return { lever, target, targetLabel: label(lever, target), engaged, detail: engaged ? d.engagedLabel : d.releasedLabel, readAt: at, error: null, lastKnown: null };
  });
  return {
    at,
    reachable: { admin: true, gateway: true },
    targets,
    brands: BRANDS,
    brandsError: null,
    providers: PROVIDERS,
    services: { admin: { ...OK, lastOkAt: at }, gateway: { ...OK, lastOkAt: at } },
    lastKnownBrands: null,
  };
}

/**
 * The admin API answering 500 (its /health still 200) at `at`, failing since `since`, after the
 * good read `before`. `carried`: whether the core carried its last known rows and brand list
 * (false: a core that restarted, or from before these fields; the renderer must remember).
 */
export function adminFailing(at: string, since: string, before: LeverStateSnapshot, carried = true, problem = 'HTTP 500: injected fault'): LeverStateSnapshot {
  const last = (lever: LeverId, target: string) => {
    const t = before.targets.find((x) => x.lever === lever && x.target === target);
    return carried && t && t.engaged !== null && t.readAt ? { engaged: t.engaged, detail: t.detail, readAt: t.readAt } : null;
  };
  const targets: LeverTargetState[] = jobs(carried ? BRANDS : []).map(({ lever, target }) => {
    const d = def(lever);
    if (d.read.service === 'gateway') return { lever, target, targetLabel: label(lever, target), engaged: false, detail: d.releasedLabel, readAt: at, error: null, lastKnown: null };
    const error = d.scope === 'brand' ? `brand list: ${problem}` : problem;
    return { lever, target, targetLabel: label(lever, target), engaged: null, detail: 'unknown', readAt: null, error, lastKnown: last(lever, target) };
  });
  return {
    at,
    reachable: { admin: true, gateway: true },
    targets,
    brands: [],
    brandsError: { problem: `brand list: ${problem}`, since, at },
    providers: PROVIDERS,
    services: {
      admin: { state: 'failing', problem: `${problem} on 3 of 3 reads`, since, lastOkAt: before.at },
      gateway: { ...OK, lastOkAt: at },
    },
    lastKnownBrands: carried ? { brands: BRANDS, readAt: before.at } : null,
  };
}

export function plan(over: Partial<LeverPlan> = {}): LeverPlan {
  return {
    planId: 'p1',
    lever: 'brand-deposits-off',
    title: 'Disable deposits for one brand',
    target: 'lucky7',
    targetLabel: 'Lucky 7 (lucky7)',
    action: 'engage',
    environment: 'demo',
    production: false,
    before: 'deposits on',
    after: 'DEPOSITS OFF',
    blastRadius: ['Deposits stop for Lucky 7 (lucky7) only.'],
    requiresTypedEnvironment: false,
    freeze: { active: false, window: '' },
    requiredRole: 'operator',
    profileRole: 'operator',
    refusal: null,
    sqlFallback: null,
    expiresAt: '2026-03-11T03:19:00.000Z',
    ...over,
  };
}

/** The api module's methods, answered by the test; the core is not running in a component test. */
export const api = {
  'levers.catalog': vi.fn(),
  'levers.state': vi.fn(),
  'levers.executions': vi.fn(),
  'levers.recoveryPlan': vi.fn(),
  'levers.plan': vi.fn(),
  'levers.execute': vi.fn(),
  'levers.reverify': vi.fn(),
  'levers.recover': vi.fn(),
  on: vi.fn(() => () => {}),
};

export function answerDefaults() {
  api['levers.catalog'].mockResolvedValue(ok(catalog()));
  api['levers.executions'].mockResolvedValue(ok([]));
  api['levers.recoveryPlan'].mockResolvedValue(ok({ steps: [], requiresTypedEnvironment: false, freeze: { active: false, window: '' }, environment: 'demo', production: false }));
}
