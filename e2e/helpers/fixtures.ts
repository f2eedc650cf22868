// The `test` every spec imports: Playwright's, plus one page object per screen
// bound to the test's page.
import { test as base } from '@playwright/test';
import { AccountPage } from '../pages/account.page';
import { AdminPage } from '../pages/admin.page';
import { ErrorPage } from '../pages/error.page';
import { ImagesPage } from '../pages/images.page';
import { LoginPage } from '../pages/login.page';
import { Shell } from '../pages/shell.page';

export interface Screens {
  loginPage: LoginPage;
  shell: Shell;
  imagesPage: ImagesPage;
  accountPage: AccountPage;
  adminPage: AdminPage;
  errorPage: ErrorPage;
}

export const test = base.extend<Screens>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  shell: async ({ page }, use) => use(new Shell(page)),
  imagesPage: async ({ page }, use) => use(new ImagesPage(page)),
  accountPage: async ({ page }, use) => use(new AccountPage(page)),
  adminPage: async ({ page }, use) => use(new AdminPage(page)),
  errorPage: async ({ page }, use) => use(new ErrorPage(page)),
});

export { expect } from '@playwright/test';
