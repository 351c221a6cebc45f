// Profiles do what the Settings form says: saving merges the form's fields over the stored
// profile, a Prometheus URL selects Prometheus (and the source control goes back), the active
// profile reopens at once with what was saved, switching and restarting keep the choice, and
// nothing is saved while a lever executes. Driven through the contract's one door (dispatch),
// over a real profiles folder and real SQLite databases.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ValueOf } from '../../shared/api.ts';
import type { ProfileConfig } from '../../shared/environment.ts';
import type { Result } from '../../shared/result.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { ProfileHost } from '../../electron/core/profile-host.ts';
import { MemoryTokenStore, type TokenStore } from '../../electron/core/profiles/token-store.ts';
import { PATHS, manualClock } from '../helpers/console.ts';
import { DEMO_TOKENS } from '../../electron/demo-platform/index.ts';
import { DemoControl, SHORT_TIMEOUTS, WEEKDAY, freePort, leverCase, startDemo } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor } from '../helpers/wait.ts';

const scratch = useScratch();
const CTX = { transport: 'ipc', role: 'operator' } as const;

async function call<M extends MethodName>(host: ProfileHost, name: M, args: ArgsOf<M> = {} as ArgsOf<M>): Promise<Result<ValueOf<M>>> {
  return (await dispatch(host.handlers, name, args, CTX)) as Result<ValueOf<M>>;
}

