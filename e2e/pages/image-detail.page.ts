// The image detail page and the copy and delete pages it leads to.
import { expect, type Locator, type Page } from '@playwright/test';

export class ImageDetailPage {
  constructor(readonly page: Page) {}

  /** The live block with the state, the actions and the copies. */
  get status(): Locator {
    return this.page.locator('#image-status');
  }

  async expectState(state: string, timeout = 15_000) {
    await expect(this.status.locator('dd').getByText(state, { exact: true }).first()).toBeVisible({ timeout });
  }

  /** The id shown under the heading. */
  async imageId(): Promise<string> {
    return (await this.page.locator('h1 + p').textContent())!.trim();
  }

  async rename(name: string) {
    const form = this.page.getByRole('region', { name: 'Name and description' });
    await form.getByLabel('Image name').fill(name);
    await form.getByRole('button', { name: 'Save changes' }).click();
  }

  async copyTo(regionLabels: string[]) {
    await this.status.getByRole('link', { name: 'Copy to regions' }).click();
    await expect(this.page.getByRole('heading', { name: 'Copy image to other regions' })).toBeVisible();
    for (const label of regionLabels) await this.page.getByLabel(label).check();
    await this.page.getByRole('button', { name: 'Start copying' }).click();
  }

  copy(region: string): Locator {
    return this.page.locator(`[data-copy-region="${region}"]`);
  }

  async delete() {
    await this.status.getByRole('link', { name: 'Delete' }).click();
    await expect(this.page.getByRole('heading', { name: 'Delete image?' })).toBeVisible();
    await this.page.getByRole('button', { name: 'Delete image' }).click();
  }
}
