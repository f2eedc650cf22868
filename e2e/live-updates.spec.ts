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
  await page.clock.runFor(1000);
  const body = await (await response).text();
  await swapped;
  return body;
}

test('focus stays on a row link across three polls while an image is SYNCING', async ({ page, imagesPage }) => {
  test.setTimeout(60_000);
  const owner = createAccount('live');
  await login(page, owner.username, owner.password);
  const imageId = await makeImage(page, 'ap-guangzhou', 'live-src');

  // The page's timers run on a paused clock the test moves, so the polls
  // come as fast as the test asks. A copy syncs for about 3 s: the page is
  // opened once first so that the browser is warm when the copy starts.
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1000);
  await imagesPage.goto({ region: 'ap-shanghai', tab: 'custom' });
  await startCopy(page, imageId, 'ap-shanghai', 'live-copy');
  await page.reload();
  const link = imagesPage.row('live-copy').getByRole('link', { name: 'live-copy', exact: true });
  await link.focus();
  const scrolled = await page.evaluate(() => window.scrollY);

  for (let poll = 1; poll <= 3; poll++) {
    const body = await nextPoll(page);
    expect(body, `poll ${poll} answers while the copy syncs`).toContain('Syncing');
    await expect(link, `focus after poll ${poll}`).toBeFocused({ timeout: 500 });
    expect(await page.evaluate(() => window.scrollY), `scroll after poll ${poll}`).toBe(scrolled);
  }
  // Once the copy is Normal, the last poll brings its actions: focus still stays.
  await expect(async () => {
    await nextPoll(page);
    await expect(imagesPage.row('live-copy').getByText('Normal', { exact: true })).toBeVisible({ timeout: 100 });
  }).toPass({ timeout: 15_000 });
  await expect(link).toBeFocused();
});
