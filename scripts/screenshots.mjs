#!/usr/bin/env node
// Screenshots of the main screens at projector (1280x720) and phone (390x844)
// sizes, for a person to look at. Serves dist/ under /jwt-playground/ itself.
//   node scripts/screenshots.mjs [outdir]   (default e2e/screenshots)
//   node scripts/screenshots.mjs --docs     the README's pictures, into docs/: the playground after
//                                           a login and a request, and presenter mode in a scenario
import chromiumLaunch from '../e2e/chromium.cjs';
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = process.argv[2] === '--docs';
const out = docs ? join(root, 'docs') : process.argv[2] || join(root, 'e2e', 'screenshots');
mkdirSync(out, { recursive: true });
const port = 4391;
const server = spawn(process.execPath, [join(root, 'e2e', 'server.mjs')], {
  env: { ...process.env, PORT: String(port) },
  stdio: 'ignore',
});
await new Promise((r) => setTimeout(r, 400));
const base = `http://127.0.0.1:${port}/jwt-playground/`;
const browser = await chromium.launch({
  executablePath: chromiumLaunch.CHROMIUM_PATH,
  args: chromiumLaunch.CHROMIUM_ARGS,
});
const shots = [
  ['debugger', '#/debugger', async () => {}],
  ['debugger-tampered', '#/debugger', async (page) => {
    const box = page.locator('#debugger-payload-box');
    const text = await box.inputValue();
    await box.fill(text.replace('John Doe', 'Jane Doe'));
  }],
  ['playground', '#/playground', async () => {}],
  // JWT: logged in as Alice, the request player part way through the signing.
  ['playground-jwt-built', '#/playground', async (page) => {
    await login(page, 'alice');
    for (let i = 0; i < 6; i++) await page.getByTestId('request-step-prev').click();
  }],
  // JWT: role edited to admin, refused at the signature step with both signatures shown.
  ['playground-jwt-tampered', '#/playground', async (page) => {
    await login(page, 'alice');
    const claims = page.getByTestId('browser-claims');
    await claims.fill((await claims.inputValue()).replace('"user"', '"admin"'));
    await page.getByTestId('request-admin').click();
  }],
  // Sessions: three servers round-robin, the profile lost on another server.
  ['playground-session-servers', '#/playground', async (page) => {
    await page.getByTestId('mode-session').click();
    await page.getByTestId('add-server').click();
    await page.getByTestId('add-server').click();
    await login(page, 'alice');
    await page.getByTestId('request-profile').click();
  }],
];

async function login(page, who) {
  await page.getByTestId(`demo-${who}`).click();
  await page.getByTestId('login-submit').click();
  await page.getByTestId('network-entry').first().waitFor();
}
/** The README's two pictures. */
const DOC_SHOTS = [
  ['playground', 1440, 900, '#/playground', async (page) => {
    await login(page, 'alice');
    await page.getByTestId('request-profile').click();
    await page.getByTestId('network-entry').nth(1).waitFor();
  }],
  ['presenter', 1280, 720, '#/scenario/tamper', async (page) => {
    await page.getByTestId('presenter-toggle').click();
  }],
];

try {
  if (docs) {
    for (const [name, w, h, hash, act] of DOC_SHOTS) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(base + hash);
      await page.waitForSelector('[data-testid=app][data-ready=true]');
      await act(page);
      await page.waitForTimeout(400);
      const file = join(out, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await page.close();
    }
  }
  for (const [w, h, tag] of docs ? [] : [[1280, 720, 'projector'], [390, 844, 'phone']]) {
    for (const [name, hash, act] of shots) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(base + hash);
      await page.waitForSelector('[data-testid=app][data-ready=true]');
      await act(page);
      await page.waitForTimeout(150);
      const file = join(out, `${name}-${tag}.png`);
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
