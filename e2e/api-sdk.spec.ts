// The API driven by Tencent Cloud's official Node.js SDK, configured as the
// README says (a host:port endpoint, http): every action of SPEC 8 and its
// error codes, on fresh accounts, with each response checked against the
// SDK's own models. No browser page: the SDK is the client.
import { expect, test } from '@playwright/test';
import { createAccount, createAPIKey, type APIKey, type FreshAccount } from './helpers';
import {
  DOCUMENTED,
  ENDPOINTS,
  codeOf,
  commonClient,
  cvmClient,
  expectModel,
  type CvmClient,
} from './helpers/cvm';

const GZ = 'ap-guangzhou';
const SH = 'ap-shanghai';
const BJ = 'ap-beijing';

test.describe.configure({ mode: 'serial' });

let owner: FreshAccount;
let recipient: FreshAccount;
let ownerKey: APIKey;
let recipientKey: APIKey;

test.beforeAll(() => {
  owner = createAccount('sdk-owner');
  recipient = createAccount('sdk-recipient');
  ownerKey = createAPIKey(owner.username);
  recipientKey = createAPIKey(recipient.username);
});

test('a plain host:port endpoint authenticates on both listeners and at the console /api', async () => {
  for (const endpoint of Object.values(ENDPOINTS)) {
    const client = cvmClient(ownerKey, GZ, endpoint);
    const regions = await client.DescribeRegions({});
    expectModel('DescribeRegions', regions);
    expect(regions.RegionSet!.map((r) => r.Region)).toContain(GZ);
    const zones = await client.DescribeZones({});
    expectModel('DescribeZones', zones);
    expect(zones.ZoneSet!.map((z) => z.Zone)).toEqual([`${GZ}-1`, `${GZ}-2`, `${GZ}-3`]);
    const quota = await client.DescribeImageQuota({});
    expectModel('DescribeImageQuota', quota);
    expect(quota.ImageNumQuota, endpoint).toBe(10);
  }
});

