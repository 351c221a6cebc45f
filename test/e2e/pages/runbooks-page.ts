import { expect, type Locator, type Page } from '@playwright/test';

/** The Runbooks page as an on-call engineer uses it. */
export class RunbooksPage {
  readonly search: Locator;
  readonly results: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByRole('searchbox', { name: 'Search runbooks' });
    this.results = page.getByRole('list', { name: 'Runbooks' }).locator('button.result');
    this.count = page.locator('.result-count');
  }

  /** The Dashboard is the landing page: the runbooks are one click away. */
  async goto() {
    await this.page.getByRole('link', { name: 'Runbooks', exact: true }).click();
    await expect(this.search).toBeVisible();
  }

  result(id: string): Locator {
    return this.page.locator(`button.result[data-runbook-id="${id}"]`);
  }

  async searchFor(text: string) {
    await this.search.fill(text);
    await expect(this.count).toContainText(`for “${text}”`);
  }

  async open(id: string) {
    await this.result(id).click();
    await expect(this.page.getByRole('article')).toBeVisible();
  }

  get article(): Locator {
    return this.page.getByRole('article');
  }

  codeBlocks(): Locator {
    return this.article.locator('.code-block');
  }

  async openHistory() {
    await this.page.getByRole('tab', { name: 'Version history' }).click();
    await expect(this.page.getByRole('table', { name: 'Version history' })).toBeVisible();
  }
}
