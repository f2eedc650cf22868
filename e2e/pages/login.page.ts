// The sign-in page (bare layout: no header).
import type { Locator, Page } from '@playwright/test';

export class LoginPage {
  readonly heading: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** The sign-in error (role=alert): wrong credentials, rate limit. */
  readonly error: Locator;
  /** Flash messages after a redirect (role=status), e.g. "You have signed out." */
  readonly flash: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.username = page.getByLabel(/^(Username|Nome de usuário)$/);
    this.password = page.getByLabel(/^(Password|Senha)$/);
    this.submit = page.getByRole('button', { name: /^(Sign in|Entrar)$/ });
    this.error = page.getByRole('alert');
    this.flash = page.getByRole('main').getByRole('status');
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** The language buttons under the form ("English", "Português (Brasil)"). */
  languageButton(languageName: string): Locator {
    return this.page.getByRole('button', { name: languageName, exact: true });
  }
}
