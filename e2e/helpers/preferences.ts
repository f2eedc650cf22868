// Saved preferences over HTTP, for specs that need a language set up front
// rather than testing the switcher itself.
import { expect, type Page } from '@playwright/test';
import { postForm } from './auth';

export type Locale = 'en' | 'pt-BR';

/** Chooses the console language for the signed-in user (saved) or, signed out, for the browser (cookie). */
export async function setLanguage(page: Page, lang: Locale): Promise<void> {
  const res = await postForm(page, '/preferences/language', { lang, next: '/images' });
  expect(res.status(), `POST /preferences/language lang=${lang}`).toBe(303);
}
