// Organizations (R25), as the admin builds them and as a member sees theirs:
// a two-level tree in a new organization (the demo's Demo Corp is left as it
// is: other specs share with its units), its counts, a refusal in the page,
// a move, and the way back to nothing; then bob's Account page.
import {
  createAccount,
  DEMO_USERS,
  expectNoSeriousA11yViolations,
  login,
  loginAs,
  loginAsAdmin,
  postForm,
  setLanguage,
} from './helpers';
import { expect, test } from './helpers/fixtures';
import { AdminOrgPage, AdminOrgsPage } from './pages/admin-orgs.page';

const CAROL = DEMO_USERS.carol.accountId;
const CAROL_NAME = 'Carol Analytics';

test('the admin builds a two-level tree, sees its counts and a refusal, moves a unit and takes it all apart', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const list = new AdminOrgsPage(page);
  const org = new AdminOrgPage(page);
  const name = `E2E Org ${Date.now()}`;
  // carol is in no organization in the demo: if this test stops half-way,
  // she is taken out again so other specs find her as they expect.
  let carolPlaced = false;
  await loginAsAdmin(page);
  try {
    await page.goto('/admin');
    await list.section.click();
    await expect(list.heading).toHaveText('Organizations');
    await expect(list.section).toHaveAttribute('aria-current', 'page');

    await list.createOrganization(name);
    await expect(list.flash).toHaveText(`Organization ${name} created.`);
    await expect(org.heading).toHaveText(name);
    await expect(org.main.getByText('No units yet')).toBeVisible();

    await org.createUnit('Eng');
    await expect(org.flash).toHaveText('Unit Eng created.');
    await org.createUnit('Platform', 'Eng');
    await expect(org.flash).toHaveText('Unit Platform created.');
    await expect(org.unitsUnder('Eng').getByRole('heading', { name: 'Platform', exact: true })).toBeVisible();

    await org.assign(CAROL, 'Platform');
    carolPlaced = true;
    await expect(org.flash).toHaveText(`Account ${CAROL} placed in the organization.`);
    await expect(org.counts('Platform')).toHaveText('1 direct member · 1 in total');
    await expect(org.counts('Eng')).toHaveText('0 direct members · 1 in total');
    await expect(org.unit('Platform').getByRole('link', { name: CAROL_NAME })).toBeVisible();

    // A unit with a unit under it cannot go: the domain's message, in the page, next to the button.
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/units/delete'));
    await org.deleteUnit('Eng');
    expect((await refused).status()).toBe(422);
    await expect(org.unit('Eng').getByRole('alert')).toHaveText('Eng still has units under it: delete or move them first.');
    await expect(org.unit('Eng').getByRole('button', { name: 'Delete unit Eng' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'an organization with a refused form');

    await org.moveUnit('Platform', null);
    await expect(org.flash).toHaveText('Unit moved.');
    await expect(org.unitsUnder('Eng')).toHaveCount(0);
    await expect(org.counts('Eng')).toHaveText('0 direct members · 0 in total');
    await expect(org.counts('Platform')).toHaveText('1 direct member · 1 in total');

    await org.removeMember(org.unit('Platform'), CAROL_NAME);
    await expect(org.flash).toHaveText(`Account ${CAROL} removed from the organization.`);
    carolPlaced = false;
    await expect(org.counts('Platform')).toHaveText('0 direct members · 0 in total');

    await org.deleteUnit('Platform');
    await expect(org.flash).toHaveText('Unit deleted.');
    await org.deleteUnit('Eng');
    await expect(org.flash).toHaveText('Unit deleted.');
    await expect(org.main.getByText('No units yet')).toBeVisible();

    await org.deleteOrganization(name);
    await expect(list.flash).toHaveText('Organization deleted.');
    await expect(list.heading).toHaveText('Organizations');
    await expect(list.row(name)).toHaveCount(0);
    await expect(list.row('Demo Corp')).toBeVisible();
  } finally {
    if (carolPlaced) {
      const res = await postForm(page, '/admin/organizations/org-demo0001/members/remove', { account: CAROL });
      expect(res.status(), 'take carol out of the organization again').toBe(303);
    }
  }
});

test('the list of organizations and a refused name keep the page usable', async ({ page }) => {
  const list = new AdminOrgsPage(page);
  await loginAsAdmin(page);
  await list.goto();
  await expect(list.row('Demo Corp').getByRole('cell').nth(1)).toHaveText(/^\d+$/);

  await list.createOrganization('demo corp');
  await expect(list.name).toHaveValue('demo corp');
  await expect(list.name).toHaveAccessibleDescription('An organization named demo corp exists already.');
  await expectNoSeriousA11yViolations(page, 'the organizations list with a refused name');
});

test('an organization in Portuguese: the tree, its counts and forms, with no serious axe violation', async ({ page }) => {
  // A fresh admin: saving a language on the demo admin would change what other specs see.
  const admin = createAccount('orgs-pt', { admin: true });
  await login(page, admin.username, admin.password);
  await setLanguage(page, 'pt-BR');
  const org = new AdminOrgPage(page);
  await page.goto('/admin/organizations/org-demo0001');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(org.heading).toHaveText('Demo Corp');
  await expect(org.counts('Engineering')).toHaveText('0 membro direto · 1 no total');
  await expect(org.unitsUnder('Engineering').getByRole('heading', { name: 'Platform', exact: true })).toBeVisible();
  await expect(org.createUnitButton).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'an organization (pt-BR)');
});

test("bob's Account page shows his organization and unit path", async ({ page, accountPage }) => {
  await loginAs(page, 'bob');
  await accountPage.goto();
  await expect(accountPage.heading).toHaveText('Account');
  await expect(page.getByRole('main').getByTestId('account-organization')).toHaveText('Demo Corp · Engineering › Platform');
});
