import { expect, test } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page.ts';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

const RAILS = ['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards'];

test.describe('live rail dashboards against a separate platform', () => {
  let platform: DemoPlatformProcess;
  let served: ServedConsole;

  test.beforeEach(async () => {
    platform = await startDemoPlatformProcess();
    served = await startServedConsole(['--env-name', 'staging-in', '--admin-url', platform.adminUrl, '--gateway-url', platform.gatewayUrl], {
      env: { SWITCHYARD_TOKEN: 'demo-operator-token' },
    });
  });

  test.afterEach(async () => {
    await served.stop();
    await platform.kill();
  });

  test('renders every rail, turns UPI red on a latency spike with its runbook, and goes STALE when the platform dies', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(served.openUrl);
    const dash = new DashboardPage(page);
    await dash.goto();

    // Every rail, across brands, with live numbers once two scrapes give a rate.
    for (const rail of RAILS) await expect(dash.tile(rail, null)).toHaveAttribute('data-state', /^(ok|watch)$/, { timeout: 30_000 });
    await expect(dash.tile('upi', null)).toContainText('ms');
    await expect(dash.suggestions).toContainText('No breach');
    await page.screenshot({ path: screenshot('dashboard.png') });

    // 03:14: UPI's p99 crosses 200 ms.
    await platform.scenario({ rails: { upi: { p99_ms: 450, p50_ms: 180 } } });
    await expect(dash.tile('upi', null)).toHaveAttribute('data-state', 'breach', { timeout: 30_000 });
    await expect(dash.tile('upi', null)).toContainText('BREACH ▲ p99');
    await expect(dash.tile('cards', null)).not.toHaveAttribute('data-state', 'breach');
    const suggestion = dash.suggestions.locator('li').filter({ hasText: 'upi' });
    await expect(suggestion).toContainText('SEV2');
    await expect(suggestion).toContainText('rail-latency-spike');
    await page.screenshot({ path: screenshot('dashboard-breach.png') });

    // One click to the runbook for what is happening.
    await suggestion.getByRole('button', { name: /Open runbook: rail-latency-spike/ }).click();
    await expect(page.getByRole('article', { name: 'Runbook Rail latency spike' })).toBeVisible();

    // The platform dies: within two refresh intervals (5 s each) every tile says STALE, never an old value as live.
    await dash.goto();
    await expect(dash.tile('upi', null)).toHaveAttribute('data-state', 'breach');
    await platform.kill();
    for (const rail of RAILS) await expect(dash.tile(rail, null)).toHaveAttribute('data-state', 'stale', { timeout: 20_000 });
    await expect(dash.tile('upi', null)).toContainText('STALE');
    await expect(page.getByRole('region', { name: 'Metrics source' })).toContainText(/DOWN|down/);
    await page.screenshot({ path: screenshot('dashboard-stale.png') });
  });

  test('the wall rotates its playlist, reads from across a room, and offers no control', async ({ page }) => {
    test.setTimeout(90_000);
    // A short rotation for the test, set the way an operator does it: Settings, per profile.
    await page.goto(served.openUrl);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('region', { name: 'Alert thresholds and wall' });
    await settings.getByLabel('wall: seconds per slide').fill('5');
    await settings.getByLabel('wall playlist').fill('overview, rail:upi, health');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toContainText('saved for this profile');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => (location.hash = '#/wall'));
    const position = page.getByLabel('Slide');
    await expect(position).toHaveText(/[123] \/ 3/);
    const first = await position.textContent();
    await expect(position).not.toHaveText(first!, { timeout: 15_000 });
    // Overview slide: wait for live numbers, then measure the type the way a NOC wall is read.
    await expect(position).toHaveText(/1 \/ 3/, { timeout: 20_000 });
    const figure = page.locator('.wall-figure').first();
    await expect(figure).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('wall-status')).toContainText('LIVE', { timeout: 20_000 });
    const px = (loc: typeof figure) => loc.evaluate((el) => el.getBoundingClientRect().height);
    expect(await px(figure)).toBeGreaterThanOrEqual(64);
    const labelSize = await page.locator('.wall-label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(labelSize).toBeGreaterThanOrEqual(24);
    await expect(page.getByTestId('demo-banner')).toHaveCount(0); // a platform profile, not the demo
    await expect(page.locator('button, input, select, textarea, a[href]')).toHaveCount(0);
    await page.screenshot({ path: screenshot('wall.png') });
  });
});

test('a wall console (serve --role wall) opens the wall and the server refuses every write', async ({ page }) => {
  const served = await startServedConsole(['--role', 'wall'], { env: { SWITCHYARD_SERVE_TOKEN: 'wall-display-token-0001' } });
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(served.openUrl);
    await expect(page).toHaveURL(/#\/wall/);
    await expect(page.getByTestId('demo-banner')).toBeVisible();
    const auth = { 'content-type': 'application/json', authorization: 'Bearer wall-display-token-0001' };
    for (const [method, args] of [
      ['levers.plan', { lever: 'halt-deposits', action: 'engage' }],
      ['levers.execute', { planId: 'x', reason: 'from a wall' }],
      ['metrics.setThresholds', { p99Ms: 1 }],
      ['runbooks.addFolder', { dir: '/tmp' }],
    ] as const) {
      const r = await fetch(`${served.url}/api/${method}`, { method: 'POST', headers: auth, body: JSON.stringify(args) });
      expect(r.status, method).toBe(403);
      expect((await r.json()) as unknown).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const read = await fetch(`${served.url}/api/metrics.dashboard`, { method: 'POST', headers: auth, body: '{}' });
    expect(read.status).toBe(200);
  } finally {
    await served.stop();
  }
});
