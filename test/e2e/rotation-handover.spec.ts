import { expect, test } from '@playwright/test';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { LeversPage } from './pages/levers-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// A shift change: with an open incident and a pulled lever on the demo platform, the drafted
// handover names both with their ages; the outgoing engineer hands over, the incoming one
// acknowledges; the incident's timeline shows it; the wall shows the on-call slot.

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

test('the handover names the open incident and the pulled lever with their ages; handed over, acknowledged, on the timeline and the wall', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const base = served.openUrl.split('#')[0]!;
  await page.goto(served.openUrl);
  await page.waitForSelector('header.topbar');

  // An open incident, acknowledged by the outgoing engineer.
  await page.goto(`${base}#/incidents`);
  await page.getByRole('button', { name: '◆ Declare incident' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill('UPI p99 450 ms on Royal Spin');
  await dialog.getByRole('radio', { name: /SEV2/ }).check();
  await dialog.getByRole('button', { name: 'Declare SEV2' }).click();
  await expect(page).toHaveURL(/#\/incidents\/INC-\d{6}-[0-9a-f]{6}$/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
  const header = page.getByRole('region', { name: 'Incident', exact: true });
  await header.getByRole('button', { name: 'Acknowledge…' }).click();
  await page.getByRole('dialog').getByLabel('Owner (your name)').fill('asha');
  await page.getByRole('dialog').locator('button[type="submit"]').click();
  await expect(header).toContainText('owner asha');

  // A lever pulled for it.
  await page.getByRole('button', { name: `Pull a lever for ${id} →` }).click();
  const levers = new LeversPage(page);
  await expect(levers.control('brand-deposits-off', 'royalspin')).toBeVisible({ timeout: 20_000 });
  await levers.pull('brand-deposits-off', 'royalspin', 'UPI p99 450 ms on Royal Spin');
  const freeze = levers.dialog.getByPlaceholder('name of the incident commander');
  if (await freeze.isVisible()) await freeze.fill('ravi');
  await levers.confirm();
  await expect(levers.dialog.locator('.outcome-large')).toHaveText('✓ VERIFIED');
  await levers.close();

  // The rotation: who is on call now and next, coverage, the release window.
  await page.goto(`${base}#/rotation`);
  await expect(page.getByTestId('oncall-primary')).not.toBeEmpty();
  await expect(page.getByTestId('oncall-handover')).toContainText(/your time/);
  await expect(page.getByTestId('coverage')).toBeVisible();
  await expect(page.getByTestId('window-now')).not.toBeEmpty();
  await page.screenshot({ path: screenshot('rotation.png') });

  // The handover, drafted from the console's state.
  await page.goto(`${base}#/handover`);
  const draft = page.getByTestId('handover-draft');
  await draft.getByLabel('From').fill('asha');
  await draft.getByLabel('To').fill('oliver');
  await draft.getByRole('button', { name: 'Draft the handover' }).click();
  const facts = page.getByTestId('handover-facts');
  await expect(facts).toContainText(id, { timeout: 20_000 });
  await expect(facts).toContainText(/owner asha/);
  await expect(facts).toContainText(/brand-deposits-off is pulled on Royal Spin/);
  await expect(facts.getByTestId('fact-age').first()).toContainText(/as of \d\d:\d\d UTC|not read/);
  await expect(page.getByLabel('Handover text')).toHaveValue(/Handover asha → oliver/);
  await page.getByLabel('Handover text').press('Control+End');
  await page.getByLabel('Handover text').pressSequentially('\nwatch razorpay callbacks');
  await page.screenshot({ path: screenshot('handover.png') });
  await draft.getByRole('button', { name: 'Hand over to oliver' }).click();
  const list = page.getByTestId('handover-list');
  await expect(list).toContainText(/asha → oliver/, { timeout: 20_000 });
  await list.getByLabel('Acknowledging as').fill('oliver');
  await list.getByRole('button', { name: 'Acknowledge as oliver' }).click();
  await expect(list.getByTestId('handover-ack').first()).toContainText(/acknowledged by oliver/i);

  // The incident's timeline shows the handover: asha owned it, so it is oliver's now.
  await page.goto(`${base}#/incidents/${encodeURIComponent(id)}`);
  await expect(page.getByRole('region', { name: 'Timeline' }).locator('[data-type="handover"]')).toContainText(/asha.*oliver/);
  await expect(header).toContainText('owner oliver');

  // The wall shows the on-call slot at wall size.
  const wall = await context.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await wall.goto(`${base}#/wall`);
  const slot = wall.getByTestId('wall-oncall');
  // On every slide but the rails × brands matrix (the first): within one rotation step.
  await expect(slot).toBeVisible({ timeout: 45_000 });
  await expect(slot).toContainText(/primary/i);
  await expect(slot).toContainText(/backup/i);
  await wall.screenshot({ path: screenshot('wall-oncall.png') });
  await wall.close();
});
