// Sign-in, the sign-in limit, the return to the page asked for, and sign-out.
// The one spec that drives the sign-in form; the others sign in over HTTP.
import { createAccount, DEMO_PASSWORD, DEMO_USERS, loginAs } from './helpers';
import { expect, test } from './helpers/fixtures';

test.describe('sign-in', () => {
  test('good credentials land on Images with the account ID in the header', async ({
    page,
    loginPage,
    shell,
    imagesPage,
  }) => {
    await loginPage.goto();
    await expect(loginPage.heading).toHaveText('Sign in');

    await loginPage.signIn(DEMO_USERS.alice.username, DEMO_PASSWORD);

    await expect(page).toHaveURL(/\/images$/);
    await expect(imagesPage.heading).toHaveText('Images');
    await expect(shell.accountId).toHaveText(DEMO_USERS.alice.accountId);
    await expect(shell.userMenu('alice')).toBeVisible();
  });

  test('a wrong password is refused and the username is kept', async ({ page, loginPage }) => {
    // A fresh user: failures count toward a per-username limit demo users must never reach.
    const user = createAccount('auth-bad');
    await loginPage.goto();

    await loginPage.signIn(user.username, 'not-the-password');

    await expect(page).toHaveURL(/\/login$/);
    await expect(loginPage.error).toHaveText('The username or password is not correct.');
    await expect(loginPage.username).toHaveValue(user.username);
    await expect(loginPage.password).toHaveValue('');
  });

  test('the sixth wrong password in a row is refused by the rate limit, even a right one after it', async ({
    loginPage,
  }) => {
    const user = createAccount('auth-limit');
    await loginPage.goto();

    for (let attempt = 1; attempt <= 5; attempt++) {
      await loginPage.signIn(user.username, `wrong-${attempt}`);
      await expect(loginPage.error, `attempt ${attempt}`).toHaveText('The username or password is not correct.');
    }
    await loginPage.signIn(user.username, 'wrong-6');
    await expect(loginPage.error).toContainText('Too many failed sign-in attempts');
    await expect(loginPage.error).toHaveText(/Wait \d+ minutes?, then try again\./);

    await loginPage.signIn(user.username, user.password);
    await expect(loginPage.error).toContainText('Too many failed sign-in attempts');
  });

  test('a signed-out visit to /account goes to sign-in and comes back to /account', async ({
    page,
    loginPage,
    accountPage,
  }) => {
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
    await expect(loginPage.heading).toHaveText('Sign in');

    await loginPage.signIn(DEMO_USERS.carol.username, DEMO_PASSWORD);

    await expect(page).toHaveURL(/\/account$/);
    await expect(accountPage.heading).toHaveText('Account');
  });
});

test.describe('sign-out', () => {
  test('the user menu signs out, says so, and pages need signing in again', async ({
    page,
    loginPage,
    shell,
  }) => {
    await loginAs(page, 'carol');
    await page.goto('/images');

    await shell.signOut('carol');

    await expect(page).toHaveURL(/\/login$/);
    await expect(loginPage.flash).toHaveText('You have signed out.');
    await page.goto('/images');
    await expect(page).toHaveURL(/\/login\?next=%2Fimages$/);
    await expect(loginPage.heading).toHaveText('Sign in');
  });
});
