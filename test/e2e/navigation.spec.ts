import { expect, test, type Page } from '@playwright/test';
import { ConsoleShell } from './pages/console-shell.ts';
import { startServedConsole, unreachableUrl, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

test.use({ viewport: { width: 1280, height: 720 } });

/** Nothing in the top bar is cut off, and nothing overlaps the navigation. */
async function expectTopBarReadable(page: Page) {
  const shell = new ConsoleShell(page);
  for (const name of ['Dashboard', 'Levers', 'Runbooks', 'Audit', 'Settings'] as const) {
    const link = shell.link(name);
    await expect(link).toBeVisible();
    const clipped = await link.evaluate((el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > window.innerWidth);
    expect(clipped, `${name} is clipped`).toBe(false);
  }
  const overflow = await page.locator('header.topbar').evaluate((el) => {
    const bar = el.getBoundingClientRect();
    return Array.from(el.children).some((c) => {
      const r = c.getBoundingClientRect();
      return r.right > bar.right + 0.5 || (c instanceof HTMLElement && c.scrollWidth > c.clientWidth + 1 && !c.classList.contains('spacer'));
    });
  });
  expect(overflow, 'something in the top bar overflows').toBe(false);
}

test.describe('links, history, shortcuts and the lever chip', () => {
  let served: ServedConsole;
  test.beforeEach(async () => {
    served = await startServedConsole();
  });
  test.afterEach(async () => {
    await served.stop();
  });

  test('the navigation is links with real addresses; back and forward work; a new tab opens the same page', async ({ page, context }) => {
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    await expect(shell.link('Dashboard')).toHaveAttribute('aria-current', 'page');
    for (const [name, href] of [['Dashboard', '#/dashboard'], ['Levers', '#/levers'], ['Runbooks', '#/runbooks'], ['Audit', '#/audit'], ['Settings', '#/settings']] as const)
      await expect(shell.link(name)).toHaveAttribute('href', href);
    await expectTopBarReadable(page);

    await shell.go('Levers');
    await expect(page).toHaveURL(/#\/levers$/);
    await expect(page.getByRole('region', { name: 'Pulled now' })).toBeVisible();
    await shell.go('Audit');
    await expect(page).toHaveURL(/#\/audit$/);
    await expect(page.getByRole('region', { name: 'Audit chain' })).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL(/#\/levers$/);
    await expect(shell.link('Levers')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('region', { name: 'Pulled now' })).toBeVisible();
    await page.goForward();
    await expect(shell.link('Audit')).toHaveAttribute('aria-current', 'page');

    // Ctrl+click: the browser opens the link in a new tab, on that page (the session cookie goes along).
    const opened = context.waitForEvent('page');
    await shell.link('Runbooks').click({ modifiers: ['Control'] });
    const tab = await opened;
    await tab.waitForLoadState();
    await expect(tab).toHaveURL(/#\/runbooks$/);
    await expect(new ConsoleShell(tab).link('Runbooks')).toHaveAttribute('aria-current', 'page');
    await expect(tab.getByRole('searchbox', { name: 'Search runbooks' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Audit chain' })).toBeVisible(); // this tab stayed
    await tab.close();
  });

  test('every page opens at its top', async ({ page }) => {
    await page.goto(`${served.openUrl}#/runbooks/incident-response`);
    const shell = new ConsoleShell(page);
    await expect(page.getByRole('article')).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);

    await shell.go('Levers');
    await expect(page.locator('.lever-control').first()).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

    // Back to the runbook, left scrolled to its end: it opens at its top too, not where it was.
    await page.goBack();
    await expect(page.getByRole('article')).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  });

  test('"/" jumps to the runbook search from any page; "?" lists the shortcuts in a modal', async ({ page }) => {
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    await shell.go('Levers');
    await expect(page.locator('.lever-control').first()).toBeVisible();

    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search runbooks' });
    await expect(search).toBeFocused();
    await expect(page).toHaveURL(/#\/runbooks$/);
    await page.keyboard.type('webhook');
    await expect(search).toHaveValue('webhook'); // no stray "/"
    // In the search box "?" is a character, not a command.
    await page.keyboard.type('?');
    await expect(search).toHaveValue('webhook?');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await shell.go('Audit');
    await shell.link('Audit').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Search runbooks (from any page)');
    const focusInDialog = () => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);
    expect(await focusInDialog()).toBe(true);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog()).toBe(true);
    }
    await page.screenshot({ path: screenshot('shortcuts-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: screenshot('shortcuts-1440.png') });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(shell.link('Audit')).toBeFocused();
  });

  test('the top bar counts the pulled levers on every page, and follows a pull made elsewhere', async ({ page }) => {
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    await expect(shell.leverChip).toHaveText('levers: 0 pulled');
    await expect(shell.leverChip).toHaveAttribute('href', '#/levers');
    await shell.go('Runbooks');
    await expect(shell.leverChip).toHaveText('levers: 0 pulled');

    // Another window pulls a lever: the event brings the chip up to date, no reload.
    const api = async (method: string, args: unknown) => {
      const r = await page.request.post(`${served.url}/api/${method}`, { data: args });
      const body = (await r.json()) as { ok: boolean; value?: { planId?: string }; error?: unknown };
      expect(body.ok, JSON.stringify(body.error)).toBe(true);
      return body.value!;
    };
    const plan = await api('levers.plan', { lever: 'brand-withdrawals-off', target: 'lucky7', action: 'engage' });
    await api('levers.execute', { planId: plan.planId, reason: 'Withdrawal fraud cluster on Lucky 7', incidentId: 'INC-5150' });
    await expect(shell.leverChip).toHaveText('▲ levers: 1 pulled');
    await expect(shell.leverChip).toHaveAttribute('title', /WITHDRAWALS OFF — Lucky 7 \(lucky7\)/);
    await expectTopBarReadable(page);
    await page.screenshot({ path: screenshot('shell-pulled-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: screenshot('shell-pulled-1440.png') });

    await shell.leverChip.click();
    await expect(page).toHaveURL(/#\/levers$/);
    await expect(shell.link('Levers')).toHaveAttribute('aria-current', 'page');
  });
});

test('with the admin service down the top bar says the lever state is unknown, with the reason', async ({ page }) => {
  const down = await unreachableUrl();
  const served = await startServedConsole(['--env-name', 'prod-in', '--production', '--admin-url', down, '--gateway-url', down]);
  try {
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    await expect(page.getByTestId('production-banner')).toBeVisible();
    await expect(shell.leverChip).toHaveText('? levers: state unknown');
    await expect(shell.leverChip).toHaveAttribute('title', /admin unreachable/);
    await expect(page.locator('header.topbar')).not.toContainText('0 pulled');
    await expectTopBarReadable(page);
    await page.screenshot({ path: screenshot('shell-unknown-1280.png') });
  } finally {
    await served.stop();
  }
});
