import { z } from 'zod';
import { LeverOutcome } from './audit.ts';

export const PlatformRole = z.enum(['viewer', 'operator', 'super_admin']);
export type PlatformRole = z.infer<typeof PlatformRole>;
export const ROLE_RANK: Record<PlatformRole, number> = { viewer: 0, operator: 1, super_admin: 2 };

export const LeverId = z.enum(['platform-freeze', 'halt-deposits', 'brand-deposits-off', 'brand-withdrawals-off', 'provider-ingress-block']);
export type LeverId = z.infer<typeof LeverId>;
export type LeverScope = 'platform' | 'brand' | 'provider';
export type LeverAction = 'engage' | 'release';

/**
 * A lever is data: where its state is read, which field says it is pulled, what the write
 * sends, and how a probe proves the effect. The engine in electron/core/levers interprets it.
 * Paths may hold {brand} and {provider}; write bodies may hold the tokens '<engaged>',
 * '<message>' and '<config-with-flag>'.
 */
export interface LeverDefinition {
  id: LeverId;
  title: string;
  summary: string;
  scope: LeverScope;
  requiredRole: PlatformRole;
  engagedLabel: string;
  releasedLabel: string;
  read: { service: 'admin' | 'gateway'; path: string };
  /** Dot path into the read answer; the lever is pulled when it equals `engagedValue`. */
  field: string;
  engagedValue: unknown;
  releasedValue: unknown;
  write: { service: 'admin' | 'gateway'; path: string; body: Record<string, unknown>; ifMatch: boolean };
  probe: 'deposit' | 'withdraw' | 'callback';
  runbookSection: string;
  sqlFallback: { engage: string; release: string } | null;
}

export const LEVERS: readonly LeverDefinition[] = [
  {
    id: 'platform-freeze',
    title: 'Platform maintenance freeze',
    summary: 'Puts the whole platform in maintenance: every brand stops deposits, withdrawals and play.',
    scope: 'platform',
    requiredRole: 'super_admin',
    engagedLabel: 'MAINTENANCE ON',
    releasedLabel: 'live',
    read: { service: 'admin', path: '/api/v1/maintenance' },
    field: 'is_active',
    engagedValue: true,
    releasedValue: false,
    write: { service: 'admin', path: '/api/v1/maintenance', body: { is_active: '<engaged>', message: '<message>' }, ifMatch: false },
    probe: 'deposit',
    runbookSection: 'Lever 3a — platform-freeze',
    sqlFallback: {
      engage: "UPDATE maintenance SET is_active = true, message = 'Payments paused for maintenance',\n       updated_at = NOW(), updated_by = 'sql-fallback' RETURNING is_active, updated_at;",
      release: "UPDATE maintenance SET is_active = false, message = '',\n       updated_at = NOW(), updated_by = 'sql-fallback' RETURNING is_active, updated_at;",
    },
  },
  {
    id: 'halt-deposits',
    title: 'Halt deposits (all brands)',
    summary: 'Sets DEPOSIT_MAINTENANCE_STATUS to "1": every deposit is refused with "Finance maintenance". Withdrawals continue.',
    scope: 'platform',
    requiredRole: 'operator',
    engagedLabel: 'DEPOSITS HALTED',
    releasedLabel: 'deposits live',
    read: { service: 'admin', path: '/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS' },
    field: 'value',
    engagedValue: '1',
    releasedValue: '0',
    write: { service: 'admin', path: '/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS', body: { value: '<engaged>' }, ifMatch: false },
    probe: 'deposit',
    runbookSection: 'Lever 3b — halt-deposits',
    sqlFallback: {
      engage: "UPDATE global_var SET value='1', updated_at=NOW() WHERE code='DEPOSIT_MAINTENANCE_STATUS';",
      release: "UPDATE global_var SET value='0', updated_at=NOW() WHERE code='DEPOSIT_MAINTENANCE_STATUS';",
    },
  },
  {
    id: 'brand-deposits-off',
    title: 'Disable deposits for one brand',
    summary: "Sets the brand's payment_policy.deposit_enabled to false: that brand's deposits are refused, other brands stay live.",
    scope: 'brand',
    requiredRole: 'operator',
    engagedLabel: 'DEPOSITS OFF',
    releasedLabel: 'deposits on',
    read: { service: 'admin', path: '/api/v1/brands/{brand}/config/payment_policy' },
    field: 'value.deposit_enabled',
    engagedValue: false,
    releasedValue: true,
    write: { service: 'admin', path: '/api/v1/brands/{brand}/config/payment_policy', body: { value: '<config-with-flag>' }, ifMatch: true },
    probe: 'deposit',
    runbookSection: 'Lever 3c — brand-deposits-off / brand-withdrawals-off',
    sqlFallback: {
      engage: "BEGIN;\nUPDATE brand_config SET value = jsonb_set(value, '{deposit_enabled}', 'false'::jsonb)\n WHERE brand_id = '{brand}' AND key = 'payment_policy' RETURNING brand_id, value;\n-- exactly one row returned? type COMMIT; otherwise ROLLBACK;",
      release: "BEGIN;\nUPDATE brand_config SET value = jsonb_set(value, '{deposit_enabled}', 'true'::jsonb)\n WHERE brand_id = '{brand}' AND key = 'payment_policy' RETURNING brand_id, value;\n-- exactly one row returned? type COMMIT; otherwise ROLLBACK;",
    },
  },
  {
    id: 'brand-withdrawals-off',
    title: 'Disable withdrawals for one brand',
    summary: "Sets the brand's payment_policy.withdraw_enabled to false: that brand's withdrawals are refused, other brands stay live.",
    scope: 'brand',
    requiredRole: 'operator',
    engagedLabel: 'WITHDRAWALS OFF',
    releasedLabel: 'withdrawals on',
    read: { service: 'admin', path: '/api/v1/brands/{brand}/config/payment_policy' },
    field: 'value.withdraw_enabled',
    engagedValue: false,
    releasedValue: true,
    write: { service: 'admin', path: '/api/v1/brands/{brand}/config/payment_policy', body: { value: '<config-with-flag>' }, ifMatch: true },
    probe: 'withdraw',
    runbookSection: 'Lever 3c — brand-deposits-off / brand-withdrawals-off',
    sqlFallback: {
      engage: "BEGIN;\nUPDATE brand_config SET value = jsonb_set(value, '{withdraw_enabled}', 'false'::jsonb)\n WHERE brand_id = '{brand}' AND key = 'payment_policy' RETURNING brand_id, value;\n-- exactly one row returned? type COMMIT; otherwise ROLLBACK;",
      release: "BEGIN;\nUPDATE brand_config SET value = jsonb_set(value, '{withdraw_enabled}', 'true'::jsonb)\n WHERE brand_id = '{brand}' AND key = 'payment_policy' RETURNING brand_id, value;\n-- exactly one row returned? type COMMIT; otherwise ROLLBACK;",
    },
  },
  {
    id: 'provider-ingress-block',
    title: "Block a provider's ingress",
    summary: "The gateway refuses the provider's callbacks with 503: payments through it stall until released.",
    scope: 'provider',
    requiredRole: 'operator',
    engagedLabel: 'BLOCKED',
    releasedLabel: 'open',
    read: { service: 'gateway', path: '/api/v1/provider-ingress/{provider}' },
    field: 'blocked',
    engagedValue: true,
    releasedValue: false,
    write: { service: 'gateway', path: '/api/v1/provider-ingress/{provider}', body: { blocked: '<engaged>', reason: '<message>' }, ifMatch: false },
    probe: 'callback',
    runbookSection: 'Lever 3d — provider-ingress-block',
    // The gateway's block lives in its own config, not in the platform database.
    sqlFallback: null,
  },
];

