import { expect, type Locator, type Page } from '@playwright/test';

/** The Levers page and its dialogs, as the on-call engineer uses them. */
export class LeversPage {
  readonly dialog: Locator;
  readonly pulledNow: Locator;
  readonly brands: Locator;
  constructor(readonly page: Page) {
    // The lever dialog is named by its title ("Pull: …", "✗ … refused", "Recovery complete").
    this.dialog = page.locator('[role="dialog"].lever-modal');
    this.pulledNow = page.getByRole('region', { name: 'Pulled now' });
    this.brands = page.getByRole('region', { name: 'Brands' });
  }

  async goto() {
    await this.page.getByRole('link', { name: 'Levers', exact: true }).click();
    await expect(this.page.locator('.lever-control').first()).toBeVisible();
  }

  control(lever: string, target: string): Locator {
    return this.page.locator(`.lever-control[data-lever="${lever}"][data-target="${target}"]`);
  }

  /** The button that pulls (engage) or releases a lever on a target, whatever its words. */
  button(lever: string, target: string, action: 'engage' | 'release'): Locator {
    return this.control(lever, target).locator(`button[data-action="${action}"]`);
  }

  async pull(lever: string, target: string, reason: string) {
    await this.button(lever, target, 'engage').click();
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
