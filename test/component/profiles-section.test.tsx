// @vitest-environment happy-dom
// Settings → Profiles, against a real ProfileHost (real profiles folder, real SQLite) behind the
// contract's one door: editing saves what the form says and keeps the rest, the Prometheus URL
// selects Prometheus with a control back to the scrape, and a token the profile no longer points
// at is shown as not used, with why.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProfileConfig } from '../../shared/environment.ts';
import type { CoreHandlers } from '../../electron/core/console-core.ts';
import { ProfileHost } from '../../electron/core/profile-host.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { PATHS, manualClock } from '../helpers/console.ts';
import { freePort } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';

const holder = vi.hoisted(() => ({ handlers: null as CoreHandlers | null }));
vi.mock('../../renderer/src/api.ts', async () => {
  const { methodNames } = await import('../../shared/api.ts');
  const { dispatch } = await import('../../electron/core/dispatch.ts');
  const api: Record<string, unknown> = Object.fromEntries(
    methodNames.map((name) => [
      name,
      (args?: unknown) => {
        if (!holder.handlers) throw new Error('no host');
        return dispatch(holder.handlers, name, args ?? {}, { transport: 'ipc', role: 'operator' });
      },
    ]),
  );
  api.on = () => () => {};
  return { api };
});

import { ProfilesSection } from '../../renderer/src/features/settings/ProfilesSection.tsx';
import { useProfiles } from '../../renderer/src/features/settings/store.ts';

const scratch = useScratch();
const initial = useProfiles.getState();
let root = '';
let host: ProfileHost;
let admin = '';
let gateway = '';

const down = async () => `http://127.0.0.1:${await freePort()}`;
const stored = (name: string): ProfileConfig => (JSON.parse(readFileSync(join(root, 'profiles.json'), 'utf8')) as { profiles: ProfileConfig[] }).profiles.find((p) => p.name === name)!;
const row = (name: string) => screen.getByRole('row', { name: `Profile ${name}` });
const form = () => screen.getByRole('form', { name: 'Add or edit a profile' });
const type = (label: string, value: string) => fireEvent.change(within(form()).getByLabelText(label), { target: { value } });

beforeEach(async () => {
  useProfiles.setState(initial, true);
  root = scratch.tempDir('switchyard-settings-');
  const [demoAdmin, demoGateway] = [await down(), await down()];
  host = new ProfileHost({
    root,
    tokens: new MemoryTokenStore(),
    version: '0.0.0-test',
    migrationsDir: PATHS.migrationsDir,
    bundledRunbooksDir: PATHS.bundledRunbooksDir,
    clock: manualClock(),
    startDemo: async () => ({ adminUrl: demoAdmin, gatewayUrl: demoGateway, token: 'demo-token-x', stop: async () => {} }),
  });
  scratch.defer(() => host.close());
  await host.open();
  holder.handlers = host.handlers;
  [admin, gateway] = [await down(), await down()];
  const r = await host.save({ name: 'prod', kind: 'platform', environmentName: 'prod-in', adminUrl: admin, gatewayUrl: gateway });
  if (!r.ok) throw new Error(r.error.message);
});

afterEach(() => {
  cleanup();
  holder.handlers = null;
});

describe('Settings → Profiles', () => {
  it('edits a profile: what the form holds changes, the rest stays; a Prometheus URL selects Prometheus, the control goes back', async () => {
    // Settings the form does not show.
    const file = JSON.parse(readFileSync(join(root, 'profiles.json'), 'utf8')) as { profiles: Record<string, unknown>[] };
    const freeze = { timezone: 'Europe/London', startDay: 4, endDay: 5, enabled: true };
    file.profiles = file.profiles.map((p) => (p.name === 'prod' ? { ...p, freeze, providers: ['payu'], probePlayer: 'probe-9' } : p));
    writeFileSync(join(root, 'profiles.json'), JSON.stringify(file));

    render(<ProfilesSection readOnly={false} />);
    fireEvent.click(await within(await screen.findByRole('row', { name: 'Profile prod' })).findByRole('button', { name: 'edit prod' }));
    expect(within(form()).getByRole('heading')).toHaveTextContent('Edit profile "prod"');
    expect(within(form()).getByLabelText('Environment name')).toHaveValue('prod-in');
    expect(within(form()).getByLabelText('Metrics source')).toHaveValue('scrape');

    const prom = await down();
    type('Environment name', 'prod-india');
    type('Prometheus URL', prom);
    expect(within(form()).getByLabelText('Metrics source')).toHaveValue('prometheus');
    fireEvent.click(within(form()).getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Profile "prod" saved; switch to it to use it.');
    expect(stored('prod')).toMatchObject({ environmentName: 'prod-india', metricsUrl: prom, metrics: { kind: 'prometheus', url: prom }, freeze, providers: ['payu'], probePlayer: 'probe-9' });
    expect(within(row('prod')).getByText(`Prometheus ${prom}`)).toBeInTheDocument();

    // Back to the gateway's /metrics with the control; the Prometheus URL stays.
    fireEvent.click(within(row('prod')).getByRole('button', { name: 'edit prod' }));
    expect(within(form()).getByLabelText('Metrics source')).toHaveValue('prometheus');
    fireEvent.change(within(form()).getByLabelText('Metrics source'), { target: { value: 'scrape' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(stored('prod').metrics.kind).toBe('scrape'));
    expect(stored('prod')).toMatchObject({ metricsUrl: prom, freeze, environmentName: 'prod-india' });
    expect(within(row('prod')).getByText('gateway /metrics')).toBeInTheDocument();
  });

  it('says a token is not used once the profile points elsewhere, and what to do', async () => {
    const set = host.setToken('prod', 'prod-token-1234');
    expect(set.ok).toBe(true);
    render(<ProfilesSection readOnly={false} />);
    expect(await within(await screen.findByRole('row', { name: 'Profile prod' })).findByText('✓ memory')).toBeInTheDocument();

    fireEvent.click(within(row('prod')).getByRole('button', { name: 'edit prod' }));
    const elsewhere = await down();
    type('Admin URL', elsewhere);
    fireEvent.click(within(form()).getByRole('button', { name: 'Save profile' }));
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(`Its token is not used: token was given for ${admin}, ${gateway}; the profile now points elsewhere: set it again.`);
    expect(within(row('prod')).getByText(/▲ not used: memory: token was given for/)).toBeInTheDocument();
    expect(stored('prod').adminUrl).toBe(elsewhere);
  });

  it('refuses a form it cannot save, says why, and keeps what was typed', async () => {
    render(<ProfilesSection readOnly={false} />);
    await screen.findByRole('row', { name: 'Profile prod' });
    type('Profile name', 'staging');
    type('Environment name', 'staging');
    type('Admin URL', 'https://admin.staging.example');
    fireEvent.click(within(form()).getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A platform profile needs an admin URL and a gateway URL');
    expect(within(form()).getByLabelText('Admin URL')).toHaveValue('https://admin.staging.example');
    expect(JSON.parse(readFileSync(join(root, 'profiles.json'), 'utf8')).profiles.map((p: { name: string }) => p.name)).toEqual(['demo', 'prod']);
  });
});
