// The seed FAQ (seed/000_41aa8a35c7eff75f.txt, Portuguese; SPEC.md section 3
// cites it as FAQ 1-12), one test per question, named by its English
// translation and its answer. Each test does in the browser what a person
// would do and checks the answer the FAQ gives.
//
// Other specs share the server, so every test makes its own accounts (owner
// and recipients, one browser context each) and its own image: launched from
// a public image and made into a custom image, over HTTP. Recipients' forged
// requests (what the console offers no control for) go over HTTP too.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  createAccount,
  expectNoSeriousA11yViolations,
  login,
  makeImage,
  postForm,
  publicImageId,
  setLanguage,
  type FreshAccount,
} from './helpers';
import { expect, test } from './helpers/fixtures';
import { AccountPage } from './pages/account.page';
import { ImageDetailPage } from './pages/image-detail.page';
import { ImagesPage } from './pages/images.page';
import { InstancesPage } from './pages/instances.page';
import { CancelShareDialog, ImageShares, ShareDialog } from './pages/share.page';
import { Shell } from './pages/shell.page';

const GUANGZHOU = 'South China (Guangzhou)';
const SHANGHAI = 'East China (Shanghai)';
const BEIJING = 'North China (Beijing)';
const PUBLIC_IMAGE = 'Ubuntu Server 22.04 LTS 64-bit';
const TRUST_TITLE = 'Use images from accounts you trust';
const TRUST_TEXT =
  'The platform does not guarantee the integrity or security of images shared by other accounts. ' +
  "Check the owner's account ID and name before you use one.";
const RISK_TEXT =
  'Data and software in this image may leak. Make sure it holds no confidential data or software. ' +
  'The accounts you share it with can launch instances from it and make custom images of their own from those instances.';

/** A fresh account signed in in its own browser context. */
interface Actor extends FreshAccount {
  page: Page;
}

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** Creates an account with the CLI and signs its user in, in a new browser context. */
async function signIn(browser: Browser, prefix: string): Promise<Actor> {
  const account = createAccount(prefix);
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await login(page, account.username, account.password);
  return { ...account, page };
}

/** Setup over HTTP: the owner shares the image with the accounts, risk accepted. */
async function shareOverHttp(owner: Actor, imageId: string, ...recipients: FreshAccount[]): Promise<void> {
  const res = await postForm(owner.page, `/images/${imageId}/share`, {
    accounts: recipients.map((r) => r.accountId).join('\n'), risk: 'yes',
  });
  expect(res.status(), `share ${imageId}: ${(await res.text()).slice(0, 300)}`).toBe(303);
}

/** Opens the recipient's Shared with me tab of a region and follows the image's link to its detail page. */
async function openShared(recipient: Actor, region: string, name: string): Promise<ImagesPage> {
  const images = new ImagesPage(recipient.page);
  await images.goto({ region, tab: 'shared' });
  await expect(images.row(name)).toBeVisible();
  return images;
}