export function leverById(id: LeverId): LeverDefinition {
  return LEVERS.find((l) => l.id === id)!;
}

export function fillTarget(template: string, target: string): string {
  return template.replaceAll('{brand}', target).replaceAll('{provider}', target);
}

// ---- what crosses the ConsoleApi ----

/** A state read earlier: what it said and when it was read. Never a claim about now. */
export const LastKnownState = z.object({ engaged: z.boolean(), detail: z.string(), readAt: z.string() });
export type LastKnownState = z.infer<typeof LastKnownState>;

export const LeverTargetState = z.object({
  lever: LeverId,
  target: z.string(), // 'platform', a brand id, or a provider
  targetLabel: z.string(),
  engaged: z.boolean().nullable(), // null: could not be read
  detail: z.string(),
  readAt: z.string().nullable(),
  error: z.string().nullable(),
  /** When this read failed: the last state read for this target, with its read time (absent from an older core). */
  lastKnown: LastKnownState.nullable().optional(),
});
export type LeverTargetState = z.infer<typeof LeverTargetState>;

/**
 * Why the platform's brand list could not be read: what failed ("brand list: HTTP 401 — the
 * token was refused", "brand list: timeout after 5 s"), since when it has failed without a
 * success in between, and when it failed last. Never an empty list in disguise.
 */
export const BrandListFailure = z.object({
  problem: z.string(),
  since: z.string(),
  at: z.string(),
});
export type BrandListFailure = z.infer<typeof BrandListFailure>;

/**
 * What the state reads say of one platform service. `reachable` only knows /health; a service
 * whose /health answers while its API answers 500 or nothing is `failing`, and says how.
 */
