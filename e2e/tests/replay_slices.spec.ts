import { test, expect } from '../fixtures';

// A long kept story or share link is replayed a slice at a time (issue 23, item 4): the playground
// says how far it has come, the page answers meanwhile, and the story comes back as it was. No
// timing is asserted here: e2e/bench_hostile.mjs prints the longest main-thread task of such a
// reload.

const WORLD_KEY = 'jwt-playground.world';
const LOGIN = '{"Act":{"Login":{"email":"alice@example.com","password":"wonderland"}}}';
const PROFILE = '{"Act":{"PageRequest":{"method":"Get","path":"/api/profile","body":null}}}';
const ADMIN = '{"Act":{"PageRequest":{"method":"Get","path":"/api/admin","body":null}}}';

/** A free-play story of `steps` events: logins and profile requests, the admin page last. */
function story(steps: number, loginEvery = 2): string {
  const events = Array.from({ length: steps - 1 }, (_, i) => (i % loginEvery === 0 ? LOGIN : PROFILE));
  events.push(ADMIN);
  return `{"version":1,"origin":{"Free":{"start_time":1700000000}},"events":[${events.join(',')}]}`;
}

/** Records every text the replay's progress bar says, as the page shows it. */
async function watchProgress(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __said: string[] };
    w.__said = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="replay-progress"]:not([hidden]) progress');
      const text = bar?.getAttribute('aria-valuetext') ?? '';
      if (text !== '' && w.__said[w.__said.length - 1] !== text) w.__said.push(text);
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

const said = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __said: string[] }).__said);

test('a kept story of 4,000 steps comes back in slices: its progress said, the tabs answering, then its last exchange', async ({ playgroundPage: pg, page }) => {
  await page.addInitScript(([key, text]) => {
    if (sessionStorage.getItem('long-kept') === null) {
      sessionStorage.setItem('long-kept', '1');
      localStorage.setItem(key, text);
    }
  }, [WORLD_KEY, story(4000)]);
  await watchProgress(page);
  await pg.app.goto('#/playground');
  const progress = page.getByTestId('replay-progress');
  // The header and its tabs answer while the story replays (or has just finished).
  await page.getByTestId('tab-debugger').click();
  await expect(page.getByTestId('debugger-token')).toBeVisible();
  await page.getByTestId('tab-playground').click();
  // The playground as it was left: Alice logged in, the admin page refused last.
  await expect(pg.modeJwt).toBeVisible({ timeout: 30_000 });
  await expect(progress).toBeHidden();
  await pg.expectStatus(pg.lastEntry(), 403);
  await expect(pg.lastEntry()).toContainText('/api/admin');
  await expect(page.getByTestId('kept-notice')).toBeHidden();
  // Only the newest 150 exchanges are drawn; the older ones on request.
  await expect(pg.entries).toHaveCount(150);
  const older = page.getByTestId('network-show-older');
  await expect(older).toHaveText(/^Show the [\d,]+ older requests$/);
  await older.click();
  await expect.poll(() => pg.entries.count()).toBeGreaterThan(150);
  await expect(older).toBeHidden();
  // It was said in words, and it moved: the browser drew the page between slices.
  const texts = await said(page);
  expect(texts[0]).toMatch(/^Replaying your playground: [\d,]+ of 4,000 steps$/);
  expect(texts.length).toBeGreaterThan(1);
  // The story goes on from there (the log keeps its newest 500), and is kept as before.
  await pg.requestProfile.click();
  await pg.expectStatus(pg.lastEntry(), 200);
  await expect
    .poll(() => page.evaluate((k) => (localStorage.getItem(k) ?? '').split('"Act"').length - 1, WORLD_KEY))
    .toBe(4001);
});

test('a short kept story comes back at once: no progress shown', async ({ playgroundPage: pg, page }) => {
  await page.addInitScript(([key, text]) => {
    if (sessionStorage.getItem('short-kept') === null) {
      sessionStorage.setItem('short-kept', '1');
      localStorage.setItem(key, text);
    }
  }, [WORLD_KEY, story(40)]);
  await watchProgress(page);
  await pg.app.goto('#/playground');
  await expect(pg.modeJwt).toBeVisible();
  await pg.expectStatus(pg.lastEntry(), 403);
  expect(await said(page)).toEqual([]);
});

test('a long share link replays in slices, then says it opened and offers the playground it replaced', async ({ playgroundPage: pg, page }) => {
  await pg.goto();
  await pg.loginAs('bob');
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k) ?? '', WORLD_KEY)).toContain('bob');
  const link = Buffer.from(story(600, 50)).toString('base64url');
  expect(link.length).toBeLessThan(64 * 1024);
  await page.evaluate((hash) => { window.location.hash = hash; }, '#/story/' + link);
  const notice = page.getByTestId('kept-notice');
  await expect(notice).toContainText('Opened a shared story: 600 steps replayed on a fresh secret', { timeout: 30_000 });
  await expect(page.getByTestId('kept-return')).toBeVisible();
  await expect(page.getByTestId('replay-progress')).toBeHidden();
  await pg.expectStatus(pg.lastEntry(), 403);
  // Back to the playground the link replaced.
  await page.getByTestId('kept-return').click();
  await expect(notice).toContainText('Back to the playground you had before the link');
  await pg.expectStatus(pg.lastEntry(), 200);
});

test('a long link over its bound of work is refused mid-way with the same sentence, and the playground works', async ({ playgroundPage: pg, page }) => {
  const events = Array.from({ length: 400 }, (_, i) =>
    i % 25 === 0 ? `{"Act":{"Login":{"email":"alice@example.com","password":"guess-${i}"}}}` : PROFILE,
  );
  const link = Buffer.from(`{"version":1,"origin":{"Free":{"start_time":1700000000}},"events":[${events.join(',')}]}`).toString('base64url');
  await pg.app.goto('#/story/' + link);
  await expect(page.getByTestId('kept-notice')).toContainText('more than 10 password checks with different passwords', { timeout: 30_000 });
  await expect(page.getByTestId('replay-progress')).toBeHidden();
  await pg.expectStatus(await pg.loginAs('alice'), 200);
});
