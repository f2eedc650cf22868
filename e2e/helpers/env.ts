// Facts about the server that playwright.config.ts starts for the run. The
// config imports them too, so the server and the specs cannot disagree.

/** Port of the e2e server; 8181 so it never collides with `make run` on :8080. */
export const PORT = Number(process.env.E2E_PORT ?? 8181);

/** Base URL of the e2e server (also the config's `use.baseURL`). */
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/** Port of the e2e server's API listener (`--api-addr`): 1000 above the console's unless E2E_API_PORT says. */
export const API_PORT = Number(process.env.E2E_API_PORT ?? PORT + 1000);

/** Platform admin created at first start; its password comes from IMAGESHARE_ADMIN_PASSWORD. */
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'admin-e2e-password';

/** Password of every `--demo` user. */
export const DEMO_PASSWORD = 'imageshare';

/** The `--demo` users and their accounts. */
export const DEMO_USERS = {
  alice: { username: 'alice', accountId: '100000000001' },
  bob: { username: 'bob', accountId: '100000000002' },
  carol: { username: 'carol', accountId: '100000000003' },
} as const;

export type DemoUser = keyof typeof DEMO_USERS;
