// Accessibility: axe-core on every page, in English and in Portuguese; no
// violation of impact serious or critical is allowed. Each test first checks
// it is on the page it means to audit (heading, language), so an error page
// can never pass for the real one.
import type { Page } from '@playwright/test';
import {
  createAccount,
  expectNoSeriousA11yViolations,
  login,
  loginAs,
  loginAsAdmin,
  makeImage,
  postForm,
  setLanguage,
  type Locale,
} from './helpers';
import { expect, test } from './helpers/fixtures';
import { ImageShares } from './pages/share.page';

interface Texts {
  signIn: string;
  images: string;
  account: string;
  admin: string;
  notFound: string;
  tabs: { public: string; custom: string; shared: string };
  nothingShared: RegExp;
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    signIn: 'Sign in',
    images: 'Images',
    account: 'Account',
    admin: 'Admin',
    notFound: 'Page not found',
    tabs: { public: 'Public images', custom: 'Custom images', shared: 'Shared with me' },
    nothingShared: /^No images are shared with you in /,
  },
  'pt-BR': {
    signIn: 'Entrar',
    images: 'Imagens',
    account: 'Conta',
    admin: 'Administração',
    notFound: 'Página não encontrada',
    tabs: { public: 'Imagens públicas', custom: 'Imagens personalizadas', shared: 'Compartilhadas comigo' },
    nothingShared: /^Nenhuma imagem compartilhada com você em /,
  },
};

/**
 * Signs in a user who reads `lang`. English uses the demo users (their saved
 * language is English); Portuguese needs a fresh account, since saving a
 * language on a demo user would change what every other spec sees.
 */
async function signIn(page: Page, lang: Locale, role: 'member' | 'admin'): Promise<void> {
  if (lang === 'en') {
    await (role === 'admin' ? loginAsAdmin(page) : loginAs(page, 'alice'));
    return;
  }
  const user = createAccount(`a11y-${role}`, { admin: role === 'admin' });
  await login(page, user.username, user.password);
  await setLanguage(page, lang);
}

async function expectLanguage(page: Page, lang: Locale): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