async function must<M extends MethodName>(host: ProfileHost, name: M, args: ArgsOf<M> = {} as ArgsOf<M>): Promise<ValueOf<M>> {
  const r = await call(host, name, args);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A loopback URL where nothing listens. */
async function downUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

async function openHost(root: string, tokens: TokenStore = new MemoryTokenStore()): Promise<ProfileHost> {
  const demoAdmin = await downUrl();
  const demoGateway = await downUrl();
  const host = new ProfileHost({
    root,
    tokens,
    version: '0.0.0-test',
    migrationsDir: PATHS.migrationsDir,
    bundledRunbooksDir: PATHS.bundledRunbooksDir,
    clock: manualClock(WEEKDAY),
    leverTimeouts: SHORT_TIMEOUTS,
    startDemo: async () => ({ adminUrl: demoAdmin, gatewayUrl: demoGateway, token: 'demo-token-for-tests', stop: async () => {} }),
  });
  scratch.defer(() => host.close());
  await host.open();
  return host;
}

function storedProfiles(root: string): ProfileConfig[] {
  return (JSON.parse(readFileSync(join(root, 'profiles.json'), 'utf8')) as { profiles: ProfileConfig[] }).profiles;
}

function stored(root: string, name: string): ProfileConfig {
  const p = storedProfiles(root).find((x) => x.name === name);
  if (!p) throw new Error(`no stored profile ${name}`);
  return p;
}

/** What the Settings form sends when a person edits a profile: its fields, nothing else. */
function formEdit(p: { name: string; environmentName: string; adminUrl: string; gatewayUrl: string; metricsUrl?: string | null; metricsSource?: 'scrape' | 'prometheus' }) {
  return { metricsUrl: null, metricsSource: 'scrape' as const, role: 'operator' as const, production: false, ...p };
}

describe('saving a profile', () => {
  it('gives a new profile the defaults, and saving the form again changes only what the form holds', async () => {
    const root = scratch.tempDir('switchyard-profiles-');
    const host = await openHost(root);
    const admin = await downUrl();
    const gateway = await downUrl();
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway });
    const fresh = stored(root, 'prod');
    expect(fresh).toMatchObject({ kind: 'platform', role: 'operator', production: false, probePlayer: 'switchyard-probe', metrics: { kind: 'scrape', url: null } });
    expect(fresh.freeze).toEqual({ timezone: 'Asia/Kolkata', startDay: 5, endDay: 7, enabled: true });

    // Settings the form does not show, as a team sets them up (by hand or by an earlier version).
    const file = JSON.parse(readFileSync(join(root, 'profiles.json'), 'utf8')) as { profiles: Record<string, unknown>[] };
    const custom = {
      freeze: { timezone: 'Europe/London', startDay: 4, endDay: 5, enabled: true },
      providers: ['razorpay', 'payu'],
      probePlayer: 'probe-player-7',
      thresholds: { p99Ms: 350, errorRatio: 0.05, approvalDropPoints: 4, webhookBacklog: 90 },
      metrics: { kind: 'scrape', url: `${gateway}/custom-metrics`, refreshSeconds: 15, rateWindowSeconds: 120, queries: {} },
    };
    file.profiles = file.profiles.map((p) => (p.name === 'prod' ? { ...p, ...custom } : p));
    writeFileSync(join(root, 'profiles.json'), JSON.stringify(file));

    const list = await must(host, 'profiles.save', formEdit({ name: 'prod', environmentName: 'prod-india', adminUrl: admin, gatewayUrl: gateway }));
    const after = stored(root, 'prod');
    expect(after.environmentName).toBe('prod-india');
    expect(after).toMatchObject(custom);
    expect(list.profiles.find((p) => p.name === 'prod')).toMatchObject({ environmentName: 'prod-india', metricsSource: 'scrape' });
  });

  it('refuses what it cannot save, says why, and leaves profiles.json as it was', async () => {
    const root = scratch.tempDir('switchyard-profiles-');
    const host = await openHost(root);
    const admin = await downUrl();
    const gateway = await downUrl();
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway });
    const before = readFileSync(join(root, 'profiles.json'), 'utf8');
    const refusals: [ArgsOf<'profiles.save'>, RegExp][] = [
      [{ name: 'staging', kind: 'platform', adminUrl: admin, gatewayUrl: gateway }, /environment name/],
      [{ name: 'staging', kind: 'platform', environmentName: 'staging', adminUrl: admin }, /admin URL and a gateway URL/],
      [{ name: 'prod', gatewayUrl: null }, /admin URL and a gateway URL/],
      [{ name: 'prod', metricsSource: 'prometheus' }, /Prometheus metrics source needs a Prometheus URL/],
      [{ name: 'demo', production: true }, /demo profile cannot be production/],
      [{ name: 'prod', adminUrl: 'ftp://admin.example' }, /http\(s\) URL/],
      [{ name: 'prod', adminUrl: 'https://user:pw@admin.example' }, /without credentials/],
      [{ name: 'Prod!', kind: 'platform', environmentName: 'x' }, /lowercase letters/],
      [{ name: 'prod', metrics: { kind: 'prometheus' } } as unknown as ArgsOf<'profiles.save'>, /Unrecognized key/],
    ];
    for (const [args, why] of refusals) {
      const r = await call(host, 'profiles.save', args);
      expect(r.ok, JSON.stringify(args)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid');
        expect(r.error.message).toMatch(why);
      }
    }
    expect(readFileSync(join(root, 'profiles.json'), 'utf8')).toBe(before);
  });

  it('lets a Prometheus URL select Prometheus for the dashboards, and the source control go back to the scrape', async () => {
    const root = scratch.tempDir('switchyard-profiles-');
    const host = await openHost(root);
    const admin = await downUrl();
    const gateway = await downUrl();
    const prom = await downUrl();
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway, metricsUrl: prom });
    expect(stored(root, 'prod').metrics).toMatchObject({ kind: 'prometheus', url: prom });

    // The form's control: back to the gateway's /metrics; the Prometheus URL stays recorded.
    let list = await must(host, 'profiles.save', formEdit({ name: 'prod', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway, metricsUrl: prom, metricsSource: 'scrape' }));
    expect(stored(root, 'prod').metrics).toMatchObject({ kind: 'scrape', url: null });
    expect(stored(root, 'prod').metricsUrl).toBe(prom);
    expect(list.profiles.find((p) => p.name === 'prod')).toMatchObject({ metricsSource: 'scrape', metricsUrl: prom });

    list = await must(host, 'profiles.save', formEdit({ name: 'prod', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway, metricsUrl: prom, metricsSource: 'prometheus' }));
    expect(stored(root, 'prod').metrics).toMatchObject({ kind: 'prometheus', url: prom });
    expect(list.profiles.find((p) => p.name === 'prod')?.metricsSource).toBe('prometheus');

    // Removing the URL cannot leave the dashboards querying nothing.
    await must(host, 'profiles.save', { name: 'prod', metricsUrl: null });
    expect(stored(root, 'prod').metrics).toMatchObject({ kind: 'scrape', url: null });
  });
});

