import { expect, type Locator, type Page } from '@playwright/test';

/** The Levers page and its dialogs, as the on-call engineer uses them. */
export class LeversPage {
  readonly dialog: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Lever' });
  }

  async goto() {
    await this.page.getByRole('button', { name: 'Levers', exact: true }).click();
    await expect(this.page.locator('.lever-control').first()).toBeVisible();
  }

  control(lever: string, target: string): Locator {
    return this.page.locator(`.lever-control[data-lever="${lever}"][data-target="${target}"]`);
  }

  async pull(lever: string, target: string, reason: string) {
    await this.control(lever, target).getByRole('button', { name: 'Pull…' }).click();
    await expect(this.dialog.getByRole('heading', { name: /^Pull:/ })).toBeVisible();
    await this.dialog.getByLabel(/Reason/).fill(reason);
  }

  async confirm() {
    await this.dialog.getByRole('button', { name: /^(Pull|Release) lever in/ }).click();
    await expect(this.dialog.locator('.outcome-large')).toBeVisible({ timeout: 30_000 });
  }

  async close() {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