test('images, instances and shares through every action of SPEC 8', async () => {
  const alice = cvmClient(ownerKey);
  const bob = cvmClient(recipientKey);

  // DescribeImages: the public catalogue, models whole and values documented.
  const publicImages = await alice.DescribeImages({
    Filters: [
      { Name: 'image-type', Values: ['PUBLIC_IMAGE'] },
      { Name: 'platform', Values: ['ubu'] },
    ],
    Limit: 100,
  });
  expectModel('DescribeImages', publicImages);
  expect(publicImages.ImageSet!.length).toBeGreaterThan(0);
  for (const img of publicImages.ImageSet!) {
    expect(img.Platform).toBe('Ubuntu');
    expect(DOCUMENTED.Architecture).toContain(img.Architecture);
    expect(img.ImageSource).toBe('OFFICIAL');
    expect(img.Tags!.length).toBe(0);
  }
  expect(publicImages.ImageSet!.map((i) => i.Architecture)).toContain('arm');
  const base = publicImages.ImageSet!.find((i) => i.Architecture === 'x86_64')!.ImageId!;

  // RunInstances, with a ClientToken (a retry returns the first launch) and a dry run.
  const launch = { ImageId: base, Placement: { Zone: `${GZ}-1` }, InstanceType: 'S5.MEDIUM2', InstanceName: 'sdk' };
  expect(await codeOf(alice.RunInstances({ ...launch, DryRun: true }))).toBe('DryRunOperation');
  const run = await alice.RunInstances({ ...launch, ClientToken: 'node-sdk-launch' });
  expectModel('RunInstances', run);
  const [instance] = run.InstanceIdSet!;
  expect((await alice.RunInstances({ ...launch, ClientToken: 'node-sdk-launch' })).InstanceIdSet).toEqual([instance]);

  // DescribeInstances until it runs: an SDK polling loop.
  await expect.poll(async () => (await alice.DescribeInstances({ InstanceIds: [instance] })).InstanceSet![0].InstanceState, {
    timeout: 15_000,
  }).toBe('RUNNING');
  const instances = await alice.DescribeInstances({});
  expectModel('DescribeInstances', instances);
  expect(instances.TotalCount).toBe(1);

  // CreateImage, then DescribeImages until it is NORMAL.
  const created = await alice.CreateImage({ InstanceId: instance, ImageName: 'node-sdk-image' });
  expectModel('CreateImage', created);
  const image = created.ImageId!;
  await waitForState(alice, image, 'NORMAL');
  const mine = await alice.DescribeImages({ ImageIds: [image] });
  expectModel('DescribeImages', mine);
  expect(mine.ImageSet![0]).toMatchObject({ ImageType: 'PRIVATE_IMAGE', ImageSource: 'CREATE_IMAGE', ImageCreator: owner.accountId });

  // ModifyImageAttribute, ModifyImageSharePermission, DescribeImageSharePermission.
  expectModel('ModifyImageAttribute', await alice.ModifyImageAttribute({ ImageId: image, ImageName: 'node-sdk-renamed' }));
  expectModel(
    'ModifyImageSharePermission',
    await alice.ModifyImageSharePermission({ ImageId: image, AccountIds: [recipient.accountId], Permission: 'SHARE' }),
  );
  const permissions = await alice.DescribeImageSharePermission({ ImageId: image });
  expectModel('DescribeImageSharePermission', permissions);
  expect(permissions.SharePermissionSet!.map((p) => p.AccountId)).toEqual([recipient.accountId]);

  // The recipient sees it in its region only (R4), and may not change it (R2, R5, R7, R9).
  const shared = await bob.DescribeImages({ Filters: [{ Name: 'image-type', Values: ['SHARED_IMAGE'] }] });
  expectModel('DescribeImages', shared);
  expect(shared.ImageSet!.map((i) => [i.ImageId, i.ImageName, i.ImageType])).toEqual([[image, 'node-sdk-renamed', 'SHARED_IMAGE']]);
  expect((await cvmClient(recipientKey, SH).DescribeImages({ ImageIds: [image] })).TotalCount).toBe(0);
  expect(await codeOf(cvmClient(recipientKey, SH).RunInstances({ ...launch, ImageId: image, Placement: { Zone: `${SH}-1` } }))).toBe(
    'InvalidImageId.NotFound',
  );
  expect(await codeOf(bob.ModifyImageAttribute({ ImageId: image, ImageName: 'taken' }))).toBe(
    'UnsupportedOperation.SharedImageModifyUnsupported',
  );
  expect(await codeOf(bob.DeleteImages({ ImageIds: [image] }))).toBe('InvalidParameterValue.InvalidImageIdIsShared');
  expect(await codeOf(bob.SyncImages({ ImageIds: [image], DestinationRegions: [BJ] }))).toBe(
    'UnauthorizedOperation.ImageNotBelongToAccount',
  );
  expect(
    await codeOf(bob.ModifyImageSharePermission({ ImageId: image, AccountIds: [owner.accountId], Permission: 'SHARE' })),
  ).toBe('UnauthorizedOperation.ImageNotBelongToAccount');

  // The owner cannot delete it while shared (R6), dry run included; cancelling ends the share (R15).
  expect(await codeOf(alice.DeleteImages({ ImageIds: [image], DryRun: true }))).toBe('InvalidImageId.InShared');
  expect(await codeOf(alice.DeleteImages({ ImageIds: [image] }))).toBe('InvalidImageId.InShared');
  await alice.ModifyImageSharePermission({ ImageId: image, AccountIds: [recipient.accountId], Permission: 'CANCEL' });
  expect((await bob.DescribeImages({ ImageIds: [image] })).TotalCount).toBe(0);

  // SyncImages: a copy in another region keeps its source's ImageSource (R5).
  expect(await codeOf(alice.SyncImages({ ImageIds: [image], DestinationRegions: [GZ] }))).toBe('InvalidParameterValue.InvalidRegion');
  const synced = await alice.SyncImages({ ImageIds: [image], DestinationRegions: [BJ] });
  expectModel('SyncImages', synced);
  const copy = await cvmClient(ownerKey, BJ).DescribeImages({ ImageIds: [synced.ImageSet![0].ImageId] });
  expect(copy.ImageSet![0]).toMatchObject({ ImageSource: 'CREATE_IMAGE', ImageType: 'PRIVATE_IMAGE' });

  // ResetInstance with the image, TerminateInstances, DeleteImages.
  expectModel('ResetInstance', await alice.ResetInstance({ InstanceId: instance, ImageId: image }));
  await expect.poll(async () => (await alice.DescribeInstances({ InstanceIds: [instance] })).InstanceSet![0].InstanceState, {
    timeout: 15_000,
  }).toBe('RUNNING');
  expectModel('TerminateInstances', await alice.TerminateInstances({ InstanceIds: [instance] }));
  expect((await alice.DescribeInstances({})).TotalCount).toBe(0);
  expect(await codeOf(alice.DeleteImages({ ImageIds: [image], DryRun: true }))).toBe('DryRunOperation');
  expectModel('DeleteImages', await alice.DeleteImages({ ImageIds: [image] }));
  expect((await alice.DescribeImages({ ImageIds: [image] })).TotalCount).toBe(0);
});

