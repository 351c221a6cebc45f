import { expect, test } from '@playwright/test';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// Step 6 of the 03:14 story: the network drops. The incident is declared, noted and worked on
// one console while the platform is gone; the console says it is offline and how many events
// wait; the platform comes back and they sync by themselves; a second console (another `serve`
// on another data folder, same platform) shows them.

let platform: DemoPlatformProcess;
const consoles: ServedConsole[] = [];

test.beforeEach(async () => {
  platform = await startDemoPlatformProcess();
  for (let i = 0; i < 2; i++) {
    consoles.push(
      await startServedConsole(['--env-name', 'staging-in', '--admin-url', platform.adminUrl, '--gateway-url', platform.gatewayUrl], {
        env: { SWITCHYARD_TOKEN: 'demo-operator-token' },
      }),
    );
  }
});
test.afterEach(async () => {
  for (const c of consoles.splice(0)) await c.stop();
  await platform.kill();
});

test('offline, an incident is declared, noted and worked; it syncs when the platform is back, and a second console shows it', async ({ browser }) => {
  test.setTimeout(240_000);
  const [a, b] = consoles as [ServedConsole, ServedConsole];
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const base = a.openUrl.split('#')[0]!;
  await page.goto(a.openUrl);
  await page.waitForSelector('header.topbar');

  // The platform dies.
  await platform.kill();
  await page.goto(`${base}#/incidents`);
  await page.getByRole('button', { name: '◆ Declare incident' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill('IMPS approvals falling on every brand');
  await dialog.getByRole('radio', { name: /SEV2/ }).check();
  await dialog.getByLabel('Add a runbook').selectOption('rail-latency-spike');
  await dialog.getByRole('button', { name: 'Declare SEV2' }).click();
  await expect(page).toHaveURL(/#\/incidents\/INC-\d{6}-[0-9a-f]{6}$/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

  // Notes and two checklist steps, all on this console.
  for (const text of ['IMPS approval 71 % on every brand', 'razorpay says their IMPS switch is degraded']) {
    await page.getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(text);
  }
  const list = page.getByRole('region', { name: 'Runbook checklists' }).getByRole('article', { name: 'Checklist rail-latency-spike' });
  await list.getByRole('checkbox', { name: /Snapshot gateway \/health/ }).check();
  await list.getByRole('checkbox', { name: /Identify the slow rail/ }).check();
  await expect(list.getByLabel('Progress')).toContainText(/2 of \d+ steps done/);

  // The console says it is offline and how many events wait: declared, runbook attached, 2 notes, 2 ticks.
  const badge = page.getByTestId('incident-sync');
  await expect(badge).toContainText(/6 events waiting/, { timeout: 30_000 });
  await expect(badge).toContainText(/offline since|connection refused|unreachable/i, { timeout: 30_000 });
  await badge.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot('incident-offline.png') });

  // The platform is back (empty: it is a fresh demo); the outbox sends by itself, in order.
  await platform.restart();
  await expect(badge).toContainText(/Synced/, { timeout: 120_000 });
  await expect(badge).not.toContainText(/waiting/);

  // A second console on its own data folder pulls it: the same notes and the same ticks.
  const other = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await other.goto(b.openUrl);
  await other.waitForSelector('header.topbar');
  await other.goto(`${b.openUrl.split('#')[0]}#/incidents/${encodeURIComponent(id)}`);
  const timeline = other.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('razorpay says their IMPS switch is degraded', { timeout: 60_000 });
  await expect(timeline).toContainText('IMPS approval 71 % on every brand');
  await expect(other.getByRole('region', { name: 'Runbook checklists' }).getByLabel('Progress')).toContainText(/2 of \d+ steps done/);
  await expect(other.getByTestId('incident-sync')).toContainText(/Synced/);
  await other.screenshot({ path: screenshot('incident-second-console.png') });
});
