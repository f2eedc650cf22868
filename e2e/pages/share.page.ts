// Sharing screens: the share dialog, the cancel-sharing dialog, and the
// image detail's share list and history. Locators accept English and
// Portuguese (Brazil), like the other page objects.
import { expect, type Locator, type Page } from '@playwright/test';

/** The share dialog (/images/:id/share). */
export class ShareDialog {
  readonly heading: Locator;
  readonly accounts: Locator;
  /** "12 of 50 used" (or "12 of 50 used, 3 to add" while typing), refreshed live. */
  readonly counter: Locator;
  /** A problem of the whole request, under the counter (the share cap). */
  readonly problem: Locator;
  /** The verdict list: one item per typed account. */
  readonly verdicts: Locator;
  /** The R10 notice: its title and text. */
  readonly riskTitle: Locator;
  readonly riskText: Locator;
  readonly riskCheckbox: Locator;
  /** The message under the risk checkbox when the server refused an unconfirmed share. */
  readonly riskError: Locator;
  /** A refusal of the whole request, above the form. */
  readonly formError: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: /^(Share image|Compartilhar imagem)$/ });
    this.accounts = main.getByLabel(/^(Account IDs|IDs de conta)$/);
    this.counter = main.getByTestId('share-counter');
    this.problem = main.getByTestId('share-problem');
    this.verdicts = main.getByRole('list', { name: /^(Accounts you entered|Contas informadas)$/ });
    this.riskTitle = main.getByRole('heading', { name: /^(Before you share|Antes de compartilhar)$/ });
    this.riskText = main.getByText(/^(Data and software in this image may leak\.|Dados e software desta imagem podem vazar\.)/);
    this.riskCheckbox = main.getByRole('checkbox', {
      name: /^(I understand these risks and want to share this image\.|Entendo esses riscos e quero compartilhar esta imagem\.)$/,
    });
    this.riskError = main.locator('#field-risk-error');
    this.formError = main.getByTestId('form-error');
    this.submit = main.getByRole('button', { name: /^(Share|Compartilhar)$/ });
  }

  async goto(imageId: string): Promise<void> {
    await this.page.goto(`/images/${imageId}/share`);
    await expect(this.heading).toBeVisible();
  }

  /** The verdict line of one typed account ("Ready to share" or what is wrong). */
  verdict(accountId: string): Locator {
    return this.verdicts.locator(`li[data-account="${accountId}"]`);
  }

  /** Types (pastes) the account IDs as one text and waits for the live check to list the last of them. */
  async enterAccounts(ids: string[], separator = '\n'): Promise<void> {
    // The live check listens once htmx has processed the page: typing into a
    // dialog still loading (just navigated to) would go unchecked.
    await this.page.waitForLoadState('load');
    await this.accounts.fill(ids.join(separator));
    await expect(this.verdict(ids[ids.length - 1])).toBeVisible();
  }

  /** Fills the dialog and submits it; `acceptRisk: false` leaves the R10 checkbox unticked. */
  async share(ids: string[], opts: { acceptRisk?: boolean } = {}): Promise<void> {
    await this.enterAccounts(ids);
    if (opts.acceptRisk ?? true) await this.riskCheckbox.check();
    await this.submit.click();
  }
}

/** The cancel-sharing dialog (/images/:id/shares/cancel). */
export class CancelShareDialog {
  readonly heading: Locator;
  readonly recipients: Locator;
  readonly selectAll: Locator;
  readonly cancelSelected: Locator;
  readonly cancelAll: Locator;
  /** "This image is not shared with anyone." */
  readonly none: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: /^(Cancel sharing|Cancelar compartilhamento)$/ });
    this.recipients = main.getByRole('group', { name: /^(Recipients|Destinatários)$/ });
    this.selectAll = main.getByRole('checkbox', { name: /^(Select all|Selecionar todas)$/ });
    this.cancelSelected = main.getByRole('button', {
      name: /^(Cancel sharing with selected accounts|Cancelar compartilhamento com as contas selecionadas)$/,
    });
    this.cancelAll = main.getByRole('button', { name: /^(Cancel all shares|Cancelar todos os compartilhamentos)$/ });
    this.none = main.getByText(/^(This image is not shared with anyone\.|Esta imagem não está compartilhada com ninguém\.)$/);
  }

  async goto(imageId: string): Promise<void> {
    await this.page.goto(`/images/${imageId}/shares/cancel`);
    await expect(this.heading).toBeVisible();
  }

  /** The checkbox of one recipient (its label holds the account's name and ID). */
  recipient(accountId: string): Locator {
    return this.recipients.getByRole('checkbox', { name: new RegExp(`\\b${accountId}\\b`) });
  }
}