test('Q1 What is the maximum number of users an image can be shared with? 50', async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await signIn(browser, 'faq1-owner');
  const recipients = Array.from({ length: 51 }, (_, i) => createAccount(`faq1-r${i + 1}`));
  const [fifty, last] = [recipients.slice(0, 50).map((r) => r.accountId), recipients[50].accountId];
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq1-golden');
  const { page } = owner;
  const shares = new ImageShares(page);
  const dialog = new ShareDialog(page);

  // Paste 51 account IDs at once: the first 50 are ready, the 51st is past the
  // cap, and the live check disables Share.
  await shares.goto(imageId);
  await shares.shareLink.click();
  await expect(dialog.heading).toBeVisible();
  await expect(dialog.counter).toHaveText('0 of 50 used');
  await dialog.enterAccounts([...fifty, last]);
  await expect(dialog.verdicts.getByText('Ready to share', { exact: true })).toHaveCount(50);
  await expect(dialog.verdict(last)).toContainText('Past the limit of 50 accounts per image');
  await expect(dialog.verdict(last)).not.toContainText('Ready to share');
  await expect(dialog.problem).toHaveText('An image can be shared with at most 50 accounts. It has 0; you can add 50 more.');
  await expect(dialog.submit).toBeDisabled();
  // Submitted anyway (before the live check could answer): nothing is shared
  // and the cap's message shows once.
  await dialog.riskCheckbox.check();
  await page.locator('main form[action$="/share"]').evaluate((f: HTMLFormElement) => f.requestSubmit());
  await expect(dialog.problem).toHaveText('An image can be shared with at most 50 accounts. It has 0; you can add 50 more.');
  await expect(page.getByText('An image can be shared with at most 50 accounts.')).toHaveCount(1);
  await expect(dialog.formError).toHaveCount(0);
  await expect(dialog.counter).toHaveText('0 of 50 used, 50 to add');

  // Paste 50 account IDs: the live check accepts every one of them.
  await dialog.enterAccounts(fifty);
  await expect(dialog.counter).toHaveText('0 of 50 used, 50 to add');
  await expect(dialog.verdicts.getByText('Ready to share', { exact: true })).toHaveCount(50);
  await dialog.riskCheckbox.check();
  await dialog.submit.click();
  await expect(page.getByText('Image shared with 50 accounts.')).toBeVisible();
  await expect(shares.rows).toHaveCount(50);

  // Reopened, the dialog counts 50 of 50; a 51st account is refused and nothing is added.
  await shares.shareLink.click();
  await expect(dialog.counter).toHaveText('50 of 50 used');
  const overCap = 'An image can be shared with at most 50 accounts. It has 50; you can add 0 more.';
  await dialog.enterAccounts([last]);
  await expect(dialog.problem).toHaveText(overCap);
  await expect(dialog.verdict(last)).toContainText('Past the limit of 50 accounts per image');
  await expect(dialog.submit).toBeDisabled();
  await dialog.riskCheckbox.check();
  await page.locator('main form[action$="/share"]').evaluate((f: HTMLFormElement) => f.requestSubmit());
  await expect(page.getByText(overCap)).toHaveCount(1);
  await expect(dialog.accounts).toHaveValue(last);
  await shares.gotoSharing(imageId);
  await expect(shares.sharingTab).toHaveAccessibleName('Sharing 50');
  await expect(shares.rows).toHaveCount(50);
  await expect(shares.recipient(last)).toHaveCount(0);
  await shares.shareLink.click();
  await expect(dialog.counter).toHaveText('50 of 50 used');
});

test('Q2 Can the name and description of a shared image be changed? No', async ({ browser }) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq2-owner');
  const recipient = await signIn(browser, 'faq2-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq2-golden');
  await shareOverHttp(owner, imageId, recipient);

  // The recipient's detail page offers no way to edit the name or description.
  const images = await openShared(recipient, 'ap-guangzhou', 'faq2-golden');
  await images.page.getByRole('link', { name: 'faq2-golden', exact: true }).click();
  const rp = recipient.page;
  await expect(rp.getByRole('heading', { level: 1, name: 'faq2-golden' })).toBeVisible();
  await expect(rp.getByRole('region', { name: 'Name and description' })).toHaveCount(0);
  await expect(rp.getByLabel('Image name')).toHaveCount(0);
  await expect(rp.getByRole('button', { name: 'Save changes' })).toHaveCount(0);

  // A forged edit is refused with R2's message and changes nothing.
  const forged = await postForm(rp, `/images/${imageId}`, { name: 'renamed-by-recipient', description: 'mine now' });
  expect(forged.status()).toBe(422);
  expect(await forged.text()).toContain(
    'This image is shared with you: only its owner can change its name or description.',
  );
  await rp.reload();
  await expect(rp.getByRole('heading', { level: 1, name: 'faq2-golden' })).toBeVisible();
  await expect(rp.getByText('mine now')).toHaveCount(0);

  // The owner can: the recipient sees the new name and description.
  const op = owner.page;
  await op.goto(`/images/${imageId}`);
  await op.getByRole('region', { name: 'Name and description' }).getByLabel('Description').fill('Hardened web tier');
  await new ImageDetailPage(op).rename('faq2-golden-v2');
  await expect(op.getByText('Image faq2-golden-v2 saved.')).toBeVisible();
  await rp.reload();
  await expect(rp.getByRole('heading', { level: 1, name: 'faq2-golden-v2' })).toBeVisible();
  await expect(rp.getByText('Hardened web tier', { exact: true })).toBeVisible();
});

