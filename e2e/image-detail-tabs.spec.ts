// Issue 12, item 11: the image detail page has tabs, as on the cloud
// consoles: Overview, Sharing (N) and History (N). Each is a plain link to a
// page of its own, so the keyboard and a browser without JavaScript use them
// like any link; only the owner has Sharing and History.
import { loginAs } from './helpers';
import { expect, test } from './helpers/fixtures';
import { ImageShares } from './pages/share.page';

const IMAGE = 'img-demo0001'; // alice's web-frontend-v3, shared with bob

test('the owner moves between the tabs with the keyboard; each shows its part', async ({ page }) => {
  await loginAs(page, 'alice');
  const detail = new ImageShares(page);
  await detail.goto(IMAGE);
  await expect(detail.overviewTab).toHaveAttribute('aria-current', 'page');
  await expect(detail.sharingTab).toHaveAccessibleName('Sharing 1');
  await expect(detail.historyTab).toHaveAccessibleName('History 1');
  await expect(detail.section).toHaveCount(0);
  await expect(detail.history).toHaveCount(0);

  await detail.overviewTab.focus();
  await page.keyboard.press('Tab');
  await expect(detail.sharingTab).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/images/${IMAGE}\\?tab=sharing$`));
  await expect(detail.sharingTab).toHaveAttribute('aria-current', 'page');
  await expect(detail.recipient('100000000002')).toContainText('Bob Logistics');
  await expect(detail.section.getByTestId('share-count')).toHaveText('Shared with 1 of at most 50 accounts.');
  await expect(page.getByRole('region', { name: 'Instances launched from this image' })).toBeVisible();
  await expect(detail.actions).toHaveCount(0);

  await detail.sharingTab.focus();
  await page.keyboard.press('Tab');
  await expect(detail.historyTab).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(detail.historyTab).toHaveAttribute('aria-current', 'page');
  await expect(detail.history).toContainText('shared it with Bob Logistics (100000000002)');
  await expect(detail.section).toHaveCount(0);
});

test('the tabs work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await loginAs(page, 'alice');
  const detail = new ImageShares(page);
  await detail.goto(IMAGE);
  await detail.historyTab.click();
  await expect(detail.history).toContainText('shared it with Bob Logistics (100000000002)');
  await detail.sharingTab.click();
  await expect(detail.recipient('100000000002')).toBeVisible();
  await detail.overviewTab.click();
  await expect(detail.actions).toBeVisible();
  await context.close();
});

test("the recipient has the overview only: no tabs, and no owner's lists by URL", async ({ page }) => {
  await loginAs(page, 'bob');
  const detail = new ImageShares(page);
  await page.goto(`/images/${IMAGE}?tab=sharing`);
  await expect(page.getByRole('heading', { level: 1, name: 'web-frontend-v3' })).toBeVisible();
  await expect(detail.tabs).toHaveCount(0);
  await expect(detail.section).toHaveCount(0);
  await expect(detail.actions).toBeVisible();
});
