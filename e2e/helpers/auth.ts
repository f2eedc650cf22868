// Log in and post forms over HTTP, sharing cookies with the page's browser
// context, so specs start signed in without driving the sign-in UI.
//
// Why the CSRF dance: the console lets browser requests through by their
// Sec-Fetch-Site header, but page.request is not a browser and sends no such
// header, so it gets the token check instead. The token is tied to the
// session (it changes at sign-in and sign-out), so it is read from a page,
// as a form would carry it, before each unsafe request.
import { expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USERNAME, DEMO_PASSWORD, DEMO_USERS, type DemoUser } from './env';

const CSRF_FIELD = '_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
// Asked for as htmx would (with a target no page has), a page comes whole but
// leaves the flash message for the spec's next page.
const QUIET = { 'HX-Request': 'true', 'HX-Target': 'csrf-token' };

/** Returns the CSRF token the console hands the page's browser context now: from the Account page, or signed out the sign-in page. */
export async function csrfToken(page: Page): Promise<string> {
  let res = await page.request.get('/account', { headers: QUIET, maxRedirects: 0 });
  if (res.status() !== 200) res = await page.request.get('/login', { headers: QUIET, maxRedirects: 0 });
  expect(res.status(), `GET ${res.url()} for a CSRF token`).toBe(200);
  const token = hiddenCsrfField(await res.text());
  expect(token, `no ${CSRF_FIELD} field on ${res.url()}`).toBeTruthy();
  return token!;
}

/**
 * POSTs a urlencoded form with the CSRF token (as header and field, as htmx and
 * plain forms send it) and does not follow redirects, so callers can assert the 303.
 */
export async function postForm(page: Page, path: string, form: Record<string, string | number | boolean>) {
  const token = await csrfToken(page);
  return page.request.post(path, {
    form: { ...form, [CSRF_FIELD]: token },
    headers: { [CSRF_HEADER]: token },
    maxRedirects: 0,
  });
}

/** Signs `username` in for the page's whole browser context; fails the test unless the server redirects. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  const res = await postForm(page, '/login', { username, password });
  const status = res.status();
  const ok = status >= 300 && status < 400 && !/\/login\b/.test(res.headers()['location'] ?? '');
  expect(ok, `login as ${username}: HTTP ${status} ${res.headers()['location'] ?? ''}\n${(await res.text()).slice(0, 500)}`).toBeTruthy();
}

/** Signs a `--demo` user in. */
export function loginAs(page: Page, user: DemoUser): Promise<void> {
  return login(page, DEMO_USERS[user].username, DEMO_PASSWORD);
}

/** Signs the platform admin in. */
export function loginAsAdmin(page: Page): Promise<void> {
  return login(page, ADMIN_USERNAME, ADMIN_PASSWORD);
}

function hiddenCsrfField(html: string): string | undefined {
  const input = html.match(/<input\b[^>]*\bname="_csrf"[^>]*>/i)?.[0];
  return input?.match(/\bvalue="([^"]*)"/i)?.[1];
}
