import { test, expect, expectUncovered, type PlaygroundPage } from '../fixtures';

// The playground as a teacher and a student meet it (the review of 2026-12-07): an exercise
// started from the lab gets the whole stage; stepping a request does not give its answer away in
// the Browser column; a check a server leaves out is "skipped", not "not reached"; leaving a guide
// keeps the keyboard's place; "Start again" can be taken back; presenter mode says its keys; what a
// thief copies shows where the click was; a phone keeps Next in place and the signing steps'
// words beside it.

/** Back to the first step of the newest request. */
async function toFirstStep(pg: PlaygroundPage): Promise<void> {
  const prev = pg.page.getByTestId('request-step-prev');
  for (let i = 0; i < 40 && (await prev.isEnabled()); i++) await prev.click();
  await expect(pg.page.getByTestId('request-step-now')).toHaveAttribute('data-stage', 'send');
}

test.describe('at 1280x720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  for (const presenter of [false, true]) {
    test(`an exercise started from the lab gets the whole stage${presenter ? ' (presenter mode)' : ''}`, async ({ playgroundPage: pg, page }) => {
      await pg.goto();
      if (presenter) await page.getByTestId('presenter-toggle').click();
      await pg.openLab();
      const start = page.getByTestId('attack-alg-none');
      await start.scrollIntoViewIfNeeded();
      await start.click();
      await expect(page.getByTestId('attack-card')).toHaveAttribute('data-exercise', 'alg-none');
      // The stage reaches the window's bottom: nothing of the page under it takes its place.
      await expect
        .poll(() => page.evaluate(() => Math.round(innerHeight - document.querySelector('.stage')!.getBoundingClientRect().bottom)))
        .toBeLessThan(16);
      await expectUncovered(page.getByTestId('goal-bar'), 'the exercise\'s goal');
    });
  }

  test('stepping a request: the Browser column waits for the answer as the rest of the stage does', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await page.getByTestId('request-step-mode').check();
    await page.getByTestId('request-admin').click();
    await pg.pauseBuild();
    await toFirstStep(pg);
    const latest = page.getByTestId('latest-result');
    await expect(latest).toHaveAttribute('data-on-its-way', 'true');
    await expect(latest).toContainText('on its way');
    await expect(latest).not.toContainText('403');
    // At the last step the answer is told.
    await page.getByTestId('request-step-play').click();
    await expect(latest).toContainText('403', { timeout: 30_000 });
    await expect(latest).not.toHaveAttribute('data-on-its-way', 'true');
  });

  test('a check the servers leave out is "skipped", not "not reached", when every check after it passed', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.expectStatus(await pg.profile(), 200);
    const iss = page.locator('.column-server [data-testid="verify-step"][data-step="iss"]');
    await expect(iss).toContainText('skipped');
    await expect(iss).not.toContainText('not reached');
    const chip = page.getByTestId('request-step').filter({ hasText: 'iss' });
    await expect(chip).not.toContainText('not reached');
  });

  test('after a request the diagram\'s heading is whole, not cut across the column\'s top edge', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.profile();
    const cut = () =>
      page.evaluate(() => {
        const column = document.querySelector('.column-network')!.getBoundingClientRect();
        const heading = document.querySelector('#sequence-title')!.getBoundingClientRect();
        return Math.round(column.top - heading.top);
      });
    // Stepping brings the diagram into view; its heading stays whole above it.
    await page.getByTestId('request-step-prev').click();
    await expect.poll(cut).toBeLessThanOrEqual(0);
    await expectUncovered(page.locator('#sequence-title'), 'the diagram\'s heading');
  });

  test('switching presenter mode mid-demonstration keeps the control the presenter was at in view', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    // A weakness on puts the lab's cards under the stage: the page is tall.
    await pg.openLab();
    await page.getByTestId('weakness-alg-none').check();
    await pg.loginAs('alice');
    await page.getByTestId('steal-credential').click();
    await page.getByTestId('logout').click();
    const replay = page.getByTestId('replay-stolen');
    await replay.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('stolen-result')).toBeVisible();
    for (const presenter of ['true', null]) {
      await page.keyboard.press('p');
      if (presenter) await expect(page.locator('html')).toHaveAttribute('data-presenter', presenter);
      else await expect(page.locator('html')).not.toHaveAttribute('data-presenter', /./);
      await expect(replay).toBeFocused();
      await expectUncovered(replay, 'the button the presenter was at');
    }
  });

  test('leaving a guide moves the keyboard to the list of scenarios', async ({ playgroundPage: pg, page }) => {
    await pg.goto('#/scenario/jwt-login');
    const leave = page.getByTestId('scenario-close');
    await leave.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('goal-bar')).toHaveCount(0);
    await expect(page.locator('details.scenarios > summary')).toBeFocused();
  });

  test('what the thief copies shows where the click was, even at the column\'s bottom', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    // The column scrolled as a reader would, to the button.
    const steal = page.getByTestId('steal-credential');
    await steal.scrollIntoViewIfNeeded();
    await page.getByTestId('column-browser').evaluate((c) => { c.scrollTop = c.scrollHeight; });
    await steal.evaluate((b) => {
      const c = b.closest('.column') as HTMLElement;
      c.scrollTop += b.getBoundingClientRect().bottom - c.getBoundingClientRect().bottom + 2;
    });
    await steal.click();
    await expectUncovered(page.getByTestId('stolen-copy'), 'the copied credential');
  });
});

