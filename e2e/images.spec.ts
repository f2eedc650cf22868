// The Images page: live search, platform filter, paging and empty states on
// the public tab; quota on the custom tab; owner and trust notice on the
// Shared with me tab. Demo data: 25 public images in ap-guangzhou.
import type { Page } from '@playwright/test';
import { DEMO_USERS, loginAs } from './helpers';
import { expect, test } from './helpers/fixtures';

const GUANGZHOU = 'South China (Guangzhou)';

/** Resolves once htmx (not a full page load) asks for the list with `param` in the URL. */
function htmxListRequest(page: Page, param: RegExp) {
  return page.waitForRequest(
    (req) => req.headers()['hx-request'] === 'true' && new URL(req.url()).pathname === '/images' && param.test(req.url()),
  );
}

test.describe('public images', () => {
  test.beforeEach(async ({ page, imagesPage }) => {
    await loginAs(page, 'alice');
    await imagesPage.goto({ region: 'ap-guangzhou', tab: 'public' });
    await expect(imagesPage.tab('Public images')).toHaveAccessibleName('Public images 25');
    await expect(imagesPage.rows).toHaveCount(20);
  });

  test('search by name filters live as you type, and the URL follows', async ({ page, imagesPage }) => {
    const request = htmxListRequest(page, /[?&]q=ubuntu(&|$)/);

    await imagesPage.search.pressSequentially('ubuntu');

    await request;
    await expect(imagesPage.rows).toHaveCount(5);
    await expect(imagesPage.rows.filter({ hasNotText: 'Ubuntu' })).toHaveCount(0);
    await expect(page).toHaveURL(/[?&]q=ubuntu(&|$)/);
    await expect(imagesPage.range()).toHaveText('Showing 1–5 of 5');
    // Still the same document: the list was swapped, the search box kept its focus and text.
    await expect(imagesPage.search).toBeFocused();
    await expect(imagesPage.search).toHaveValue('ubuntu');
  });

  test('search by exact image ID finds that one image', async ({ page, imagesPage }) => {
    const row = imagesPage.row('OpenCloudOS 9');
    const id = (await row.getByText(/^img-[a-z0-9]+$/).textContent())!.trim();

    await imagesPage.search.fill(id);

    await expect(page).toHaveURL(new RegExp(`[?&]q=${id}(&|$)`));
    await expect(imagesPage.rows).toHaveCount(1);
    await expect(row).toBeVisible();
    await expect(row).toContainText(id);
  });

  test('the platform filter shows only that platform', async ({ page, imagesPage }) => {
    const request = htmxListRequest(page, /[?&]platform=Windows(&|$)/);

    await imagesPage.platform.selectOption('Windows');

    await request;
    await expect(imagesPage.rows).toHaveCount(4);
    await expect(imagesPage.rows.filter({ hasNotText: 'Windows Server' })).toHaveCount(0);
    await expect(page).toHaveURL(/[?&]platform=Windows(&|$)/);
  });

  test('paging: Next shows the last five, Previous goes back', async ({ page, imagesPage }) => {
    await expect(imagesPage.range()).toHaveText('Showing 1–20 of 25');
    await expect(imagesPage.pagerLink('Previous')).toHaveCount(0);

    await imagesPage.pagerLink('Next').click();

    await expect(imagesPage.range()).toHaveText('Showing 21–25 of 25');
    await expect(imagesPage.rows).toHaveCount(5);
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    await expect(imagesPage.pagerLink('Next')).toHaveCount(0);

    await imagesPage.pagerLink('Previous').click();

    await expect(imagesPage.range()).toHaveText('Showing 1–20 of 25');
    await expect(imagesPage.rows).toHaveCount(20);
    await expect(page).not.toHaveURL(/[?&]page=/);
  });

  test('a search that matches nothing says so and offers to clear it', async ({ page, imagesPage }) => {
    await imagesPage.search.fill('no-such-image-anywhere');

    await expect(imagesPage.emptyState('No images match')).toBeVisible();
    await expect(imagesPage.table).toHaveCount(0);
    await expect(imagesPage.range()).toHaveText('No results');

    await page.getByRole('link', { name: 'Clear search and filters' }).click();

    await expect(page).not.toHaveURL(/[?&]q=/);
    await expect(imagesPage.search).toHaveValue('');
    await expect(imagesPage.rows).toHaveCount(20);
    await expect(imagesPage.range()).toHaveText('Showing 1–20 of 25');
  });
});

