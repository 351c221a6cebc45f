import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

/** The Incidents pages, as the on-call engineer reaches them (kept beside the one spec that uses them). */
class IncidentsUi {
  readonly chip: Locator;
  readonly dialog: Locator;
  readonly header: Locator;
  constructor(readonly page: Page) {
    this.chip = page.getByTestId('incident-chip');
    this.dialog = page.getByRole('dialog');
    this.header = page.getByRole('region', { name: 'Incident', exact: true });
  }
  clock(kind: string): Locator {
    return this.header.locator(`.clock-card[data-clock="${kind}"]`);
  }
  async act(button: string, fill?: { label: string | RegExp; value: string }) {
    await this.header.getByRole('button', { name: button }).click();
    if (fill) await this.dialog.getByLabel(fill.label).fill(fill.value);
    await this.dialog.locator('button[type="submit"]').click();
    await expect(this.dialog).toBeHidden();
  }
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

test('declare from the Incidents page, acknowledge, work a runbook checklist, post a status update, resolve', async ({ page }) => {
  const served = await startServedConsole();
  try {
    // The 3 AM laptop.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.openUrl);
    await expect(page.getByTestId('demo-banner')).toBeVisible();
    const ui = new IncidentsUi(page);
    await expect(ui.chip).toHaveAccessibleName('no open incident');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Open incidents' })).toContainText('No open incident on this console.');

    // Declare: SEV2, the UPI rail, a first symptom five minutes ago.
    await page.getByRole('button', { name: 'Declare incident' }).click();
    await expect(ui.dialog.getByRole('heading', { name: /Declare an incident/ })).toBeVisible();
    await ui.dialog.getByLabel('Title').fill('UPI p99 latency over 200 ms on Royal Spin');
    await ui.dialog.getByRole('radio', { name: /SEV2/ }).check();
    await ui.dialog.getByRole('group', { name: 'Rails' }).getByRole('button', { name: 'upi' }).click();
    await ui.dialog.getByLabel('Summary').fill('Deposits on UPI time out for Royal Spin players; provider razorpay slow.');
    await ui.dialog.getByLabel(/First symptom at/).fill(hhmm(Date.now() - 5 * 60_000));
    await page.screenshot({ path: screenshot('incident-declare.png') });
    await ui.dialog.getByRole('button', { name: 'Declare SEV2' }).click();

    await expect(page).toHaveURL(/#\/incidents\/INC-\d{6}-[0-9a-f]{6}$/);
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await expect(ui.header).toContainText('UPI p99 latency over 200 ms on Royal Spin');
    await expect(ui.header).toContainText('DECLARED');
    await expect(ui.clock('ack')).toHaveAttribute('data-state', /running|approaching/);
    await expect(ui.clock('ack')).toContainText(/ack due in 1[0-4] min/);
    await expect(ui.clock('fix')).toContainText(/fix due in 3 h 5\d min/);
    await expect(ui.clock('status_update')).toContainText(/status update due in 2\d min/);
    // The top bar now names it, with its most urgent clock, and links to it.
    await expect(ui.chip).toContainText(`SEV2 ${id} ack in 1`);
    await expect(ui.chip).toHaveAttribute('href', `#/incidents/${id}`);
    // At 1280 px the top bar still holds everything, the chip included, without cutting any off.
    const cut = await page.locator('header.topbar').evaluate((el) =>
      Array.from(el.children)
        .filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right + 0.5 || (c instanceof HTMLElement && c.scrollWidth > c.clientWidth + 1))
        .map((c) => c.textContent),
    );
    expect(cut, 'cut off in the top bar').toEqual([]);
    // The first symptom is on the timeline at its own time, before the declaration.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.locator('[data-type="note_added"]')).toContainText('First symptom.');
    await page.screenshot({ path: screenshot('incident-declared.png') });

    // Acknowledge: names the owner.
    await ui.act('Acknowledge…', { label: 'Owner (your name)', value: 'asha' });
    await expect(ui.header).toContainText('ACKNOWLEDGED');
    await expect(ui.header).toContainText('owner asha');
    await expect(ui.clock('ack')).toHaveAttribute('data-state', 'met');
    await expect(timeline).toContainText('Acknowledged — owner asha');

    // Attach the runbook and tick two steps: each tick is on the incident, with who and when.
    const checklists = page.getByRole('region', { name: 'Runbook checklists' });
    await checklists.getByLabel('Runbook to attach').selectOption('rail-latency-spike');
    await checklists.getByRole('button', { name: 'Attach', exact: true }).click();
    const list = checklists.getByRole('article', { name: 'Checklist rail-latency-spike' });
    await expect(list.getByLabel('Progress')).toContainText(/0 of \d+ steps done/);
    await list.getByRole('checkbox', { name: /Snapshot gateway \/health/ }).check();
    await expect(list.getByLabel('Progress')).toContainText(/1 of \d+ steps done/);
    await list.getByRole('checkbox', { name: /Identify the slow rail/ }).check();
    await expect(list.getByLabel('Progress')).toContainText(/2 of \d+ steps done/);
    await expect(list.getByRole('checkbox', { name: /Snapshot gateway \/health/ })).toBeChecked();
    await expect(timeline).toContainText('☑ Ticked (rail-latency-spike): Identify the slow rail(s) with p99 per rail');

    // A status update from the template: what is affected, what we are doing, next update time.
    const status = page.getByRole('region', { name: 'Status updates' });
    await status.getByRole('textbox', { name: 'What we are doing', exact: true }).fill('halting UPI deposits for Royal Spin while razorpay recovers');
    await expect(status.getByRole('textbox', { name: 'Message', exact: true })).toHaveValue(/Affected: UPI payments\nDoing: halting UPI deposits for Royal Spin while razorpay recovers\nNext update: by \d\d:\d\d UTC/);
    await status.getByRole('button', { name: 'Record internal update' }).click();
    await expect(status.getByRole('list', { name: 'Sent status updates' })).toContainText('halting UPI deposits for Royal Spin');
    await expect(ui.clock('status_update')).toContainText(/status update due in (29|30) min/);
    await page.screenshot({ path: screenshot('incident-working.png'), fullPage: true });
    await page.screenshot({ path: screenshot('incident-working-fold.png') });

    // Resolve: the fix clock is met, the postmortem clock starts.
    await ui.act('Resolve…', { label: /What was done/, value: 'razorpay recovered; p99 back to 120 ms' });
    await expect(ui.header).toContainText('RESOLVED');
    await expect(ui.clock('fix')).toHaveAttribute('data-state', 'met');
    await expect(ui.clock('postmortem')).toContainText('postmortem due in');
    await expect(ui.chip).toHaveAccessibleName('no open incident');

    // History lists it.
    await page.getByRole('link', { name: '← Incidents' }).click();
    await expect(page.getByRole('region', { name: 'Incident history' })).toContainText('UPI p99 latency over 200 ms on Royal Spin');
    await page.screenshot({ path: screenshot('incidents-list.png') });
  } finally {
    await served.stop();
  }
});
