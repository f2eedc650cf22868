// The signed-in shell: the header every console page shares (navigation,
// region and language menus, account ID with copy button, user menu).
import type { Locator, Page } from '@playwright/test';

export class Shell {
  readonly banner: Locator;
  readonly nav: Locator;
  /** The account ID next to its copy button. */
  readonly accountId: Locator;
  readonly copyAccountId: Locator;
  /** The <summary> of the region menu; its label names the current region ("Region: X. Change region"). */
  readonly regionMenu: Locator;
  /** The <summary> of the language menu. */
  readonly languageMenu: Locator;

  constructor(readonly page: Page) {
    this.banner = page.getByRole('banner');
    this.nav = this.banner.getByRole('navigation');
    this.accountId = this.banner.getByTestId('header-account-id');
    this.copyAccountId = this.banner.getByRole('button', { name: /^(Copy account ID|Copiar ID da conta)$/ });
    // Playwright gives <summary> no role, so the menus are found by their aria-label.
    this.regionMenu = this.banner.getByLabel(/^(Region|Região): .*\. (Change region|Mudar de região)$/);
    this.languageMenu = this.banner.getByLabel(/^(Language|Idioma)$/);
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  /** Opens the region menu and follows the link to `regionName` (as the menu shows it). */
  async switchRegion(regionName: string): Promise<void> {
    await this.regionMenu.click();
    await this.banner.getByRole('link', { name: regionName, exact: true }).click();
  }

  /** Opens the language menu and chooses `languageName` ("English", "Português (Brasil)"). */
  async switchLanguage(languageName: string): Promise<void> {
    await this.languageMenu.click();
    await this.banner.getByRole('button', { name: languageName, exact: true }).click();
  }

  /** The user menu's <summary> shows the username (it has no label of its own). */
  userMenu(username: string): Locator {
    return this.banner.getByText(username, { exact: true });
  }

  async signOut(username: string): Promise<void> {
    await this.userMenu(username).click();
    await this.banner.getByRole('button', { name: /^(Sign out|Sair)$/ }).click();
  }
}