test('Q3 Is a shared image counted in my image quota? No', async ({ browser }) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq3-owner');
  const recipient = await signIn(browser, 'faq3-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq3-golden');
  const account = new AccountPage(recipient.page);
  const images = new ImagesPage(recipient.page);
  const guangzhouQuota = account.quotaRows.filter({ has: recipient.page.getByRole('rowheader', { name: GUANGZHOU }) });

  // Before: nothing used in Guangzhou.
  await account.goto();
  await expect(guangzhouQuota.getByRole('cell', { name: '0 of 10 custom images used' })).toBeVisible();
  await images.goto({ region: 'ap-guangzhou', tab: 'custom' });
  await expect(images.quota).toHaveText('0 of 10 custom images used');

  await shareOverHttp(owner, imageId, recipient);

  // After: the image is in Shared with me, and the quota use has not moved.
  await images.goto({ region: 'ap-guangzhou', tab: 'shared' });
  await expect(images.tab('Shared with me')).toHaveAccessibleName('Shared with me 1');
  await expect(images.row('faq3-golden')).toBeVisible();
  await images.tab('Custom images').click();
  await expect(images.quota).toHaveText('0 of 10 custom images used');
  await expect(images.tab('Custom images')).toHaveAccessibleName('Custom images 0');
  await account.goto();
  await expect(guangzhouQuota.getByRole('cell', { name: '0 of 10 custom images used' })).toBeVisible();
});

test("Q4 Are there region limitations for a shared image when creating and reinstalling a CVM instance? Yes: only in the image's region", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq4-owner');
  const recipient = await signIn(browser, 'faq4-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq4-golden');
  await shareOverHttp(owner, imageId, recipient);
  const rp = recipient.page;
  const instances = new InstancesPage(rp);

  // Visible in Shared with me in its region only.
  const images = new ImagesPage(rp);
  await images.goto({ region: 'ap-shanghai', tab: 'shared' });
  await expect(images.emptyState(`No images are shared with you in ${SHANGHAI}`)).toBeVisible();
  await expect(images.row('faq4-golden')).toHaveCount(0);
  await images.goto({ region: 'ap-guangzhou', tab: 'shared' });
  await expect(images.row('faq4-golden')).toBeVisible();

  // Launching from it fixes the region to the image's, with the trust notice.
  await images.row('faq4-golden').getByRole('link', { name: 'Launch instance: faq4-golden', exact: true }).click();
  await expect(
    rp.getByText(
      `Region: ${GUANGZHOU}, the image's region. Instances can only be launched from an image in its own region.`,
    ),
  ).toBeVisible();
  await expect(rp.getByRole('status').filter({ hasText: TRUST_TITLE })).toBeVisible();
  await instances.launch('faq4-web');
  await expect(rp.getByText('1 instance launching.')).toBeVisible();
  await instances.expectState('faq4-web', 'Running');
  await expect(instances.row('faq4-web').getByText(imageId)).toBeVisible();

  // A forged launch in another region is refused.
  const forged = await postForm(rp, '/instances', {
    region: 'ap-shanghai', zone: 'ap-shanghai-1', image: imageId, instance_type: 'S5.MEDIUM2', name: 'faq4-elsewhere',
    count: 1,
  });
  expect(forged.status()).toBe(422);
  expect(await forged.text()).toContain(
    `Image ${imageId} is in ${GUANGZHOU}; it can only be used there, not in ${SHANGHAI}.`,
  );

  // Reinstall: the Guangzhou instance's picker offers the image, a Shanghai instance's does not.
  const picker = rp.getByLabel('Image', { exact: true });
  await instances.openMenu('faq4-web');
  await rp.getByRole('link', { name: 'Reinstall faq4-web' }).click();
  await expect(rp.getByRole('heading', { name: 'Reinstall instance' })).toBeVisible();
  await expect(picker.locator('option', { hasText: imageId })).toHaveText(
    `faq4-golden — shared by account ${owner.accountId} (${owner.name}) · ${imageId}, x86_64`,
  );
  const launched = await postForm(rp, '/instances', {
    region: 'ap-shanghai', zone: 'ap-shanghai-1', image: await publicImageId(rp, 'ap-shanghai'),
    instance_type: 'S5.MEDIUM2', name: 'faq4-shanghai', count: 1,
  });
  expect(launched.status()).toBe(303);
  await instances.goto('ap-shanghai');
  await instances.expectState('faq4-shanghai', 'Running');
  await instances.openMenu('faq4-shanghai');
  await rp.getByRole('link', { name: 'Reinstall faq4-shanghai' }).click();
  await expect(rp.getByText(`in ${SHANGHAI}. Only images of this region are offered.`)).toBeVisible();
  await expect(picker.locator('option', { hasText: PUBLIC_IMAGE }).first()).toBeAttached();
  await expect(picker.locator('option', { hasText: imageId })).toHaveCount(0);
  await expect(picker.locator('optgroup[label="Shared with me"]')).toHaveCount(0);
});

