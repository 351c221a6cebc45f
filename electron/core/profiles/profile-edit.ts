import { ProfileConfig, type ProfileEdit } from '../../../shared/environment.ts';
import { err, ok, type Result } from '../../../shared/result.ts';

/**
 * Saving from Settings changes what the form says and nothing else: the edit's fields over
 * the stored profile (freeze policy, providers, probe player, metrics knobs and thresholds
 * stay as they were); a new profile gets the defaults. The Prometheus URL and the metrics
 * source decide where the dashboards read from.
 */
export function applyProfileEdit(stored: ProfileConfig | null, edit: ProfileEdit): Result<ProfileConfig> {
  const { metricsSource, ...fields } = edit;
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ProfileConfig>;
  let next: ProfileConfig;
  if (stored) {
    next = { ...stored, ...given };
  } else {
    if (!given.environmentName) return err('invalid', `A new profile needs an environment name (the name shown on every screen and typed to confirm).`);
    const parsed = ProfileConfig.safeParse({ kind: 'platform', ...given });
    if (!parsed.success) return err('invalid', `Profile "${edit.name}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    next = parsed.data;
  }

  // No source named: a Prometheus URL given selects Prometheus, one removed goes back to scraping.
  const source = metricsSource ?? (edit.metricsUrl !== undefined ? (edit.metricsUrl ? 'prometheus' : 'scrape') : next.metrics.kind);
  if (source === 'prometheus') {
    if (!next.metricsUrl) return err('invalid', 'The Prometheus metrics source needs a Prometheus URL.');
    next = { ...next, metrics: { ...next.metrics, kind: 'prometheus', url: next.metricsUrl } };
  } else if (next.metrics.kind !== 'scrape') {
    // Back to the gateway's /metrics: the Prometheus URL stays recorded ($PROM), unused by the dashboards.
    next = { ...next, metrics: { ...next.metrics, kind: 'scrape', url: null } };
  }

  if (next.kind === 'demo' && next.production) return err('invalid', 'A demo profile cannot be production');
  if (next.kind === 'platform' && (!next.adminUrl || !next.gatewayUrl)) return err('invalid', 'A platform profile needs an admin URL and a gateway URL');
  const checked = ProfileConfig.safeParse(next);
  if (!checked.success) return err('invalid', `Profile "${edit.name}": ${checked.error.issues[0]?.message ?? 'invalid'}`);
  return ok(checked.data);
}
