// Sharing with a unit of an organization (R25), end to end on the demo
// organization Demo Corp: alice (in its root) shares an image of
// ap-singapore with unit Engineering, picked from the dialog's list; bob, in
// Platform below Engineering, sees it in his Shared tab; carol, in no
// organization, does not; alice cancels the unit share and bob loses it.
// ap-singapore is this spec's own region: no other spec counts there.
import type { BrowserContext, Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, loginAs, postForm } from './helpers';
import { expect, test } from './helpers/fixtures';
import { makeImage } from './helpers/images';
import { OrgTargets } from './pages/org-share.page';
import { CancelShareDialog, ShareDialog } from './pages/share.page';

const REGION = 'ap-singapore';
const ENGINEERING = 'ou-demo0001';

async function signedIn(browser: { newContext(): Promise<BrowserContext> }, contexts: BrowserContext[], user: 'alice' | 'bob' | 'carol'): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await loginAs(page, user);
  return page;
}

function sharedRow(page: Page, imageId: string) {
  return page.getByRole('main').locator(`tr[data-image-id="${imageId}"]`);
}

test.describe.serial('share with an organization unit', () => {
  const contexts: BrowserContext[] = [];
  let alice: Page | undefined;
  let imageId = '';

  test.afterAll(async () => {
    if (alice && imageId) {
      // Clean up: the image (to the bin, then for good) and its source instance.
      const html = await (await alice.request.get(`/instances?region=${REGION}`)).text();
      await postForm(alice, `/images/${imageId}/shares/cancel`, { all: '1' });
      expect((await postForm(alice, `/images/${imageId}/delete`, {})).status()).toBe(303);
      await postForm(alice, `/images/recycle-bin/${imageId}/delete`, {});
      for (const [, id] of html.matchAll(/data-instance-id="(ins-[a-z0-9]+)"/g)) {
        await postForm(alice, `/instances/${id}/terminate`, {});
      }
    }
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  test('alice shares with Engineering; bob in Platform sees it, carol does not; cancelling ends it', async ({ browser }) => {
    test.setTimeout(120_000);
    alice = await signedIn(browser, contexts, 'alice');
    const bob = await signedIn(browser, contexts, 'bob');
    const carol = await signedIn(browser, contexts, 'carol');
    imageId = await makeImage(alice, REGION, `org-share-${Date.now()}`);

    const dialog = new ShareDialog(alice);
    const targets = new OrgTargets(alice);
    await dialog.goto(imageId);
    await alice.waitForLoadState('load');
    await expect(targets.target('Engineering')).toBeVisible();
    await expect(targets.target('Demo Corp')).toBeVisible();
    await targets.target('Engineering').check();
    // The live check counts the unit as one and names its reach: bob.
    await expect(dialog.counter).toContainText(/1 to add|1 a adicionar/);
    await expect(dialog.verdict(ENGINEERING)).toContainText(/reaches 1 account|alcança 1 conta/);
    await expect(targets.groupReach).toContainText(/1 account today|1 conta hoje/);
    await expect(targets.riskReach).toContainText(/reaches 1 account today|alcança 1 conta hoje/);
    await expectNoSeriousA11yViolations(alice);
    // The unit's share ends in three days (R20): its members are told so.
    const ends = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
    await alice.getByLabel(/^(Until \(optional\)|Até \(opcional\))$/).fill(ends);
    await dialog.riskCheckbox.check();
    await dialog.submit.click();
    await expect(alice.getByRole('main').locator(`tr[data-recipient="${ENGINEERING}"]`)).toContainText(/Engineering/);

    await bob.goto(`/images?region=${REGION}&tab=shared`);
    await expect(sharedRow(bob, imageId)).toBeVisible();
    // bob, reached through the unit, sees when his access ends.
    await bob.goto(`/images/${imageId}`);
    await expect(bob.getByTestId('access-ends')).toContainText(/Your access ends on|Seu acesso termina em/);
    await carol.goto(`/images?region=${REGION}&tab=shared`);
    await expect(carol.getByRole('main')).toBeVisible();
    await expect(sharedRow(carol, imageId)).toHaveCount(0);

    const cancel = new CancelShareDialog(alice);
    await cancel.goto(imageId);
    await cancel.recipients.locator(`input[type="checkbox"][value="${ENGINEERING}"]`).check();
    await cancel.cancelSelected.click();
    await expect(alice.getByText(/^(Stopped sharing: 1 share cancelled\.|Compartilhamento encerrado: 1 compartilhamento cancelado\.)/)).toBeVisible();

    await bob.goto(`/images?region=${REGION}&tab=shared`);
    await expect(bob.getByRole('main')).toBeVisible();
    await expect(sharedRow(bob, imageId)).toHaveCount(0);
  });
});