export const ServiceStatus = z.object({
  /** ok: /health and every state read answered; failing: /health answers, reads fail; unreachable: /health does not answer. */
  state: z.enum(['ok', 'failing', 'unreachable']),
  /** What failed, in words: "HTTP 500: injected fault on 10 of 10 reads", "/health: no answer within 3000 ms". */
  problem: z.string().nullable(),
  /** The first failed read with no good one since; null when ok. */
  since: z.string().nullable(),
  /** The last read in which this service answered everything; null when never (since the console started). */
  lastOkAt: z.string().nullable(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

const BrandEntry = z.object({ brandId: z.string(), name: z.string(), region: z.string() });

export const LeverStateSnapshot = z.object({
  at: z.string(),
  reachable: z.object({ admin: z.boolean(), gateway: z.boolean() }),
  targets: z.array(LeverTargetState),
  brands: z.array(BrandEntry),
  /** Set when the brand list could not be read: `brands` is then empty because it is unknown. */
  brandsError: BrandListFailure.nullable(),
  providers: z.array(z.string()),
  /** Each service as the reads found it, with since when it fails (absent from an older core). */
  services: z.object({ admin: ServiceStatus, gateway: ServiceStatus }).optional(),
  /**
   * While the brand list cannot be read: the last list read, and when. Its brands' rows are in
   * `targets`, unread (engaged null) with their `lastKnown` state. Absent from an older core.
   */
  lastKnownBrands: z.object({ brands: z.array(BrandEntry), readAt: z.string() }).nullable().optional(),
});
export type LeverStateSnapshot = z.infer<typeof LeverStateSnapshot>;

export const LeverCatalogEntry = z.object({
  id: LeverId,
  title: z.string(),
  summary: z.string(),
  scope: z.enum(['platform', 'brand', 'provider']),
  requiredRole: PlatformRole,
  engagedLabel: z.string(),
  releasedLabel: z.string(),
  runbookSection: z.string(),
  hasSqlFallback: z.boolean(),
  /** The runbook's SQL for when the admin service is down, `{brand}` left in (absent from an older core). Shown, never run. */
  sqlFallback: z.object({ engage: z.string(), release: z.string() }).nullable().optional(),
});

export const PlanArgs = z.object({
  lever: LeverId,
  target: z.string().min(1).max(100).default('platform'),
  action: z.enum(['engage', 'release']),
});

export const LeverPlan = z.object({
  planId: z.string().nullable(), // null when refused
  lever: LeverId,
  title: z.string(),
  target: z.string(),
  targetLabel: z.string(),
  action: z.enum(['engage', 'release']),
  environment: z.string(),
  production: z.boolean(),
  before: z.string(),
  after: z.string(),
  blastRadius: z.array(z.string()),
  requiresTypedEnvironment: z.boolean(),
  freeze: z.object({ active: z.boolean(), window: z.string() }),
  requiredRole: PlatformRole,
  profileRole: PlatformRole,
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
  sqlFallback: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type LeverPlan = z.infer<typeof LeverPlan>;

export const ExecuteArgs = z.object({
  planId: z.string().min(1).max(100),
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  incidentId: z.string().trim().max(100).optional(),
  typedEnvironment: z.string().max(200).optional(),
  approvedBy: z.string().trim().max(100).optional(),
});

export const ExecutionStatus = z.enum(['in_flight', 'verified', 'failed', 'unknown']);
export const LeverExecution = z.object({
  id: z.string(),
  lever: LeverId,
  action: z.enum(['engage', 'release']),
  target: z.string(),
  environment: z.string(),
  reason: z.string(),
  incidentId: z.string().nullable(),
  approvedBy: z.string().nullable(),
  recoveryOf: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: ExecutionStatus,
  detail: z.string().nullable(),
  /** The write was refused with 412: the state moved; plan again. */
  conflict: z.boolean(),
  probe: z.string().nullable(),
  /** Who pulled it (the OS user on its intent audit record); null when that record is missing. */
  actor: z.string().nullable(),
  /**
   * An engage the platform was later found released without a release of this console that
   * verified it (someone else released it): read from the platform at `at`, recorded on the
   * audit log, and no longer offered for recovery.
   */
  foundReleased: z.object({ at: z.string(), detail: z.string() }).nullable(),
});
export type LeverExecution = z.infer<typeof LeverExecution>;

export const RecoveryArgs = z.object({
  reason: z.string().trim().min(3).max(500),
  incidentId: z.string().trim().max(100).optional(),
  typedEnvironment: z.string().max(200).optional(),
  approvedBy: z.string().trim().max(100).optional(),
});

export const RecoveryStep = z.object({ engagedBy: LeverExecution, lever: LeverId, target: z.string(), title: z.string() });
export const RecoveryPlan = z.object({
  steps: z.array(RecoveryStep),
  requiresTypedEnvironment: z.boolean(),
  freeze: z.object({ active: z.boolean(), window: z.string() }),
  environment: z.string(),
  production: z.boolean(),
});
export { LeverOutcome };
