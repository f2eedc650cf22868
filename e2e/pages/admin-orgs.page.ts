// Admin > Organizations (R25): the list with its create form, and one
// organization's page (the tree of units, their counts and members, and the
// forms that change them). Locators accept English and Portuguese (Brazil).
// <summary> has no role in Playwright: the disclosures are found by text.
import { expect, type Locator, type Page } from '@playwright/test';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Admin > Organizations: the list and "New organization". */
export class AdminOrgsPage {
  readonly main: Locator;
  readonly heading: Locator;
  readonly section: Locator;
  readonly table: Locator;
  readonly name: Locator;
  readonly create: Locator;
  readonly flash: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.heading = this.main.getByRole('heading', { level: 1 });
    this.section = this.main
      .getByRole('navigation', { name: /^(Admin sections|Seções da administração)$/ })
      .getByRole('link', { name: /^(Organizations|Organizações)$/ });
    this.table = this.main.getByRole('table', { name: /^(Organizations|Organizações)$/ });
    this.name = this.main.getByLabel(/^(Name|Nome)$/);
    this.create = this.main.getByRole('button', { name: /^(Create organization|Criar organização)$/ });
    this.flash = page.locator('#flash').getByRole('status');
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin/organizations');
    await expect(this.heading).toHaveText(/^(Organizations|Organizações)$/);
  }

  /** The list's row of an organization, found by its link. */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async createOrganization(name: string): Promise<void> {
    await this.name.fill(name);
    await this.create.click();
  }
}

/** One organization's page. */
export class AdminOrgPage {
  readonly main: Locator;
  readonly heading: Locator;
  readonly flash: Locator;
  readonly newUnitName: Locator;
  readonly newUnitParent: Locator;
  readonly createUnitButton: Locator;
  readonly memberAccount: Locator;
  readonly memberUnit: Locator;
  readonly assignButton: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.heading = this.main.getByRole('heading', { level: 1 });
    this.flash = page.locator('#flash').getByRole('status');
    const newUnit = this.main.getByRole('region', { name: /^(New unit|Nova unidade)$/ });
    this.newUnitName = newUnit.getByLabel(/^(Unit name|Nome da unidade)$/);
    this.newUnitParent = newUnit.getByLabel(/^(Place under|Colocar abaixo de)$/);
    this.createUnitButton = newUnit.getByRole('button', { name: /^(Create unit|Criar unidade)$/ });
    const assign = this.main.getByRole('region', { name: /^(Add a member|Adicionar um membro)$/ });
    this.memberAccount = assign.getByLabel(/^(Account ID|ID da conta)$/);
    this.memberUnit = assign.getByLabel(/^(Unit|Unidade)$/);
    this.assignButton = assign.getByRole('button', { name: /^(Add to organization|Adicionar à organização)$/ });
  }

  /** A unit's own block (name, counts, members, edit forms), without the units under it. */
  unit(name: string): Locator {
    return this.main.getByRole('group', { name, exact: true });
  }

  /** "1 direct member · 1 in total". */
  counts(unit: string): Locator {
    return this.unit(unit).getByTestId('unit-counts');
  }

  /** The nested list of the units under a unit. */
  unitsUnder(unit: string): Locator {
    return this.main.getByRole('list', { name: new RegExp(`^(Units under|Unidades abaixo de) ${escape(unit)}$`) });
  }

  /** Chooses the option of a unit <select> whose text (indented by depth) is the unit's name, or the first ("Top level", "No unit"). */
  private async choose(select: Locator, unit: string | null): Promise<void> {
    if (unit === null) {
      await select.selectOption({ index: 0 });
      return;
    }
    const value = await select.locator('option').filter({ hasText: new RegExp(`^\\s*${escape(unit)}$`) }).getAttribute('value');
    await select.selectOption(value!);
  }

  async createUnit(name: string, parent: string | null = null): Promise<void> {
    await this.newUnitName.fill(name);
    await this.choose(this.newUnitParent, parent);
    await this.createUnitButton.click();
  }

  async assign(accountId: string, unit: string | null): Promise<void> {
    await this.memberAccount.fill(accountId);
    await this.choose(this.memberUnit, unit);
    await this.assignButton.click();
  }

  /** Opens a unit's Edit disclosure. */
  async edit(unit: string): Promise<Locator> {
    const block = this.unit(unit);
    const details = block.locator(':scope > details');
    if ((await details.getAttribute('open')) === null) await details.locator(':scope > summary').click();
    return details;
  }

  /** "Move a unit": the unit, then its new place (null: the top level). */
  async moveUnit(unit: string, parent: string | null): Promise<void> {
    const form = this.main.getByRole('region', { name: /^(Move a unit|Mover uma unidade)$/ });
    await this.choose(form.getByLabel(/^(Unit|Unidade)$/), unit);
    await this.choose(form.getByLabel(/^(Move under|Mover para baixo de)$/), parent);
    await form.getByRole('button', { name: /^(Move|Mover)$/ }).click();
  }

  /** Edit > Delete unit… > "Delete unit X": the confirmation is the second step. */
  async deleteUnit(unit: string): Promise<void> {
    const details = await this.edit(unit);
    const confirm = details.getByRole('button', { name: new RegExp(`^(Delete unit|Excluir a unidade) ${escape(unit)}$`) });
    if (!(await confirm.isVisible())) await details.locator('summary').filter({ hasText: /^(Delete unit|Excluir unidade)…$/ }).click();
    await confirm.click();
  }

  /** Remove > "Remove <account name>" in the block of a unit (or of the members without one). */
  async removeMember(where: Locator, accountName: string): Promise<void> {
    await where.locator('summary').filter({ hasText: /^(Remove|Remover)/ }).filter({ hasText: accountName }).click();
    await where.getByRole('button', { name: new RegExp(`^(Remove|Remover) ${escape(accountName)}$`) }).click();
  }

  async deleteOrganization(name: string): Promise<void> {
    await this.main.locator('summary').filter({ hasText: /^(Delete organization|Excluir organização)…$/ }).click();
    await this.main.getByRole('button', { name: new RegExp(`^(Delete|Excluir) ${escape(name)}$`) }).click();
  }
}
