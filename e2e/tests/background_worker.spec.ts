import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, signHs, serviceWorkerInControl, cachedPaths } from '../fixtures';

// The page's background worker (issue 23): a second wasm, fetched the first time a job needs it,
// that makes RSA key pairs and runs the secret guesser at full speed off the main thread. Its code
// is not part of the first load; after one visit it works offline (the service worker precaches
// it); a failed fetch says so, offers a retry and leaves the rest of the page working.

/** Every request for the worker's files (page, worker or service worker), as paths. */
function watchWorkerRequests(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (path.includes('/jwt-worker')) seen.push(path);
  });
  return seen;
}

async function openGuesser(page: Page): Promise<void> {
  const guesser = page.locator('details.guesser');
  if (!(await guesser.evaluate((el) => (el as HTMLDetailsElement).open))) await guesser.locator('summary').click();
}

test.describe('RSA key pairs, made by the background worker', () => {
  for (const alg of ['RS256', 'PS384'] as const) {
    test(`a fresh ${alg} key pair: the worker is fetched on first use, makes it, and the token verifies`, async ({ debuggerPage: d, page, context }) => {
      const seen = watchWorkerRequests(context);
      await d.goto();
      await d.setAlg(alg);
      await expect(page.getByTestId('debugger-rsa-keygen-note')).toContainText('background worker');
      // Nothing of the worker was fetched with the page.
      expect(seen, 'worker files fetched before any job').toEqual([]);
      // (What it says while it works is checked below, with the worker held back: a key can be
      // found faster than a test looks.)
      await d.generateKey.click();
      await expect(page.getByTestId('debugger-key-made')).toContainText(`Made a new ${alg} key pair`, { timeout: 60_000 });
      await expect(page.getByTestId('debugger-key-made')).toContainText("background worker: an RSA private key, 2048 bits");
      await d.expectValid();
      await expect(d.privateKey).toHaveValue(/-----BEGIN PRIVATE KEY-----/);
      await expect(d.secret).toHaveValue(/"RSA"/);
      const header = JSON.parse(await d.textOf(d.header));
      expect(header.alg).toBe(alg);
      expect(typeof header.kid).toBe('string');
      expect(seen.some((p) => p.endsWith('/jwt-worker_bg.wasm')), 'the worker wasm was fetched on demand').toBe(true);
      await expect(page.getByTestId('worker-status')).toHaveCount(0);
    });
  }

  test('while the worker loads the page answers and says so, and a cancel ends it', async ({ debuggerPage: d, page, context }) => {
    // The worker's wasm is held back until the test lets it go, so the loading state lasts.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await context.route('**/jwt-worker_bg.wasm', async (route) => {
      await held;
      // The first request's worker was ended by the cancel: its answer may have nowhere to go.
      await route.continue().catch(() => undefined);
    });
    await d.goto();
    await d.setAlg('RS256');
    await d.generateKey.click();
    await expect(page.getByTestId('worker-status')).toHaveAttribute('data-phase', 'loading');
    await expect(page.getByTestId('worker-status')).toContainText('Loading key-pair algorithms');
    // Busy: still focusable, marked unavailable, and a second click starts nothing.
    await expect(d.generateKey).toHaveAttribute('aria-disabled', 'true');
    await expect(d.generateKey).toBeFocused();
    // A keystroke elsewhere is answered meanwhile.
    await d.setLeeway(7);
    await expect(d.leeway).toHaveValue('7');
    await page.getByTestId('debugger-generate-cancel').click();
    await expect(page.getByTestId('worker-status')).toHaveCount(0);
    await expect(d.generateKey).toHaveAttribute('aria-disabled', 'false');
    // The cancel button is gone: the focus is back on the button it belongs to.
    await expect(d.generateKey).toBeFocused();
    await expect(page.getByTestId('debugger-key-made')).toHaveCount(0);
    // A new try once the network answers works.
    release();
    await d.generateKey.click();
    await expect(page.getByTestId('debugger-key-made')).toContainText('Made a new RS256 key pair', { timeout: 60_000 });
    await expect(d.generateKey).toHaveAttribute('aria-disabled', 'false');
  });
});

test.describe('the worker cannot be fetched', () => {
  test.use({ allowConsoleErrors: true });

  test('the key maker says so and offers a retry; the rest of the page works; the retry works once the network does', async ({ debuggerPage: d, page, context }) => {
    await context.route('**/jwt-worker_bg.wasm', (route) => route.abort('internetdisconnected'));
    await d.goto();
    await d.setAlg('RS256');
    await d.generateKey.click();
    const error = page.getByTestId('worker-error');
    await expect(error).toContainText('could not start');
    await expect(error).toContainText('The rest of the page works');
    await expect(d.generateKey).toHaveAttribute('aria-disabled', 'false');
    // The rest works: an ES256 pair is made in the page itself, and the HS256 sample verifies.
    await d.setAlg('ES256');
    await d.generateKey.click();
    await d.expectValid();
    await d.setAlg('RS256');
    await d.generateKey.click();
    await expect(error).toBeVisible();
    await context.unroute('**/jwt-worker_bg.wasm');
    await page.getByTestId('worker-retry').click();
    await expect(page.getByTestId('debugger-key-made')).toContainText('Made a new RS256 key pair', { timeout: 60_000 });
    await expect(error).toHaveCount(0);
    await d.expectValid();
  });

  test('the guesser says so too, and guesses after the retry', async ({ debuggerPage: d, page, context }) => {
    await context.route('**/jwt-worker.js', (route) => route.abort('internetdisconnected'));
    await d.goto();
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice' }, 'letmein'));
    await openGuesser(page);
    await page.getByTestId('crack-start').click();
    await expect(page.getByTestId('worker-error')).toContainText('could not start');
    await expect(page.getByTestId('crack-start')).toHaveAttribute('aria-disabled', 'false');
    await context.unroute('**/jwt-worker.js');
    await page.getByTestId('worker-retry').click();
    await expect(page.getByTestId('crack-result')).toContainText('"letmein"', { timeout: 20_000 });
  });
});

test.describe('offline after the first visit', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the worker is precached: an RSA key pair and a guess work offline', async ({ debuggerPage: d, page, context }) => {
    await d.goto();
    await serviceWorkerInControl(page);
    const cached = await cachedPaths(page);
    for (const file of ['jwt-worker-start.js', 'jwt-worker.js', 'jwt-worker_bg.wasm']) {
      expect(cached, `${file} precached`).toContain(`/jwt-playground/${file}`);
    }
    await context.setOffline(true);
    await page.reload();
    await d.app.waitReady();
    await d.setAlg('RS256');
    await d.generateKey.click();
    await expect(page.getByTestId('debugger-key-made')).toContainText('Made a new RS256 key pair', { timeout: 60_000 });
    await d.expectValid();
    await d.setAlg('HS256');
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice' }, 'supersecret'));
    await openGuesser(page);
    await page.getByTestId('crack-start').click();
    await expect(page.getByTestId('crack-result')).toContainText('"supersecret"', { timeout: 20_000 });
    await context.setOffline(false);
  });
});
