// `make screenshots`: every console page at 390x844 and 1440x900, as the
// signed-in person sees it, into screenshots/ (git-ignored). Not part of the
// normal run (playwright.config.ts skips it unless SCREENSHOTS is set).
import path from 'node:path';
import { expect, test } from './helpers/fixtures';
import { CONSOLE_PAGES, signIn, VIEWPORTS } from './console-pages';

const DIR = path.resolve(__dirname, '..', 'screenshots');

for (const viewport of VIEWPORTS) {
  test.describe(viewport.name, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    for (const p of CONSOLE_PAGES) {
      test(p.name, async ({ page }) => {
        await signIn(page, p.viewer);
        await page.goto(p.path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await page.screenshot({ path: path.join(DIR, `${p.name}-${viewport.name}.png`), fullPage: true, animations: 'disabled' });
      });
    }
  });
}
