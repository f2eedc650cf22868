// The share lifecycle beyond the clouds (SPEC 3b), end to end: under
// required consent (R19) an owner shares with an end date (R20); one
// recipient accepts, another declines with a reason the owner reads, a
// third (shared with before) removes the image from its account (R18); the
// owner moves the accepted share's end; then the end is put in the past
// through the database and the worker ends the share (no sleeps: polling).
//
// Consent is platform-wide and other specs share in parallel: it is
// "required" only between the admin's save and the owner's submit (the
// dialog is filled beforehand), put back at once, and again in afterAll.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, expectNoSeriousA11yViolations, login, postForm, PORT, type FreshAccount } from './helpers';
import { expect, test } from './helpers/fixtures';
import { makeImage } from './helpers/images';
import { AdminSettingsPage, NotificationsPage } from './pages/admin-area.page';
import { ImageShares, ShareDialog } from './pages/share.page';
import { DeclineForm, Invitations, LeaveConfirmation, ShareEndForm } from './pages/share-lifecycle.page';

const REGION = 'ap-guangzhou';
const DATABASE = path.join(__dirname, '.data', String(PORT), 'e2e.db');

interface Actor extends FreshAccount {
  page: Page;
}

async function signIn(browser: Browser, contexts: BrowserContext[], prefix: string, admin = false): Promise<Actor> {
  const account = createAccount(prefix, { admin });
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await login(page, account.username, account.password);
  return { ...account, page };
}

/** Chooses recipient consent on Admin > Settings and saves. */
async function chooseConsent(page: Page, consent: 'automatic' | 'required'): Promise<void> {
  const settings = new AdminSettingsPage(page);
  await settings.goto();
  await page.getByRole('radio', { name: consent === 'required' ? /^Required: / : /^Automatic: / }).check();
  const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/settings');
  await settings.save.click();
  expect((await saved).status(), `save consent ${consent}`).toBe(303);
}

/** Test setup only: moves a share's end into the past, as time passing would. */
function expireNow(imageId: string, accountId: string): void {
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', DATABASE,
    `UPDATE shares SET expires_at = '2020-01-01 00:00:00+00:00' WHERE image_id = '${imageId}' AND recipient_account_id = '${accountId}' AND status = 'active'`]);
}

/** A date-time picker value (UTC, as the spec's browsers run in UTC) `days` ahead. */
function pickerValue(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
}

