// The language switchers: the header menu saves the choice for the user; the
// sign-in page's buttons remember it for the browser and hand it to the user
// who signs in there. Every test that saves a language uses a fresh account.
import { BASE_URL, createAccount, login, setLanguage } from './helpers';
import { expect, test } from './helpers/fixtures';
import { ImagesPage } from './pages/images.page';
import { Shell } from './pages/shell.page';

const PORTUGUESE = 'Português (Brasil)';

test.describe('header language menu', () => {
  test('switching to Portuguese translates the page and is saved for the user', async ({
    browser,
    page,
    shell,
    imagesPage,
  }) => {
    const user = createAccount('lang-pt');
    await login(page, user.username, user.password);
    await imagesPage.goto({ region: 'ap-guangzhou' });
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await shell.switchLanguage(PORTUGUESE);

    // Back on the page the menu was on, now in Portuguese.
    await expect(page).toHaveURL(/\/images\?region=ap-guangzhou/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(imagesPage.heading).toHaveText('Imagens');
    await expect(imagesPage.tab('Imagens públicas')).toBeVisible();
    await expect(shell.navLink('Conta')).toBeVisible();

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(imagesPage.heading).toHaveText('Imagens');

    // A new browser (no cookies, English Accept-Language) still gets the saved choice.
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'en-US' });
    try {
      const other = await context.newPage();
      await login(other, user.username, user.password);
      const otherImages = new ImagesPage(other);
      await otherImages.goto();
      await expect(other.locator('html')).toHaveAttribute('lang', 'pt-BR');
      await expect(otherImages.heading).toHaveText('Imagens');
      await expect(otherImages.tab('Imagens públicas')).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test('switching back to English works', async ({ page, shell, imagesPage }) => {
    const user = createAccount('lang-en');
    await login(page, user.username, user.password);
    await setLanguage(page, 'pt-BR');
    await imagesPage.goto();
    await expect(imagesPage.heading).toHaveText('Imagens');

    await shell.switchLanguage('English');

    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(imagesPage.heading).toHaveText('Images');
    await expect(imagesPage.tab('Public images')).toBeVisible();
    await page.reload();
    await expect(imagesPage.heading).toHaveText('Images');
  });
});

test.describe('sign-in page language buttons', () => {
  test('translate the sign-in page and back', async ({ page, loginPage }) => {
    await loginPage.goto();
    await expect(loginPage.heading).toHaveText('Sign in');

    await loginPage.languageButton(PORTUGUESE).click();

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(loginPage.heading).toHaveText('Entrar');
    await expect(page.getByLabel('Nome de usuário')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Entrar' })).toBeVisible();

    await loginPage.languageButton('English').click();

    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(loginPage.heading).toHaveText('Sign in');
    await expect(page.getByLabel('Username')).toBeVisible();
  });

  test('the language chosen before signing in becomes the new user’s saved language', async ({
    browser,
    page,
    loginPage,
  }) => {
    const user = createAccount('lang-login');
    await loginPage.goto();
    await loginPage.languageButton(PORTUGUESE).click();
    await expect(loginPage.heading).toHaveText('Entrar');

    await login(page, user.username, user.password);

    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'en-US' });
    try {
      const other = await context.newPage();
      await login(other, user.username, user.password);
      await other.goto('/images');
      await expect(other.locator('html')).toHaveAttribute('lang', 'pt-BR');
      await expect(new Shell(other).navLink('Imagens')).toBeVisible();
    } finally {
      await context.close();
    }
  });
});

test.describe('the current language is marked for assistive technology', () => {
  // The value must be "true": ARIA reads an empty aria-current as "false".
  test('on the sign-in page', async ({ loginPage }) => {
    await loginPage.goto();
    await expect(loginPage.languageButton('English')).toHaveAttribute('aria-current', 'true');
    await expect(loginPage.languageButton(PORTUGUESE)).not.toHaveAttribute('aria-current');
  });

  test('in the header menu', async ({ page, shell }) => {
    const user = createAccount('lang-current');
    await login(page, user.username, user.password);
    await setLanguage(page, 'pt-BR');
    await page.goto('/images');

    await shell.languageMenu.click();

    await expect(shell.banner.getByRole('button', { name: PORTUGUESE, exact: true })).toHaveAttribute(
      'aria-current',
      'true',
    );
    await expect(shell.banner.getByRole('button', { name: 'English', exact: true })).not.toHaveAttribute(
      'aria-current',
    );
  });
});
