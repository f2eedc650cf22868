// Issue 12, done-when: at 390x844 and 1440x900, on every console page, the
// page never scrolls sideways, IDs stay on one line, and every row action is
// reachable with the keyboard (row menus open with Enter, close with Escape).
import type { Page } from '@playwright/test';
import { CONSOLE_PAGES, signIn, VIEWPORTS } from './console-pages';
import { expect, test } from './helpers/fixtures';

/** The controls of the rows' action cells: the primary action and the More button (its items are checked apart). */
const ROW_ACTIONS = 'main tbody td[id*="-actions-"] :is(a, button, summary):not(details[data-menu] ul *)';

/** Tabs through the whole page and returns the number of row actions that never got focus. */
async function rowActionsMissedByTab(page: Page): Promise<number> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    document.addEventListener('focusin', (event) => (event.target as Element).setAttribute('data-reached', ''));
  });
  const total = await page.locator(ROW_ACTIONS).count();
  const presses = (await page.locator('a, button, input, select, textarea, summary').count()) + 5;
  for (let i = 0; i < presses; i++) await page.keyboard.press('Tab');
  return total - (await page.locator(`${ROW_ACTIONS}[data-reached]`).count());
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    test.describe.configure({ timeout: 90_000 });

    for (const p of CONSOLE_PAGES) {
      test(`${p.name}: no sideways scroll, IDs on one line, row actions by keyboard`, async ({ page }) => {
        await signIn(page, p.viewer);
        await page.goto(p.path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'the page is wider than the window').toBeLessThanOrEqual(0);

        const wrapped = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-id-cell]')]
            .filter((el) => el.offsetParent !== null)
            .filter((el) => el.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(el).lineHeight))
            .map((el) => el.textContent),
        );
        expect(wrapped, 'IDs broken over two lines').toEqual([]);

        expect(await rowActionsMissedByTab(page), 'row actions Tab never reaches').toBe(0);
        for (const summary of await page.locator('main tbody details[data-menu] > summary').all()) {
          await summary.focus();
          await page.keyboard.press('Enter');
          const menu = summary.locator('xpath=..');
          await expect(menu).toHaveAttribute('open', '');
          await page.keyboard.press('Tab');
          await expect(menu.getByRole('link').first()).toBeFocused();
          await page.keyboard.press('Escape');
          await expect(menu).not.toHaveAttribute('open', '');
          await expect(summary).toBeFocused();
        }
      });
    }
  });
}
