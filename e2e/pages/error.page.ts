// The error page (404 and friends), in the app shell when signed in and bare
// when signed out.
import type { Locator, Page } from '@playwright/test';

export class ErrorPage {
  readonly status: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.status = main.getByText(/^\d{3}$/);
  }
}
