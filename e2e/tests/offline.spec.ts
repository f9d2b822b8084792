import { test, expect, serviceWorkerInControl, cachedPaths } from '../fixtures';

// Works offline after the first visit (issue 10, item 8): the service worker precaches the site,
// the web manifest makes it installable; offline, a reload still mounts and the playground works.

test.use({ serviceWorkers: 'allow' });

test('after one visit the site reloads and works offline', async ({ playgroundPage: pg, page, context }) => {
  await pg.goto();
  // The worker is installed, its cache filled, and it controls the page.
  await serviceWorkerInControl(page);
  const cached = await cachedPaths(page);
  expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(cached).toContain('/jwt-playground/');

  await context.setOffline(true);
  await page.reload();
  await pg.app.waitReady();
  await pg.loginAs('alice');
  await pg.expectStatus(await pg.sendAny(pg.requestProfile), 200);
  await page.goto('#/debugger');
  await pg.app.waitReady();
  await context.setOffline(false);
});

test('the web manifest names the app, its start URL and an icon', async ({ page, appPage }) => {
  await appPage.goto();
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), href ?? '');
  expect(manifest.name).toContain('JWT');
  expect(manifest.start_url).toBe('./');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons[0].src).toBe('icon.svg');
  const icon = await page.evaluate(async () => (await fetch('icon.svg')).headers.get('content-type'));
  expect(icon).toContain('image/svg+xml');
});