test('Q5 Can a shared image be copied to other regions? No', async ({ browser }) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq5-owner');
  const recipient = await signIn(browser, 'faq5-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq5-golden');
  await shareOverHttp(owner, imageId, recipient);
  const rp = recipient.page;

  // No copy control, neither in the list nor on the detail page.
  const images = await openShared(recipient, 'ap-guangzhou', 'faq5-golden');
  const row = images.row('faq5-golden');
  await expect(row.getByRole('link', { name: 'Launch instance: faq5-golden', exact: true })).toBeVisible();
  await expect(row.getByRole('link', { name: /Copy to regions/ })).toHaveCount(0);
  await row.getByRole('link', { name: 'faq5-golden', exact: true }).click();
  const detail = new ImageShares(rp);
  await expect(detail.launchLink).toBeVisible();
  await expect(detail.copyLink).toHaveCount(0);

  // A forged copy is refused with R5's message, and no copy appears.
  const forged = await postForm(rp, `/images/${imageId}/copy`, { regions: 'ap-shanghai', name: 'faq5-copy' });
  expect(forged.status()).toBe(422);
  expect(await forged.text()).toContain(
    'This image is shared with you: you cannot copy it to other regions. Ask its owner to copy it and share the copy.',
  );
  await images.goto({ region: 'ap-shanghai', tab: 'custom' });
  await expect(images.quota).toHaveText('0 of 10 custom images used');
  await expect(images.emptyState(`You have no custom images in ${SHANGHAI}`)).toBeVisible();
  await owner.page.goto(`/images/${imageId}`);
  await expect(owner.page.getByRole('region', { name: 'Copies in other regions' })).toHaveCount(0);
});

