import type { AppInfo } from '../../../shared/environment.ts';

/** An AppInfo as the core would answer it, for the bench page and the screenshots. */
export function fixtureInfo(kind: 'demo' | 'production', role: 'operator' | 'wall' = 'operator'): AppInfo {
  const production = kind === 'production';
  return {
    version: 'bench',
    transport: 'http',
    role,
    dataDir: '/tmp/switchyard-bench',
    profile: production ? 'prod-in' : 'demo',
    environment: {
      name: production ? 'prod-in' : 'demo',
      kind: production ? 'platform' : 'demo',
      production,
      adminUrl: 'http://127.0.0.1:8081',
      gatewayUrl: 'http://127.0.0.1:8080',
      metricsUrl: null,
      role: 'operator',
      tokenSource: production ? 'OS keychain' : 'demo',
      hasToken: true,
    },
    startedAt: new Date().toISOString(),
    storage: { schemaVersion: 3, path: '/tmp/switchyard-bench/switchyard.db' },
    audit: { ok: true, checked: 0, firstBad: null, problem: null, at: new Date().toISOString() },
    interruptedLevers: 0,
  };
}
