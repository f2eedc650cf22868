// Screens of the share lifecycle (SPEC 3b): the recipient's invitations and
// leave confirmation, the decline form, and the owner's form for a share's
// end. Locators accept English and Portuguese (Brazil).
import type { Locator, Page } from '@playwright/test';

/** The Invitations section of Images > Shared with me (R19). */
export class Invitations {
  readonly section: Locator;
  /** "1 invitation" beside the Shared with me tab. */
  readonly tabCount: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('main').getByRole('region', { name: /^(Invitations|Convites)$/ });
    this.tabCount = page.getByTestId('invitation-count');
  }

  async goto(region: string): Promise<void> {
    await this.page.goto(`/images?region=${region}&tab=shared`);
  }

  invitation(imageId: string): Locator {
    return this.section.locator(`li[data-invitation="${imageId}"]`);
  }

  accept(imageId: string): Locator {
    return this.invitation(imageId).getByRole('button', { name: /^(Accept|Aceitar): / });
  }

  decline(imageId: string): Locator {
    return this.invitation(imageId).getByRole('link', { name: /^(Decline|Recusar): / });
  }
}

/** The decline form (/images/:id/decline). */
export class DeclineForm {
  readonly reason: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.reason = main.getByLabel(/^(Reason for declining|Motivo da recusa de) /);
    this.submit = main.getByRole('button', { name: /^(Decline|Recusar)$/ });
  }
}

/** The leave confirmation (/images/:id/leave, R18). */
export class LeaveConfirmation {
  readonly heading: Locator;
  readonly instances: Locator;
  readonly confirm: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: /^(Remove shared image|Remover imagem compartilhada)$/ });
    this.instances = main.getByTestId('leave-instances');
    this.confirm = main.getByRole('button', { name: /^(Remove from my account|Remover da minha conta)$/ });
  }
}

/** The form that moves or removes a share's end (R20). */
export class ShareEndForm {
  readonly until: Locator;
  readonly save: Locator;
  readonly remove: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.until = main.getByLabel(/^(Until \(optional\)|Até \(opcional\))$/);
    this.save = main.getByRole('button', { name: /^(Save end|Salvar fim)$/ });
    this.remove = main.getByRole('button', { name: /^(Remove end|Remover fim)$/ });
  }
}