describe('the active profile', () => {
  it('reopens at once with what was saved: environment, URLs and metrics source', async () => {
    const root = scratch.tempDir('switchyard-profiles-');
    const host = await openHost(root);
    const admin = await downUrl();
    const gateway = await downUrl();
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway });
    expect(await must(host, 'profiles.switch', { name: 'prod' })).toEqual({ switched: true });
    expect((await must(host, 'metrics.dashboard')).source.kind).toBe('scrape');

    const changed: string[] = [];
    host.events.subscribe((name, payload) => {
      if (name === 'app.changed') changed.push((payload as { profile: string }).profile);
    });
    const prom = await downUrl();
    const newAdmin = await downUrl();
    const list = await must(
      host,
      'profiles.save',
      { ...formEdit({ name: 'prod', environmentName: 'prod-india', adminUrl: newAdmin, gatewayUrl: gateway, metricsUrl: prom, metricsSource: 'prometheus' }), production: true },
    );
    expect(changed).toEqual(['prod']);
    expect(list.profiles.find((p) => p.name === 'prod')).toMatchObject({ active: true, environmentName: 'prod-india', adminUrl: newAdmin, production: true });
    const info = await must(host, 'app.info');
    expect(info.environment).toMatchObject({ name: 'prod-india', production: true, adminUrl: newAdmin, metricsUrl: prom });
    expect((await must(host, 'metrics.dashboard')).source).toMatchObject({ kind: 'prometheus', url: prom });

    // Saving what is already there does not reopen anything.
    await must(host, 'profiles.save', { name: 'prod', environmentName: 'prod-india' });
    expect(changed).toEqual(['prod']);
  });

  it('is remembered across a restart; switching to an unknown profile is refused', async () => {
    const root = scratch.tempDir('switchyard-profiles-');
    const first = await openHost(root);
    expect((await must(first, 'app.info')).environment.kind).toBe('demo');
    await must(first, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: await downUrl(), gatewayUrl: await downUrl() });
    expect(await must(first, 'profiles.switch', { name: 'prod' })).toEqual({ switched: true });
    expect(await must(first, 'profiles.switch', { name: 'prod' })).toEqual({ switched: false });
    const missing = await call(first, 'profiles.switch', { name: 'nowhere' });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'No profile named "nowhere"' } });
    await first.close();

    const again = await openHost(root);
    expect(again.activeProfile?.name).toBe('prod');
    expect((await must(again, 'app.info')).environment).toMatchObject({ name: 'prod-in', kind: 'platform' });
    expect((await must(again, 'profiles.list')).profiles.map((p) => [p.name, p.active])).toEqual([
      ['demo', false],
      ['prod', true],
    ]);
  });

  it('is not changed, nor switched away from, while a lever executes in it', async () => {
    const demo = await startDemo(scratch);
    const control = new DemoControl(demo);
    const root = scratch.tempDir('switchyard-profiles-');
    const host = await openHost(root);
    await must(host, 'profiles.save', { name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl });
    await must(host, 'profiles.setToken', { name: 'prod', token: DEMO_TOKENS.operator });
    await must(host, 'profiles.switch', { name: 'prod' });
    const c = leverCase('brand-deposits-off');
    const plan = await must(host, 'levers.plan', { lever: c.lever, target: c.target, action: 'engage' });
    expect(plan.refusal).toBeNull();
    await control.setFaults([{ service: c.service, method: 'PUT', path: c.path, mode: 'hang' }]);
    const executing = call(host, 'levers.execute', { planId: plan.planId!, reason: 'containing the incident' });
    await waitFor('the execution to be in flight', async () => (await must(host, 'levers.executions', { limit: 5 })).some((e) => e.status === 'in_flight'));

    const before = readFileSync(join(root, 'profiles.json'), 'utf8');
    const save = await call(host, 'profiles.save', { name: 'prod', environmentName: 'prod-renamed' });
    expect(save.ok).toBe(false);
    if (!save.ok) {
      expect(save.error.code).toBe('conflict');
      expect(save.error.message).toMatch(/lever is executing.*nothing was saved/);
    }
    expect(readFileSync(join(root, 'profiles.json'), 'utf8')).toBe(before);
    expect((await call(host, 'profiles.switch', { name: 'demo' })).ok).toBe(false);
    expect((await must(host, 'app.info')).environment.name).toBe('prod-in');

    const outcome = await executing;
    expect(outcome.ok).toBe(true);
    await control.clearFaults();
    await must(host, 'profiles.save', { name: 'prod', environmentName: 'prod-renamed' });
    expect((await must(host, 'app.info')).environment.name).toBe('prod-renamed');
  });
});
