// Custom images made over HTTP for specs that need a fresh one of their own
// (demo images are shared by every spec): an instance from a public image,
// then an image of it, waited for until Normal.
import { expect, type Page } from '@playwright/test';
import { postForm } from './auth';

/** The id of the first public image of a region whose row names `name`. */
async function publicImage(page: Page, region: string, name: string): Promise<string> {
  const html = await (await page.request.get(`/images?region=${region}&tab=public&q=${encodeURIComponent(name)}`)).text();
  const id = html.match(/data-image-id="(img-[a-z0-9]+)"/)?.[1];
  expect(id, `a public image called ${name} in ${region}`).toBeTruthy();
  return id!;
}

/** Polls a page of the signed-in context until its HTML matches. */
async function until(page: Page, path: string, pattern: RegExp, what: string): Promise<string> {
  let html = '';
  await expect
    .poll(async () => pattern.test((html = await (await page.request.get(path)).text())), { message: what, timeout: 20_000 })
    .toBe(true);
  return html;
}

/** Makes a Normal custom image called `name` in `region` for the page's account; returns its id. */
export async function makeCustomImage(page: Page, region: string, name: string): Promise<string> {
  const source = await publicImage(page, region, 'Ubuntu Server 22.04 LTS 64-bit');
  const launched = await postForm(page, '/instances', {
    region, zone: `${region}-1`, image: source, instance_type: 'S5.MEDIUM2', name: `${name}-src`, count: 1,
  });
  expect(launched.status(), 'launch the source instance').toBe(303);
  const list = await until(page, `/instances?region=${region}`, />Running</, 'the source instance runs');
  const instance = list.match(/data-instance-id="(ins-[a-z0-9]+)"/)![1];
  const created = await postForm(page, `/instances/${instance}/create-image`, { name });
  expect(created.status(), 'create the image').toBe(303);
  const id = created.headers()['location']?.match(/\/images\/(img-[a-z0-9]+)$/)?.[1];
  expect(id, 'the new image id').toBeTruthy();
  await until(page, `/images/${id}`, />Normal</, `image ${name} becomes Normal`);
  return id!;
}