/**
 * The owner's view of an image's shares on its detail page: the Overview tab
 * (/images/:id) with the actions, the Sharing tab (?tab=sharing) with the
 * recipients, and the History tab (?tab=history).
 */
export class ImageShares {
  readonly section: Locator;
  readonly table: Locator;
  /** Body rows of the "Shared with" table, one per live share. */
  readonly rows: Locator;
  /** "Not shared with any account." */
  readonly none: Locator;
  readonly history: Locator;
  /** The detail page's tabs, e.g. "Sharing 2" (the name ends with its count). */
  readonly tabs: Locator;
  readonly overviewTab: Locator;
  readonly sharingTab: Locator;
  readonly historyTab: Locator;
  /** The detail page's actions, in the Overview tab's "Attributes" card. */
  readonly actions: Locator;
  /** Share and Cancel sharing: among the Overview's actions, and on the Sharing tab. */
  readonly shareLink: Locator;
  readonly cancelLink: Locator;
  readonly copyLink: Locator;
  readonly deleteLink: Locator;
  readonly launchLink: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.section = main.getByRole('region', { name: /^(Shared with|Compartilhada com)$/ });
    this.table = this.section.getByRole('table');
    this.rows = this.table.locator('tbody tr');
    this.none = this.section.getByText(/^(Not shared with any account\.|Não compartilhada com nenhuma conta\.)$/);
    this.history = main.getByRole('region', { name: /^(Sharing history|Histórico de compartilhamento)$/ });
    this.tabs = main.getByRole('navigation', { name: /^(Image details|Detalhes da imagem)$/ });
    this.overviewTab = this.tabs.getByRole('link', { name: /^(Overview|Visão geral)$/ });
    this.sharingTab = this.tabs.getByRole('link', { name: /^(Sharing|Compartilhamento) \d+$/ });
    this.historyTab = this.tabs.getByRole('link', { name: /^(History|Histórico) \d+$/ });
    this.actions = main.getByRole('region', { name: /^(Attributes|Atributos)$/ });
    this.shareLink = main.getByRole('link', { name: /^(Share|Compartilhar)$/ });
    this.cancelLink = main.getByRole('link', { name: /^(Cancel sharing|Cancelar compartilhamento)$/ });
    this.copyLink = this.actions.getByRole('link', { name: /^(Copy to regions|Copiar para regiões)$/ });
    this.deleteLink = this.actions.getByRole('link', { name: /^(Delete|Excluir)$/ });
    this.launchLink = this.actions.getByRole('link', { name: /^(Launch instance|Criar instância)$/ });
  }

  /** The Overview tab, with the attributes and the actions. */
  async goto(imageId: string): Promise<void> {
    await this.page.goto(`/images/${imageId}`);
    await expect(this.actions).toBeVisible();
  }

  /** The Sharing tab, with the recipients. */
  async gotoSharing(imageId: string): Promise<void> {
    await this.page.goto(`/images/${imageId}?tab=sharing`);
    await expect(this.section).toBeVisible();
  }

  /** The History tab. */
  async gotoHistory(imageId: string): Promise<void> {
    await this.page.goto(`/images/${imageId}?tab=history`);
    await expect(this.history).toBeVisible();
  }

  /** The row of one recipient (account name, ID, status, since). */
  recipient(accountId: string): Locator {
    return this.table.locator(`tr[data-recipient="${accountId}"]`);
  }
}
