// Access through an organization follows membership (R25, issue 16): the
// admin builds an organization in the console and places two fresh accounts
// in it, an owner at its root and a member in unit Team; the owner shares an
// image with Team; the member sees it; the admin moves the member to another
// unit and the member loses it at once; moved back, the member sees it again.
// Fresh accounts and a new organization keep the demo's Demo Corp (counted by
// org-share.spec) untouched; eu-frankfurt is this spec's own region.
import type { BrowserContext, Page } from '@playwright/test';
import { createAccount, login, loginAsAdmin, postForm, type FreshAccount } from './helpers';
import { expect, test } from './helpers/fixtures';
import { makeImage } from './helpers/images';
import { AdminOrgPage, AdminOrgsPage } from './pages/admin-orgs.page';
import { OrgTargets } from './pages/org-share.page';
import { ShareDialog } from './pages/share.page';

const REGION = 'eu-frankfurt';

test.describe.serial('organization membership decides access', () => {
  const contexts: BrowserContext[] = [];
  const orgName = `E2E Access ${Date.now()}`;
  let admin: Page | undefined;
  let owner: Page | undefined;
  let ownerAccount: FreshAccount | undefined;
  let member: FreshAccount | undefined;
  let orgURL = '';
  let imageId = '';

  async function signedIn(browser: { newContext(): Promise<BrowserContext> }, as: (p: Page) => Promise<void>): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await as(page);
    return page;
  }

  test.afterAll(async () => {
    if (owner && imageId) {
      // Clean up: the image (to the bin, then for good) and its source instance.
      const html = await (await owner.request.get(`/instances?region=${REGION}`)).text();
      await postForm(owner, `/images/${imageId}/shares/cancel`, { all: '1' });
      await postForm(owner, `/images/${imageId}/delete`, {});
      await postForm(owner, `/images/recycle-bin/${imageId}/delete`, {});
      for (const [, id] of html.matchAll(/data-instance-id="(ins-[a-z0-9]+)"/g)) {
        await postForm(owner, `/instances/${id}/terminate`, {});
      }
    }
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  test('the admin moves a member out of the unit an image is shared with, and back', async ({ browser }) => {
    test.setTimeout(120_000);
    ownerAccount = createAccount('org-owner');
    member = createAccount('org-member');
    admin = await signedIn(browser, loginAsAdmin);

    // The admin builds the organization: Team and Elsewhere, the owner at
    // the root, the member in Team.
    const orgs = new AdminOrgsPage(admin);
    await orgs.goto();
    await orgs.createOrganization(orgName);
    await orgs.goto();
    await orgs.row(orgName).getByRole('link', { name: orgName, exact: true }).click();
    orgURL = admin.url();
    const org = new AdminOrgPage(admin);
    await org.createUnit('Team');
    await expect(org.unit('Team')).toBeVisible();
    await org.createUnit('Elsewhere');
    await expect(org.unit('Elsewhere')).toBeVisible();
    await org.assign(ownerAccount.accountId, null);
    await expect(org.flash).toBeVisible();
    await org.assign(member.accountId, 'Team');
    await expect(org.counts('Team')).toContainText(/^1 /);

    // The owner shares an image with Team, picked from the dialog's list.
    owner = await signedIn(browser, (p) => login(p, ownerAccount!.username, ownerAccount!.password));
    imageId = await makeImage(owner, REGION, `org-access-${Date.now()}`);
    const dialog = new ShareDialog(owner);
    await dialog.goto(imageId);
    await owner.waitForLoadState('load');
    const targets = new OrgTargets(owner);
    await targets.target('Team').check();
    await expect(targets.riskReach).toContainText(/reaches 1 account today|alcança 1 conta hoje/);
    await dialog.riskCheckbox.check();
    await dialog.submit.click();
    await expect(owner.getByRole('main').locator('tr[data-recipient^="ou-"]')).toContainText(/Team/);

    const memberPage = await signedIn(browser, (p) => login(p, member!.username, member!.password));
    const row = memberPage.getByRole('main').locator(`tr[data-image-id="${imageId}"]`);
    const sharedTab = async () => {
      await memberPage.goto(`/images?region=${REGION}&tab=shared`);
      await expect(memberPage.getByRole('main')).toBeVisible();
    };
    await sharedTab();
    await expect(row).toBeVisible();

    // Moved to Elsewhere, the member loses the image at once, by id too.
    await admin.goto(orgURL);
    await org.assign(member.accountId, 'Elsewhere');
    await expect(org.counts('Elsewhere')).toContainText(/^1 /);
    await sharedTab();
    await expect(row).toHaveCount(0);
    expect((await memberPage.request.get(`/images/${imageId}`)).status()).toBe(404);

    // Back in Team, it is there again: access is read from the membership.
    await admin.goto(orgURL);
    await org.assign(member.accountId, 'Team');
    await expect(org.counts('Team')).toContainText(/^1 /);
    await sharedTab();
    await expect(row).toBeVisible();
  });
});
