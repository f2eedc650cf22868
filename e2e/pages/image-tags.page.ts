// Tags that travel (R24): the tags section of the image detail page (the
// owner's key/value rows, or the read-only tags others see) and the Images
// page's tag filter. Locators accept English and Portuguese (Brazil).
import { expect, type Locator, type Page } from '@playwright/test';

/** The tags section of /images/:id. */
export class ImageTagsSection {
  readonly section: Locator;
  readonly save: Locator;
  readonly addRow: Locator;
  /** The read-only tags (links that filter the list) a recipient sees. */
  readonly readOnly: Locator;

  constructor(readonly page: Page) {
    this.section = page.locator('#image-tags');
    this.save = this.section.getByRole('button', { name: /^(Save tags|Salvar tags)$/ });
    this.addRow = this.section.getByRole('button', { name: /^(Add row|Adicionar linha)$/ });
    this.readOnly = this.section.getByTestId('image-tags');
  }

  /** The key input of row `n` (from 1). */
  key(n: number): Locator {
    return this.section.getByLabel(new RegExp(`^(Key of tag|Chave da tag) ${n}$`));
  }

  value(n: number): Locator {
    return this.section.getByLabel(new RegExp(`^(Value of tag|Valor da tag) ${n}$`));
  }

  remove(n: number): Locator {
    return this.section.getByRole('checkbox', { name: new RegExp(`^(Remove tag|Remover a tag) ${n}`) });
  }

  /** Fills row `n`, adding a row first when the form has fewer. */
  async fillRow(n: number, key: string, value: string): Promise<void> {
    if ((await this.key(n).count()) === 0) {
      await this.addRow.click();
      await expect(this.key(n)).toBeVisible();
    }
    await this.key(n).fill(key);
    await this.value(n).fill(value);
  }

  /** A read-only tag, by key and value. */
  tag(key: string, value: string): Locator {
    return this.readOnly.getByRole('link', { name: new RegExp(`^${key}\\s*=\\s*${value}$`) });
  }
}

/** The Images page's tag filter: its field and the chip of the active filter. */
export class TagFilter {
  readonly field: Locator;
  readonly chip: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.field = main.getByRole('searchbox', { name: /^Tag$/ });
    this.chip = main.getByTestId('tag-filter');
  }

  async apply(filter: string): Promise<void> {
    await this.field.fill(filter);
    await this.field.press('Enter');
    await expect(this.chip).toContainText(filter);
  }

  async clear(): Promise<void> {
    await this.chip.getByRole('link').click();
    await expect(this.chip).toHaveCount(0);
  }
}