test.describe.serial('share lifecycle: consent, expiry, leave', () => {
  const contexts: BrowserContext[] = [];
  let admin: Actor | undefined;

  test.afterAll(async ({ browser }) => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    if (!admin) return;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await login(page, admin.username, admin.password);
      const res = await postForm(page, '/admin/settings', { policy: 'immediate', cap: 50, acceptance: 'automatic', expiry_notice_days: 3 });
      expect(res.status()).toBe(303);
    } finally {
      await context.close();
    }
  });

  test('owner shares with an end under required consent; recipients accept, decline and leave; the share expires', async ({ browser }) => {
    test.setTimeout(300_000);
    admin = await signIn(browser, contexts, 'lc-admin', true);
    const owner = await signIn(browser, contexts, 'lc-owner');
    const accepter = await signIn(browser, contexts, 'lc-accept');
    const decliner = await signIn(browser, contexts, 'lc-decline');
    const leaver = await signIn(browser, contexts, 'lc-leave');
    const imageName = `lifecycle-${owner.accountId.slice(-4)}`;
    const imageId = await makeImage(owner.page, REGION, imageName);
    // The leaver had the image before consent was required: an active share.
    expect((await postForm(owner.page, `/images/${imageId}/share`, { accounts: leaver.accountId, risk: 'yes' })).status()).toBe(303);

    // The owner fills the dialog, with an end two days ahead, before consent is switched on.
    const op = owner.page;
    const dialog = new ShareDialog(op);
    await dialog.goto(imageId);
    await dialog.enterAccounts([accepter.accountId, decliner.accountId]);
    await op.getByLabel(/^Until \(optional\)$/).fill(pickerValue(2));
    await dialog.riskCheckbox.check();
    await expectNoSeriousA11yViolations(op, 'share dialog with an end');
    try {
      await chooseConsent(admin.page, 'required');
      await dialog.submit.click();
      await expect(op.locator('#flash').getByRole('status')).toHaveText('2 shares offered. Each recipient sees the image once it accepts.');
    } finally {
      await chooseConsent(admin.page, 'automatic');
    }
    const shares = new ImageShares(op);
    const accepterRow = shares.table.locator(`tr[data-recipient="${accepter.accountId}"]`);
    await expect(accepterRow).toContainText('Offered');
    await expect(accepterRow.getByTestId('share-ends')).toContainText('in 1 day');

    // R19: the accepter sees the invitation, counted on the tab, with the owner and the R8 notice; accepts.
    const ap = accepter.page;
    const invitations = new Invitations(ap);
    await invitations.goto(REGION);
    await expect(invitations.tabCount).toHaveText('1 invitation');
    await expect(invitations.invitation(imageId)).toContainText(`Offered by ${owner.name} (${owner.accountId})`);
    await expect(invitations.section).toContainText('does not guarantee');
    await expect(new NotificationsPage(ap).unreadBadge).toBeVisible();
    await expectNoSeriousA11yViolations(ap, 'invitations');
    await invitations.accept(imageId).click();
    await expect(ap.locator('#flash').getByRole('status')).toHaveText(`${imageName} is now in your Shared with me images.`);
    await expect(ap.locator(`tr[data-image-id="${imageId}"]`)).toBeVisible();
    await ap.goto(`/images/${imageId}`);
    await expect(ap.getByTestId('access-ends')).toContainText('Your access ends on');

    // R19: the decliner declines with a reason; the owner reads it in the history.
    const dp = decliner.page;
    const declinerInvitations = new Invitations(dp);
    await declinerInvitations.goto(REGION);
    await declinerInvitations.decline(imageId).click();
    const declineForm = new DeclineForm(dp);
    await declineForm.reason.fill('We build our own images');
    await expectNoSeriousA11yViolations(dp, 'decline form');
    await declineForm.submit.click();
    await expect(dp.locator('#flash').getByRole('status')).toHaveText(`You declined ${imageName}.`);
    await expect(declinerInvitations.section).toHaveCount(0);
    await shares.gotoHistory(imageId);
    await expect(shares.history).toContainText('declined the invitation: We build our own images');
    await shares.sharingTab.click();
    await expect(accepterRow).toContainText('Active');

    // R18: the leaver removes the image; the confirmation says what stays.
    const lp = leaver.page;
    await lp.goto(`/images?region=${REGION}&tab=shared`);
    // The row's "More" menu (a <summary>, found by its label) holds the action.
    await lp.getByLabel(`More actions: ${imageName}`, { exact: true }).click();
    await lp.getByRole('link', { name: `Remove from my account: ${imageName}` }).click();
    const leave = new LeaveConfirmation(lp);
    await expect(leave.heading).toBeVisible();
    await expect(lp.getByRole('main')).toContainText('You have no instances launched from this image.');
    await expectNoSeriousA11yViolations(lp, 'leave confirmation');
    await leave.confirm.click();
    await expect(lp.locator('#flash').getByRole('status')).toHaveText(`${imageName} was removed from your account.`);
    await expect(lp.locator(`tr[data-image-id="${imageId}"]`)).toHaveCount(0);
    await op.reload();
    await expect(shares.table.locator(`tr[data-recipient="${leaver.accountId}"]`)).toHaveCount(0);
    await shares.historyTab.click();
    await expect(shares.history).toContainText('removed the image from their account');
    await shares.sharingTab.click();

    // R20: the owner moves the accepter's end to ten days ahead.
    await accepterRow.getByRole('link', { name: `End of the share with ${accepter.accountId}` }).click();
    const endForm = new ShareEndForm(op);
    await endForm.until.fill(pickerValue(10));
    await expectNoSeriousA11yViolations(op, 'share end form');
    await endForm.save.click();
    await expect(op.locator('#flash').getByRole('status')).toContainText(`The share with ${accepter.accountId} now ends on`);
    await expect(accepterRow.getByTestId('share-ends')).toContainText('in 9 days');

    // R20: time passes (the end is put in the past); the worker ends the share once.
    expireNow(imageId, accepter.accountId);
    await expect.poll(async () => (await ap.request.get(`/images/${imageId}`)).status(), { message: 'the share expires' }).toBe(404);
    await shares.gotoHistory(imageId);
    await expect(shares.history).toContainText(`The share with ${accepter.name} (${accepter.accountId}) expired`);
    await ap.goto('/notifications');
    await expect(ap.getByRole('main')).toContainText(
      new RegExp(`The share of image ${imageName} in .+ with .+ ended on its expiry date\\.`),
    );
  });
});
