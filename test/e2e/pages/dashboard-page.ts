import { expect, type Locator, type Page } from '@playwright/test';

/** The Dashboard as the on-call engineer reads it. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await expect(this.page.getByRole('region', { name: 'Rails by brand' })).toBeVisible();
  }

  /** A tile of the rail × brand matrix; brand null is the rail across all brands. */
  tile(rail: string, brand: string | null): Locator {
    return this.page.locator(`.dash-tile[data-tile="${rail}:${brand ?? '*'}"]`);
  }

  get suggestions(): Locator {
    return this.page.getByLabel('Suggestions');
  }
}
