// Issue 3 as a person does it: launch from a public image, make a custom
// image, rename it, copy it to two regions, hit the quota, reinstall with the
// custom image, delete an image, terminate the instance.
import { test, expect } from './helpers/fixtures';
import { createAccount, expectNoSeriousA11yViolations, login, postForm } from './helpers';
import { ImageDetailPage } from './pages/image-detail.page';
import { InstancesPage } from './pages/instances.page';

test('custom images and instances, end to end', async ({ page }) => {
  test.setTimeout(120_000);
  const owner = createAccount('custom');
  await login(page, owner.username, owner.password);
  const instances = new InstancesPage(page);
  const detail = new ImageDetailPage(page);

  // Launch from a public image: the image fixes the region.
  await page.goto('/images?region=ap-guangzhou&tab=public');
  await page.getByRole('link', { name: 'Launch instance: Ubuntu Server 22.04 LTS 64-bit', exact: true }).click();
  await expect(page.getByText(/the image's region/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'launch form');
  await instances.launch('e2e-web');
  await expect(page.getByText('1 instance launching.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'instances');
  await instances.expectState('e2e-web', 'Running');

  // Make a custom image of it and watch it go from Creating to Normal.
  await instances.openCreateImage('e2e-web');
  await expect(page.getByTestId('quota-use')).toHaveText('0 of 10 custom images used');
  await expectNoSeriousA11yViolations(page, 'create image form');
  await instances.submitCreateImage('e2e-golden', 'Golden web image');
  await expect(page.getByRole('heading', { level: 1, name: 'e2e-golden' })).toBeVisible();
  await detail.expectState('Creating');
  await expect(detail.status.getByRole('progressbar')).toBeVisible();
  await detail.expectState('Normal');
  await expectNoSeriousA11yViolations(page, 'image detail');
  const goldenId = await detail.imageId();

  // Rename it (R16: the name is trimmed).
  await detail.rename('  e2e-golden-v2  ');
  await expect(page.getByText('Image e2e-golden-v2 saved.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'e2e-golden-v2' })).toBeVisible();

  // Copy it to two other regions and watch both copies finish.
  await detail.copyTo(['East China (Shanghai)', 'North China (Beijing)']);
  await expect(page.getByText('Copying to 2 regions: East China (Shanghai), North China (Beijing).')).toBeVisible();
  await expect(detail.copy('ap-shanghai').getByText('Syncing')).toBeVisible();
  for (const region of ['ap-shanghai', 'ap-beijing']) {
    await expect(detail.copy(region).getByText('Normal', { exact: true })).toBeVisible({ timeout: 20_000 });
  }
  await page.goto('/images?region=ap-shanghai&tab=custom');
  await expect(page.getByRole('link', { name: 'e2e-golden-v2', exact: true })).toBeVisible();
  await expect(page.getByTestId('quota-use')).toHaveText('1 of 10 custom images used');

  // Fill the Guangzhou quota over HTTP, then meet the limit in the page (R3).
  await instances.goto();
  const instanceId = (await instances.row('e2e-web').locator('.font-mono').first().textContent())!.trim();
  for (let i = 1; i <= 9; i++) {
    const res = await postForm(page, `/instances/${instanceId}/create-image`, { name: `filler-${i}` });
    expect(res.status(), `filler image ${i}`).toBe(303);
  }
  await instances.goto();
  await instances.openCreateImage('e2e-web');
  await expect(page.getByTestId('quota-use')).toHaveText('10 of 10 custom images used');
  await instances.submitCreateImage('one-too-many');
  await expect(page.getByTestId('form-error')).toHaveText(
    'Custom image quota reached in South China (Guangzhou): 10 of 10 used. Delete custom images you no longer need in that region, or ask your platform administrator for a higher quota.',
  );
  await expect(page.getByLabel('Image name')).toHaveValue('one-too-many');

  // The remaining dialogs pass the accessibility check too.
  for (const [path, what] of [
    [`/images/${goldenId}/copy`, 'copy dialog'],
    [`/images/${goldenId}/delete`, 'delete confirmation'],
    [`/instances/${instanceId}/reinstall`, 'reinstall dialog'],
    [`/instances/${instanceId}/terminate`, 'terminate confirmation'],
    [`/images/${goldenId}/share`, 'share dialog'],
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page, what);
  }

  // Reinstall the instance with the custom image.
  await instances.goto();
  await instances.reinstall('e2e-web', `e2e-golden-v2 (${goldenId}, x86_64)`);
  await expect(page.getByText('Instance e2e-web is being reinstalled.')).toBeVisible();
  await instances.expectState('e2e-web', 'Running');
  await expect(instances.row('e2e-web').getByText('e2e-golden-v2')).toBeVisible();

  // Delete an image (after the filler finished creating), with confirmation.
  await page.goto('/images?region=ap-guangzhou&tab=custom&q=filler-9');
  await page.getByRole('link', { name: 'filler-9', exact: true }).click();
  await detail.expectState('Normal');
  await detail.delete();
  // It waits in the recycle bin, where it still counts (R23).
  await expect(page.getByText('Image filler-9 moved to the recycle bin.')).toBeVisible();
  await expect(page.getByTestId('quota-use')).toHaveText('10 of 10 custom images used (1 in the recycle bin)');

  // Terminate the instance, with confirmation; the images made from it stay.
  await instances.goto();
  await instances.terminate('e2e-web');
  await expect(page.getByText('Instance e2e-web terminated.')).toBeVisible();
  await expect(instances.row('e2e-web')).toHaveCount(0);
  await page.goto(`/images/${goldenId}`);
  await detail.expectState('Normal');
});

test('launch is limited to the image region (R4) and to matching architectures', async ({ page }) => {
  const owner = createAccount('launch');
  await login(page, owner.username, owner.password);
  await page.goto('/images?region=ap-shanghai&tab=public&q=ARM64&platform=Ubuntu');
  await page.getByRole('link', { name: 'Launch instance: Ubuntu Server 24.04 LTS 64-bit for ARM64', exact: true }).click();
  await expect(page.getByText(/Region: East China \(Shanghai\), the image's region/)).toBeVisible();
  // The form offers only arm64 types for an arm64 image; a forged x86_64 one is refused with a message.
  const types = page.getByLabel('Instance type');
  await expect(types).toHaveValue('SR1.MEDIUM4');
  await expect(types.locator('option[value="SR1.LARGE8"]')).toBeAttached();
  await expect(types.locator('option[value="S5.MEDIUM2"]')).toHaveCount(0);
  const imageId = await page.getByLabel('Image', { exact: true }).inputValue();
  const x86 = await postForm(page, '/instances', {
    region: 'ap-shanghai', zone: 'ap-shanghai-1', image: imageId, instance_type: 'S5.MEDIUM2', name: 'arm-box', count: 1,
  });
  expect(x86.status()).toBe(422);
  expect(await x86.text()).toContain('Instance type S5.MEDIUM2 runs x86_64 images; this image is arm64. Choose a matching type.');
  // A forged launch of that image in another region is refused with a clear message.
  const res = await postForm(page, '/instances', {
    region: 'ap-guangzhou', zone: 'ap-guangzhou-1', image: imageId, instance_type: 'SR1.MEDIUM4', name: 'x', count: 1,
  });
  expect(res.status()).toBe(422);
  expect(await res.text()).toContain('can only be used there, not in South China (Guangzhou)');
});
