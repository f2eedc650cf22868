// The admin area past the overview: its section navigation, Settings, Review,
// Shares and the revoke form, Accounts and one account, the Audit log; and the
// notifications inbox (/notifications), where the admin's decisions reach the
// accounts concerned. Locators accept English and Portuguese (Brazil), like
// the other page objects.
import { expect, type Locator, type Page } from '@playwright/test';

/** What every admin page has: the section navigation, the heading, the flash after a redirect. */
class AdminScreen {
  readonly main: Locator;
  readonly sections: Locator;
  readonly heading: Locator;
  /** Flash messages after a redirect (in the shell's #flash region). */
  readonly flash: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.sections = this.main.getByRole('navigation', { name: /^(Admin sections|Seções da administração)$/ });
    this.heading = this.main.getByRole('heading', { level: 1 });
    this.flash = page.locator('#flash').getByRole('status');
  }

  /**
   * One link of the section navigation ("Overview", "Shares", "Review", "Accounts", "Settings", "Audit log").
   * A name given as text matches whole, or followed by the link's count ("Review 1 share waiting").
   */
  section(name: string | RegExp): Locator {
    const whole = typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`) : name;
    return this.sections.getByRole('link', { name: whole });
  }

  /** Follows a section link and waits for that section's heading. */
  async open(name: string | RegExp, heading: string | RegExp = name): Promise<void> {
    await this.section(name).click();
    await expect(this.heading).toHaveText(heading);
  }
}

/** Admin > Settings: the sharing policy (R17) and the share cap (R1). */
export class AdminSettingsPage extends AdminScreen {
  readonly policy: Locator;
  readonly immediate: Locator;
  readonly review: Locator;
  readonly cap: Locator;
  readonly save: Locator;

  constructor(page: Page) {
    super(page);
    this.policy = this.main.getByRole('group', { name: /^(Sharing policy|Política de compartilhamento)$/ });
    // The radios' labels hold the policy's name and then its hint.
    this.immediate = this.policy.getByRole('radio', { name: /^(Immediate|Imediata)\b/ });
    this.review = this.policy.getByRole('radio', { name: /^(Review|Revisão)\b/ });
    this.cap = this.main.getByLabel(/^(Share cap \(accounts per image\)|Limite de compartilhamento \(contas por imagem\))$/);
    this.save = this.main.getByRole('button', { name: /^(Save changes|Salvar alterações)$/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin/settings');
    await expect(this.policy).toBeVisible();
  }

  /**
   * Chooses a policy and saves the form as it is (the cap unchanged). Waits
   * for the server's answer: the page after a save looks like the page before
   * it (same flash text on a second save), so the page alone cannot tell.
   */
  async choosePolicy(policy: 'immediate' | 'review'): Promise<void> {
    await (policy === 'review' ? this.review : this.immediate).check();
    const saved = this.page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/settings',
    );
    await this.save.click();
    expect((await saved).status(), `save the ${policy} policy`).toBe(303);
  }
}

/** Admin > Review: the shares waiting for approval under the review policy. */
export class AdminReviewPage extends AdminScreen {
  readonly approveSelected: Locator;
  readonly rejectSelected: Locator;
  readonly rejectReason: Locator;
  /** "Nothing to review" */
  readonly empty: Locator;

  constructor(page: Page) {
    super(page);
    this.approveSelected = this.main.getByRole('button', { name: /^(Approve selected|Aprovar selecionados)$/ });
    this.rejectSelected = this.main.getByRole('button', { name: /^(Reject selected|Rejeitar selecionados)$/ });
    this.rejectReason = this.main.getByLabel(/^(Reason for rejecting|Motivo da rejeição)$/);
    this.empty = this.main.getByRole('heading', { name: /^(Nothing to review|Nada para revisar)$/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin/review');
    await expect(this.heading).toHaveText(/^(Review|Revisão)$/);
  }

  /** The checkbox of the pending share of an image (its label names owner, image and recipient). */
  share(imageId: string, recipientAccountId: string): Locator {
    return this.main.getByRole('checkbox', { name: new RegExp(`\\(${imageId}, .*\\(${recipientAccountId}\\)`) });
  }
}

/** Admin > Shares: every share of every account, filtered, with revoke links and CSV export. */
export class AdminSharesPage extends AdminScreen {
  readonly filters: Locator;
  readonly owner: Locator;
  readonly recipient: Locator;
  readonly status: Locator;
  readonly apply: Locator;
  readonly table: Locator;
  /** Body rows, one per share. */
  readonly rows: Locator;
  readonly exportCsv: Locator;

  constructor(page: Page) {
    super(page);
    this.filters = this.main.getByRole('search');
    this.owner = this.filters.getByLabel(/^(Owner account|Conta proprietária)$/);
    this.recipient = this.filters.getByLabel(/^(Recipient account|Conta destinatária)$/);
    this.status = this.filters.getByLabel(/^Status$/);
    this.apply = this.filters.getByRole('button', { name: /^(Apply|Aplicar)$/ });
    this.table = this.main.getByRole('table', { name: /^(Shares|Compartilhamentos)$/ });
    this.rows = this.table.locator('tbody tr');
    this.exportCsv = this.main.getByRole('link', { name: /^(Export as CSV|Exportar como CSV)$/ });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(query ? `/admin/shares?${query}` : '/admin/shares');
    await expect(this.heading).toHaveText(/^(Shares|Compartilhamentos)$/);
  }

  async filterByOwner(accountId: string): Promise<void> {
    await this.owner.fill(accountId);
    await this.apply.click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]owner=${accountId}\\b`));
  }

  /** The row of the share of `imageId` with the recipient account. */
  row(imageId: string, recipientAccountId: string): Locator {
    return this.rows
      .filter({ has: this.page.getByText(new RegExp(`^${imageId} · `)) })
      .filter({ has: this.page.getByText(recipientAccountId, { exact: true }) });
  }

  /** A row's revoke link ("Revoke the share of <image> with <recipient name>"). */
  revokeLink(row: Locator): Locator {
    return row.getByRole('link', { name: /^(Revoke the share of|Revogar o compartilhamento de) / });
  }
}

