// Issue 13 as a person does it: upload a small qcow2 in the browser with
// visible progress (a dropped connection on the way), see the format and the
// checksum the server read from the file, copy it to another region, and
// download the copy with the same checksum.
import { createHash } from 'node:crypto';
import { test, expect } from './helpers/fixtures';
import { createAccount, expectNoSeriousA11yViolations, login } from './helpers';
import { ImageDetailPage } from './pages/image-detail.page';
import { ImageImportPage } from './pages/image-import.page';

const CLUSTER = 64 * 1024;

/** A valid qcow2 (version 2, 64 KiB clusters) of a 1 GiB disk whose first
 * guest bytes are `data`, padded to `size` bytes: the same layout as
 * storage/diskimage.WriteQCOW2. */
function qcow2(data: string, size: number): Buffer {
  const img = Buffer.alloc(size);
  img.write('QFI\xfb', 0, 'latin1');
  img.writeUInt32BE(2, 4);
  img.writeUInt32BE(16, 20);
  img.writeBigUInt64BE(1n << 30n, 24);
  img.writeUInt32BE(2, 36);
  img.writeBigUInt64BE(BigInt(3 * CLUSTER), 40);
  img.writeBigUInt64BE(BigInt(CLUSTER), 48);
  img.writeUInt32BE(1, 56);
  img.writeBigUInt64BE(BigInt(2 * CLUSTER), CLUSTER);
  for (let c = 0; c < 6; c++) img.writeUInt16BE(1, 2 * CLUSTER + 2 * c);
  const copied = 1n << 63n;
  img.writeBigUInt64BE(BigInt(4 * CLUSTER) | copied, 3 * CLUSTER);
  img.writeBigUInt64BE(BigInt(5 * CLUSTER) | copied, 4 * CLUSTER);
  img.write(data, 5 * CLUSTER, 'utf8');
  return img;
}

test('upload a qcow2, verify it, copy it to another region, download it', async ({ page }) => {
  test.setTimeout(90_000);
  const owner = createAccount('disk');
  await login(page, owner.username, owner.password);
  const importPage = new ImageImportPage(page);
  const detail = new ImageDetailPage(page);
  const disk = qcow2('e2e upload ' + Date.now(), 4 * 1024 * 1024);
  const sha = createHash('sha256').update(disk).digest('hex');

  // The third chunk's connection drops once, and the fourth waits until the
  // test has seen the progress: the upload must resume by itself.
  let puts = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/uploads/*?offset=*', async (route) => {
    puts++;
    if (puts === 3) return route.abort('connectionreset');
    if (puts === 5) await held;
    return route.continue();
  });

  await importPage.goto('ap-guangzhou');
  await expectNoSeriousA11yViolations(page, 'import page');
  await importPage.upload({ name: 'golden.qcow2', mimeType: 'application/octet-stream', buffer: disk }, 'e2e-uploaded');
  await expect(importPage.status).toContainText(/Uploaded [0-9.]+ MiB of 4\.0 MiB/);
  await expect.poll(async () => Number(await importPage.progress.getAttribute('value'))).toBeGreaterThan(0);
  release();

  // The page of the new image: Importing, then Normal with what the server read.
  await expect(page.getByRole('heading', { level: 1, name: 'e2e-uploaded' })).toBeVisible({ timeout: 20_000 });
  await detail.expectState('Normal', 20_000);
  await expect(page.getByTestId('disk-format')).toHaveText('qcow2');
  await expect(page.getByTestId('sha256')).toHaveText(sha);
  await expect(page.getByText('1.0 GiB')).toBeVisible();
  expect(puts).toBeGreaterThan(5);
  await expectNoSeriousA11yViolations(page, 'image detail with content');

  // Copy it to Shanghai: the copy's bytes arrive there, verified.
  await detail.copyTo(['East China (Shanghai)']);
  await expect(detail.copy('ap-shanghai').getByText('Normal', { exact: true })).toBeVisible({ timeout: 20_000 });
  await detail.copy('ap-shanghai').getByRole('link', { name: 'e2e-uploaded' }).click();
  await expect(detail.status.getByText('East China (Shanghai)', { exact: true })).toBeVisible();
  await expect(page.getByTestId('sha256')).toHaveText(sha);

  // Download the copy and compare its checksum.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download' }).click(),
  ]);
  const stream = await download.createReadStream();
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  expect(hash.digest('hex')).toBe(sha);
});
