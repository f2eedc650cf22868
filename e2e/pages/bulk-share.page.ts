// Bulk sharing (R26): the Custom images tab's selection and the bulk share
// page. Locators accept English and Portuguese (Brazil), like the other page
// objects.
import type { Locator, Page } from '@playwright/test';

/** The selection controls of the Custom images tab. */
export class BulkSelection {
  readonly selectAll: Locator;
  /** "Share selected (N)"; JavaScript adds the count. */
  readonly shareSelected: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.selectAll = main.getByRole('checkbox', { name: /^(Select all on this page|Selecionar todas desta página)$/ });
    this.shareSelected = main.getByRole('button', { name: /^(Share selected|Compartilhar selecionadas)/ });
  }

  /** The checkbox of the image called `name`. */
  checkbox(name: string): Locator {
    return this.page.getByRole('main').getByRole('checkbox', {
      name: new RegExp(`^(Select ${escape(name)} for sharing|Selecionar ${escape(name)} para compartilhar)$`),
    });
  }
}

/** The bulk share page (/images/bulk-share). */
export class BulkSharePage {
  readonly heading: Locator;
  readonly accounts: Locator;
  readonly riskCheckbox: Locator;
  readonly riskError: Locator;
  /** "Check each image": from the form to the verdicts. */
  readonly review: Locator;
  /** The list of the selected images, one item per image, with its verdict once checked. */
  readonly images: Locator;
  /** "All 3 images can be shared as asked." or "1 of the 3 images cannot be shared as asked...". */
  readonly summary: Locator;
  /** "Share 3 images", enabled only when every image may be shared. */
  readonly share: Locator;
  readonly change: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: /^(Share selected images|Compartilhar imagens selecionadas)$/ });
    this.accounts = main.getByLabel(/^(Account IDs|IDs de conta)$/);
    this.riskCheckbox = main.getByRole('checkbox', { name: /^(I understand these risks|Entendo esses riscos)/ });
    this.riskError = main.locator('#field-risk-error');
    this.review = main.getByRole('button', { name: /^(Check each image|Verificar cada imagem)$/ });
    this.images = main.getByTestId('bulk-verdicts').locator(':scope > li');
    this.summary = main.getByTestId('bulk-summary');
    this.share = main.getByRole('button', { name: /^(Share|Compartilhar) \d+ (images?|imagens?)$/ });
    this.change = main.getByRole('button', { name: /^(Change|Alterar)$/ });
  }

  /** The item of one image in the list. */
  image(id: string): Locator {
    return this.page.getByRole('main').locator(`[data-testid="bulk-verdicts"] > li[data-image-id="${id}"]`);
  }

  /** The verdict of one image: "Can be shared", or the refusal. */
  verdict(id: string): Locator {
    return this.image(id).locator('[data-verdict]');
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
