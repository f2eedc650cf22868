// The header's region menu: it switches the page's region and is remembered
// (per browser) for pages opened without one.
import { loginAs } from './helpers';
import { expect, test } from './helpers/fixtures';

const SHANGHAI = 'East China (Shanghai)';

test.beforeEach(async ({ page }) => {
  await loginAs(page, 'alice');
});

test('switching to East China (Shanghai) shows that region’s images', async ({ page, shell, imagesPage }) => {
  await imagesPage.goto({ region: 'ap-guangzhou', tab: 'public' });
  await expect(imagesPage.subtitle).toHaveText('Region: South China (Guangzhou)');

  await shell.switchRegion(SHANGHAI);

  await expect(page).toHaveURL(/[?&]region=ap-shanghai(&|$)/);
  await expect(imagesPage.subtitle).toHaveText(`Region: ${SHANGHAI}`);
  await expect(shell.regionMenu).toHaveAccessibleName(`Region: ${SHANGHAI}. Change region`);
  // alice owns one custom image in Shanghai (and three in Guangzhou).
  await expect(imagesPage.tab('Custom images')).toHaveAccessibleName('Custom images 1');

  await imagesPage.tab('Custom images').click();

  await expect(page).toHaveURL(/[?&]tab=custom(&|$)/);
  await expect(page).toHaveURL(/[?&]region=ap-shanghai(&|$)/);
  await expect(imagesPage.rows).toHaveCount(1);
  await expect(imagesPage.row('web-frontend-v3')).toBeVisible();
});

test('the chosen region is kept for /images without a region', async ({ page, shell, imagesPage }) => {
  await imagesPage.goto({ region: 'ap-guangzhou' });
  await shell.switchRegion(SHANGHAI);
  await expect(imagesPage.subtitle).toHaveText(`Region: ${SHANGHAI}`);

  await imagesPage.goto();
  await expect(page).toHaveURL(/\/images$/);
  await expect(imagesPage.subtitle).toHaveText(`Region: ${SHANGHAI}`);
  await expect(shell.regionMenu).toHaveAccessibleName(`Region: ${SHANGHAI}. Change region`);
});
