import { expect, type Locator, type Page } from '@playwright/test';

/** The top bar every page shares: the navigation links, the lever chip, the shortcuts. */
export class ConsoleShell {
  readonly nav: Locator;
  readonly leverChip: Locator;
  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.leverChip = page.getByTestId('lever-chip');
  }

  link(name: 'Dashboard' | 'Levers' | 'Runbooks' | 'Audit' | 'Settings'): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  async go(name: 'Dashboard' | 'Levers' | 'Runbooks' | 'Audit' | 'Settings') {
    await this.link(name).click();
    await expect(this.link(name)).toHaveAttribute('aria-current', 'page');
  }
}
