// @vitest-environment happy-dom
// The top bar of every screen says how many levers are pulled, from the platform's own state,
// links to the Levers page, and never says "0 pulled" when it could not read the state.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActiveEnvironment, AppInfo } from '../../shared/environment.ts';
import type { LeverStateSnapshot, LeverTargetState } from '../../shared/levers.ts';
import { err, ok } from '../../shared/result.ts';
import { policyInfo } from './incident-fixtures.ts';

const { api, listeners } = vi.hoisted(() => {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    listeners,
    api: {
      'levers.state': vi.fn(),
      'incidents.open': vi.fn(),
      'incidents.policy': vi.fn(),
      on: vi.fn((event: string, l: (p: unknown) => void) => {
        listeners.set(event, l);
        return () => listeners.delete(event);
      }),
    },
  };
});
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { Shell } from '../../renderer/src/ui/Shell.tsx';
import { useApp } from '../../renderer/src/features/app/store.ts';

const demo: ActiveEnvironment = {
  name: 'demo',
  kind: 'demo',
  production: false,
  adminUrl: 'http://127.0.0.1:7410',
  gatewayUrl: 'http://127.0.0.1:7411',
  metricsUrl: null,
  role: 'super_admin',
  tokenSource: 'demo',
  hasToken: true,
};

const info = (environment: ActiveEnvironment): AppInfo => ({
  version: '0.0.0-test',
  transport: 'http',
  role: 'operator',
  dataDir: '/tmp/x',
  profile: environment.name,
  environment,
  startedAt: '2026-03-11T03:00:00.000Z',
  storage: { schemaVersion: 3, path: '/tmp/x/switchyard.db' },
  audit: { ok: true, checked: 0, firstBad: null, problem: null, at: '2026-03-11T03:00:00.000Z' },
  interruptedLevers: 0,
});

const target = (lever: LeverTargetState['lever'], t: string, engaged: boolean | null, over: Partial<LeverTargetState> = {}): LeverTargetState => ({
  lever,
  target: t,
  targetLabel: t === 'platform' ? 'all brands' : t === 'lucky7' ? 'Lucky 7 (lucky7)' : t,
  engaged,
  detail: engaged === null ? 'unknown' : engaged ? 'PULLED' : 'live',
  readAt: engaged === null ? null : '2026-03-11T03:19:58.000Z',
  error: engaged === null ? 'admin unreachable' : null,
  ...over,
});

const snapshot = (targets: LeverTargetState[], over: Partial<LeverStateSnapshot> = {}): LeverStateSnapshot => ({
  at: '2026-03-11T03:19:58.000Z',
  reachable: { admin: true, gateway: true },
  targets,
  brands: [{ brandId: 'lucky7', name: 'Lucky 7', region: 'IN' }],
  brandsError: null,
  providers: ['razorpay'],
  ...over,
});

const allReleased = () => [
  target('platform-freeze', 'platform', false),
  target('halt-deposits', 'platform', false),
  target('brand-deposits-off', 'lucky7', false),
  target('brand-withdrawals-off', 'lucky7', false),
  target('provider-ingress-block', 'razorpay', false),
];

async function renderShell(environment: ActiveEnvironment = demo) {
  useApp.setState({ info: info(environment), error: null, route: { page: 'dashboard', view: 'overview' }, leverState: { status: 'unread' } });
  render(
    <Shell>
      <p>page</p>
    </Shell>,
  );
  // Let the first levers.state answer land.
  await act(async () => {});
}

beforeEach(() => {
  api['levers.state'].mockReset();
  api['incidents.open'].mockResolvedValue(ok({ at: new Date().toISOString(), incidents: [] }));
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  listeners.clear();
});
afterEach(cleanup);

