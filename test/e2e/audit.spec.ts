import { expect, test } from '@playwright/test';
import { ConsoleShell } from './pages/console-shell.ts';
import { LeversPage } from './pages/levers-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

test.use({ viewport: { width: 1280, height: 720 } });

test.describe('the audit log reads as what happened', () => {
  let served: ServedConsole;
  test.beforeEach(async () => {
    served = await startServedConsole();
  });
  test.afterEach(async () => {
    await served.stop();
  });

  test('a lever pulled with an incident id is found by that id, grouped with its outcome, its detail readable', async ({ page }) => {
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    const api = async (method: string, args: unknown) => {
      const r = await page.request.post(`${served.url}/api/${method}`, { data: args });
      const body = (await r.json()) as { ok: boolean; value?: { planId?: string }; error?: unknown };
      expect(body.ok, JSON.stringify(body.error)).toBe(true);
      return body.value!;
    };

    // Another incident's lever, pulled and released through the API: it must not match.
    for (const action of ['engage', 'release'] as const) {
      const plan = await api('levers.plan', { lever: 'provider-ingress-block', target: 'razorpay', action });
      await api('levers.execute', { planId: plan.planId, reason: 'Razorpay callback storm', incidentId: 'INC-1001' });
    }

    // Ours, through the UI, with an incident id.
    await shell.go('Levers');
    const levers = new LeversPage(page);
    await expect(levers.control('brand-deposits-off', 'royalspin')).toBeVisible();
    await levers.pull('brand-deposits-off', 'royalspin', 'UPI p99 at 450 ms on Royal Spin; provider timeouts');
    await levers.dialog.getByLabel('Incident (optional)').fill('INC-7731');
    await levers.confirm();
    await expect(levers.dialog.locator('.outcome-large')).toHaveText('✓ VERIFIED');
    await levers.close();
    // …and released through the API, under the same incident.
    const release = await api('levers.plan', { lever: 'brand-deposits-off', target: 'royalspin', action: 'release' });
    await api('levers.execute', { planId: release.planId, reason: 'Provider recovered; p99 back to 110 ms', incidentId: 'INC-7731' });

    await shell.go('Audit');
    const records = page.getByRole('region', { name: 'Audit records' });
    await expect(records.locator('tr.audit-row')).toHaveCount(8);
    await expect(records.getByRole('columnheader', { name: 'Incident' })).toBeVisible();

    await page.getByRole('searchbox', { name: 'Filter by incident id' }).fill('INC-7731');
    const groups = records.locator('tbody.audit-group');
    await expect(groups).toHaveCount(2);
    await expect(records.locator('tr.audit-row')).toHaveCount(4);
    await expect(records).not.toContainText('razorpay');
    // Newest first, each execution titled by what it did, the brand by its name.
    await expect(groups.nth(0).getByRole('rowheader')).toContainText('Release: deposits re-enabled on Royal Spin');
    await expect(groups.nth(0).getByRole('rowheader')).toContainText('✓ VERIFIED');
    await expect(groups.nth(1).getByRole('rowheader')).toContainText('Pull: deposits disabled on Royal Spin');
    await expect(groups.nth(1).locator('tr.audit-row')).toHaveCount(2);
    await expect(groups.nth(1).locator('tr.audit-row').nth(0)).toContainText('Outcome');
    await expect(groups.nth(1).locator('tr.audit-row').nth(1)).toContainText('Intent');
    for (const row of await records.locator('tr.audit-row').all()) await expect(row).toContainText('INC-7731');
    await page.screenshot({ path: screenshot('audit-incident-1280.png') });

    // The pull's outcome, as fields.
    await groups.nth(1).locator('tr.audit-row').nth(0).getByRole('button', { name: /Outcome/ }).click();
    const detail = records.locator('.audit-detail');
    await expect(detail).toBeVisible();
    await expect(detail.locator('dt', { hasText: 'Before → after' }).locator('+ dd')).toContainText(/deposits on\s*→\s*DEPOSITS OFF/);
    await expect(detail.locator('dt', { hasText: 'Request' }).locator('+ dd')).toContainText('PUT /api/v1/brands/royalspin/config/payment_policy');
    await expect(detail.locator('dt', { hasText: 'Request' }).locator('+ dd')).toContainText('Bearer [REDACTED]');
    await expect(detail.locator('dt', { hasText: 'Response' }).locator('+ dd')).toContainText('HTTP 200');
    await expect(detail.locator('dt', { hasText: 'Outcome' }).locator('+ dd')).toContainText('probe deposit for royalspin: refused "Finance maintenance"');
    await expect(detail.locator('dt', { hasText: 'Reason' }).locator('+ dd')).toHaveText('UPI p99 at 450 ms on Royal Spin; provider timeouts');
    await expect(detail.locator('pre')).toHaveCount(0);
    await detail.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot('audit-detail-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot('audit-detail-1440.png') });
    await detail.getByRole('button', { name: 'Show raw record' }).click();
    await expect(detail.locator('pre')).toContainText('"prevHash"');

    // A filter keeps an execution whole: the words of the outcome bring its intent along.
    await page.getByRole('searchbox', { name: 'Filter by incident id' }).fill('');
    await page.getByRole('searchbox', { name: 'Search the audit log' }).fill('Finance maintenance');
    await expect(records.locator('tbody.audit-group')).toHaveCount(1);
    await expect(records.locator('tbody.audit-group').getByRole('rowheader')).toContainText('Pull: deposits disabled on Royal Spin');
    await expect(records.locator('tr.audit-row')).toHaveCount(2);
    await page.getByRole('searchbox', { name: 'Search the audit log' }).fill('');

    // The incident id in a row is itself a filter, and the search box finds it too.
    await page.getByRole('searchbox', { name: 'Filter by incident id' }).fill('');
    await expect(records.locator('tr.audit-row')).toHaveCount(8);
    await page.getByRole('searchbox', { name: 'Search the audit log' }).fill('inc-1001');
    await expect(records.locator('tbody.audit-group')).toHaveCount(2);
    await expect(records.locator('tbody.audit-group').first().getByRole('rowheader')).toContainText('Release: ingress reopened for provider razorpay');
  });

  test('without a session, or with the console gone, the page says what happened and what to do', async ({ page, context }) => {
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    await expect(shell.link('Dashboard')).toHaveAttribute('aria-current', 'page');

    // The session is gone (a browser that never had the token, or cleared its cookies).
    await context.clearCookies();
    await shell.go('Audit');
    const problem = page.getByRole('alert', { name: 'Audit log problem' });
    await expect(problem).toContainText('The audit log could not be read');
    await expect(problem).toContainText('Open the URL Switchyard printed when it started');
    await expect(page.getByText('No records')).toHaveCount(0);
    await page.screenshot({ path: screenshot('audit-no-session-1280.png') });

    // The console stopped: said as such, with a way to try again.
    await served.stop();
    await problem.getByRole('button', { name: 'Try again' }).click();
    await expect(problem).toContainText('cannot be reached');
    await expect(problem).toContainText('Check that Switchyard (or `npm run serve`) is still running');
  });
});
