import { expect, test, type Locator, type Page } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page.ts';
import { RunbooksPage } from './pages/runbooks-page.ts';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

const SNAPSHOT_ITEM = 'Snapshot gateway /health and the platform 5xx ratio';
const SLOW_RAIL_ITEM = 'Identify the slow rail(s) with p99 per rail';

test.describe('runbooks that act, against a separate platform', () => {
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

  test('a breach opens its runbook at the top; a ticked item stays ticked after a reload; a step’s lever button opens its confirmation', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(served.openUrl);
    const rb = new RunbooksPage(page);

    // Earlier in the shift: a search, another runbook's version history, scrolled down.
    await nav(page, 'Runbooks');
    await expect(rb.search).toBeVisible();
    await rb.searchFor('webhook');
    await rb.open('webhook-backlog');
    await rb.openHistory();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));

    // 03:14: UPI's p99 crosses 200 ms and the dashboard suggests the runbook.
    await platform.scenario({ rails: { upi: { p99_ms: 450, p50_ms: 180 } } });
    const dash = new DashboardPage(page);
    await nav(page, 'Dashboard');
    await expect(page.getByRole('region', { name: 'Rails by brand' })).toBeVisible();
    const suggestion = dash.suggestions.locator('li').filter({ hasText: 'upi' });
    await expect(suggestion).toContainText('rail-latency-spike', { timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await suggestion.getByRole('button', { name: /Open runbook: rail-latency-spike/ }).click();

    const article = page.getByRole('article', { name: 'Runbook Rail latency spike' });
    await expect(article).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Runbook' })).toHaveAttribute('aria-selected', 'true');
    await expect(rb.search).toHaveValue('');
    await expect(rb.count).toHaveText('9 runbooks');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

    // Tick two items: each says who and when; the progress counts them.
    const progress = page.getByRole('status', { name: 'Checklist progress' });
    await expect(progress).toContainText('Checklist: 0 of 10 ticked');
    for (const name of [SNAPSHOT_ITEM, SLOW_RAIL_ITEM]) {
      const box = article.getByRole('checkbox', { name });
      // Shown ticked once the core has stored it (so not with check(), which expects it at once).
      await box.click();
      await expect(box).toBeChecked();
      await expect(item(box)).toContainText(/✓ \S+ · \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    }
    await expect(progress).toContainText('Checklist: 2 of 10 ticked');

    // A reload (or a restart of the window) shows what the core stored.
    await page.reload();
    await expect(article).toBeVisible();
    await expect(article.getByRole('checkbox', { name: SNAPSHOT_ITEM })).toBeChecked();
    await expect(article.getByRole('checkbox', { name: SLOW_RAIL_ITEM })).toBeChecked();
    await expect(article.getByRole('checkbox', { name: /Identify the affected brand/ })).not.toBeChecked();
    await expect(progress).toContainText('Checklist: 2 of 10 ticked');
    await article.getByRole('heading', { name: 'Checklist' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot('runbook-act.png') });

    // Links: a runbook it names, and the lever a step names.
    await expect(article.getByRole('link', { name: 'incident-response' }).first()).toHaveAttribute('href', '#/runbooks/incident-response');
    await expect(article.getByRole('link', { name: 'provider-ingress-block' }).first()).toHaveAttribute('href', '#/levers');

    // The checklist's lever step: which brand, then the Levers page's own confirmation.
    await article.getByRole('button', { name: 'Pull brand-deposits-off…' }).first().click();
    const picker = page.getByRole('dialog', { name: 'Choose the brand' });
    const royal = picker.getByRole('listitem').filter({ hasText: 'royalspin' });
    await expect(royal).toContainText('deposits on');
    await page.screenshot({ path: screenshot('runbook-act-choose.png') });
    await royal.getByRole('button', { name: 'Pull…' }).click();
    await expect(picker).toBeHidden();
    // The Levers page's own confirmation (found by what it shows, whatever frames it).
    const dialog = page.getByRole('dialog').filter({ has: page.getByLabel('Before and after') });
    await expect(dialog).toContainText('Pull: Disable deposits for one brand');
    await expect(dialog.getByLabel('Blast radius')).toContainText('Deposits stop for Royal Spin (royalspin) only');
    await expect(dialog).toContainText('staging-in');
    await dialog.getByLabel(/Reason/).fill('UPI p99 at 450 ms on Royal Spin; provider timeouts');
    await page.screenshot({ path: screenshot('runbook-act-confirm.png') });
    // Nothing is pulled by looking: cancel, and the platform is untouched.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await nav(page, 'Levers');
    await expect(page.locator('.lever-control[data-lever="brand-deposits-off"][data-target="royalspin"]')).toContainText('deposits on');
  });
});

const item = (box: Locator): Locator => box.locator('xpath=ancestor::li[1]');
/** The main navigation's entry, whether the shell draws it as a button or a link. */
const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByText(label, { exact: true }).click();
