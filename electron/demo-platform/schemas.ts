// Request bodies of the platform contract, validated once here: a bad body is a 400 with the
// first problem named, never a half-applied write.
import { z } from 'zod';
import { BRAND_IDS, HEALTH_COMPONENTS, HEALTH_STATUSES, PROVIDERS, RAILS } from './catalog.ts';

export const MaintenanceBody = z.strictObject({
  is_active: z.boolean(),
  // The reverse lever sends only {"is_active": false}; an absent message means "no message".
  message: z.string().max(2000).optional(),
});

export const GlobalVarBody = z.strictObject({ value: z.string().max(1000) });

export const PaymentPolicy = z.strictObject({ deposit_enabled: z.boolean(), withdraw_enabled: z.boolean() });
export type PaymentPolicy = z.infer<typeof PaymentPolicy>;

export const FeaturePolicy = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'feature flag names are lowercase snake_case'),
  z.union([z.boolean(), z.number(), z.string().max(200)]),
);

export const BRAND_CONFIG_SCHEMAS = { payment_policy: PaymentPolicy, feature_policy: FeaturePolicy } as const;
export type BrandConfigKey = keyof typeof BRAND_CONFIG_SCHEMAS;
export const BRAND_CONFIG_KEYS = Object.keys(BRAND_CONFIG_SCHEMAS) as BrandConfigKey[];
export const isBrandConfigKey = (k: string): k is BrandConfigKey => Object.hasOwn(BRAND_CONFIG_SCHEMAS, k);

export const BrandConfigBody = z.strictObject({ value: z.record(z.string(), z.unknown()) });

const ClientId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'id must be 1-100 letters, digits, ".", "_", ":" or "-"');

// Incidents and events are the client's records: a few fields are required, the rest is kept
// as sent so the console can carry fields the contract does not name.
export const IncidentBody = z.looseObject({
  id: ClientId.optional(),
  title: z.string().trim().min(1, 'title is empty').max(300),
  severity: z.string().trim().min(1, 'severity is empty').max(20),
  status: z.string().trim().min(1).max(40).optional(),
});

export const IncidentEventBody = z.looseObject({
  id: ClientId.optional(),
  type: z.string().trim().min(1, 'type is empty').max(100),
  message: z.string().max(10_000).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

export const IngressBody = z.strictObject({ blocked: z.boolean(), reason: z.string().max(500).optional() });

export const WalletBody = z.strictObject({
  brand_id: z.string().min(1).max(100),
  player_id: z.string().min(1).max(100),
  amount: z.number().positive().max(10_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency is a three-letter ISO code'),
  method: z.string().min(1).max(40),
});

// ---- demo-only control ----

const Rate = z.number().min(0).max(1);
const RailOverride = z.strictObject({
  p50_ms: z.number().positive().max(60_000).optional(),
  p99_ms: z.number().positive().max(60_000).optional(),
  approval_rate: Rate.optional(),
  error_rate: Rate.optional(),
  rps: z.number().positive().max(1000).optional(),
  brands: z.array(z.enum(BRAND_IDS as [string, ...string[]])).min(1).optional(),
});
export type RailOverride = z.infer<typeof RailOverride>;

export const ScenarioBody = z.strictObject({
  reset: z.boolean().optional(),
  rails: z.partialRecord(z.enum(RAILS), RailOverride).optional(),
  webhook_backlog: z.partialRecord(z.enum(PROVIDERS), z.number().int().min(0).max(10_000_000)).optional(),
  components: z.partialRecord(z.enum(HEALTH_COMPONENTS), z.enum(HEALTH_STATUSES)).optional(),
});
export type ScenarioBody = z.infer<typeof ScenarioBody>;

export const FAULT_MODES = ['error500', 'hang', 'slow', 'malformed', 'apply_then_hang', 'apply_then_500', 'apply_then_drop'] as const;
export const Fault = z
  .strictObject({
    service: z.enum(['admin', 'gateway']),
    method: z.enum(['GET', 'PUT', 'POST']).optional(),
    path: z.string().regex(/^[/*]/, 'path is a glob starting with "/" or "*"').max(500),
    mode: z.enum(FAULT_MODES),
    delay_ms: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().min(1).optional(),
  })
  .refine((f) => f.mode !== 'slow' || f.delay_ms !== undefined, { message: 'a slow fault needs delay_ms', path: ['delay_ms'] });
export type Fault = z.infer<typeof Fault>;

export const FaultsBody = z.strictObject({ faults: z.array(Fault).max(100) });

export const RunbookPublishBody = z.strictObject({ markdown: z.string().min(1).max(500_000) });

/** The first problem, phrased for a 400 body. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid body';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'body';
  return `${where}: ${issue.message}`;
}