test.describe('start again and presenter keys', () => {
  test('"Start again" keeps the story it replaced, one click back', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.profile();
    await expect(pg.entries).toHaveCount(2);
    await page.getByTestId('column-browser').evaluate((c) => { c.scrollTop = 400; });
    await page.getByTestId('reset').click();
    await expect(pg.entries).toHaveCount(0);
    // The new story starts with its login form in view.
    await expect.poll(() => page.getByTestId('column-browser').evaluate((c) => c.scrollTop)).toBe(0);
    const notice = page.getByTestId('kept-notice');
    await expect(notice).toContainText('The one you had is kept');
    await page.getByTestId('kept-undo-restart').click();
    await expect(pg.entries).toHaveCount(2);
    await expect(notice).toContainText('Back to the story you had');
    // Starting an empty story again keeps offering the last story that had something in it.
    await page.getByTestId('reset').click();
    await page.getByTestId('reset').click();
    await expect(pg.entries).toHaveCount(0);
    await page.getByTestId('kept-undo-restart').click();
    await expect(pg.entries).toHaveCount(2);
    // Dismissed, it is gone.
    await page.getByTestId('reset').click();
    await page.getByTestId('kept-ok').click();
    await expect(notice).toBeHidden();
    expect(await page.evaluate(() => localStorage.getItem('jwt-playground.before-restart'))).toBeNull();
  });

  test('presenter mode: R starts free play again and can be taken back; the keys are said by the player', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await expect(page.getByTestId('presenter-keys')).toHaveCount(0);
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter-keys')).toContainText('R back to the start');
    await page.locator('body').press('r');
    await expect(pg.entries).toHaveCount(0);
    await page.getByTestId('kept-undo-restart').click();
    await expect(pg.entries).toHaveCount(1);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('stepping a login: Next stays in place, and a signing step says its words beside it', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await page.getByTestId('phone-view-network').click();
    await page.getByTestId('request-step-mode').check();
    await page.getByTestId('phone-view-browser').click();
    await pg.login('alice@example.com', 'wonderland');
    await page.getByTestId('phone-view-network').click();
    await pg.pauseBuild();
    await toFirstStep(pg);
    const next = page.getByTestId('request-step-next');
    await next.scrollIntoViewIfNeeded();
    const y0 = (await next.boundingBox())!.y;
    let signWords = 0;
    for (let i = 0; i < 40 && (await next.isEnabled()); i++) {
      await next.click();
      // The button the thumb is on does not move between taps.
      expect(Math.abs((await next.boundingBox())!.y - y0)).toBeLessThan(2);
      if ((await page.getByTestId('request-step-now').getAttribute('data-stage')) === 'sign') {
        await expect(page.getByTestId('request-step-sign-words')).toBeVisible();
        await expect(page.getByTestId('request-step-sign-words')).toContainText('Server view');
        signWords++;
      }
    }
    expect(signWords, 'signing steps seen with their words').toBeGreaterThan(2);
  });
});
