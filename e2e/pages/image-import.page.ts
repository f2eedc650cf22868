// The import page: upload a disk image in chunks, or import one from a URL.
import { expect, type Locator, type Page } from '@playwright/test';

export class ImageImportPage {
  constructor(readonly page: Page) {}

  get uploadForm(): Locator {
    return this.page.getByRole('region', { name: 'Upload a file' });
  }

  get progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Upload progress' });
  }

  get status(): Locator {
    return this.page.locator('#upload-status');
  }

  async goto(region: string) {
    await this.page.goto(`/images?region=${region}&tab=custom`);
    await this.page.getByRole('link', { name: 'Import image' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Import an image' })).toBeVisible();
  }

  async upload(file: { name: string; mimeType: string; buffer: Buffer }, imageName: string) {
    const form = this.uploadForm;
    await form.getByLabel('Disk image file').setInputFiles(file);
    await form.getByLabel('Image name').fill(imageName);
    await form.getByRole('button', { name: 'Upload and import' }).click();
  }
}
