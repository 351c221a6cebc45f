import { z } from 'zod';
import { FreezePolicy } from './freeze.ts';
import { PlatformRole } from './levers.ts';
import { AuditVerification } from './audit.ts';
import { MetricsSourceConfig, Thresholds } from './metrics.ts';

/** What the UI may know of the active environment. The token never crosses the boundary. */
export const ActiveEnvironment = z.object({
  name: z.string(),
  kind: z.enum(['none', 'demo', 'platform']),
  production: z.boolean(),
  adminUrl: z.string().nullable(),
  gatewayUrl: z.string().nullable(),
  metricsUrl: z.string().nullable(),
  /** The role this profile's token holds on the platform (declared; the platform has the last word). */
  role: PlatformRole.default('viewer'),
  /** Where the token comes from, never the token: "OS keychain", "SWITCHYARD_TOKEN", "demo", "none". */
  tokenSource: z.string().default('none'),
  hasToken: z.boolean().default(false),
});
export type ActiveEnvironment = z.infer<typeof ActiveEnvironment>;

/** The console's own role: `operator` may write; `wall` is read-only, enforced by the core's transports. */
export const ConsoleRole = z.enum(['operator', 'wall']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['ipc', 'http']),
  role: ConsoleRole,
  dataDir: z.string(),
  profile: z.string(),
  environment: ActiveEnvironment,
  startedAt: z.string(),
  storage: z.object({ schemaVersion: z.number().int(), path: z.string() }),
  /** The audit chain as verified at start (and after each verify). A break is shown, never hidden. */
  audit: AuditVerification,
  /** Settled at start: lever executions a crash left between intent and outcome. */
  interruptedLevers: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

const HttpUrl = z
  .string()
  .trim()
  .refine((u) => {
    try {
      const p = new URL(u);
      return (p.protocol === 'http:' || p.protocol === 'https:') && !p.username && !p.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials')
  .transform((u) => u.replace(/\/+$/, ''));

export const PROFILE_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;
export const DEMO_PROVIDERS = ['razorpay', 'payu', 'cashfree', 'paytm-pg', 'phonepe-pg', 'billdesk'];

const ProfileName = z.string().regex(PROFILE_NAME, 'lowercase letters, digits, ".", "_" or "-", at most 40');
const ProfileKind = z.enum(['demo', 'platform']);
const EnvironmentName = z.string().trim().min(1).max(60);
const Providers = z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/)).max(50);
const ProbePlayer = z.string().min(1).max(60);

/** A profile: one environment the console can act on. Its token is kept apart (OS keychain or env). */
export const ProfileConfig = z.object({
  name: ProfileName,
  kind: ProfileKind,
  environmentName: EnvironmentName,
  adminUrl: HttpUrl.nullable().default(null),
  gatewayUrl: HttpUrl.nullable().default(null),
  metricsUrl: HttpUrl.nullable().default(null),
  production: z.boolean().default(false),
  role: PlatformRole.default('operator'),
  freeze: FreezePolicy.default(FreezePolicy.parse({})),
  providers: Providers.default(DEMO_PROVIDERS),
  probePlayer: ProbePlayer.default('switchyard-probe'),
  /** Default: scrape the gateway's /metrics directly (no Prometheus needed). */
  metrics: MetricsSourceConfig.default(MetricsSourceConfig.parse({ kind: 'scrape' })),
  thresholds: Thresholds.default(Thresholds.parse({})),
});
export type ProfileConfig = z.infer<typeof ProfileConfig>;
export type ProfileInput = z.input<typeof ProfileConfig>;

/** Where a profile's dashboards read from: the gateway's /metrics directly, or the Prometheus at its metrics URL. */
export const MetricsSourceKind = z.enum(['scrape', 'prometheus']);
export type MetricsSourceKind = z.infer<typeof MetricsSourceKind>;

/**
 * What Settings sends to save a profile: its name and only the fields the form holds. No
 * defaults here on purpose: what is absent keeps its stored value (a new profile gets the
 * defaults of ProfileConfig), so saving the form never resets what the form does not show.
 */
export const ProfileEdit = z
  .object({
    name: ProfileName,
    kind: ProfileKind.optional(),
    environmentName: EnvironmentName.optional(),
    adminUrl: HttpUrl.nullable().optional(),
    gatewayUrl: HttpUrl.nullable().optional(),
    /** The Prometheus URL ($PROM). With no `metricsSource`, giving one selects Prometheus for the dashboards. */
    metricsUrl: HttpUrl.nullable().optional(),
    metricsSource: MetricsSourceKind.optional(),
    production: z.boolean().optional(),
    role: PlatformRole.optional(),
    freeze: FreezePolicy.optional(),
    providers: Providers.optional(),
    probePlayer: ProbePlayer.optional(),
    thresholds: Thresholds.optional(),
  })
  .strict();
export type ProfileEdit = z.infer<typeof ProfileEdit>;
export type ProfileEditInput = z.input<typeof ProfileEdit>;

export const ProfileSummary = z.object({
  name: z.string(),
  kind: z.enum(['demo', 'platform']),
  environmentName: z.string(),
  production: z.boolean(),
  active: z.boolean(),
  adminUrl: z.string().nullable(),
  gatewayUrl: z.string().nullable(),
  metricsUrl: z.string().nullable(),
  role: PlatformRole,
  metricsSource: MetricsSourceKind,
  /** A usable token is held for the profile's admin and gateway origins as they are now. */
  hasToken: z.boolean(),
  /** Where the token comes from ("OS keychain", "SWITCHYARD_TOKEN", "demo platform", "none"), never the token. */
  tokenSource: z.string(),
  /** Why a stored token is not used (given for other origins, unreadable, old format), and what to do; null when none. */
  tokenProblem: z.string().nullable(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

export const ProfileList = z.object({ profiles: z.array(ProfileSummary), tokenWritable: z.boolean(), tokenHelp: z.string() });
