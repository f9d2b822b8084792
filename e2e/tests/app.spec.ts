import { test, expect, KNOWN_BENIGN_WARNINGS } from '../fixtures';

// The release build, served under /jwt-playground/ like GitHub Pages: it mounts, it is quiet in
// the console, and it never talks to anything but 127.0.0.1. (The guard fixture also checks the
// last point, page errors and dialogs after every test of every spec.)


test.describe('app shell', () => {
  test('mounts under the sub-path', async ({ appPage, page }) => {
    await appPage.goto();
    await expect(appPage.root).toHaveCount(1);
    await expect(appPage.root).toBeVisible();
    await expect(page).toHaveTitle(/JWT/);
    expect(new URL(page.url()).pathname).toBe('/jwt-playground/');
  });

  test('no console errors or warnings, no page errors', async ({ appPage, guard, page }) => {
    await appPage.goto();
    // Let anything that runs after mount (timers, lazy work) have its chance to complain.
    await page.waitForTimeout(500);
    expect(guard.pageErrors, 'page errors').toEqual([]);
    expect(guard.consoleErrors, 'console errors').toEqual([]);
    expect(guard.consoleWarnings.filter((w) => !KNOWN_BENIGN_WARNINGS.some((re) => re.test(w))), 'console warnings').toEqual([]);
  });

  test('no request leaves 127.0.0.1, and every asset loads', async ({ appPage, guard, page }) => {
    await appPage.goto();
    await page.waitForLoadState('networkidle');
    expect(guard.requests.length, 'the page made requests at all').toBeGreaterThan(0);
    expect([...guard.offHost], 'off-host requests').toEqual([]);
    expect(guard.failedResponses, 'responses with status >= 400').toEqual([]);
    // The page, its script and its wasm all come from the sub-path.
    // (Chromium's own /favicon.ico probe, if Playwright reports it, is the one exception.)
    const paths = guard.requests.map((r) => new URL(r.split(' ')[1]).pathname).filter((p) => p !== '/favicon.ico');
    expect(paths.some((p) => p.startsWith('/jwt-playground/') && p.endsWith('.wasm')), paths.join('\n')).toBe(true);
    for (const p of paths) expect(p, 'request outside the sub-path').toMatch(/^\/jwt-playground\//);
  });

  test('the wasm is served as application/wasm', async ({ page, appPage }) => {
    const wasm = page.waitForResponse((res) => res.url().endsWith('.wasm'));
    await appPage.goto();
    const res = await wasm;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/wasm');
  });

  test('a deep link to a route mounts the app too', async ({ appPage, page }) => {
    await appPage.goto('#/debugger');
    expect(page.url()).toMatch(/\/jwt-playground\/#\/debugger$/);
    await page.reload();
    await appPage.waitReady();
  });

  test('the bare sub-path redirects to the trailing slash', async ({ page, appPage }) => {
    await page.goto('/jwt-playground');
    await appPage.waitReady();
    expect(new URL(page.url()).pathname).toBe('/jwt-playground/');
  });
});
