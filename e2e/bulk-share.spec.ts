// Bulk sharing (R26), end to end: alice ticks three of her Normal images in
// São Paulo (a region no other spec uses) on the Custom tab, shares them with
// bob in one action after a verdict per image, and bob finds all three on
// his Shared tab there. A second attempt, with every image of the page
// selected, shows the refusal of each image already shared with bob, keeps
// Share disabled and changes nothing. The images carry a name unique to the
// run and are deleted for good afterwards, so re-runs on a kept server pass.
import type { Browser, Page } from '@playwright/test';
import { createImageFrom, DEMO_USERS, expectNoSeriousA11yViolations, loginAs, postForm, publicImageId } from './helpers';
import { expect, test } from './helpers/fixtures';
import { ImagesPage } from './pages/images.page';
import { BulkSelection, BulkSharePage } from './pages/bulk-share.page';

const REGION = 'sa-saopaulo';
const RUN = `bulk${Date.now().toString(36)}`;
const [A, B, C, D] = ['a', 'b', 'c', 'd'].map((x) => `${RUN}-${x}`);
const BOB = DEMO_USERS.bob.accountId;

async function signedIn(browser: Browser, user: 'alice' | 'bob'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, user);
  return page;
}

/** Launches an instance called `name` in the region and returns its id once it runs. */
async function launch(page: Page, name: string): Promise<string> {
  const res = await postForm(page, '/instances', {
    region: REGION, zone: `${REGION}-1`, image: await publicImageId(page, REGION), instance_type: 'S5.MEDIUM2', name, count: 1,
  });
  expect(res.status(), 'launch the source instance').toBe(303);
  let id = '';
  await expect
    .poll(async () => {
      const html = await (await page.request.get(`/instances?region=${REGION}`)).text();
      const row = html.split('data-instance-id="').slice(1).find((r) => r.includes(`>${name}<`)) ?? '';
      id = row.match(/^(ins-[a-z0-9]+)"/)?.[1] ?? '';
      return id !== '' && />Running</.test(row.split('</tr>')[0]);
    }, { message: `instance ${name} runs`, timeout: 20_000 })
    .toBe(true);
  return id;
}

test.describe.serial('bulk sharing (R26)', () => {
  // Each test signs two people in and runs axe: more than the default 30 s on a busy machine.
  test.describe.configure({ timeout: 90_000 });
  const ids: Record<string, string> = {};
  let instance = '';

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await signedIn(browser, 'alice');
    instance = await launch(page, `${RUN}-src`);
    for (const name of [A, B, C, D]) ids[name] = await createImageFrom(page, instance, name);
    await page.context().close();
  });

  test.afterAll(async ({ browser }) => {
    const page = await signedIn(browser, 'alice');
    for (const id of Object.values(ids)) {
      expect((await postForm(page, `/images/${id}/shares/cancel`, { all: 1 })).status(), `cancel the shares of ${id}`).toBe(303);
      expect((await postForm(page, `/images/${id}/delete`, {})).status(), `delete ${id}`).toBe(303);
      expect([303, 404], `purge ${id}`).toContain((await postForm(page, `/images/recycle-bin/${id}/delete`, {})).status());
    }
    if (instance) await postForm(page, `/instances/${instance}/terminate`, {});
    await page.context().close();
  });

  test('alice shares three images with bob in one action, after a verdict per image; bob sees them', async ({ page, browser }) => {
    await loginAs(page, 'alice');
    const images = new ImagesPage(page);
    const selection = new BulkSelection(page);
    await images.goto({ region: REGION, tab: 'custom', q: RUN });
    await expect(images.rows).toHaveCount(4);
    for (const name of [A, B, C]) await selection.checkbox(name).check();
    await expect(selection.shareSelected).toHaveText(/\(3\)$/);
    await expect(selection.selectAll).not.toBeChecked();
    await selection.shareSelected.click();

    const bulk = new BulkSharePage(page);
    await expect(bulk.heading).toBeVisible();
    await expect(bulk.images).toHaveCount(3);
    await bulk.accounts.fill(BOB);
    await bulk.riskCheckbox.check();
    await bulk.review.click();
    for (const name of [A, B, C]) await expect(bulk.verdict(ids[name])).toHaveText('Can be shared');
    await expect(bulk.summary).toHaveText('All 3 images can be shared as asked.');
    await expectNoSeriousA11yViolations(page, 'the bulk share confirmation');
    await bulk.share.click();

    await expect(page).toHaveURL(new RegExp(`/images\\?region=${REGION}&tab=custom$`));
    await expect(page.getByText(`Shared 3 images with ${BOB}.`)).toBeVisible();

    const bob = await signedIn(browser, 'bob');
    const bobImages = new ImagesPage(bob);
    await bobImages.goto({ region: REGION, tab: 'shared', q: RUN });
    await expect(bobImages.rows).toHaveCount(3);
    for (const name of [A, B, C]) await expect(bobImages.row(name)).toBeVisible();
    await bob.context().close();
  });

  test('a second attempt with images already shared with bob shows their refusals and changes nothing', async ({ page, browser }) => {
    await loginAs(page, 'alice');
    const images = new ImagesPage(page);
    const selection = new BulkSelection(page);
    await images.goto({ region: REGION, tab: 'custom', q: RUN });
    await selection.selectAll.check();
    for (const name of [A, B, C, D]) await expect(selection.checkbox(name)).toBeChecked();
    await expect(selection.shareSelected).toHaveText(/\(4\)$/);
    await selection.shareSelected.click();

    const bulk = new BulkSharePage(page);
    await expect(bulk.images).toHaveCount(4);
    await bulk.accounts.fill(BOB);
    await bulk.riskCheckbox.check();
    await bulk.review.click();
    for (const name of [A, B, C]) await expect(bulk.verdict(ids[name])).toContainText(`The image is already shared with ${BOB}.`);
    await expect(bulk.verdict(ids[D])).toHaveText('Can be shared');
    await expect(bulk.summary).toHaveText(/^3 of the 4 images cannot be shared as asked/);
    await expect(bulk.share).toBeDisabled();

    // Change goes back to the form with what was typed; nothing was shared.
    await bulk.change.click();
    await expect(bulk.accounts).toHaveValue(BOB);
    const bob = await signedIn(browser, 'bob');
    const bobImages = new ImagesPage(bob);
    await bobImages.goto({ region: REGION, tab: 'shared', q: RUN });
    await expect(bobImages.rows).toHaveCount(3);
    await expect(bobImages.row(D)).toHaveCount(0);
    await bob.context().close();
  });

  test('on a 390 px phone: no sideways scroll, and the keyboard selects and opens the bulk share', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, 'alice');
    const images = new ImagesPage(page);
    const selection = new BulkSelection(page);
    await images.goto({ region: REGION, tab: 'custom', q: RUN });
    await expect(images.rows).toHaveCount(4);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow(), 'the list is wider than the phone').toBeLessThanOrEqual(0);
    await expect(selection.checkbox(D)).toBeVisible();

    await selection.selectAll.focus();
    await page.keyboard.press('Space');
    await expect(selection.shareSelected).toHaveText(/\(4\)$/);
    await page.keyboard.press('Tab');
    await expect(selection.shareSelected).toBeFocused();
    await page.keyboard.press('Enter');

    const bulk = new BulkSharePage(page);
    await expect(bulk.heading).toBeVisible();
    await expect(bulk.images).toHaveCount(4);
    expect(await overflow(), 'the bulk share page is wider than the phone').toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page, 'the bulk share page on a phone');
  });
});