/** The revoke form (/admin/shares/:id/revoke): a reason the owner and the recipient read. */
export class RevokeForm extends AdminScreen {
  readonly text: Locator;
  readonly reason: Locator;
  readonly submit: Locator;
  readonly cancel: Locator;

  constructor(page: Page) {
    super(page);
    this.text = this.main.getByText(/^(Image .* will no longer be shared with|A imagem .* deixará de ser compartilhada com)/);
    this.reason = this.main.getByLabel(/^(Reason|Motivo)$/);
    this.submit = this.main.getByRole('button', { name: /^(Revoke|Revogar)$/ });
    this.cancel = this.main.getByRole('link', { name: /^(Cancel|Cancelar)$/ });
  }

  async revoke(reason: string): Promise<void> {
    await this.reason.fill(reason);
    await this.submit.click();
  }
}

/** Admin > Accounts: the account list and the new-account form. */
export class AdminAccountsPage extends AdminScreen {
  readonly table: Locator;
  readonly newAccount: Locator;
  readonly name: Locator;
  readonly accountId: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly makeAdmin: Locator;
  readonly create: Locator;

  constructor(page: Page) {
    super(page);
    this.table = this.main.getByRole('table', { name: /^(Accounts|Contas)$/ });
    this.newAccount = this.main.getByRole('region', { name: /^(New account|Nova conta)$/ });
    this.name = this.newAccount.getByLabel(/^(Account name|Nome da conta)$/);
    this.accountId = this.newAccount.getByLabel(/^(Account ID \(optional\)|ID da conta \(opcional\))$/);
    this.username = this.newAccount.getByLabel(/^(First user's username|Nome de usuário do primeiro usuário)$/);
    this.password = this.newAccount.getByLabel(/^(Password|Senha)$/);
    this.makeAdmin = this.newAccount.getByRole('checkbox', { name: /^(Platform administrator|Administrador da plataforma)$/ });
    this.create = this.newAccount.getByRole('button', { name: /^(Create account|Criar conta)$/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin/accounts');
    await expect(this.newAccount).toBeVisible();
  }

  async createAccount(a: { name: string; username: string; password: string; id?: string }): Promise<void> {
    await this.name.fill(a.name);
    if (a.id) await this.accountId.fill(a.id);
    await this.username.fill(a.username);
    await this.password.fill(a.password);
    await this.create.click();
  }
}

/** One account in the admin area (/admin/accounts/:id): status, users, quotas. */
export class AdminAccountPage extends AdminScreen {
  /** "<id> · Active" under the heading. */
  readonly idAndStatus: Locator;
  readonly disable: Locator;
  readonly enable: Locator;
  readonly users: Locator;
  /** The warning shown while the account is disabled. */
  readonly disabledNote: Locator;

  constructor(page: Page) {
    super(page);
    this.idAndStatus = this.main.getByText(/^\d{10,12} · /);
    this.disable = this.main.getByRole('button', { name: /^(Disable account|Desativar conta)$/ });
    this.enable = this.main.getByRole('button', { name: /^(Enable account|Ativar conta)$/ });
    this.users = this.main.getByRole('region', { name: /^(Users|Usuários)$/ });
    this.disabledNote = this.main.getByRole('status').filter({ hasText: /^(This account is disabled|Esta conta está desativada)/ });
  }

  async goto(accountId: string): Promise<void> {
    await this.page.goto(`/admin/accounts/${accountId}`);
    await expect(this.idAndStatus).toContainText(accountId);
  }
}

/** Admin > Audit log: filters, the event table, CSV export. */
export class AuditLogPage extends AdminScreen {
  readonly filters: Locator;
  readonly account: Locator;
  readonly user: Locator;
  readonly action: Locator;
  readonly resource: Locator;
  readonly outcome: Locator;
  readonly apply: Locator;
  readonly table: Locator;
  /** Body rows, one per event, newest first. */
  readonly rows: Locator;
  readonly exportCsv: Locator;

  constructor(page: Page) {
    super(page);
    this.filters = this.main.getByRole('search');
    this.account = this.filters.getByLabel(/^(Account|Conta)$/);
    this.user = this.filters.getByLabel(/^(Username|Nome de usuário)$/);
    this.action = this.filters.getByLabel(/^(Action|Ação)$/);
    this.resource = this.filters.getByLabel(/^(Resource|Recurso)$/);
    this.outcome = this.filters.getByLabel(/^(Outcome|Resultado)$/);
    this.apply = this.filters.getByRole('button', { name: /^(Apply|Aplicar)$/ });
    this.table = this.main.getByRole('table', { name: /^(Audit log|Registro de auditoria)$/ });
    this.rows = this.table.locator('tbody tr');
    this.exportCsv = this.main.getByRole('link', { name: /^(Export as CSV|Exportar como CSV)$/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin/audit');
    await expect(this.table).toBeVisible();
  }

  /** Fills the given filters (the others are cleared) and applies them. */
  async filter(f: { account?: string; user?: string; action?: string; resource?: string; outcome?: 'ok' | 'error' | '' }) {
    await this.account.fill(f.account ?? '');
    await this.user.fill(f.user ?? '');
    await this.action.fill(f.action ?? '');
    await this.resource.fill(f.resource ?? '');
    await this.outcome.selectOption(f.outcome ?? '');
    await this.apply.click();
    await expect(this.page).toHaveURL(/\/admin\/audit\?/);
  }

  /** The rows of one action (exact match on the Action column). */
  event(action: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('cell', { name: action, exact: true }) });
  }
}

/** The notifications inbox (/notifications) and the header's bell that leads to it. */
export class NotificationsPage {
  /** The bell in the header; its name is "Notifications", then "<n> unread" when there are some. */
  readonly bell: Locator;
  /** The unread count on the bell (hidden from assistive technology, which reads the link's name). */
  readonly unreadBadge: Locator;
  readonly heading: Locator;
  readonly list: Locator;
  /** One item per notification, newest first. */
  readonly items: Locator;
  readonly markAllRead: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.bell = page.getByRole('banner').getByRole('link', { name: /^(Notifications|Notificações)\b/ });
    this.unreadBadge = this.bell.getByTestId('unread-count');
    this.heading = main.getByRole('heading', { level: 1, name: /^(Notifications|Notificações)$/ });
    this.list = main.getByRole('region', { name: /^(Notifications|Notificações)$/ });
    this.items = this.list.getByRole('listitem');
    this.markAllRead = main.getByRole('button', { name: /^(Mark all as read|Marcar todas como lidas)$/ });
    this.empty = main.getByRole('heading', { name: /^(No notifications|Nenhuma notificação)$/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/notifications');
    await expect(this.heading).toBeVisible();
  }

  /** The notifications about an image (each item carries the image's id in data-image). */
  about(imageId: string, text?: string | RegExp): Locator {
    const items = this.list.locator(`li[data-image="${imageId}"]`);
    return text ? items.filter({ hasText: text }) : items;
  }
}