describe('the lever chip in the top bar', () => {
  it('counts the pulled levers and links to the Levers page, naming each in its tooltip', async () => {
    const targets = allReleased();
    targets[1] = target('halt-deposits', 'platform', true, { detail: 'DEPOSITS HALTED' });
    targets[2] = target('brand-deposits-off', 'lucky7', true, { detail: 'DEPOSITS OFF' });
    api['levers.state'].mockResolvedValue(ok(snapshot(targets)));
    await renderShell();
    const chip = screen.getByRole('link', { name: /levers: 2 pulled/ });
    expect(chip).toHaveAttribute('href', '#/levers');
    expect(chip.getAttribute('title')).toContain('DEPOSITS OFF — Lucky 7 (lucky7)');
    expect(chip.getAttribute('title')).toContain('Halt deposits (all brands): DEPOSITS HALTED');
  });

  it('says 0 pulled when every lever was read and none is pulled', async () => {
    api['levers.state'].mockResolvedValue(ok(snapshot(allReleased())));
    await renderShell();
    expect(screen.getByTestId('lever-chip')).toHaveTextContent('levers: 0 pulled');
  });

  it('says "state unknown" with the reason when the state cannot be read, never "0 pulled"', async () => {
    api['levers.state'].mockResolvedValue(err('offline', 'admin service: connection refused (http://127.0.0.1:7410)'));
    await renderShell();
    const chip = screen.getByTestId('lever-chip');
    expect(chip).toHaveTextContent('levers: state unknown');
    expect(chip).not.toHaveTextContent(/0 pulled/);
    expect(chip.getAttribute('title')).toContain('admin service: connection refused');
  });

  it('says "state unknown" when the admin service is down and nothing read says pulled', async () => {
    const down = [target('platform-freeze', 'platform', null), target('halt-deposits', 'platform', null), target('provider-ingress-block', 'razorpay', false)];
    api['levers.state'].mockResolvedValue(ok(snapshot(down, { reachable: { admin: false, gateway: true } })));
    await renderShell();
    const chip = screen.getByTestId('lever-chip');
    expect(chip).toHaveTextContent('levers: state unknown');
    expect(chip.getAttribute('title')).toContain('admin unreachable');
  });

  it('says "state unknown" when the brand list could not be read (no brand lever was read)', async () => {
    const targets = [target('platform-freeze', 'platform', false), target('halt-deposits', 'platform', false), target('provider-ingress-block', 'razorpay', false)];
    const brandsError = { problem: 'brand list: HTTP 401 — the token was refused', since: '2026-03-11T03:14:00.000Z', at: '2026-03-11T03:19:58.000Z' };
    api['levers.state'].mockResolvedValue(ok(snapshot(targets, { brands: [], brandsError })));
    await renderShell();
    const chip = screen.getByTestId('lever-chip');
    expect(chip).toHaveTextContent('levers: state unknown');
    expect(chip.getAttribute('title')).toContain('HTTP 401');
  });

  it('reads the state again when a lever changes', async () => {
    api['levers.state'].mockResolvedValue(ok(snapshot(allReleased())));
    await renderShell();
    expect(screen.getByTestId('lever-chip')).toHaveTextContent('levers: 0 pulled');
    const targets = allReleased();
    targets[0] = target('platform-freeze', 'platform', true, { detail: 'MAINTENANCE ON' });
    api['levers.state'].mockResolvedValue(ok(snapshot(targets)));
    await act(async () => listeners.get('levers.changed')!({ at: '2026-03-11T03:20:00.000Z' }));
    expect(screen.getByTestId('lever-chip')).toHaveTextContent('levers: 1 pulled');
  });
});

describe('the navigation', () => {
  it('is a row of links with real addresses, the current page marked', async () => {
    api['levers.state'].mockResolvedValue(ok(snapshot(allReleased())));
    await renderShell();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = Array.from(nav.querySelectorAll('a'));
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['Dashboard', '#/dashboard'],
      ['Incidents', '#/incidents'],
      ['Levers', '#/levers'],
      ['Rotation', '#/rotation'],
      ['Runbooks', '#/runbooks'],
      ['Audit', '#/audit'],
      ['Settings', '#/settings'],
    ]);
    expect(screen.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  });

  it('with no platform configured, is all the top bar has: not a word about levers', async () => {
    await renderShell({ ...demo, name: 'offline', kind: 'none', adminUrl: null, gatewayUrl: null });
    expect(screen.getByRole('navigation', { name: 'Main' }).querySelectorAll('a[href^="#/"]')).toHaveLength(7);
    expect(screen.getByTestId('environment-badge')).toHaveTextContent('NO PLATFORM');
    expect(screen.queryByTestId('lever-chip')).toBeNull();
    expect(document.querySelector('header')!.textContent).not.toMatch(/levers:|pulled/i);
    // Incidents are this console's own records: they are known without a platform.
    expect(await screen.findByText(/none open/)).toBeInTheDocument();
    expect(api['levers.state']).not.toHaveBeenCalled();
  });
});
