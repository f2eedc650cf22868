// The admin area end to end: the review policy (R17) with an approval, a
// revocation with a reason (R15), an account created, signed in and disabled,
// and the audit log that records all of it. Each role has its own browser
// context and a fresh account (owner, recipient, admin); images are set up
// over HTTP, what the admin and the accounts see is done in the browser.
//
// The sharing policy is platform-wide and other specs run in parallel on the
// same server: the policy is "review" only between the admin's save and the
// owner's share (the owner's dialog is filled beforehand), and it is put back
// to "immediate" at once, with a safety net in afterAll. A policy change does
// not touch existing shares, so the owner's share stays pending.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, expectNoSeriousA11yViolations, login, makeImage, postForm, type FreshAccount } from './helpers';
import { expect, test } from './helpers/fixtures';
import {
  AdminAccountPage,
  AdminAccountsPage,
  AdminReviewPage,
  AdminSettingsPage,
  AdminSharesPage,
  AuditLogPage,
  NotificationsPage,
  RevokeForm,
} from './pages/admin-area.page';
import { AccountPage } from './pages/account.page';
import { AdminPage } from './pages/admin.page';
import { ImagesPage } from './pages/images.page';
import { LoginPage } from './pages/login.page';
import { ImageShares, ShareDialog } from './pages/share.page';
import { Shell } from './pages/shell.page';

const REGION = 'ap-guangzhou';
const GUANGZHOU = 'South China (Guangzhou)';

/** A fresh account signed in in its own browser context. */
interface Actor extends FreshAccount {
  page: Page;
}

/** Creates an account with the CLI and signs its user in, in a new browser context. */
async function signIn(
  browser: Browser,
  contexts: BrowserContext[],
  prefix: string,
  opts: { admin?: boolean } = {},
): Promise<Actor> {
  const account = createAccount(prefix, opts);
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await login(page, account.username, account.password);
  return { ...account, page };
}

/** Puts the platform back to the default sharing settings over HTTP, unless they already are. */
async function restoreSharingDefaults(page: Page): Promise<void> {
  const html = await (await page.request.get('/admin/settings')).text();
  const immediate = /<input[^>]*id="policy-immediate"[^>]*\bchecked\b/.test(html);
  const cap50 = /<input[^>]*name="cap"[^>]*value="50"/.test(html);
  if (immediate && cap50) return;
  const res = await postForm(page, '/admin/settings', { policy: 'immediate', cap: 50 });
  expect(res.status(), 'restore the immediate sharing policy').toBe(303);
}

