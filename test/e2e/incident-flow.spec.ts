import { expect, test, type Page } from '@playwright/test';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { DashboardPage } from './pages/dashboard-page.ts';
import { LeversPage } from './pages/levers-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// Steps 1–5 of the 03:14 story end to end, against `serve` and a separate demo platform:
// a UPI latency breach → declare the suggested SEV2 from the dashboard → acknowledge → work
// the runbook's checklist → pull a brand lever *for the incident* (on its timeline, linked to
// the audit record) → a status update → the wall shows the incident with its clocks → resolve
// → the postmortem drafted from the timeline with the incident's own chart → Markdown export.

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

async function act(page: Page, button: string, fill?: { label: string | RegExp; value: string }) {
  const header = page.getByRole('region', { name: 'Incident', exact: true });
  const dialog = page.getByRole('dialog');
  await header.getByRole('button', { name: button }).click();
  if (fill) await dialog.getByLabel(fill.label).fill(fill.value);
  await dialog.locator('button[type="submit"]').click();
  await expect(dialog).toBeHidden();
}

test('a breach becomes an incident, worked, mitigated with a lever, resolved, and written up', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(served.openUrl);
  const dash = new DashboardPage(page);
  await dash.goto();
  await expect(dash.tile('upi', null)).toHaveAttribute('data-state', /^(ok|watch)$/, { timeout: 30_000 });

  // 03:14: UPI's p99 crosses its limit; the dashboard suggests a SEV2 with its runbook.
  await platform.scenario({ rails: { upi: { p99_ms: 450, p50_ms: 180 } } });
  const suggestion = dash.suggestions.locator('li').filter({ hasText: 'upi' });
  await expect(suggestion).toContainText('SEV2', { timeout: 30_000 });
  await suggestion.getByRole('button', { name: 'Declare SEV2…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Title')).toHaveValue(/upi/i);
  await expect(dialog.getByRole('radio', { name: /SEV2/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Declare SEV2' }).click();
  await expect(page).toHaveURL(/#\/incidents\/INC-\d{6}-[0-9a-f]{6}$/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
  const header = page.getByRole('region', { name: 'Incident', exact: true });
  const timeline = page.getByRole('region', { name: 'Timeline' });
  // The breach's figures are the declaration's, and the runbook is attached as a checklist.
  await expect(timeline.locator('[data-type="declared"]')).toContainText(/p99/);
  const list = page.getByRole('region', { name: 'Runbook checklists' }).getByRole('article', { name: 'Checklist rail-latency-spike' });
  await expect(list).toBeVisible();

  await act(page, 'Acknowledge…', { label: 'Owner (your name)', value: 'asha' });
  await expect(header).toContainText('owner asha');
  await list.getByRole('checkbox', { name: /Snapshot gateway \/health/ }).check();
  await list.getByRole('checkbox', { name: /Identify the slow rail/ }).check();
  await expect(list.getByLabel('Progress')).toContainText(/2 of \d+ steps done/);

  // Mitigate with the narrowest lever, for this incident: the dialog carries its id.
  await page.getByRole('button', { name: `Pull a lever for ${id} →` }).click();
  const levers = new LeversPage(page);
  await expect(levers.control('brand-deposits-off', 'royalspin')).toBeVisible({ timeout: 20_000 });
  await levers.pull('brand-deposits-off', 'royalspin', 'UPI p99 450 ms on Royal Spin; provider timeouts');
  await expect(levers.dialog.getByLabel('Incident (optional)')).toHaveValue(id);
  // In the weekly release freeze (Fri–Sun) the lever needs the commander's name: a bypass of change control.
  const freeze = levers.dialog.getByPlaceholder('name of the incident commander');
  if (await freeze.isVisible()) await freeze.fill('ravi');
  await levers.confirm();
  await expect(levers.dialog.locator('.outcome-large')).toHaveText('✓ VERIFIED');
  await levers.close();

  await page.goto(`${served.openUrl.split('#')[0]}#/incidents/${encodeURIComponent(id)}`);
  const panel = page.getByRole('region', { name: 'Levers for this incident' });
  await expect(panel).toContainText('brand-deposits-off');
  await expect(panel).toContainText('✓ VERIFIED');
  const leverRow = timeline.locator('[data-type="lever_executed"]');
  await expect(leverRow).toContainText('royalspin');
  await expect(leverRow.getByRole('link', { name: /audit #\d+/ })).toHaveAttribute('href', /#\/audit/);

  // A status update, then the wall shows the open incident with its clocks.
  const status = page.getByRole('region', { name: 'Status updates' });
  await status.getByRole('textbox', { name: 'What we are doing', exact: true }).fill('deposits off for Royal Spin while razorpay recovers');
  await status.getByRole('button', { name: 'Record internal update' }).click();
  await expect(status.getByRole('list', { name: 'Sent status updates' })).toContainText('deposits off for Royal Spin');
  // The picture for the README: the header with its clocks and the timeline, from the top.
  await header.scrollIntoViewIfNeeded();
  await page.evaluate('document.querySelectorAll("main, .page, [data-scroll]").forEach((el) => { el.scrollTop = 0; }); window.scrollTo(0, 0);');
  await page.screenshot({ path: screenshot('incident-view.png') });

  const wall = await context.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await wall.goto(`${served.openUrl.split('#')[0]}#/wall`);
  const onWall = wall.getByTestId('wall-incidents');
  await expect(onWall).toContainText(id, { timeout: 30_000 });
  await expect(onWall).toContainText(/status update due in/);
  await wall.screenshot({ path: screenshot('wall-incident.png') });
  await wall.close();

  await act(page, 'Resolve…', { label: /What was done/, value: 'razorpay recovered; p99 back to 120 ms' });
  await expect(header).toContainText('RESOLVED');

  // The postmortem, drafted from the timeline, with the incident's own p99 chart (kept in SQLite).
  await page.getByRole('navigation', { name: 'Incident views' }).getByRole('link', { name: 'Postmortem' }).click();
  await expect(page).toHaveURL(new RegExp(`#/incidents/${id}/postmortem$`));
  const charts = page.getByRole('region', { name: 'The incident’s metrics' });
  await expect(charts.locator('figure[data-chart]').first()).toBeVisible({ timeout: 20_000 });
  await expect(charts.locator('figure[data-chart] svg path.recharts-curve').first()).toBeVisible();
  await page.getByRole('button', { name: 'Draft from the timeline' }).click();
  const editor = page.getByRole('textbox', { name: 'Postmortem Markdown' });
  await expect(editor).toHaveValue(/^Postmortem: SEV2 /);
  const md = await editor.inputValue();
  expect(md).toContain('## Timeline (UTC)');
  expect(md).toMatch(/declared/i);
  expect(md).toMatch(/brand-deposits-off|deposits off/i);
  expect(md).toMatch(/resolved/i);
  expect(md).toContain('## Action Items');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.screenshot({ path: screenshot('postmortem.png') });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Markdown' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${id}-postmortem.md`);
  const exported = await new Promise<string>((ok, fail) => {
    void file.createReadStream().then((stream) => {
      let text = '';
      stream.on('data', (d: Buffer) => (text += d.toString()));
      stream.on('end', () => ok(text));
      stream.on('error', fail);
    }, fail);
  });
  expect(exported).toBe(md);
});