test('Q6 Can a custom image that has been shared with other users be deleted? Yes, but first cancel all its shares', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq6-owner');
  const first = await signIn(browser, 'faq6-first');
  const second = createAccount('faq6-second');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq6-golden');
  await shareOverHttp(owner, imageId, first, second);
  const { page } = owner;
  const shares = new ImageShares(page);
  const cancel = new CancelShareDialog(page);
  const refusal = page.getByRole('alert').getByTestId('form-error');
  const both = [first.accountId, second.accountId].sort().join(', ');

  // While shared, the delete page refuses up front, names the accounts and
  // offers no delete button.
  await shares.goto(imageId);
  await shares.deleteLink.click();
  await expect(page.getByRole('heading', { name: 'Delete image?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete image' })).toHaveCount(0);
  await expect(refusal).toHaveText(
    `The image is shared with 2 accounts: ${both}. Cancel all its shares first, then delete it.`,
  );

  // Cancelling one share is not enough.
  await shares.goto(imageId);
  await shares.cancelLink.click();
  await expect(cancel.heading).toBeVisible();
  await expect(cancel.recipient(first.accountId)).toBeVisible();
  await expect(cancel.recipient(second.accountId)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'cancel sharing dialog');
  await cancel.recipient(first.accountId).check();
  await cancel.cancelSelected.click();
  await expect(page.getByText('Stopped sharing: 1 share cancelled.')).toBeVisible();
  await expect(shares.rows).toHaveCount(1);
  await expect(shares.recipient(second.accountId)).toBeVisible();
  await shares.overviewTab.click();
  await shares.deleteLink.click();
  await expect(page.getByRole('button', { name: 'Delete image' })).toHaveCount(0);
  await expect(refusal).toHaveText(
    `The image is shared with 1 account: ${second.accountId}. Cancel its share first, then delete it.`,
  );

  // "Cancel all shares", then the delete goes through.
  await page.getByRole('button', { name: 'Cancel all shares' }).click();
  await expect(page.getByText('Stopped sharing: 1 share cancelled.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Delete image?' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete image' }).click();
  await expect(page.getByText('Image faq6-golden moved to the recycle bin.')).toBeVisible();
  const images = new ImagesPage(page);
  await expect(images.row('faq6-golden')).toHaveCount(0);
  await first.page.goto(`/images?region=ap-guangzhou&tab=shared`);
  await expect(new ImagesPage(first.page).emptyState(`No images are shared with you in ${GUANGZHOU}`)).toBeVisible();
});

test('Q7 Can an image shared by other users be deleted? No', async ({ browser }) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq7-owner');
  const recipient = await signIn(browser, 'faq7-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq7-golden');
  await shareOverHttp(owner, imageId, recipient);
  const rp = recipient.page;

  // No delete control, neither in the list nor on the detail page.
  const images = await openShared(recipient, 'ap-guangzhou', 'faq7-golden');
  await expect(images.row('faq7-golden').getByRole('link', { name: /Delete/, includeHidden: true })).toHaveCount(0);
  await images.row('faq7-golden').getByRole('link', { name: 'faq7-golden', exact: true }).click();
  const detail = new ImageShares(rp);
  await expect(detail.launchLink).toBeVisible();
  await expect(detail.deleteLink).toHaveCount(0);

  // A forged delete is refused with R7's message; the image is still there for both.
  const forged = await postForm(rp, `/images/${imageId}/delete`, {});
  expect(forged.status()).toBe(422);
  expect(await forged.text()).toContain('This image is shared with you: you cannot delete it. Only its owner can.');
  await rp.reload();
  await expect(rp.getByRole('heading', { level: 1, name: 'faq7-golden' })).toBeVisible();
  await images.goto({ region: 'ap-guangzhou', tab: 'shared' });
  await expect(images.row('faq7-golden')).toBeVisible();
  await new ImageShares(owner.page).gotoSharing(imageId);
  await expect(new ImageShares(owner.page).recipient(recipient.accountId)).toContainText('Active');
});

