import { z } from 'zod';

/** What the UI may know of the active environment. The token never crosses the boundary. */
export const ActiveEnvironment = z.object({
  name: z.string(),
  kind: z.enum(['none', 'demo', 'platform']),
  production: z.boolean(),
  adminUrl: z.string().nullable(),
  gatewayUrl: z.string().nullable(),
  metricsUrl: z.string().nullable(),
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
});
export type AppInfo = z.infer<typeof AppInfo>;
