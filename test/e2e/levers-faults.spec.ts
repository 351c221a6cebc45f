import { expect, test, type Page } from '@playwright/test';
import { LEVERS } from '../../shared/levers.ts';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { LeversPage } from './pages/levers-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// What the Levers page says when the admin service fails after a good read (HTTP 500, or no
// answer), how its dialog keeps the keyboard and the pointer, and what fits at 1280×720.

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
const ALL_CLEAR = /No lever is pulled|money moves/;
const BRANDS = ['cricketking', 'lucky7', 'royalspin', 'teenpatti'];

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

/** The admin service's API fails; its /health (never faulted by the demo) still answers 200. */
async function failAdminApi(mode: 'error500' | 'hang') {
  const r = await fetch(`${platform.adminUrl}/sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: [{ service: 'admin', method: 'GET', path: '/api/*', mode }] }),
  });
  if (!r.ok) throw new Error(`/sim/faults: ${r.status} ${await r.text()}`);
}

async function openWithGoodRead(page: Page, size: { width: number; height: number } = SIZES[0]): Promise<LeversPage> {
  await page.setViewportSize(size);
  await page.goto(served.openUrl);
  const levers = new LeversPage(page);
  await levers.goto();
  await expect(levers.pulledNow).toContainText('✓ No lever is pulled: money moves on every brand.');
  await expect(page.getByLabel('Platform state')).toContainText('✓ admin service');
  return levers;
}

async function shootAtBothSizes(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot(`${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SIZES[0]);
}

for (const { mode, problem } of [
  { mode: 'error500', problem: 'HTTP 500: injected fault' },
  { mode: 'hang', problem: 'no answer within 5 s' },
] as const) {
  test(`admin API ${mode} after a good read: failing since when, the last rows with their age, state unknown, the SQL fallback, no all-clear`, async ({ page }) => {
    const levers = await openWithGoodRead(page);
    await shootAtBothSizes(page, 'levers-normal');

    await failAdminApi(mode);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const failure = page.getByRole('alert', { name: 'admin service failure' });
    await expect(failure).toBeVisible({ timeout: 20_000 });

    await expect(page.getByLabel('Platform state')).toContainText('✗ admin service FAILING');
    await expect(page.getByLabel('Platform state')).not.toContainText('✓ admin service');
    await expect(failure).toContainText(/✗ ADMIN SERVICE FAILING since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+s ago\)/);
    await expect(failure).toContainText(problem);
    await expect(failure).toContainText('Next: check the admin service');
    await expect(failure).toContainText('run in psql by platform-sre with database write access');

    // Every admin row is still there, marked unknown, with its last state and its age.
    await expect(levers.control('halt-deposits', 'platform')).toContainText(/\? state unknown — last read \d+s ago: deposits live/);
    await expect(levers.control('platform-freeze', 'platform')).toContainText(/\? state unknown — last read \d+s ago: live/);
    await expect(levers.brands.locator('tr[data-brand]')).toHaveCount(4);
    for (const b of BRANDS) {
      await expect(levers.control('brand-deposits-off', b)).toContainText(/\? state unknown — last read \d+s ago: deposits on/);
      await expect(levers.control('brand-withdrawals-off', b)).toContainText(/\? state unknown — last read \d+s ago: withdrawals on/);
    }
    // The gateway answers: provider ingress is read now.
    await expect(levers.control('provider-ingress-block', 'razorpay')).toContainText('● open');

    await expect(levers.pulledNow).not.toContainText(ALL_CLEAR);
    await expect(levers.pulledNow).toContainText('cannot say for 10 lever states that could not be read');
    // The top bar on the same screen says the same: not "0 pulled".
    await expect(page.getByTestId('lever-chip')).toContainText(/unknown/);
    await expect(page.getByTestId('lever-chip')).not.toContainText(/\b0 pulled/);

    const sql = page.getByRole('region', { name: 'SQL fallback' });
    for (const l of LEVERS) if (l.sqlFallback) await expect(sql).toContainText(l.sqlFallback.engage.replace(/\s+/g, ' '));
    await shootAtBothSizes(page, 'levers-admin-failing');

    // A later poll does not bring the all-clear back while it fails.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByLabel('State age')).toContainText(/read \d+s ago/);
    await expect(levers.pulledNow).not.toContainText(ALL_CLEAR);
  });
}

