// SPEC 8, "Replay", on traffic Tencent Cloud's Node.js SDK really sends: an
// eavesdropper who captured a request cannot resend it as a change, exactly
// or as another action or region, on either listener, while an SDK polling
// loop of identical reads keeps working.
import { expect, test } from '@playwright/test';
import { API_PORT, PORT, createAPIKey, createAccount, type APIKey } from './helpers';
import { cvmClient, lastOf, resend, responseCode, startCapture, type Captured } from './helpers/cvm';

const EAVESDROPPER = '127.0.0.2'; // the SDK calls from 127.0.0.1

let key: APIKey;
let capture: Awaited<ReturnType<typeof startCapture>>;

test.beforeAll(async () => {
  key = createAPIKey(createAccount('sdk-replay').username);
  capture = await startCapture();
});

test.afterAll(async () => {
  await capture?.close();
});

function refused(req: Captured, port: number, headers?: Record<string, string>) {
  return resend(req, { port, from: EAVESDROPPER, headers }).then(responseCode);
}

test('a captured request is not accepted again as a change', async () => {
  const sdk = cvmClient(key, 'ap-guangzhou', capture.endpoint);
  const catalogue = await sdk.DescribeImages({ Filters: [{ Name: 'image-type', Values: ['PUBLIC_IMAGE'] }], Limit: 100 });
  const image = catalogue.ImageSet!.find((i) => i.Architecture === 'x86_64')!.ImageId!;

  // A read resent as a delete, and the same read again.
  await sdk.DescribeImages({ ImageIds: [image] });
  const read = lastOf(capture.seen, 'DescribeImages');
  expect(await refused(read, API_PORT, { 'x-tc-action': 'DeleteImages' })).toBe('AuthFailure.SignatureFailure');
  expect(await refused(read, PORT, { 'x-tc-action': 'DeleteImages' })).toBe('AuthFailure.SignatureFailure');
  expect(await refused(read, API_PORT)).toBe('');

  // A change resent exactly, in another region, or as another action, on either listener.
  const launched = await sdk.RunInstances({ ImageId: image, Placement: { Zone: 'ap-guangzhou-1' }, InstanceType: 'S5.SMALL2' });
  const run = lastOf(capture.seen, 'RunInstances');
  for (const [port, headers] of [
    [API_PORT, {}],
    [PORT, {}],
    [API_PORT, { 'x-tc-region': 'ap-shanghai' }],
    [API_PORT, { 'x-tc-action': 'TerminateInstances' }],
  ] as const) {
    expect(await refused(run, port, headers), JSON.stringify(headers)).toBe('AuthFailure.SignatureFailure');
  }
  const after = await sdk.DescribeInstances({});
  expect(after.InstanceSet!.map((i) => i.InstanceId)).toEqual(launched.InstanceIdSet);
});

test('an SDK polling loop of identical reads keeps working', async () => {
  const sdk = cvmClient(key, 'ap-guangzhou', capture.endpoint);
  const before = capture.seen.length;
  for (let i = 0; i < 20; i++) {
    expect((await sdk.DescribeImageQuota({})).ImageNumQuota).toBe(10);
  }
  // Within a second the SDK sends the very same signature: it went on.
  const signatures = capture.seen.slice(before).map((r) => r.headers.authorization);
  expect(new Set(signatures).size).toBeLessThan(signatures.length);
});
