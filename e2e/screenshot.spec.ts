// The README's screenshot: bob's Shared with me tab (alice's shared image, the
// owner column and the trust notice), regenerated on every run.
import fs from 'node:fs';
import path from 'node:path';
import { loginAs } from './helpers';
import { expect, test } from './helpers/fixtures';

const SCREENSHOT = path.resolve(__dirname, '..', 'docs', 'screenshot.png');

test.use({ viewport: { width: 1280, height: 800 } });

test('saves docs/screenshot.png of the Shared with me tab', async ({ page, imagesPage }) => {
  await loginAs(page, 'bob');
  await imagesPage.goto({ region: 'ap-guangzhou', tab: 'shared' });
  await expect(imagesPage.row('web-frontend-v3')).toBeVisible();
  await expect(imagesPage.trustNotice).toBeVisible();

  fs.rmSync(SCREENSHOT, { force: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });

  expect(fs.existsSync(SCREENSHOT)).toBe(true);
  expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
});
