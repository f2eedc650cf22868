// The Recycle bin of one region (R23): deleted custom images with their time
// left, Restore, and Delete permanently after a confirmation.
import { expect, type Locator, type Page } from '@playwright/test';

export class RecycleBinPage {
  readonly heading: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('main').getByRole('heading', { level: 1 });
    this.table = page.getByRole('main').getByRole('table', { name: 'Deleted custom images in this region' });
  }

  async goto(region: string): Promise<void> {
    await this.page.goto(`/images/recycle-bin?region=${region}`);
    await expect(this.heading).toHaveText('Recycle bin');
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }

  restoreButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Restore ${name}`, exact: true });
  }

  deleteLink(name: string): Locator {
    return this.page.getByRole('link', { name: `Delete ${name} permanently`, exact: true });
  }

  emptyState(): Locator {
    return this.page.getByRole('heading', { name: 'The recycle bin is empty' });
  }
}
