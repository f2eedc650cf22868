// Issue 12, item 3: while an image is SYNCING the list updates itself every
// second, and a keyboard user keeps their place: the polls swap only the
// cells that change, never the row link that has focus.
import type { Page } from '@playwright/test';
import { createAccount, login, makeImage, startCopy } from './helpers';
import { expect, test } from './helpers/fixtures';

/**
 * Brings the next poll of the Images list forward (the page's clock runs a
 * second at once) and resolves once its answer is swapped in, with its body.
 */
async function nextPoll(page: Page): Promise<string> {
  const swapped = page.evaluate(
    () => new Promise<void>((resolve) => document.body.addEventListener('htmx:afterSwap', () => resolve(), { once: true })),
  );
  const response = page.waitForResponse(
    (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/images' && r.request().headers()['hx-request'] === 'true',
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
});
