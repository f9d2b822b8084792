import chromiumLaunch from './chromium.cjs';
import { defineConfig } from '@playwright/test';
import path from 'node:path';

// Browser tests of the release builds, served under the sub-path /jwt-playground/ by e2e/server.mjs
// (as GitHub Pages would), in Debian's Chromium (`apt-get install chromium`; Playwright's own browser
// download is not reachable here). Two projects, each against its own build and server:
//
//   site        every spec but playground.spec.ts, against dist/ (the shipped site: the debugger)
//               build: trunk build --release --offline --public-url /jwt-playground/
//   playground  playground.spec.ts, against dist-playground/ (the `playground` cargo feature)
//               build: trunk build --release --offline --features playground --dist dist-playground --public-url /jwt-playground/
//
// Env: E2E_PORT (default 4173; the playground server uses E2E_PORT + 1), CHROMIUM_PATH (default
// /usr/bin/chromium), DIST (default ../dist), DIST_PLAYGROUND (default ../dist-playground).
const PORT = Number(process.env.E2E_PORT || 4173);
export const BASE_PATH = '/jwt-playground/';
const ORIGIN = `http://127.0.0.1:${PORT}`;
const PLAYGROUND_PORT = PORT + 1;
const PLAYGROUND_ORIGIN = `http://127.0.0.1:${PLAYGROUND_PORT}`;
const PLAYGROUND_DIST = path.resolve(process.env.DIST_PLAYGROUND || path.join(__dirname, '..', 'dist-playground'));
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
  projects: [
    {
      name: 'site',
      testIgnore: /playground\.spec\.ts$/,
    },
    {
      name: 'playground',
      testMatch: /playground\.spec\.ts$/,
      use: { baseURL: `${PLAYGROUND_ORIGIN}${BASE_PATH}` },
      // Read by playground.spec.ts to say "build first" when the build is missing.
      metadata: { dist: PLAYGROUND_DIST },
    },
  ],
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
    {
      command: SERVER,
      // Readiness by port, not URL: without a dist-playground/ build the server answers 404 and the
      // playground tests fail with a clear "build first" message (see playground.spec.ts) instead of
      // the whole run timing out, so `--project site` still works without that build.
      port: PLAYGROUND_PORT,
      env: { PORT: String(PLAYGROUND_PORT), DIST: PLAYGROUND_DIST },
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
