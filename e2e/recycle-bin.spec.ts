// The recycle bin (R23), as a person meets it: deleting a custom image moves
// it to the bin (the confirmation says so); the bin shows it with its time
// left and the quota line still counts it; Restore (from the keyboard)
// brings it back to the list; deleted again, it is deleted permanently after
// a confirmation, and the bin is empty.
import { createAccount, expectNoSeriousA11yViolations, login, makeImage } from './helpers';
import { expect, test } from './helpers/fixtures';
import { ImageDetailPage } from './pages/image-detail.page';
import { ImagesPage } from './pages/images.page';
import { RecycleBinPage } from './pages/recycle-bin.page';

const REGION = 'ap-guangzhou';

test('delete to the recycle bin, restore, delete permanently', async ({ page }) => {
  test.setTimeout(90_000);
  const owner = createAccount('bin');
  await login(page, owner.username, owner.password);
  const name = 'bin-golden';
  const id = await makeImage(page, REGION, name);
  const detail = new ImageDetailPage(page);
  const images = new ImagesPage(page);
  const bin = new RecycleBinPage(page);

  // An empty bin says what it is for.
  await bin.goto(REGION);
  await expect(bin.emptyState()).toBeVisible();

  // Delete: the confirmation says where the image goes.
  await page.goto(`/images/${id}`);
  await detail.status.getByRole('link', { name: 'Delete' }).click();
  await expect(page.getByText(/moves to the recycle bin for 7 days/)).toBeVisible();
  await page.getByRole('button', { name: 'Delete image' }).click();
  await expect(page.getByText(`Image ${name} moved to the recycle bin.`)).toBeVisible();
  await expect(images.row(name)).toHaveCount(0);
  await expect(images.quota).toHaveText('1 of 10 custom images used (1 in the recycle bin)');

  // The bin, reached from the Images page, lists it with its time left.
  await page.getByRole('link', { name: 'Recycle bin', exact: true }).click();
  await expect(bin.heading).toHaveText('Recycle bin');
  await expect(bin.row(name).getByTestId('time-left')).toHaveText('7 days left');
  await expectNoSeriousA11yViolations(page, 'recycle bin');

  // Restore, from the keyboard: back in the list.
  await bin.restoreButton(name).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Image ${name} restored.`)).toBeVisible();
  await expect(images.row(name)).toHaveCount(1);
  await expect(images.quota).toHaveText('1 of 10 custom images used');

  // Delete again, then permanently after a confirmation.
  await page.goto(`/images/${id}`);
  await detail.delete();
  await expect(page.getByText(`Image ${name} moved to the recycle bin.`)).toBeVisible();
  await bin.goto(REGION);
  await bin.deleteLink(name).click();
  await expect(page.getByRole('heading', { name: 'Delete image permanently?' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'delete permanently confirmation');
  await page.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page.getByText(`Image ${name} deleted permanently.`)).toBeVisible();
  await expect(bin.emptyState()).toBeVisible();
  await page.goto('/images?region=ap-guangzhou&tab=custom');
  await expect(images.quota).toHaveText('0 of 10 custom images used');
});
