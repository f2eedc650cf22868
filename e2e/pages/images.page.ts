// The Images page: tabs with counts, search and filters, the list and its pager.
import type { Locator, Page } from '@playwright/test';

export type ImageTab = 'public' | 'custom' | 'shared';

export class ImagesPage {
  readonly heading: Locator;
  /** "Region: South China (Guangzhou)" under the heading. */
  readonly subtitle: Locator;
  readonly tabs: Locator;
  readonly search: Locator;
  readonly platform: Locator;
  readonly sort: Locator;
  /** The "Filters" toggle the search, platform and order wait behind below 640 px. */
  readonly filtersToggle: Locator;
  /** The number of filters on, shown on the toggle (absent when none is). */
  readonly filterCount: Locator;
  readonly table: Locator;
  /** Body rows of the list (the header row has no cells, only column headers). */
  readonly rows: Locator;
  readonly pager: Locator;
  /** "3 of 10 custom images used", on the custom tab only. */
  readonly quota: Locator;
  /** The R8 notice above a non-empty Shared with me list. */
  readonly trustNotice: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.subtitle = main.getByText(/^(Region|Região): /);
    this.tabs = main.getByRole('navigation', { name: /^(Image types|Tipos de imagem)$/ });
    this.search = main.getByRole('searchbox', { name: /^(Search|Pesquisar)$/ });
    this.platform = main.getByLabel(/^(Platform|Plataforma)$/);
    this.sort = main.getByLabel(/^(Sort by|Ordenar por)$/);
    this.filtersToggle = main.locator('details[data-filters] > summary');
    this.filterCount = this.filtersToggle.getByTestId('filter-count');
    this.table = main.getByRole('table');
    this.rows = this.table.getByRole('row').filter({ has: page.getByRole('cell') });
    this.pager = main.getByRole('navigation', { name: /^(Pagination|Paginação)$/ });
    this.quota = main.getByTestId('quota-use');
    this.trustNotice = main
      .getByRole('status')
      .filter({ hasText: /Use images from accounts you trust|Use imagens de contas confiáveis/ });
  }

  async goto(query: { region?: string; tab?: ImageTab; q?: string; platform?: string } = {}): Promise<void> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    const qs = params.toString();
    await this.page.goto(qs ? `/images?${qs}` : '/images');
  }

  /** The tab link; its accessible name is the tab title followed by its count ("Custom images 3"). */
  tab(title: string): Locator {
    return this.tabs.getByRole('link', { name: new RegExp(`^${escapeRegExp(title)} \\d+$`) });
  }

  /** The row of the image called `name` (exact name match on the first line of the first cell). */
  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The pager's summary: "Showing 1–20 of 25", or "No results". */
  range(): Locator {
    return this.pager.getByRole('paragraph');
  }

  pagerLink(name: string): Locator {
    return this.pager.getByRole('link', { name, exact: true });
  }

  emptyState(title: string | RegExp): Locator {
    return this.page.getByRole('main').getByRole('heading', { name: title });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