for (const lang of ['en', 'pt-BR'] as const) {
  const t = TEXTS[lang];

  test.describe(`in ${lang}`, () => {
    test('sign-in page', async ({ page, loginPage }) => {
      if (lang !== 'en') await setLanguage(page, lang);
      await loginPage.goto();
      await expectLanguage(page, lang);
      await expect(loginPage.heading).toHaveText(t.signIn);
      await expectNoSeriousA11yViolations(page, `the sign-in page (${lang})`);
    });

    test('sign-in page with an error', async ({ page, loginPage }) => {
      if (lang !== 'en') await setLanguage(page, lang);
      await loginPage.goto();
      // An unknown, unique username: the failure counts toward no real user's limit.
      await loginPage.signIn(`nobody-${Math.random().toString(36).slice(2, 10)}`, 'wrong-password');
      await expect(loginPage.error).toBeVisible();
      await expectLanguage(page, lang);
      await expectNoSeriousA11yViolations(page, `the sign-in page with an error (${lang})`);
    });

    test('images: public tab', async ({ page, imagesPage }) => {
      await signIn(page, lang, 'member');
      await imagesPage.goto({ region: 'ap-guangzhou', tab: 'public' });
      await expectLanguage(page, lang);
      await expect(imagesPage.heading).toHaveText(t.images);
      await expect(imagesPage.table).toHaveAccessibleName(t.tabs.public);
      await expect(imagesPage.rows).toHaveCount(20);
      await expectNoSeriousA11yViolations(page, `the public images tab (${lang})`);
    });

    test('images: custom tab', async ({ page, imagesPage }) => {
      await signIn(page, lang, 'member');
      await imagesPage.goto({ region: 'ap-guangzhou', tab: 'custom' });
      await expectLanguage(page, lang);
      await expect(imagesPage.heading).toHaveText(t.images);
      await expect(imagesPage.tab(t.tabs.custom)).toHaveAttribute('aria-current', 'page');
      await expectNoSeriousA11yViolations(page, `the custom images tab (${lang})`);
    });

    test('images: shared tab, empty', async ({ page, imagesPage }) => {
      await signIn(page, lang, 'member');
      await imagesPage.goto({ region: 'ap-guangzhou', tab: 'shared' });
      await expectLanguage(page, lang);
      await expect(imagesPage.heading).toHaveText(t.images);
      await expect(imagesPage.emptyState(t.nothingShared)).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the empty Shared with me tab (${lang})`);
    });

    if (lang === 'en') {
      // Only bob has an image shared with him, and his saved language must stay English.
      test('images: shared tab with an image and the trust notice', async ({ page, imagesPage }) => {
        await loginAs(page, 'bob');
        await imagesPage.goto({ region: 'ap-guangzhou', tab: 'shared' });
        await expect(imagesPage.row('web-frontend-v3')).toBeVisible();
        await expect(imagesPage.trustNotice).toBeVisible();
        await expectNoSeriousA11yViolations(page, 'the Shared with me tab with a shared image (en)');
      });
    }

    // English: alice's image shared with bob; Portuguese: a fresh account's
    // image, shared with one account over HTTP.
    test('image detail: Overview, Sharing and History tabs', async ({ page }) => {
      test.setTimeout(90_000);
      let imageId = 'img-demo0001';
      if (lang === 'en') {
        await signIn(page, lang, 'member');
      } else {
        // The image is made (the helper reads English pages) before the language is set.
        const user = createAccount('a11y-tabs');
        await login(page, user.username, user.password);
        imageId = await makeImage(page, 'ap-guangzhou', 'a11y-tabs');
        const shared = await postForm(page, `/images/${imageId}/share`, { accounts: createAccount('a11y-to').accountId, risk: 'yes' });
        expect(shared.status(), 'share the image').toBe(303);
        await setLanguage(page, lang);
      }
      const detail = new ImageShares(page);
      const tabs = [
        ['overview', detail.overviewTab, detail.actions],
        ['sharing', detail.sharingTab, detail.section],
        ['history', detail.historyTab, detail.history],
      ] as const;
      for (const [tab, link, content] of tabs) {
        await page.goto(`/images/${imageId}?tab=${tab}`);
        await expectLanguage(page, lang);
        await expect(link).toHaveAttribute('aria-current', 'page');
        await expect(content).toBeVisible();
        await expectNoSeriousA11yViolations(page, `the image detail's ${tab} tab (${lang})`);
      }
      await expect(detail.sharingTab).toHaveAccessibleName(/ 1$/);
    });

    test('account page', async ({ page, accountPage }) => {
      await signIn(page, lang, 'member');
      await accountPage.goto();
      await expectLanguage(page, lang);
      await expect(accountPage.heading).toHaveText(t.account);
      await expectNoSeriousA11yViolations(page, `the account page (${lang})`);
    });

    test('account page with a form error', async ({ page, accountPage }) => {
      await signIn(page, lang, 'member');
      await accountPage.goto();
      await expectLanguage(page, lang);
      await expect(accountPage.heading).toHaveText(t.account);
      await accountPage.changePassword('not-my-password', 'short', 'other');
      await expect(accountPage.currentPassword).toHaveAccessibleDescription(/.+/);
      await expectNoSeriousA11yViolations(page, `the account page with form errors (${lang})`);
    });

    test('admin overview', async ({ page, adminPage }) => {
      await signIn(page, lang, 'admin');
      await adminPage.goto();
      await expectLanguage(page, lang);
      await expect(adminPage.heading).toHaveText(t.admin);
      await expectNoSeriousA11yViolations(page, `the admin overview (${lang})`);
    });

    // Signed out, an unknown path goes to sign-in (nothing is revealed), so the
    // 404 page is met signed in.
    test('404 page', async ({ page, errorPage }) => {
      await signIn(page, lang, 'member');
      await page.goto('/admin');
      await expectLanguage(page, lang);
      await expect(errorPage.heading).toHaveText(t.notFound);
      await expectNoSeriousA11yViolations(page, `the 404 page, signed in (${lang})`);
    });

  });
}
