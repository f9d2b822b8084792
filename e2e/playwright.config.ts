import chromiumLaunch from './chromium.cjs';
import { defineConfig } from '@playwright/test';
import path from 'node:path';

// Browser tests of the release build (dist/: the playground at #/playground, the token debugger at
// #/debugger), served under the sub-path /jwt-playground/ by e2e/server.mjs (as GitHub Pages
// would), in Debian's Chromium (`apt-get install chromium`; Playwright's own browser download is
// not reachable here). Build first: trunk build --release --offline --public-url /jwt-playground/
//
// Env: E2E_PORT (default 4173), CHROMIUM_PATH (default /usr/bin/chromium), DIST (default ../dist).
const PORT = Number(process.env.E2E_PORT || 4173);
export const BASE_PATH = '/jwt-playground/';
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SERVER = `node ${JSON.stringify(path.join(__dirname, 'server.mjs'))}`;

/** Flags from shared/TOOLCHAIN.md (e2e/chromium.cjs, shared with the bench and screenshot scripts). */
export const CHROMIUM_ARGS: string[] = chromiumLaunch.CHROMIUM_ARGS;

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
      executablePath: chromiumLaunch.CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'site' }],
  webServer: [
    {
      command: SERVER,
      url: `${ORIGIN}${BASE_PATH}`,
      env: { PORT: String(PORT), ...(process.env.DIST ? { DIST: process.env.DIST } : {}) },
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
