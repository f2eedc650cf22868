// Admin pages: only platform admins see them; to anyone else they do not exist.
import { loginAs, loginAsAdmin } from './helpers';
import { expect, test } from './helpers/fixtures';

test('an admin sees the Admin link and the platform overview', async ({ page, shell, adminPage }) => {
  await loginAsAdmin(page);
  await page.goto('/images');

  await shell.navLink('Admin').click();

  await expect(page).toHaveURL(/\/admin$/);
  await expect(shell.navLink('Admin')).toHaveAttribute('aria-current', 'page');
  await expect(adminPage.heading).toHaveText('Admin');
  await expect(adminPage.subtitle).toBeVisible();
  // Other specs create accounts as they run: check the figures are there, not their values.
  for (const label of ['Active accounts', 'Disabled accounts', 'Users', 'Custom images', 'Active shares']) {
    await expect(adminPage.stat(label), label).toHaveText(/^\d+$/);
  }
});

test('a member sees no Admin link, and /admin is "Page not found"', async ({ page, shell, errorPage }) => {
  await loginAs(page, 'carol');
  await page.goto('/images');
  await expect(shell.navLink('Images')).toBeVisible();
  await expect(shell.navLink('Admin')).toHaveCount(0);

  const response = await page.goto('/admin');

  expect(response?.status()).toBe(404);
  await expect(errorPage.heading).toHaveText('Page not found');
  await expect(errorPage.status).toHaveText('404');
  await expect(page.getByRole('link', { name: 'Back to images' })).toBeVisible();
});
