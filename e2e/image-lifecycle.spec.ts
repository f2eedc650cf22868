// The image lifecycle (SPEC 3b R21, R22), end to end: an owner deprecates a
// shared image naming its successor, and the recipient is told in the list,
// on the image's page and in the launch picker, and follows the link to the
// successor; an owner protects an image, the delete page refuses and links
// to turning the protection off, and once off the image is deleted.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, expectNoSeriousA11yViolations, login, postForm, type FreshAccount } from './helpers';
import { expect, test } from './helpers/fixtures';
import { createImageFrom, makeImage } from './helpers/images';
import { ImageDetailPage } from './pages/image-detail.page';
import { LifecyclePanel } from './pages/image-lifecycle.page';
import { ImagesPage } from './pages/images.page';

const REGION = 'ap-hongkong'; // a region no other spec counts bob's shared images in

type Member = FreshAccount & { page: Page };

/** A fresh account signed in in its own browser context. */
async function member(browser: Browser, contexts: BrowserContext[], prefix: string): Promise<Member> {
  const context = await browser.newContext();
  contexts.push(context);
  const account = createAccount(prefix);
  const page = await context.newPage();
  await login(page, account.username, account.password);
  return Object.assign(account, { page });
}

test.describe('image lifecycle', () => {
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  test('R21 a deprecation naming a successor is seen by the recipient, who follows it', async ({ browser }) => {
    test.setTimeout(120_000);
    const owner = await member(browser, contexts, 'dep-owner');
    const recipient = await member(browser, contexts, 'dep-recip');
    const oldId = await makeImage(owner.page, REGION, 'base-2025');
    const html = await (await owner.page.request.get(`/instances?region=${REGION}`)).text();
    const newId = await createImageFrom(owner.page, html.match(/data-instance-id="(ins-[a-z0-9]+)"/)![1], 'base-2026');
    for (const id of [oldId, newId]) {
      const shared = await postForm(owner.page, `/images/${id}/share`, { accounts: recipient.accountId, risk: 'yes' });
      expect(shared.status(), `share ${id}`).toBe(303);
    }

    const panel = new LifecyclePanel(owner.page);
    await panel.goto(oldId);
    await expectNoSeriousA11yViolations(owner.page);
    await panel.openDeprecate();
    await expectNoSeriousA11yViolations(owner.page);
    await panel.deprecateNow(newId);
    await expect(owner.page.getByRole('status').filter({ hasText: 'base-2025 is deprecated.' })).toBeVisible();
    await expect(panel.deprecatedNotice).toContainText('Use this image instead: base-2026');

    const images = new ImagesPage(recipient.page);
    await images.goto({ region: REGION, tab: 'shared' });
    const row = recipient.page.locator(`tr[data-image-id="${oldId}"]`);
    await expect(row.getByTestId('lifecycle-badges')).toContainText('Deprecated');
    await expect(row.getByRole('link', { name: 'base-2026', exact: true })).toBeVisible();
    await expect(recipient.page.locator(`tr[data-image-id="${newId}"]`).getByTestId('lifecycle-badges')).toHaveCount(0);

    await row.getByRole('link', { name: 'base-2025', exact: true }).click();
    const notice = new LifecyclePanel(recipient.page).deprecatedNotice;
    await expect(notice).toContainText('This image is deprecated');
    await expect(recipient.page.getByRole('region', { name: 'Lifecycle' })).toHaveCount(0);
    await expectNoSeriousA11yViolations(recipient.page);

    await recipient.page.goto(`/instances/new?region=${REGION}&image=${oldId}`);
    const warning = recipient.page.getByTestId('picker-deprecated');
    await expect(warning).toContainText('base-2025: use base-2026');
    await expect(recipient.page.getByLabel('Image', { exact: true }).locator('option:checked')).toContainText('Deprecated');

    await notice.page().goto(`/images/${oldId}`);
    await notice.getByRole('link', { name: 'base-2026', exact: true }).click();
    await expect(recipient.page).toHaveURL(new RegExp(`/images/${newId}$`));
    await expect(recipient.page.getByRole('heading', { level: 1, name: 'base-2026' })).toBeVisible();
  });

  test('R22 deletion protection blocks the delete until it is turned off', async ({ browser }) => {
    test.setTimeout(120_000);
    const owner = await member(browser, contexts, 'prot-owner');
    const imageId = await makeImage(owner.page, REGION, 'keep-me');
    const panel = new LifecyclePanel(owner.page);
    await panel.goto(imageId);
    await panel.setProtection(true);
    await expect(owner.page.getByRole('status').filter({ hasText: 'Deletion protection is on for keep-me.' })).toBeVisible();
    await expect(panel.protectionState).toHaveText('On: the image cannot be deleted.');

    await owner.page.locator('#image-status').getByRole('link', { name: 'Delete' }).click();
    await expect(owner.page.getByRole('heading', { name: 'Delete image?' })).toBeVisible();
    await expect(owner.page.getByTestId('form-error')).toHaveText('Deletion protection is on for this image: turn it off first to delete it.');
    await expect(owner.page.getByRole('button', { name: 'Delete image' })).toHaveCount(0);
    await expectNoSeriousA11yViolations(owner.page);
    await owner.page.getByRole('link', { name: 'Turn off deletion protection' }).click();

    await expect(owner.page).toHaveURL(new RegExp(`/images/${imageId}#deletion-protection$`));
    await panel.setProtection(false);
    await expect(panel.protectionState).toHaveText('Off.');
    await new ImageDetailPage(owner.page).delete();
    await expect(owner.page.getByRole('status').filter({ hasText: 'keep-me' })).toBeVisible();
    await expect(owner.page.locator(`tr[data-image-id="${imageId}"]`)).toHaveCount(0);
  });
});
