// The Instances page and the forms it leads to: launch, reinstall, create
// image, terminate.
import { expect, type Locator, type Page } from '@playwright/test';

export class InstancesPage {
  constructor(readonly page: Page) {}

  async goto(region = 'ap-guangzhou') {
    await this.page.goto(`/instances?region=${region}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  }

  /** The row of an instance, by its name. */
  row(name: string): Locator {
    return this.page.locator('#instance-list tbody tr').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async expectState(name: string, state: string) {
    await expect(this.row(name).getByText(state, { exact: true })).toBeVisible({ timeout: 15_000 });
  }

  /** Fills and submits the launch form (reached from an image's Launch link or the page's button). */
  async launch(name: string) {
    await expect(this.page.getByRole('heading', { name: 'Launch instance' })).toBeVisible();
    await this.page.getByLabel('Instance name').fill(name);
    await this.page.getByRole('button', { name: 'Launch instance' }).click();
    await expect(this.page).toHaveURL(/\/instances\?region=/);
  }

  /** Opens the row's "More" menu (a <summary>, which has no role in Playwright: found by its label). */
  async openMenu(instance: string) {
    await this.page.getByLabel(`More actions: ${instance}`, { exact: true }).click();
  }

  async openCreateImage(instance: string) {
    await this.openMenu(instance);
    await this.page.getByRole('link', { name: `Create image ${instance}` }).click();
    await expect(this.page.getByRole('heading', { name: 'Create custom image' })).toBeVisible();
  }

  async submitCreateImage(name: string, description = '') {
    await this.page.getByLabel('Image name').fill(name);
    await this.page.getByLabel('Description').fill(description);
    await this.page.getByRole('button', { name: 'Create image' }).click();
  }

  async reinstall(instance: string, imageOptionLabel: string) {
    await this.openMenu(instance);
    await this.page.getByRole('link', { name: `Reinstall ${instance}` }).click();
    await expect(this.page.getByRole('heading', { name: 'Reinstall instance' })).toBeVisible();
    await this.page.getByLabel('Image', { exact: true }).selectOption({ label: imageOptionLabel });
    await this.page.getByLabel(/system disk is erased/).check();
    await this.page.getByRole('button', { name: 'Reinstall' }).click();
    await expect(this.page).toHaveURL(/\/instances\?region=/);
  }

  async terminate(instance: string) {
    await this.openMenu(instance);
    await this.page.getByRole('link', { name: `Terminate ${instance}` }).click();
    await expect(this.page.getByRole('heading', { name: 'Terminate instance?' })).toBeVisible();
    await this.page.getByRole('button', { name: 'Terminate' }).click();
    await expect(this.page).toHaveURL(/\/instances\?region=/);
  }
}
