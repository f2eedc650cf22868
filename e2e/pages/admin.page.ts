// The admin overview: the platform's size at a glance.
import type { Locator, Page } from '@playwright/test';

export class AdminPage {
  readonly heading: Locator;
  readonly subtitle: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.subtitle = main.getByText(/^(The platform at a glance\.|A plataforma em resumo\.)$/);
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin');
  }

  /** The figure of one statistic: the <dd> next to the <dt> called `label`. */
  stat(label: string): Locator {
    const term = this.page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) });
    return this.page.getByRole('main').locator('div', { has: term }).getByRole('definition');
  }
}
