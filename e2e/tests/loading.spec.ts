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

test('the download shows its progress while it lasts', async ({ page }) => {
  // Hold the wasm back until the shell has been seen; then let it through.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('#/playground');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('app-shell')).toContainText('Loading the playground');
  release();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('app-shell')).toHaveCount(0);
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
