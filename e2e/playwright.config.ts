import { defineConfig } from '@playwright/test';
import path from 'node:path';

// Browser tests of the release build, served under the sub-path /jwt-playground/ by e2e/server.mjs
// (as GitHub Pages would), in Debian's Chromium (`apt-get install chromium`; Playwright's own browser
// download is not reachable here). Build first: trunk build --release --public-url /jwt-playground/
//
// Env: E2E_PORT (default 4173), CHROMIUM_PATH (default /usr/bin/chromium), DIST (default ../dist).
const PORT = Number(process.env.E2E_PORT || 4173);
export const BASE_PATH = '/jwt-playground/';
const ORIGIN = `http://127.0.0.1:${PORT}`;

/** Flags from shared/TOOLCHAIN.md: root needs --no-sandbox; the last three stop Chromium calling out. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: path.join(__dirname, 'tests'),
  outputDir: path.join(__dirname, 'test-results'),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [
    ['list'],
    // Read by scripts/test.sh for its closing "tests: N passed, N failed" line.
    ['json', { outputFile: path.join(__dirname, 'playwright-report', 'results.json') }],
  ],
  use: {
    baseURL: `${ORIGIN}${BASE_PATH}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `node ${JSON.stringify(path.join(__dirname, 'server.mjs'))}`,
    url: `${ORIGIN}${BASE_PATH}`,
    env: { PORT: String(PORT), ...(process.env.DIST ? { DIST: process.env.DIST } : {}) },
    reuseExistingServer: false,
    timeout: 15_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
