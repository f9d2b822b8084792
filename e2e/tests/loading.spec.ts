import { test, expect } from '../fixtures';

// Loading (issue 23, item 1): the page says what it is and shows the download before the app's
// code has arrived, from the first response's HTML alone; the app removes the shell once mounted;
// a failed download says what went wrong and offers a reload.

test('the app shell is in the first response\'s HTML: the title, what this is, a progress bar', async ({ page, baseURL }) => {
  const response = await page.request.get(baseURL ?? '/');
  const html = await response.text();
  expect(html).toContain('data-testid=app-shell');
  expect(html).toContain('JWT & cookie-session playground');
  expect(html).toContain('watch a token being signed');
  expect(html).toContain('<progress');
});

test('once the app has mounted, the shell is gone', async ({ page, appPage }) => {
  await appPage.goto('#/playground');
  await expect(page.getByTestId('app-shell')).toHaveCount(0);
  await expect(page.getByTestId('app')).toBeVisible();
});

test('the download shows its progress while it lasts, counted against the size served', async ({ page, context }) => {
  // A slow line, so the download lasts long enough to be seen (1.6 Mbit/s: about 3 s).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await page.goto('#/playground');
  const status = page.locator('#app-shell-status');
  // The loader counts the bytes as they arrive: "Loading the playground: 120 KB of 1,677 KB".
  await expect(status).toContainText(/Loading the playground: [\d,]+ KB of [\d,]+ KB/, { timeout: 15_000 });
  const max = Number(await page.getByTestId('app-shell-progress').getAttribute('max'));
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('app-shell')).toHaveCount(0);
  // The bar's end is the wasm's size as served (not Trunk's size before wasm-opt).
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).find((n) => n.endsWith('.wasm')) ?? '');
  const served = (await (await page.request.get(wasm)).body()).length;
  expect(max).toBe(served);
});

test.describe('a failed download', () => {
  // The browser logs the failed fetch as a console error; that is the point here.
  test.use({ allowConsoleErrors: true });

  test('says so and offers a reload, which starts the app once the download works', async ({ page, guard }) => {
    await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 404, contentType: 'application/wasm', body: 'not here' }));
    await page.goto('#/playground');
    await expect(page.getByTestId('app-shell-error')).toContainText('The playground could not start');
    await expect(page.getByTestId('app-shell-retry')).toBeVisible();
    await page.unroute(/_bg\.wasm$/);
    await page.getByTestId('app-shell-retry').click();
    await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    expect(guard.pageErrors).toEqual([]);
  });
});
