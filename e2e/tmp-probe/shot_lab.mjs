import chromiumLaunch from '../chromium.cjs';
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
const port = 4394;
const server = spawn(process.execPath, ['/work/main/e2e/server.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: chromiumLaunch.CHROMIUM_PATH, args: chromiumLaunch.CHROMIUM_ARGS });
for (const [w, h, presenter] of [[390, 844, false], [1280, 720, false], [1920, 1080, false], [1280, 720, true]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(`http://127.0.0.1:${port}/jwt-playground/#/playground`);
  await page.getByTestId('advanced-controls').locator('> summary').click();
  await page.locator('details.lab summary').click();
  await page.getByTestId('attack-kid-sql').click();
  await page.waitForTimeout(600);
  if (presenter) { await page.keyboard.press('p'); await page.waitForTimeout(400); }
  const code = page.getByTestId('weakness-code');
  await code.locator('summary').click();
  await page.getByTestId('weakness-code-question').waitFor();
  const opts = page.getByTestId('weakness-code-option');
  const n = await opts.count();
  await opts.nth(0).click();
  await page.waitForTimeout(200);
  await code.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/lab_${w}${presenter ? '_p' : ''}.png` });
  const side = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  console.log(w, presenter, 'options', n, 'sideways', side);
  await page.close();
}
await browser.close(); server.kill();
