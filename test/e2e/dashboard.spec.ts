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
});
