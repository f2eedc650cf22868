// Sharing with an organization or unit (R25): the share dialog's list of the
// owner's organization and units, and the reach it names.
import type { Locator, Page } from '@playwright/test';

export class OrgTargets {
  /** "Or share with your organization": one checkbox per organization or unit. */
  readonly group: Locator;
  /** The live check's sum of the groups' reach. */
  readonly groupReach: Locator;
  /** The R10 notice's sentence naming the reach. */
  readonly riskReach: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.group = main.getByRole('group', { name: /^(Or share with your organization|Ou compartilhe com a sua organização)$/ });
    this.groupReach = main.getByTestId('share-group-reach');
    this.riskReach = main.locator('#share-risk-reach');
  }

  /** The checkbox of a unit or the organization, by its name. */
  target(name: string): Locator {
    return this.group.getByRole('checkbox', { name: new RegExp(`^${name}\\b`) });
  }
}