test('a brand lever refused while the admin API answers 500 shows its SQL fallback, filled in for that brand', async ({ page }) => {
  const levers = await openWithGoodRead(page);
  await failAdminApi('error500');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('alert', { name: 'admin service failure' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Disable deposits on Lucky 7…' }).click();
  await expect(levers.dialog.getByRole('heading', { name: /refused/ })).toBeVisible();
  await expect(levers.dialog.getByRole('alert')).toContainText('Nothing was sent');
  await expect(levers.dialog.locator('.code-block')).toContainText("WHERE brand_id = 'lucky7' AND key = 'payment_policy' RETURNING brand_id, value;");
  await expect(levers.dialog).toContainText('platform-sre with database write access');
  await shootAtBothSizes(page, 'lever-refused-admin-failing');
});

test('the lever dialog is modal: focus in and kept in, the page behind inert, Escape and the backdrop cancel, focus back on the button', async ({ page }) => {
  const levers = await openWithGoodRead(page);
  const opener = page.getByRole('button', { name: 'Disable deposits on Lucky 7…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(levers.dialog.getByRole('heading', { name: 'Pull: Disable deposits for one brand' })).toBeVisible();
  await expect(levers.dialog.getByLabel(/^Reason/)).toBeFocused();
  await expect(page.locator('#root')).toHaveAttribute('inert', '');
  await page.keyboard.type('UPI p99 at 450 ms on Lucky 7');
  await shootAtBothSizes(page, 'lever-dialog');

  const inDialog = () => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    expect(await inDialog(), `Tab ${i + 1}`).toBe(true);
  }
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inDialog(), `Shift+Tab ${i + 1}`).toBe(true);
  }
  // Nothing behind takes focus, even asked directly; Enter stays in the dialog.
  const refresh = page.getByRole('button', { name: 'Refresh' });
  expect(await refresh.evaluate((b) => (b.focus(), document.activeElement === b))).toBe(false);

  await page.keyboard.press('Escape');
  await expect(levers.dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(page.locator('#root')).not.toHaveAttribute('inert', '');

  // Again, and a click on the backdrop (outside the dialog) cancels: nothing was pulled.
  await page.keyboard.press('Enter');
  await expect(levers.dialog.getByLabel(/^Reason/)).toBeFocused();
  const box = (await levers.dialog.boundingBox())!;
  await page.mouse.click(box.x + box.width + 20, box.y + box.height + 20);
  await expect(levers.dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(levers.control('brand-deposits-off', 'lucky7')).toContainText('● deposits on');
  await expect(page.getByRole('region', { name: 'Recent lever executions' })).toContainText('None yet');
});

test('at 1280×720 the brand levers are in view below the platform-wide ones, by name, in the dashboard order', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await page.goto(served.openUrl);
  // The dashboard's brand columns, in its order.
  const heads = page.locator('.dash-colhead:not(.dash-colhead-all)');
  await expect(heads).toHaveCount(4, { timeout: 20_000 });
  const dashboardOrder = await heads.evaluateAll((hs) => hs.map((h) => h.getAttribute('data-brand') ?? ''));

  const levers = new LeversPage(page);
  await levers.goto();
  await expect(levers.pulledNow).toContainText('✓ No lever is pulled');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const rows = levers.brands.locator('tr[data-brand]');
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-brand')))).toEqual(dashboardOrder);
  expect(await rows.locator('.lever-title').allTextContents()).toEqual(['Cricket King', 'Lucky 7', 'Royal Spin', 'Teen Patti Club']);

  const platformBox = (await page.getByRole('region', { name: 'Platform-wide levers' }).boundingBox())!;
  const viewport = page.viewportSize()!;
  for (const b of BRANDS) {
    for (const lever of ['brand-deposits-off', 'brand-withdrawals-off']) {
      const button = levers.button(lever, b, 'engage');
      const box = (await button.boundingBox())!;
      expect(box.y, `${lever} ${b} below the platform-wide levers`).toBeGreaterThanOrEqual(platformBox.y + platformBox.height);
      expect(box.y + box.height, `${lever} ${b} in view at 1280×720 without scrolling`).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }
  }
  // Nothing spills sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
});