test('Q8 What are the risks of using a custom image shared by other users? Integrity and security are not guaranteed: use images from accounts you trust', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq8-owner');
  const recipient = await signIn(browser, 'faq8-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq8-golden');
  await shareOverHttp(owner, imageId, recipient);
  const rp = recipient.page;
  const trust = rp.getByRole('main').getByRole('status').filter({ hasText: TRUST_TITLE });

  // Shared with me: the notice, and the owner's account name and ID on the row.
  const images = await openShared(recipient, 'ap-guangzhou', 'faq8-golden');
  await expect(images.trustNotice).toContainText(TRUST_TEXT);
  await expect(images.row('faq8-golden')).toContainText(owner.name);
  await expect(images.row('faq8-golden')).toContainText(owner.accountId);

  // Launch page: the notice, and the owner in the image's option.
  await images.row('faq8-golden').getByRole('link', { name: 'Launch instance: faq8-golden', exact: true }).click();
  await expect(rp.getByRole('heading', { name: 'Launch instance' })).toBeVisible();
  await expect(trust).toContainText(TRUST_TEXT);
  await expect(rp.getByLabel('Image', { exact: true }).locator('option:checked')).toHaveText(
    `faq8-golden — shared by account ${owner.accountId} (${owner.name}) · ${imageId}, x86_64`,
  );
  // The select may cut the option off: the notice names the owner in full.
  await expect(trust).toContainText(`Shared by ${owner.name}, account ${owner.accountId}.`);

  // Detail page: the notice with the owner's name and account ID.
  await rp.goto(`/images/${imageId}`);
  await expect(trust).toContainText(TRUST_TEXT);
  await expect(trust).toContainText(`Shared by ${owner.name}, account ${owner.accountId}.`);
  await expect(rp.getByText('Shared with you', { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(rp, "recipient's image detail");

  // The same in Portuguese, the FAQ's language; the sharing screens pass axe there too.
  await setLanguage(rp, 'pt-BR');
  await rp.goto(`/images/${imageId}`);
  const confiaveis = rp.getByRole('main').getByRole('status').filter({ hasText: 'Use imagens de contas confiáveis' });
  await expect(confiaveis).toContainText('A plataforma não garante a integridade nem a segurança das imagens');
  await expect(confiaveis).toContainText(`Compartilhada por ${owner.name}, conta ${owner.accountId}.`);
  await expectNoSeriousA11yViolations(rp, "recipient's image detail in Portuguese");
  const op = owner.page;
  await setLanguage(op, 'pt-BR');
  const shares = new ImageShares(op);
  await shares.gotoSharing(imageId);
  await expect(shares.recipient(recipient.accountId)).toContainText('Ativo');
  await expect(shares.sharingTab).toHaveAttribute('aria-current', 'page');
  await expectNoSeriousA11yViolations(op, "owner's image detail in Portuguese, Sharing tab");
  await shares.shareLink.click();
  const dialog = new ShareDialog(op);
  await expect(dialog.heading).toBeVisible();
  await expect(dialog.counter).toHaveText('1 de 50 usados');
  await expectNoSeriousA11yViolations(op, 'share dialog in Portuguese');
  await shares.goto(imageId);
  await shares.cancelLink.click();
  const cancel = new CancelShareDialog(op);
  await expect(cancel.heading).toBeVisible();
  await expect(cancel.recipient(recipient.accountId)).toBeVisible();
  await expectNoSeriousA11yViolations(op, 'cancel sharing dialog in Portuguese');
});

test('Q9 Can I share with others an image that a user shared with me? No', async ({ browser }) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq9-owner');
  const recipient = await signIn(browser, 'faq9-recipient');
  const third = createAccount('faq9-third');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq9-golden');
  await shareOverHttp(owner, imageId, recipient);
  const rp = recipient.page;
  const notOwner =
    'Only the account that owns an image can share it. An image shared with you, or a public image, cannot be shared.';

  // No share control, neither in the list nor on the detail page.
  const images = await openShared(recipient, 'ap-guangzhou', 'faq9-golden');
  await expect(images.row('faq9-golden').getByRole('link', { name: /Share/, includeHidden: true })).toHaveCount(0);
  await images.row('faq9-golden').getByRole('link', { name: 'faq9-golden', exact: true }).click();
  const detail = new ImageShares(rp);
  await expect(detail.launchLink).toBeVisible();
  await expect(detail.shareLink).toHaveCount(0);
  await expect(detail.cancelLink).toHaveCount(0);

  // Following a share link anyway says why; a forged share is refused the same way.
  await rp.goto(`/images/${imageId}/share`);
  await expect(rp.getByRole('main').getByText(notOwner)).toBeVisible();
  await expect(new ShareDialog(rp).accounts).toHaveCount(0);
  const forged = await postForm(rp, `/images/${imageId}/share`, { accounts: third.accountId, risk: 'yes' });
  expect(forged.status()).toBe(422);
  expect(await forged.text()).toContain(notOwner);

  // Still shared with the recipient only.
  const shares = new ImageShares(owner.page);
  await shares.gotoSharing(imageId);
  await expect(shares.rows).toHaveCount(1);
  await expect(shares.recipient(recipient.accountId)).toBeVisible();
  await expect(shares.recipient(third.accountId)).toHaveCount(0);
});

test('Q10 What are the risks of sharing a custom image with another account? Data and software may leak: confirm the risk notice first', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq10-owner');
  const recipient = await signIn(browser, 'faq10-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq10-golden');
  const { page } = owner;
  const shares = new ImageShares(page);
  const dialog = new ShareDialog(page);

  // The dialog states the risks and requires the checkbox.
  await shares.gotoSharing(imageId);
  await expect(shares.none).toBeVisible();
  await shares.shareLink.click();
  await expect(dialog.heading).toBeVisible();
  await expect(dialog.riskTitle).toBeVisible();
  await expect(dialog.riskText).toHaveText(RISK_TEXT);
  await expect(dialog.riskCheckbox).not.toBeChecked();
  await dialog.enterAccounts([recipient.accountId]);
  await expect(dialog.verdict(recipient.accountId)).toContainText(recipient.name);
  await expect(dialog.verdict(recipient.accountId)).toContainText('Ready to share');
  await expectNoSeriousA11yViolations(page, 'share dialog');

  // Unticked, the browser does not submit (the checkbox is required): the
  // form stays as typed, no POST leaves the page, nothing is shared.
  const posted: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posted.push(r.url());
  });
  await dialog.submit.click();
  await expect(dialog.riskCheckbox.and(page.locator(':invalid'))).toBeVisible();
  await expect(dialog.riskCheckbox).toHaveJSProperty('required', true);
  await expect(dialog.accounts).toHaveValue(recipient.accountId);
  await expect(dialog.riskError).toHaveCount(0);

  // Without the confirmation the server refuses too.
  const forged = await postForm(page, `/images/${imageId}/share`, { accounts: recipient.accountId });
  expect(forged.status()).toBe(422);
  expect(await forged.text()).toContain('Confirm that you understand the risks of sharing this image.');
  expect(posted, 'form submissions without the risk confirmed').toEqual([]);
  await shares.gotoSharing(imageId);
  await expect(shares.none).toBeVisible();

  // Ticked, the image is shared.
  await shares.shareLink.click();
  await dialog.share([recipient.accountId]);
  await expect(page.getByText('Image shared with 1 account.')).toBeVisible();
  await expect(shares.recipient(recipient.accountId)).toContainText(recipient.name);
  await expect(shares.recipient(recipient.accountId)).toContainText('Active');
  await expect(shares.sharingTab).toHaveAccessibleName('Sharing 1');
  await expectNoSeriousA11yViolations(page, "owner's image detail, Sharing tab");
  await shares.historyTab.click();
  await expect(shares.history).toContainText(`shared it with ${recipient.name} (${recipient.accountId})`);
  await expectNoSeriousA11yViolations(page, "owner's image detail, History tab");
  await openShared(recipient, 'ap-guangzhou', 'faq10-golden');
});