test('refusals carry the codes of SPEC 8', async () => {
  const alice = cvmClient(ownerKey);
  const base = await publicImage(alice);
  const cases: [string, () => Promise<unknown>, string][] = [
    ['a wrong SecretKey', () => cvmClient({ ...ownerKey, secretKey: 'x'.repeat(32) }).DescribeImageQuota({}), 'AuthFailure.SignatureFailure'],
    ['an unknown action', () => commonClient(ownerKey).request('LaunchRocket', {}), 'InvalidAction'],
    ['a missing parameter', () => alice.RunInstances({ Placement: { Zone: `${GZ}-1` }, InstanceType: 'S5.MEDIUM2' }), 'MissingParameter'],
    ['a bad value', () => alice.DescribeImages({ Limit: 1000 }), 'InvalidParameterValue'],
    ['a malformed image id', () => alice.DescribeImages({ ImageIds: ['ubuntu'] }), 'InvalidImageId.Malformed'],
    ['an image of no one', () => alice.DescribeImageSharePermission({ ImageId: 'img-00000000' }), 'InvalidImageId.NotFound'],
    [
      'a zone of another region',
      () => alice.RunInstances({ ImageId: base, Placement: { Zone: `${SH}-1` }, InstanceType: 'S5.MEDIUM2' }),
      'InvalidZone.MismatchRegion',
    ],
  ];
  for (const [name, call, code] of cases) {
    expect(await codeOf(call()), name).toBe(code);
  }
  const unknownKey = await cvmClient({ ...ownerKey, secretId: `AKID${'a'.repeat(32)}` })
    .DescribeImageQuota({})
    .catch((e: { code?: string; message?: string }) => e);
  expect(unknownKey).toMatchObject({ code: 'AuthFailure.SecretIdNotFound', message: expect.stringContaining('SecretId') });

  // A client clock more than five minutes behind the server's.
  const getTime = Date.prototype.getTime;
  Date.prototype.getTime = function (this: Date) {
    return getTime.call(this) - 400_000;
  };
  try {
    expect(await codeOf(alice.DescribeImageQuota({}))).toBe('AuthFailure.SignatureExpire');
  } finally {
    Date.prototype.getTime = getTime;
  }
});

/** An x86_64 Ubuntu image of the public catalogue. */
async function publicImage(client: CvmClient): Promise<string> {
  const found = await client.DescribeImages({
    Filters: [
      { Name: 'image-type', Values: ['PUBLIC_IMAGE'] },
      { Name: 'platform', Values: ['ubu'] },
    ],
    Limit: 100,
  });
  return found.ImageSet!.find((i) => i.Architecture === 'x86_64')!.ImageId!;
}

async function waitForState(client: CvmClient, imageId: string, state: string): Promise<void> {
  await expect.poll(async () => (await client.DescribeImages({ ImageIds: [imageId] })).ImageSet![0]?.ImageState, {
    timeout: 15_000,
  }).toBe(state);
}
