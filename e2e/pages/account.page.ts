// The Account page: identity, quota per region, change password.
import type { Locator, Page } from '@playwright/test';

export class AccountPage {
  readonly heading: Locator;
  readonly accountId: Locator;
  readonly copyAccountId: Locator;
  readonly quotaTable: Locator;
  /** One row per region (the header row has column headers only). */
  readonly quotaRows: Locator;
  readonly currentPassword: Locator;
  readonly newPassword: Locator;
  readonly confirmPassword: Locator;
  readonly changePasswordButton: Locator;
  /** Flash messages after a redirect (in the shell's #flash region). */
  readonly flash: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.accountId = main.getByTestId('account-id');
    this.copyAccountId = main.getByRole('button', { name: /^(Copy account ID|Copiar ID da conta)$/ });
    this.quotaTable = main.getByRole('table', {
      name: /^(Custom image quota by region|Cota de imagens personalizadas por região)$/,
    });
    this.quotaRows = this.quotaTable.getByRole('row').filter({ has: page.getByRole('rowheader') });
    this.currentPassword = main.getByLabel(/^(Current password|Senha atual)$/);
    this.newPassword = main.getByLabel(/^(New password|Nova senha)$/);
    this.confirmPassword = main.getByLabel(/^(Repeat the new password|Repita a nova senha)$/);
    this.changePasswordButton = main.getByRole('button', { name: /^(Change password|Alterar senha)$/ });
    this.flash = page.locator('#flash').getByRole('status');
  }

  async goto(): Promise<void> {
    await this.page.goto('/account');
  }

  async changePassword(current: string, next: string, confirm = next): Promise<void> {
    await this.currentPassword.fill(current);
    await this.newPassword.fill(next);
    await this.confirmPassword.fill(confirm);
    await this.changePasswordButton.click();
  }
}