test.describe('custom images', () => {
  test('the tab shows the quota used in the region', async ({ page, imagesPage }) => {
    await loginAs(page, 'alice');
    await imagesPage.goto({ region: 'ap-guangzhou' });
    await expect(imagesPage.tab('Custom images')).toHaveAccessibleName('Custom images 3');

    await imagesPage.tab('Custom images').click();

    await expect(page).toHaveURL(/[?&]tab=custom(&|$)/);
    await expect(imagesPage.quota).toHaveText('3 of 10 custom images used');
    await expect(imagesPage.rows).toHaveCount(3);
    for (const name of ['web-frontend-v3', 'postgres-16-base', 'build-agent']) {
      await expect(imagesPage.row(name)).toBeVisible();
    }
  });
});

test.describe('shared with me', () => {
  test('bob sees alice’s image with its owner account and the trust notice', async ({ page, imagesPage }) => {
    await loginAs(page, 'bob');

    await imagesPage.goto({ region: 'ap-guangzhou', tab: 'shared' });

    await expect(imagesPage.tab('Shared with me')).toHaveAccessibleName('Shared with me 1');
    await expect(imagesPage.table).toHaveAccessibleName('Shared with me');
    await expect(imagesPage.table.getByRole('columnheader', { name: 'Owner account' })).toBeVisible();
    const row = imagesPage.row('web-frontend-v3');
    await expect(imagesPage.rows).toHaveCount(1);
    await expect(row.getByRole('cell', { name: new RegExp(DEMO_USERS.alice.accountId) })).toBeVisible();
    await expect(imagesPage.trustNotice).toContainText('Use images from accounts you trust');
  });

  test('with nothing shared, the empty state tells alice her account ID', async ({ page, imagesPage }) => {
    await loginAs(page, 'alice');

    await imagesPage.goto({ region: 'ap-guangzhou', tab: 'shared' });

    await expect(imagesPage.emptyState(`No images are shared with you in ${GUANGZHOU}`)).toBeVisible();
    await expect(page.getByRole('main')).toContainText(
      `To receive one, give the owner your account ID: ${DEMO_USERS.alice.accountId}.`,
    );
    await expect(imagesPage.table).toHaveCount(0);
    await expect(imagesPage.trustNotice).toHaveCount(0);
  });
});

test.describe('on a phone (390x844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the list comes before the filters, which wait behind a Filters toggle that counts them', async ({ page, imagesPage }) => {
    await loginAs(page, 'alice');
    await imagesPage.goto({ region: 'ap-guangzhou', tab: 'public' });
    await expect(imagesPage.rows).toHaveCount(20);

    // Data first: the filters are folded away and the first image is on the first screen.
    await expect(imagesPage.filtersToggle).toBeVisible();
    await expect(imagesPage.search).toBeHidden();
    await expect(imagesPage.platform).toBeHidden();
    await expect(imagesPage.sort).toBeHidden();
    await expect(imagesPage.filterCount).toHaveCount(0);
    const first = (await imagesPage.rows.first().boundingBox())!;
    expect(first.y + first.height, 'the first image ends within the first screen').toBeLessThanOrEqual(844);

    // Opened, the filters work as on a desktop; the toggle counts the platform filter.
    await imagesPage.filtersToggle.click();
    await expect(imagesPage.search).toBeVisible();
    await imagesPage.platform.selectOption('Ubuntu');
    await expect(imagesPage.rows.filter({ hasNotText: 'Ubuntu' })).toHaveCount(0);
    await expect(imagesPage.filterCount).toHaveText('1');
    await expect(imagesPage.filtersToggle).toHaveAccessibleName('Filters (1 filter applied)');

    // Reloaded (the URL keeps the filter), the filters fold away again and the count stays.
    await page.reload();
    await expect(imagesPage.rows.first()).toBeVisible();
    await expect(imagesPage.search).toBeHidden();
    await expect(imagesPage.filterCount).toHaveText('1');
  });
});

test.describe('on a desktop (1440x900)', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the filters are open and the Filters toggle steps aside', async ({ page, imagesPage }) => {
    await loginAs(page, 'alice');
    await imagesPage.goto({ region: 'ap-guangzhou', tab: 'public', platform: 'Ubuntu' });
    await expect(imagesPage.search).toBeVisible();
    await expect(imagesPage.platform).toHaveValue('Ubuntu');
    await expect(imagesPage.filtersToggle).toBeHidden();
  });
});
