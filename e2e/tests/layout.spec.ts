import { test, expect, type Page } from '../fixtures';

// No page that scrolls sideways, in the states issues 10, 11 and 13 add (every step of a request,
// the token build's among them), at a phone, a projector and
// a wide screen (the walkthrough found two: a long kid after making a key pair, and the refresh
// families table).

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

/** On a phone the three columns are views one tap apart: show the one that holds what comes next. */
async function show(page: Page, view: 'browser' | 'network' | 'server'): Promise<void> {
  const tab = page.getByTestId(`phone-view-${view}`);
  if (await tab.isVisible()) await tab.click();
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what}: the page is ${overflow}px wider than the window`).toBeLessThanOrEqual(0);
}

for (const size of SIZES) {
  test.describe(`at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('the debugger with real-world tokens and a key pair made in the page', async ({ debuggerPage: d, page }) => {
      await d.goto();
      await page.getByTestId('debugger-load-rs256').click();
      await d.expectValid();
      await expectNoSidewaysScroll(page, 'RS256 sample');
      await d.setSecret('');
      await d.expectUnverified('no-key');
      await expectNoSidewaysScroll(page, 'no key');
      await d.setAlg('ES512');
      await d.generateKey.click();
      await d.expectValid();
      await expectNoSidewaysScroll(page, 'ES512 key pair made');
      await d.setAlg('HS256');
      await page.locator('details.guesser summary').click();
      await expectNoSidewaysScroll(page, 'guesser open');
    });

    test('every step of a login, the token build among them, and of a refused request', async ({ playgroundPage: pg, page }) => {
      await pg.goto();
      await show(page, 'network');
      await page.getByTestId('request-step-mode').check();
      const next = page.getByTestId('request-step-next');
      const play = page.getByTestId('request-step-play');
      const now = page.getByTestId('request-step-now');
      const walk = async (what: string) => {
        await show(page, 'network');
        if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
        await page.getByTestId('request-step-replay').click();
        if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
        for (let i = 0; i < 40; i++) {
          const step = `${what}, step ${i + 1} (${await now.getAttribute('data-step')})`;
          await expectNoSidewaysScroll(page, step);
          if (await next.isDisabled()) return;
          await next.click();
        }
      };
      await show(page, 'browser');
      await pg.loginAs('alice');
      await walk('login');
      await show(page, 'browser');
      await pg.requestAdmin.click();
      await walk('refused admin request');
      await pg.setMode('session');
      await show(page, 'browser');
      await pg.loginAs('bob');
      await walk('session login');
    });

    test('presenter mode with a three-server scenario, its session tables and a stepped request', async ({ playgroundPage: pg, page }) => {
      await pg.app.goto('#/scenario/sessions-many-servers');
      await expect(page.getByTestId('scenario-card')).toBeVisible();
      await page.getByTestId('presenter-toggle').click();
      await expectNoSidewaysScroll(page, 'presenter mode, scenario start');
      await show(page, 'network');
      await page.getByTestId('request-step-mode').check();
      await show(page, 'browser');
      await pg.requestProfile.click();
      await expectNoSidewaysScroll(page, 'presenter mode, request on its way');
      const play = page.getByTestId('request-step-play');
      await show(page, 'network');
      if ((await play.getAttribute('aria-pressed')) !== 'true') await play.click();
      await expect(page.getByTestId('browser-waiting')).toHaveCount(0, { timeout: 20_000 });
      await expectNoSidewaysScroll(page, 'presenter mode, request answered');
    });

    test('the playground with a key pair, refresh tokens, a thief and the deny-list', async ({ playgroundPage: pg, page }) => {
      await pg.goto();
      await pg.addServer.click();
      await pg.keyMode.selectOption('key-pair');
      await page.getByTestId('token-scheme').selectOption('access-refresh');
      await pg.loginAs('alice');
      await pg.profileOn(2);
      await pg.rotateKey.click();
      await expectNoSidewaysScroll(page, 'key pair, rotated');
      await page.getByTestId('steal-refresh').click();
      await pg.sendAny(page.getByTestId('refresh-now'));
      await pg.sendAny(page.getByTestId('replay-refresh'));
      await expect(page.getByTestId('family-row').first()).toHaveAttribute('data-state', 'revoked');
      await expectNoSidewaysScroll(page, 'family revoked');
      await pg.loginAs('alice');
      await pg.sendAny(page.getByTestId('revoke-token'));
      await pg.sendAny(pg.requestProfile);
      await expectNoSidewaysScroll(page, 'deny-list');
    });
  });
}
