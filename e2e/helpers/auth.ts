// Log in and post forms over HTTP, sharing cookies with the page's browser
// context, so specs start signed in without driving the sign-in UI.
//
// Why the CSRF dance: Echo's CSRF middleware lets browser requests through by
// their Sec-Fetch-Site header, but page.request is not a browser and sends no
// such header, so it gets the token check instead: a GET without the header
// sets the `_csrf` cookie, and unsafe requests must echo it back.
import { expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USERNAME, DEMO_PASSWORD, DEMO_USERS, type DemoUser } from './env';

const CSRF_COOKIE = '_csrf';
const CSRF_FIELD = '_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/** Returns the CSRF token for the page's context, fetching `path` first if no `_csrf` cookie exists yet. */
export async function csrfToken(page: Page, path = '/login'): Promise<string> {
  let token = await csrfCookie(page);
  if (!token) {
    const res = await page.request.get(path);
    expect(res.ok(), `GET ${path} for a CSRF token: ${res.status()}`).toBeTruthy();
    token = (await csrfCookie(page)) ?? hiddenCsrfField(await res.text());
  }
  expect(token, `no ${CSRF_COOKIE} cookie or hidden field after GET ${path}`).toBeTruthy();
  return token!;
}

/**
 * POSTs a urlencoded form with the CSRF token (as header and field, so either
 * TokenLookup works) and does not follow redirects, so callers can assert the 303.
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

async function csrfCookie(page: Page): Promise<string | undefined> {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === CSRF_COOKIE)?.value;
}

function hiddenCsrfField(html: string): string | undefined {
  const input = html.match(/<input\b[^>]*\bname="_csrf"[^>]*>/i)?.[0];
  return input?.match(/\bvalue="([^"]*)"/i)?.[1];
}
