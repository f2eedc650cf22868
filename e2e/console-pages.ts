// Every console page a person meets, with who sees it: the layout checks
// (layout.spec.ts) and `make screenshots` (screenshots.spec.ts) walk them all.
import type { Page } from '@playwright/test';
import { loginAs, loginAsAdmin } from './helpers';

export type Viewer = 'alice' | 'bob' | 'admin';

export interface ConsolePage {
  name: string;
  viewer: Viewer;
  path: string;
}

/** alice owns img-demo0001 (shared with bob) in Guangzhou; the admin sees the whole platform. */
export const CONSOLE_PAGES: ConsolePage[] = [
  { name: 'images-public', viewer: 'alice', path: '/images?region=ap-guangzhou&tab=public' },
  { name: 'images-custom', viewer: 'alice', path: '/images?region=ap-guangzhou&tab=custom' },
  { name: 'images-shared', viewer: 'bob', path: '/images?region=ap-guangzhou&tab=shared' },
  { name: 'image-detail', viewer: 'alice', path: '/images/img-demo0001' },
  { name: 'image-detail-sharing', viewer: 'alice', path: '/images/img-demo0001?tab=sharing' },
  { name: 'image-detail-history', viewer: 'alice', path: '/images/img-demo0001?tab=history' },
  { name: 'image-detail-edit', viewer: 'alice', path: '/images/img-demo0001?edit=1' },
  { name: 'image-detail-shared', viewer: 'bob', path: '/images/img-demo0001' },
  { name: 'image-copy', viewer: 'alice', path: '/images/img-demo0002/copy' },
  { name: 'image-share', viewer: 'alice', path: '/images/img-demo0002/share' },
  { name: 'images-bulk-share', viewer: 'alice', path: '/images/bulk-share?region=ap-guangzhou&image=img-demo0002&image=img-demo0003' },
  { name: 'image-cancel-shares', viewer: 'alice', path: '/images/img-demo0001/shares/cancel' },
  { name: 'image-delete', viewer: 'alice', path: '/images/img-demo0003/delete' },
  { name: 'recycle-bin', viewer: 'alice', path: '/images/recycle-bin?region=ap-guangzhou' },
  { name: 'instances', viewer: 'alice', path: '/instances?region=ap-guangzhou' },
  { name: 'launch', viewer: 'bob', path: '/instances/new?image=img-demo0001' },
  { name: 'account', viewer: 'alice', path: '/account' },
  { name: 'notifications', viewer: 'bob', path: '/notifications' },
  { name: 'admin-overview', viewer: 'admin', path: '/admin' },
  { name: 'admin-shares', viewer: 'admin', path: '/admin/shares' },
  { name: 'admin-review', viewer: 'admin', path: '/admin/review' },
  { name: 'admin-settings', viewer: 'admin', path: '/admin/settings' },
  { name: 'admin-accounts', viewer: 'admin', path: '/admin/accounts' },
  { name: 'admin-account', viewer: 'admin', path: '/admin/accounts/100000000001' },
  { name: 'admin-organizations', viewer: 'admin', path: '/admin/organizations' },
  { name: 'admin-organization', viewer: 'admin', path: '/admin/organizations/org-demo0001' },
  { name: 'admin-audit', viewer: 'admin', path: '/admin/audit' },
  { name: 'admin-image', viewer: 'admin', path: '/admin/images/img-demo0001' },
  { name: 'not-found', viewer: 'alice', path: '/no-such-page' },
];

export const VIEWPORTS = [
  { name: 'mobile', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** Signs the viewer in for the page's browser context. */
export function signIn(page: Page, viewer: Viewer): Promise<void> {
  return viewer === 'admin' ? loginAsAdmin(page) : loginAs(page, viewer);
}
