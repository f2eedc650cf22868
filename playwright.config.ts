import { defineConfig, devices } from '@playwright/test';
import { ADMIN_PASSWORD, API_PORT, BASE_URL, PORT } from './e2e/helpers/env';

const CI = !!process.env.CI;

// Playwright's own browser downloads are unavailable here: use Debian's
// chromium (`make chromium` installs it).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  // `make screenshots` sets SCREENSHOTS; the normal run does not take them.
  testIgnore: process.env.SCREENSHOTS ? [] : ['**/screenshots.spec.ts'],
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  workers: 2,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: BASE_URL,
    locale: 'en-US',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  // One server per run on a fresh database. The timeout covers a cold cgo build (~60 s).
  webServer: {
    command: './e2e/serve.sh',
    url: `${BASE_URL}/healthz`,
    env: {
      E2E_ADDR: `127.0.0.1:${PORT}`,
      E2E_API_ADDR: `127.0.0.1:${API_PORT}`,
      E2E_PORT: String(PORT),
      IMAGESHARE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    },
    reuseExistingServer: !CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
