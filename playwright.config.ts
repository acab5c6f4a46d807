import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS } from './bench/lib/browser';

// The browser tests run the console as a user would: `npm start` on a fresh data folder (embedded PostgreSQL,
// seeded demo cluster, worker), driven by Debian's Chromium.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export const E2E_PASSWORDS = {
  viewer: process.env.FLEET_DEMO_PASSWORD_VIEWER ?? 'viewer-e2e-password',
  operator: process.env.FLEET_DEMO_PASSWORD_OPERATOR ?? 'operator-e2e-password',
  admin: process.env.FLEET_DEMO_PASSWORD_ADMIN ?? 'admin-e2e-password',
};
/** The token the browser tests' Alertmanager notifications carry. */
export const E2E_ALERTMANAGER_TOKEN = 'e2e-alertmanager-token-0123456789';
process.env.FLEET_DEMO_PASSWORD_VIEWER = E2E_PASSWORDS.viewer;
process.env.FLEET_DEMO_PASSWORD_OPERATOR = E2E_PASSWORDS.operator;
process.env.FLEET_DEMO_PASSWORD_ADMIN = E2E_PASSWORDS.admin;

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // A test's budget, not its expected time: one that signs in, acts and waits on the worker takes about 15 s on a
  // quiet machine, and several times that when two copies of the suite share 2 cores (a click then waits seconds
  // for a core).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // A test that passes only on a second try has found a bug (in the console or in the test): it fails.
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: 'rm -rf .data/e2e && node --import tsx scripts/start.ts',
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      PORT: String(port),
      FLEET_DATA_DIR: '.data/e2e',
      FLEET_BACKFILL_DAYS: process.env.E2E_BACKFILL_DAYS ?? '7',
      FLEET_BACKFILL_SAMPLE_HOURS: '2',
      // The simulated cluster keeps the working hours of this instant, so no test depends on the hour it runs at.
      FLEET_SIM_START_AT: '2026-11-25T10:12:00Z',
      NEXTAUTH_URL: baseURL,
      DATABASE_URL: '',
      FLEET_ALERTMANAGER_TOKEN: E2E_ALERTMANAGER_TOKEN,
      // The tests' Slack receiver listens on loopback, as an in-house receiver would on an allowed range.
      FLEET_CHANNEL_ALLOWED_CIDRS: '127.0.0.0/8',
    },
  },
});