test('Q11 Can I create an instance using an image I shared with other users? Yes, and a custom image from that instance', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq11-owner');
  const recipient = createAccount('faq11-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faq11-golden');
  await shareOverHttp(owner, imageId, recipient);
  const { page } = owner;
  const shares = new ImageShares(page);
  const instances = new InstancesPage(page);
  const detail = new ImageDetailPage(page);

  // Launch from the shared image, from its detail page.
  await shares.gotoSharing(imageId);
  await expect(shares.recipient(recipient.accountId)).toContainText('Active');
  await shares.overviewTab.click();
  await shares.launchLink.click();
  await expect(page.getByText(`Region: ${GUANGZHOU}, the image's region.`)).toBeVisible();
  await instances.launch('faq11-web');
  await expect(page.getByText('1 instance launching.')).toBeVisible();
  await instances.expectState('faq11-web', 'Running');
  await expect(instances.row('faq11-web').getByText(imageId)).toBeVisible();

  // Make a custom image of that instance.
  await instances.openCreateImage('faq11-web');
  await instances.submitCreateImage('faq11-derived', 'Made from an instance of a shared image');
  await expect(page.getByRole('heading', { level: 1, name: 'faq11-derived' })).toBeVisible();
  await detail.expectState('Normal');
  await expect(detail.status).toContainText('Created from an instance');
  const derivedId = await detail.imageId();
  expect(derivedId).not.toBe(imageId);

  // The original is still shared.
  await shares.gotoSharing(imageId);
  await expect(shares.recipient(recipient.accountId)).toContainText('Active');
});