test.describe.serial('admin area: review, revoke, accounts, audit', () => {
  const contexts: BrowserContext[] = [];
  let adminAccount: FreshAccount | undefined;

  // Safety net: whatever happened in the test (a timeout closes its pages
  // before a finally block can use them), the policy ends up "immediate".
  test.afterAll(async ({ browser }) => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    if (!adminAccount) return;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await login(page, adminAccount.username, adminAccount.password);
      await restoreSharingDefaults(page);
    } finally {
      await context.close();
    }
  });

  test('an admin reviews, approves and revokes a share, manages an account and finds it all in the audit log', async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const admin = await signIn(browser, contexts, 'adm-review', { admin: true });
    adminAccount = admin;
    const owner = await signIn(browser, contexts, 'rev-owner');
    const recipient = await signIn(browser, contexts, 'rev-recipient');
    const imageName = `review-golden-${owner.accountId.slice(-4)}`;
    const imageId = await makeImage(owner.page, REGION, imageName);
    const reason = `Licence terms broken ${owner.accountId}`;

    const ap = admin.page;
    const overview = new AdminPage(ap);
    const settings = new AdminSettingsPage(ap);
    const review = new AdminReviewPage(ap);
    const adminShares = new AdminSharesPage(ap);
    const revokeForm = new RevokeForm(ap);
    const accounts = new AdminAccountsPage(ap);
    const account = new AdminAccountPage(ap);
    const audit = new AuditLogPage(ap);

    const op = owner.page;
    const ownerShares = new ImageShares(op);
    const dialog = new ShareDialog(op);
    const ownerInbox = new NotificationsPage(op);

    const rp = recipient.page;
    const recipientImages = new ImagesPage(rp);
    const recipientInbox = new NotificationsPage(rp);
    const nothingShared = recipientImages.emptyState(`No images are shared with you in ${GUANGZHOU}`);

    // The admin reaches the admin area from the header.
    await ap.goto('/images');
    await new Shell(ap).navLink('Admin').click();
    await expect(overview.heading).toHaveText('Admin');
    await expectNoSeriousA11yViolations(ap, 'admin overview');
    await settings.open('Settings');
    await expect(settings.immediate).toBeChecked();
    await expectNoSeriousA11yViolations(ap, 'admin settings');

    // The owner fills the share dialog first, so the review policy is on for as short a time as possible.
    await ownerShares.goto(imageId);
    await ownerShares.shareLink.click();
    await expect(dialog.heading).toBeVisible();
    await dialog.enterAccounts([recipient.accountId]);
    await expect(dialog.verdict(recipient.accountId)).toContainText('Ready to share');
    await dialog.riskCheckbox.check();

    // 1-2. Review policy on; the owner's share waits for review; policy back to immediate at once.
    let restored = false;
    try {
      await settings.choosePolicy('review');
      await expect(settings.flash).toHaveText('Settings saved. Existing shares are unchanged.');
      await expect(settings.review).toBeChecked();

      await dialog.submit.click();
      await expect(op.locator('#flash').getByRole('status')).toHaveText(
        '1 share sent for review. The recipient will see the image once an administrator approves.',
      );

      await settings.choosePolicy('immediate');
      await expect(settings.flash).toHaveText('Settings saved. Existing shares are unchanged.');
      await expect(settings.immediate).toBeChecked();
      restored = true;
    } finally {
      if (!restored) await restoreSharingDefaults(ap);
    }
    await expect(ownerShares.recipient(recipient.accountId)).toContainText(recipient.name);
    await expect(ownerShares.recipient(recipient.accountId)).toContainText('Pending review');

    // 3. Pending: the recipient does not see the image.
    await recipientImages.goto({ region: REGION, tab: 'shared' });
    await expect(nothingShared).toBeVisible();
    await expect(recipientImages.row(imageName)).toHaveCount(0);

    // 4. The admin approves it in Review.
    await review.open('Review');
    const pending = review.share(imageId, recipient.accountId);
    await expect(pending).toBeVisible();
    await expect(review.main.getByText(`${owner.name} (${owner.accountId}) shares ${imageName} (${imageId}, ${REGION})`)).toBeVisible();
    await expectNoSeriousA11yViolations(ap, 'admin review');
    await pending.check();
    await review.approveSelected.click();
    await expect(review.flash).toHaveText('1 share approved.');
    await expect(pending).toHaveCount(0);

    // 5. The recipient sees it, and is told: the bell counts it, the inbox says it.
    await recipientImages.goto({ region: REGION, tab: 'shared' });
    await expect(recipientImages.row(imageName)).toBeVisible();
    await expect(recipientInbox.unreadBadge).toHaveText('1');
    await expect(recipientInbox.bell).toHaveAccessibleName('Notifications 1 unread');
    await recipientInbox.bell.click();
    await expect(recipientInbox.heading).toBeVisible();
    await expect(recipientInbox.about(imageId)).toContainText(
      `${owner.name} (account ${owner.accountId}) shared image ${imageName} in South China (Guangzhou) with your account.`,
    );
    await expect(recipientInbox.about(imageId).getByRole('link', { name: `Open image ${imageName}` })).toHaveAttribute(
      'href',
      `/images/${imageId}`,
    );
    await expectNoSeriousA11yViolations(rp, 'notifications');

    // 6. The admin finds the share in Shares by its owner and revokes it with a reason.
    await adminShares.open('Shares');
    await expectNoSeriousA11yViolations(ap, 'admin shares');
    await adminShares.filterByOwner(owner.accountId);
    await expect(adminShares.owner).toHaveValue(owner.accountId);
    await expect(adminShares.rows).toHaveCount(1);
    const shareRow = adminShares.row(imageId, recipient.accountId);
    await expect(shareRow).toContainText('Active');
    await adminShares.revokeLink(shareRow).click();
    await expect(revokeForm.heading).toHaveText('Revoke share?');
    await expect(revokeForm.text).toContainText(`Image ${imageName} (${imageId}) of ${owner.name}`);
    const shareId = ap.url().match(/\/admin\/shares\/(\d+)\/revoke$/)?.[1];
    expect(shareId, `share id in ${ap.url()}`).toBeTruthy();
    await expectNoSeriousA11yViolations(ap, 'revoke form');
    await revokeForm.revoke(reason);
    await expect(adminShares.flash).toHaveText('1 share revoked.');
    await adminShares.filterByOwner(owner.accountId);
    await expect(shareRow).toContainText('Revoked');
    await expect(shareRow).toContainText(reason);
    await expect(adminShares.revokeLink(shareRow)).toHaveCount(0);

    // 7. The recipient lost it; both accounts are told why.
    await recipientImages.goto({ region: REGION, tab: 'shared' });
    await expect(nothingShared).toBeVisible();
    await expect(recipientImages.row(imageName)).toHaveCount(0);
    await recipientInbox.goto();
    await expect(recipientInbox.about(imageId, 'An administrator revoked')).toContainText(`Reason: ${reason}`);
    await ownerInbox.goto();
    const revokedNote = ownerInbox.about(imageId, 'An administrator revoked');
    await expect(revokedNote).toContainText(
      `An administrator revoked your share of image ${imageName} in South China (Guangzhou) with ${recipient.name} (account ${recipient.accountId}).`,
    );
    await expect(revokedNote).toContainText(`Reason: ${reason}`);
    await expect(ownerInbox.about(imageId, 'An administrator approved')).toBeVisible();
    await ownerShares.gotoHistory(imageId);
    await expect(ownerShares.history).toContainText(
      `An administrator revoked the share with ${recipient.name} (${recipient.accountId}): ${reason}`,
    );
    await ownerShares.sharingTab.click();
    await expect(ownerShares.section).toBeVisible();
    await expect(ownerShares.recipient(recipient.accountId)).toHaveCount(0);

    // 8. The admin creates an account and its user signs in (with a one-time
    // password: see the next test); disabled, the account cannot sign in any more.
    const suffix = owner.accountId.slice(-6);
    const newcomer = { name: `E2E admin-made ${suffix}`, username: `adm-made-${suffix}`, password: `one-time-${suffix}` };
    await accounts.open('Accounts');
    await expectNoSeriousA11yViolations(ap, 'admin accounts');
    await accounts.createAccount(newcomer);
    await expect(ap).toHaveURL(/\/admin\/accounts\/\d{10,12}$/);
    const newAccountId = ap.url().match(/(\d{10,12})$/)![1];
    await expect(account.flash).toHaveText(`Account ${newcomer.name} (${newAccountId}) created.`);
    await expect(account.heading).toHaveText(newcomer.name);
    await expect(account.idAndStatus).toHaveText(`${newAccountId} · Active`);
    await expect(account.users).toContainText(newcomer.username);
    await expectNoSeriousA11yViolations(ap, 'admin account page');

    const newContext = await browser.newContext();
    contexts.push(newContext);
    const np = await newContext.newPage();
    const newLogin = new LoginPage(np);
    await newLogin.goto();
    await newLogin.signIn(newcomer.username, newcomer.password);
    // Signed in: the one-time password leads to the focused "Choose your password" page.
    await expect(np).toHaveURL(/\/account$/);
    await expect(np.locator('#password-form')).toBeVisible();

    await account.disable.click();
    await expect(account.flash).toHaveText('Account disabled. Its users are signed out.');
    await expect(account.idAndStatus).toHaveText(`${newAccountId} · Disabled`);
    await expect(account.enable).toBeVisible();

    await np.reload();
    await expect(newLogin.heading).toHaveText('Sign in');
    await newLogin.signIn(newcomer.username, newcomer.password);
    await expect(newLogin.error).toHaveText('This account is disabled. Ask your platform administrator to enable it.');

    // 9. The audit log has every step, with who did it.
    await audit.open('Audit log');
    await expectNoSeriousA11yViolations(ap, 'audit log');
    await audit.filter({ user: admin.username });
    await expect(audit.event('admin.settings')).toHaveCount(2);
    await expect(audit.event('admin.settings').nth(0)).toContainText(/policy=immediate cap=\d+/);
    await expect(audit.event('admin.settings').nth(1)).toContainText(/policy=review cap=\d+/);
    await expect(audit.event('admin.share.approve')).toContainText(`[${shareId}]`);
    await expect(audit.event('admin.share.revoke')).toContainText(`[${shareId}]`);
    await expect(audit.event('admin.share.revoke')).toContainText(reason);
    await expect(audit.event('account.create')).toContainText(newAccountId);
    await expect(audit.event('account.create')).toContainText(`${newcomer.username} (member)`);
    await expect(audit.event('admin.account.disable')).toContainText(newAccountId);
    for (const row of await audit.rows.all()) await expect(row).toContainText(admin.accountId);

    await audit.filter({ user: owner.username, action: 'share.create' });
    await expect(audit.event('share.create')).toHaveCount(1);
    await expect(audit.event('share.create')).toContainText(imageId);
    await expect(audit.event('share.create')).toContainText(recipient.accountId);

    await audit.filter({ user: newcomer.username, outcome: 'error' });
    const refused = audit.event('auth.sign_in');
    await expect(refused).toHaveCount(1);
    await expect(refused.getByRole('cell', { name: 'AuthFailure.AccountDisabled', exact: true })).toBeVisible();
    await expect(refused).toContainText(newAccountId);

    // Filtering by "admin.share" narrows the admin's actions to the approval and the revocation.
    await audit.filter({ user: admin.username, action: 'admin.share' });
    await expect(audit.action).toHaveValue('admin.share');
    await expect(audit.rows).toHaveCount(2);
    await expect(audit.event('admin.share.revoke')).toHaveCount(1);
    await expect(audit.event('admin.share.approve')).toHaveCount(1);

    // The CSV export holds the same two events.
    const downloading = ap.waitForEvent('download');
    await audit.exportCsv.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{6}\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('id,time,user,account_id,action,resource,outcome,ip,request_id,detail');
    const events = csv.slice(1).map((line) => line.split(','));
    expect(events.map((e) => e[4]).sort()).toEqual(['admin.share.approve', 'admin.share.revoke']);
    for (const e of events) {
      expect(e[2], 'user').toBe(admin.username);
      expect(e[3], 'account_id').toBe(admin.accountId);
      expect(e[5], 'resource').toBe(`[${shareId}]`);
      expect(e[6], 'outcome').toBe('ok');
    }
    expect(events.find((e) => e[4] === 'admin.share.revoke')![9]).toBe(reason);
  });

  // The first user's password, typed by an admin, is one-time (admin.one_time_hint).
  test('the first user of an account created in Admin > Accounts must choose a password at first sign-in', async ({
    browser,
  }) => {
    const admin = await signIn(browser, contexts, 'adm-onetime', { admin: true });
    const accounts = new AdminAccountsPage(admin.page);
    const suffix = admin.accountId.slice(-6);
    const newcomer = { name: `E2E one-time ${suffix}`, username: `one-time-${suffix}`, password: `one-time-${suffix}` };
    await accounts.goto();
    await accounts.createAccount(newcomer);
    await expect(accounts.flash).toHaveText(/^Account E2E one-time \d+ \(\d{10,12}\) created\.$/);

    const context = await browser.newContext();
    contexts.push(context);
    const np = await context.newPage();
    const signInPage = new LoginPage(np);
    await signInPage.goto();
    await signInPage.signIn(newcomer.username, newcomer.password);
    await expect(np).toHaveURL(/\/account$/);
    const accountPage = new AccountPage(np);
    await expect(np.locator('#password-form').getByRole('status')).toHaveText(
      'You signed in with a one-time password. Choose your own password to continue.',
    );
    await np.goto('/images');
    await expect(np).toHaveURL(/\/account$/);
    await accountPage.changePassword(newcomer.password, `my-own-${suffix}-pw`);
    await expect(accountPage.flash).toHaveText('Your password has been changed. Other sessions were signed out.');
    await np.goto('/images');
    await expect(np).toHaveURL(/\/images$/);
  });
});
