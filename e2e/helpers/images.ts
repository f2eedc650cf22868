// Custom images made over HTTP, for specs that need one in a given state
// without driving the launch and create-image pages.
import { expect, type Page } from '@playwright/test';
import { postForm } from './auth';

const PUBLIC_IMAGE = 'Ubuntu Server 22.04 LTS 64-bit';

/** The id of the public Ubuntu image in a region, read from the public tab. */
export async function publicImageId(page: Page, region: string): Promise<string> {
  const res = await page.request.get(`/images?region=${region}&tab=public&q=${encodeURIComponent(PUBLIC_IMAGE)}`);
  expect(res.ok()).toBeTruthy();
  const html = await res.text();
  const id = html.match(/data-image-id="(img-[a-z0-9]+)"/)?.[1];
  expect(id, `public image ${PUBLIC_IMAGE} in ${region}`).toBeTruthy();
  return id!;
}

/**
 * Launches an instance from a public image in `region`, makes a custom image
 * called `name` of it and waits until the image is Normal. The signed-in
 * account must have no other instance in that region.
 */
export async function makeImage(page: Page, region: string, name: string): Promise<string> {
  const launched = await postForm(page, '/instances', {
    region, zone: `${region}-1`, image: await publicImageId(page, region), instance_type: 'S5.MEDIUM2',
    name: `${name}-src`, count: 1,
  });
  expect(launched.status(), 'launch the source instance').toBe(303);
  let instanceId = '';
  await expect
    .poll(async () => {
      const html = await (await page.request.get(`/instances?region=${region}`)).text();
      instanceId = html.match(/data-instance-id="(ins-[a-z0-9]+)"/)?.[1] ?? '';
      return />Running</.test(html);
    }, { message: 'the source instance runs', timeout: 15_000 })
    .toBe(true);
  return createImageFrom(page, instanceId, name);
}

/** Makes a custom image called `name` of a running instance and waits until it is Normal. */
export async function createImageFrom(page: Page, instanceId: string, name: string): Promise<string> {
  const created = await postForm(page, `/instances/${instanceId}/create-image`, { name });
  expect(created.status(), 'create the image').toBe(303);
  const imageId = created.headers()['location']?.match(/\/images\/(img-[a-z0-9]+)$/)?.[1];
  expect(imageId, `image id in ${created.headers()['location']}`).toBeTruthy();
  await expect
    .poll(async () => />Normal</.test(await (await page.request.get(`/images/${imageId}`)).text()), {
      message: `image ${name} becomes Normal`, timeout: 15_000,
    })
    .toBe(true);
  return imageId!;
}

/** Starts copying an image to another region (the copy is SYNCING there for a few job ticks). */
export async function startCopy(page: Page, imageId: string, region: string, name: string): Promise<void> {
  const res = await postForm(page, `/images/${imageId}/copy`, { regions: region, name });
  expect(res.status(), `copy ${imageId}: ${(await res.text()).slice(0, 300)}`).toBe(303);
}