test('Q12 Can an image created on server A in North China be shared with server B in East China? Yes: copy it to East China, then share the copy', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await signIn(browser, 'faq12-owner');
  const recipient = await signIn(browser, 'faq12-recipient');
  const imageId = await makeImage(owner.page, 'ap-beijing', 'faq12-golden');
  const { page } = owner;
  const shares = new ImageShares(page);
  const detail = new ImageDetailPage(page);

  // Copy to Shanghai, sharing the copy with the recipient once it is ready.
  await shares.goto(imageId);
  await expect(detail.status).toContainText(BEIJING);
  await shares.copyLink.click();
  await expect(page.getByRole('heading', { name: 'Copy image to other regions' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Target regions' }).getByText(BEIJING)).toHaveCount(0);
  await page.getByLabel(SHANGHAI).check();
  await expect(page.getByLabel('Name of the copies')).toHaveValue('faq12-golden');
  await page.getByLabel('Share each copy with (optional)').fill(recipient.accountId);
  await expect(page.getByText(RISK_TEXT)).toBeVisible();
  await page.getByLabel('I understand these risks and want to share this image.').check();
  await page.getByRole('button', { name: 'Start copying' }).click();
  await expect(page.getByText(`Copying to 1 region: ${SHANGHAI}.`)).toBeVisible();
  const copy = detail.copy('ap-shanghai');
  await expect(copy.getByText('Normal', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(copy).toContainText(`Shared with ${recipient.accountId} when the copy was ready.`);
  const copyId = (await copy.locator('.font-mono').textContent())!.trim();
  expect(copyId).not.toBe(imageId);

  // The recipient finds the copy in Shared with me in East China, not the original in North China.
  const rp = recipient.page;
  const images = new ImagesPage(rp);
  await images.goto({ region: 'ap-guangzhou' });
  await new Shell(rp).switchRegion(SHANGHAI);
  await expect(images.subtitle).toHaveText(`Region: ${SHANGHAI}`);
  await images.tab('Shared with me').click();
  await expect(images.row('faq12-golden')).toContainText(copyId);
  await expect(images.row('faq12-golden')).toContainText(owner.accountId);
  await images.goto({ region: 'ap-beijing', tab: 'shared' });
  await expect(images.emptyState(`No images are shared with you in ${BEIJING}`)).toBeVisible();
  await expect(images.row('faq12-golden')).toHaveCount(0);
});

// Q5, Q7: opened by URL, the copy and delete pages of a shared image tell the
// recipient it cannot, instead of offering the owner's form.
test('Q5, Q7: opened by URL, the copy and delete pages of a shared image tell the recipient it cannot', async ({
  browser,
}) => {
  const owner = await signIn(browser, 'faqbug-owner');
  const recipient = await signIn(browser, 'faqbug-recipient');
  const imageId = await makeImage(owner.page, 'ap-guangzhou', 'faqbug-golden');
  await shareOverHttp(owner, imageId, recipient);
  const main = recipient.page.getByRole('main');

  await recipient.page.goto(`/images/${imageId}/copy`);
  await expect(
    main.getByText('This image is shared with you: you cannot copy it to other regions. Ask its owner to copy it and share the copy.'),
  ).toBeVisible();
  await expect(main.getByRole('button', { name: 'Start copying' })).toHaveCount(0);

  await recipient.page.goto(`/images/${imageId}/delete`);
  await expect(main.getByText('This image is shared with you: you cannot delete it. Only its owner can.')).toBeVisible();
  await expect(main.getByRole('button', { name: 'Delete image' })).toHaveCount(0);
});
