// Issue 12, item 3: while an image is SYNCING the list updates itself every
// second, and a keyboard user keeps their place: the polls swap only the
// cells that change, never the row link that has focus.
import type { Page } from '@playwright/test';
import { createAccount, login, makeImage, postForm, startCopy } from './helpers';
import { expect, test } from './helpers/fixtures';
import { ImageShares } from './pages/share.page';

/**
 * Brings the next poll of a page (the Images list unless told) forward (the
 * page's clock runs a second at once) and resolves once its answer is
 * swapped in, with its body.
 */
async function nextPoll(page: Page, pathname = '/images'): Promise<string> {
  const swapped = page.evaluate(
    () => new Promise<void>((resolve) => document.body.addEventListener('htmx:afterSwap', () => resolve(), { once: true })),
  );
  const response = page.waitForResponse(
    (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === pathname && r.request().headers()['hx-request'] === 'true',
  );
  // A second for the poll, and a little more for htmx to settle the last
  // swap (which is when it starts the new poller's timer).
  await page.clock.runFor(1500);
  const body = await (await response).text();
  await swapped;
  return body;
}

test('focus stays on a row link across three polls while an image is SYNCING', async ({ page, imagesPage }) => {
  test.setTimeout(180_000);
  const owner = createAccount('live');
  await login(page, owner.username, owner.password);
  const imageId = await makeImage(page, 'ap-guangzhou', 'live-src');

  // The page's timers run on a paused clock the test moves, so the polls
  // come as fast as the test asks. The page is opened once first so that
  // the browser is warm when a copy starts.
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1000);
  await imagesPage.goto({ region: 'ap-shanghai', tab: 'custom' });

  // A copy syncs for about 3 s. On a loaded machine it may settle before the
  // third poll: then another copy is started and watched, up to the region's
  // quota of 10 (a lost focus is never retried: it fails at once).
  let name = '';
  for (let attempt = 1; attempt <= 9 && !name; attempt++) {
    const copy = `live-copy-${attempt}`;
    await startCopy(page, imageId, 'ap-shanghai', copy);
    await page.reload();
    const link = imagesPage.row(copy).getByRole('link', { name: copy, exact: true });
    // A copy in the making cannot be shared yet: no checkbox to select it.
    await expect(imagesPage.row(copy).getByRole('checkbox')).toHaveCount(0);
    await link.focus();
    const scrolled = await page.evaluate(() => window.scrollY);
    let polls = 0;
    for (; polls < 3; polls++) {
      const body = await nextPoll(page);
      await expect(link, `focus after poll ${polls + 1}`).toBeFocused({ timeout: 500 });
      expect(await page.evaluate(() => window.scrollY), `scroll after poll ${polls + 1}`).toBe(scrolled);
      if (!body.includes('Syncing')) break;
    }
    if (polls === 3) name = copy;
  }
  expect(name, 'three polls answered while a copy was syncing').not.toBe('');

  // Once the copy is Normal, the last poll brings its actions: focus still stays.
  const row = imagesPage.row(name);
  await expect(async () => {
    await nextPoll(page);
    await expect(row.getByText('Normal', { exact: true })).toBeVisible({ timeout: 100 });
  }).toPass({ timeout: 15_000 });
  await expect(row.getByRole('link', { name, exact: true })).toBeFocused();
  // The same poll brought the checkbox that selects it for Share selected.
  await expect(row.getByRole('checkbox', { name: `Select ${name} for sharing` })).toBeVisible();
});

/** The ids of an image's copies, as its detail page lists them. */
async function copiesOf(page: Page, imageId: string): Promise<string[]> {
  const html = await (await page.request.get(`/images/${imageId}`)).text();
  return [...html.matchAll(/id="copy-link-(img-[a-z0-9]+)"/g)].map((m) => m[1]);
}

test('the detail page polls on its Sharing tab, keeps focus on the tab, and brings the new count once the copy is shared', async ({ page }) => {
  test.setTimeout(180_000);
  const owner = createAccount('live-tabs');
  const recipient = createAccount('live-tabs-to');
  await login(page, owner.username, owner.password);
  const imageId = await makeImage(page, 'ap-guangzhou', 'live-tabs-src');
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1000);
  const detail = new ImageShares(page);

  // A copy shared with the recipient once it is ready (R12): its Sharing tab
  // is empty while it syncs. On a loaded machine the copy may be ready before
  // its page is drawn: then another copy is started.
  let watched = '';
  for (let attempt = 1; attempt <= 5 && !watched; attempt++) {
    const before = await copiesOf(page, imageId);
    const res = await postForm(page, `/images/${imageId}/copy`, {
      regions: 'ap-shanghai', name: `live-tabs-${attempt}`, share_with: recipient.accountId, risk: 'yes',
    });
    expect(res.status(), 'start the copy').toBe(303);
    const copyId = (await copiesOf(page, imageId)).find((id) => !before.includes(id))!;
    await page.goto(`/images/${copyId}?tab=sharing`);
    await expect(detail.sharingTab).toHaveAttribute('aria-current', 'page');
    if ((await page.locator('#image-detail-live[hx-trigger]').count()) === 0) continue;
    await expect(detail.sharingTab).toHaveAccessibleName('Sharing 0');
    await expect(detail.none).toBeVisible();
    await detail.sharingTab.focus();
    // Poll until the copy settles, however fast the server answers: the
    // copy takes the job worker's ticks of real time, and a fixed number of
    // polls ran out before it on a quick server. The bound is real time.
    const settleBy = Date.now() + 60_000;
    for (let poll = 1; Date.now() < settleBy; poll++) {
      const body = await nextPoll(page, `/images/${copyId}`);
      await expect(detail.sharingTab, `focus after poll ${poll}`).toBeFocused({ timeout: 500 });
      if (body.includes('hx-swap-oob')) {
        watched = copyId;
        break;
      }
    }
  }
  expect(watched, 'a copy settled under a poll of its Sharing tab').not.toBe('');

  // The settled copy was shared: the poll brought the count and the recipient, and focus stayed.
  await expect(detail.sharingTab).toHaveAccessibleName('Sharing 1');
  await expect(detail.recipient(recipient.accountId)).toBeVisible();
  await expect(detail.sharingTab).toBeFocused();
  await expect(page.locator('#image-detail-live')).not.toHaveAttribute('hx-trigger', /.*/);
});
