// The owner's lifecycle panel of the image detail page (R21, R22), the
// deprecate form it leads to, and what every viewer is told.
import { expect, type Locator, type Page } from '@playwright/test';

export class LifecyclePanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Lifecycle' });
  }

  /** The warning every viewer of a deprecated image reads. */
  get deprecatedNotice(): Locator {
    return this.page.getByTestId('deprecated-notice');
  }

  get protectionState(): Locator {
    return this.panel.getByTestId('protection-state');
  }

  async goto(imageId: string) {
    await this.page.goto(`/images/${imageId}`);
    await expect(this.panel).toBeVisible();
  }

  async openDeprecate() {
    await this.panel.getByRole('link', { name: 'Deprecate…' }).click();
    await expect(this.page.getByRole('heading', { name: 'Deprecate image' })).toBeVisible();
  }

  /** On the deprecate form: deprecates now, naming a successor by its image id. */
  async deprecateNow(successorId: string) {
    await this.page.getByRole('radio', { name: 'Now' }).check();
    await this.page.getByLabel('Successor (optional)').selectOption(successorId);
    await this.page.getByRole('button', { name: 'Deprecate' }).click();
  }

  async setProtection(on: boolean) {
    await this.panel.getByRole('button', { name: on ? 'Turn on deletion protection' : 'Turn off deletion protection' }).click();
  }
}
