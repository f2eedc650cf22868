// The Account page: account ID with its copy button, quota per region, and
// changing the password (validation error, then success on a fresh account).
import { BASE_URL, createAccount, DEMO_USERS, login, loginAs, postForm } from './helpers';
import { expect, test } from './helpers/fixtures';

test('shows the account ID with a copy button and the quota of all 9 regions', async ({ page, accountPage }) => {
  await loginAs(page, 'alice');

  await accountPage.goto();

  await expect(accountPage.heading).toHaveText('Account');
  await expect(accountPage.accountId).toHaveText(DEMO_USERS.alice.accountId);
  await expect(accountPage.copyAccountId).toBeVisible();
  await expect(accountPage.quotaRows).toHaveCount(9);
  await expect(accountPage.quotaRows.filter({ hasText: 'ap-guangzhou' })).toContainText('3 of 10 custom images used');
  await expect(accountPage.quotaRows.filter({ hasText: 'ap-shanghai' })).toContainText('1 of 10 custom images used');
});

test('the header’s copy button puts the account ID on the clipboard', async ({ page, context, shell }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await loginAs(page, 'alice');
  await page.goto('/images');

  await shell.copyAccountId.click();

  // The button announces the copy through its status region.
  await expect(shell.copyAccountId).toHaveAccessibleDescription('Copied to the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(DEMO_USERS.alice.accountId);
});

test.describe('change password', () => {
  test('a confirmation that does not match is refused on the field and the page stays', async ({
    page,
    accountPage,
  }) => {
    const user = createAccount('pw-mismatch');
    await login(page, user.username, user.password);
    await accountPage.goto();
    await expect(accountPage.heading).toHaveText('Account');

    await accountPage.changePassword(user.password, 'a-new-password-1', 'a-new-password-2');

    // The message is on the field, which is announced as invalid ("true": ARIA reads "" as false).
    await expect(accountPage.confirmPassword).toHaveAccessibleDescription('The two new passwords do not match.');
    await expect(accountPage.confirmPassword).toHaveAttribute('aria-invalid', 'true');
    await expect(accountPage.newPassword).not.toHaveAttribute('aria-invalid');
    await expect(page).toHaveURL(/\/account$/);
    await expect(accountPage.heading).toHaveText('Account');
    await expect(accountPage.flash).toHaveCount(0);
  });

  test('a successful change says so, signs out other sessions, and only the new password works', async ({
    browser,
    page,
    accountPage,
  }) => {
    const user = createAccount('pw-change');
    const newPassword = `${user.password}-new`;
    // A second browser signed in before the change.
    const otherContext = await browser.newContext({ baseURL: BASE_URL });
    try {
      const other = await otherContext.newPage();
      await login(other, user.username, user.password);
      await login(page, user.username, user.password);
      await accountPage.goto();
      await expect(accountPage.heading).toHaveText('Account');

      await accountPage.changePassword(user.password, newPassword);

      await expect(accountPage.flash).toHaveText('Your password has been changed. Other sessions were signed out.');
      await expect(page).toHaveURL(/\/account$/);
      await page.reload();
      await expect(accountPage.heading).toHaveText('Account');

      await other.goto('/images');
      await expect(other).toHaveURL(/\/login\?next=%2Fimages$/);
      const refused = await postForm(other, '/login', { username: user.username, password: user.password });
      expect(refused.status()).toBe(422);
      await login(other, user.username, newPassword);
    } finally {
      await otherContext.close();
    }
  });
});
