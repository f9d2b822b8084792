import { test, expect, expectUncovered, expectReadable, type Page, type PlaygroundPage } from '../fixtures';

// The stage (issue 21): at 1280x720 and 1920x1080, normal and presenter mode, after each request
// button and at each step of the player, the newest arrow, the current step's text and the newest
// HTTP response (scrolled to, as a reader would) are on screen and covered by nothing; presenter
// mode keeps Browser, the diagram and a server card side by side on the first screen; a phone shows
// one view at a time, one tap apart, and stays at most 4 screens tall; the goal bar says when a
// goal is reached and offers the next one; the print stylesheet makes a clean handout.

/** The playground as a visitor first sees it (the advanced controls folded). */
async function open(pg: PlaygroundPage, route = '#/playground'): Promise<void> {
  await pg.app.goto(route);
  await expect(pg.modeJwt).toBeVisible();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** The newest arrow, the newest response and (when stepping) the current step, after a click. */
async function checkNewest(pg: PlaygroundPage, what: string): Promise<void> {
  const page = pg.page;
  const arrows = page.getByTestId('sequence-diagram').getByTestId('seq-message');
  // The arrow is in view without any scrolling: the diagram keeps it there.
  await expectUncovered(arrows.last(), `${what}: the newest arrow`);
  await expectReadable(page.getByTestId('request-step-now'), `${what}: the current step`);
  const response = pg.entries.last().getByTestId('http-response');
  if (await response.isVisible()) await expectReadable(response, `${what}: the newest HTTP response`);
  await noSidewaysScroll(page);
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  for (const presenter of [false, true]) {
    test.describe(`the stage at ${size.width}x${size.height}${presenter ? ', presenter mode' : ''}`, () => {
      test.use({ viewport: size });

      test('after each request button the newest arrow, the step and the response are on screen, covered by nothing', async ({ playgroundPage: pg, page }) => {
        await open(pg);
        if (presenter) await page.getByTestId('presenter-toggle').click();
        await pg.loginAs('alice');
        await checkNewest(pg, 'login');
        await pg.profile();
        await checkNewest(pg, 'profile');
        await pg.admin();
        await checkNewest(pg, 'admin (403)');
        await pg.doLogout();
        await checkNewest(pg, 'logout');
        await pg.setMode('session');
        await pg.loginAs('bob');
        await checkNewest(pg, 'session login');
        await pg.profile();
        await checkNewest(pg, 'session profile');
      });

      test('at each step of a stepped login the drawn arrow and the step are on screen; the signing shows in the Server column', async ({ playgroundPage: pg, page }) => {
        await open(pg);
        if (presenter) await page.getByTestId('presenter-toggle').click();
        await page.getByTestId('request-step-mode').check();
        await pg.loginAs('alice');
        await pg.pauseBuild();
        while (await pg.buildPrev.isEnabled()) await pg.buildPrev.click();
        const now = page.getByTestId('request-step-now');
        const arrows = page.getByTestId('sequence-diagram').getByTestId('seq-message');
        for (let i = 0; i < 40; i++) {
          const step = `step ${i + 1} (${await now.getAttribute('data-step')})`;
          await expectUncovered(arrows.last(), `${step}: the arrow drawn so far`);
          await expectUncovered(now, `${step}: the step's text`);
          if ((await now.getAttribute('data-stage')) === 'sign') {
            // The signing step just reached is in view in the Server column, where it plays.
            await expectUncovered(pg.buildSteps.and(page.locator('[data-state="current"]')).locator('.build-title'), `${step}: the signing step in the Server column`);
          }
          await noSidewaysScroll(page);
          if (await pg.buildNext.isDisabled()) break;
          // Presenter mode steps from the keyboard, as a teacher would.
          if (presenter) {
            await page.locator('h1').click();
            await page.keyboard.press('ArrowRight');
          } else {
            await pg.buildNext.click();
          }
        }
        await expect(pg.buildNext).toBeDisabled();
        await expectReadable(pg.entries.last().getByTestId('http-response'), 'the login answered');
      });
    });
  }
}

test.describe('presenter mode keeps the three columns side by side', () => {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    test(`at ${size.width}x${size.height}: Browser, the diagram and a server card on the first screen; lessons and the table reachable`, async ({ playgroundPage: pg, page }) => {
      await page.setViewportSize(size);
      await pg.app.goto('#/scenario/sessions-many-servers');
      await page.getByTestId('presenter-toggle').click();
      await pg.loginAs('alice');
      const boxes = await Promise.all(
        [page.getByTestId('column-browser'), page.getByTestId('sequence-diagram'), pg.servers.first(), pg.servers.last()].map((l) => l.boundingBox()),
      );
      const [browser, diagram, first] = boxes;
      for (const b of boxes.slice(0, 3)) {
        expect(b).not.toBeNull();
        expect(b!.y).toBeLessThan(size.height);
        expect(b!.x + 1).toBeGreaterThanOrEqual(0);
        expect(b!.x + b!.width).toBeLessThanOrEqual(size.width + 1);
      }
      // Side by side: each starts where the one before ends.
      expect(browser!.x + browser!.width).toBeLessThanOrEqual(diagram!.x);
      expect(diagram!.x + diagram!.width).toBeLessThanOrEqual(first!.x);
      // The server that answered (it holds the session row) is in view beside the diagram.
      const answered = await pg.entries.last().getAttribute('data-server');
      await expectUncovered(pg.servers.and(page.locator(`[data-server-id="${answered}"]`)), `server ${answered} (it has the session row)`);
      await expectReadable(pg.servers.last(), 'server 3 (empty)');
      await expect(pg.sessionRows.first()).toBeVisible();
      // The HTTP text is large.
      const http = pg.entries.last().getByTestId('http-request');
      const px = await http.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(px).toBeGreaterThanOrEqual(20);
      // Lesson cards and the comparison table are still there, below the stage.
      await expect(pg.lessons.first()).toBeVisible();
      await expect(page.getByTestId('compare-table')).toBeVisible();
      await noSidewaysScroll(page);
    });
  }
});

test.describe('a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('three views one tap apart, the latest answer always on top, at most 4 screens tall after a login and a request', async ({ playgroundPage: pg, page }) => {
    await open(pg);
    const views = ['browser', 'network', 'server'] as const;
    await expect(page.getByTestId('column-browser')).toBeVisible();
    await expect(page.locator('.column-network')).toBeHidden();
    await pg.loginAs('alice');
    await pg.profile();
    const latest = page.getByTestId('phone-latest');
    await expect(latest).toContainText('GET /api/profile → 200');
    for (const v of views) {
      await page.getByTestId(`phone-view-${v}`).click();
      await expect(page.getByTestId(`phone-view-${v}`)).toHaveAttribute('aria-pressed', 'true');
      for (const other of views) {
        const column = page.locator(`.column-${other}`);
        if (other === v) await expect(column).toBeVisible();
        else await expect(column).toBeHidden();
      }
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height, `the ${v} view is ${height}px tall`).toBeLessThanOrEqual(4 * 844);
      // Scrolled to the end, the latest answer and the switch are still on top.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expectUncovered(latest, `${v} view, scrolled down: the latest answer`);
      await expectUncovered(page.getByTestId('phone-view-browser'), `${v} view, scrolled down: the switch`);
      await noSidewaysScroll(page);
    }
    // The newest arrow, scrolled to, is not under the bar.
    await page.getByTestId('phone-view-network').click();
    await expectReadable(page.getByTestId('sequence-diagram').getByTestId('seq-message').last(), 'the newest arrow');
    await expectReadable(pg.entries.last().getByTestId('http-response'), 'the newest response');
  });

  test('the comparison table becomes cards, each cell named', async ({ playgroundPage: pg, page }) => {
    await open(pg);
    await page.getByRole('button', { name: /Show the comparison table/ }).click();
    const table = page.getByTestId('compare-table');
    await expect(table).toBeVisible();
    const cell = table.locator('td').first();
    const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(label).toContain('What the server stores');
    await noSidewaysScroll(page);
    expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  });
});

test.describe('the goal bar', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('stays in view, says when the goal is reached, and opens the next scenario', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-login');
    const bar = page.getByTestId('goal-bar');
    await expect(bar).toHaveAttribute('data-reached', 'false');
    await expect(bar).toContainText('Not reached');
    await pg.loginAs('alice');
    await expect(bar).toHaveAttribute('data-reached', 'true');
    await expect(bar).toContainText('Reached');
    // In view right after the click that reached it, covered by nothing.
    await expectUncovered(bar.locator('.goal-state'), 'the goal state');
    await expectUncovered(page.getByTestId('login-submit'), 'the button that reached it');
    const next = page.getByTestId('next-scenario');
    await expect(next).toContainText('Next scenario');
    await next.click();
    await expect(page).not.toHaveURL(/jwt-login/);
    await expect(page).toHaveURL(/#\/scenario\//);
    await expect(bar).toHaveAttribute('data-reached', 'false');
    await expect(page.getByTestId('scenario-card')).not.toHaveAttribute('data-exercise', 'jwt-login');
  });

  test('an exercise\'s fix step is in its card: the weakness switch, no section to reopen', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await page.locator('details.lab > summary').click();
    await page.getByTestId('attack-alg-none').click();
    await expect(page.getByTestId('goal-bar')).toHaveAttribute('data-kind', 'attack');
    const fix = page.getByTestId('attack-fix-switch');
    await expect(fix).toBeVisible();
    await expect(fix).toBeChecked();
    await fix.uncheck();
    await expect(fix).not.toBeChecked();
    await pg.showAdvanced();
    await expect(page.getByTestId('weakness-alg-none')).not.toBeChecked();
    await expect(page.getByTestId('next-scenario')).toContainText('Next attack');
  });
});

test('print: a clean handout with every column, the lessons and the comparison table', async ({ playgroundPage: pg, page }) => {
  await pg.app.goto('#/scenario/sessions-many-servers');
  await pg.loginAs('alice');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.stage-lead')).toBeHidden();
  await expect(page.getByTestId('presenter-toggle')).toBeHidden();
  for (const c of ['browser', 'network', 'server']) await expect(page.locator(`.column-${c}`)).toBeVisible();
  // Every column whole: nothing scrolls inside it.
  for (const c of ['browser', 'network', 'server']) {
    expect(await page.locator(`.column-${c}`).evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
  }
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(pg.lessons.first()).toBeVisible();
  await expect(page.getByTestId('goal-bar')).toBeVisible();
});

// Review fixes: the guide's questions are one click from the goal banner, brought into view where
// the student looks and covered by nothing; a newly opened guide starts each column at its top;
// a teacher's long unbroken words do not widen a phone's page.
const browserScroll = (page: Page) => page.getByTestId('column-browser').evaluate((el) => el.scrollTop);
const customLink = (json: unknown) => `#/custom/${Buffer.from(JSON.stringify(json)).toString('base64url')}`;

for (const presenter of [false, true]) {
  test.describe(`the guide's questions and a new guide's start at 1280x720${presenter ? ', presenter mode' : ''}`, () => {
    test.use({ viewport: { width: 1280, height: 720 } });

    test('"Questions ↓" shows the questions, focused and uncovered; the next scenario starts at the column\'s top', async ({ playgroundPage: pg, page }) => {
      await pg.app.goto('#/scenario/jwt-login');
      if (presenter) await page.getByTestId('presenter-toggle').click();
      const button = page.getByTestId('goal-questions');
      await expect(button).toHaveCount(0);
      await pg.loginAs('alice');
      await expect(page.getByTestId('goal-bar')).toHaveAttribute('data-reached', 'true');
      await expect(button).toBeVisible();
      await button.click();
      const heading = page.getByTestId('guide-questions').locator('h5');
      await expect(heading).toBeFocused();
      await expectUncovered(heading, 'the questions\' heading');
      // Brought near the top of the Browser column, not merely somewhere on screen.
      await expect.poll(() => heading.evaluate((h) => {
        const c = h.closest('.column')!.getBoundingClientRect();
        return Math.round(h.getBoundingClientRect().top - c.top);
      })).toBeLessThan(60);
      await expectUncovered(page.getByTestId('goal-bar').locator('.goal-state'), 'the goal state');

      expect(await browserScroll(page)).toBeGreaterThan(100);
      await page.getByTestId('next-scenario').click();
      await expect(page).not.toHaveURL(/jwt-login/);
      await expect.poll(() => browserScroll(page)).toBe(0);
      await expect(page.getByTestId('goal-questions')).toHaveCount(0);
    });

    test('a teacher\'s scenario opened in the same tab starts at the column\'s top', async ({ playgroundPage: pg, page }) => {
      await pg.app.goto('#/scenario/jwt-login');
      if (presenter) await page.getByTestId('presenter-toggle').click();
      await page.getByTestId('column-browser').evaluate((el) => { el.scrollTop = el.scrollHeight; });
      expect(await browserScroll(page)).toBeGreaterThan(100);
      await page.evaluate((hash) => { location.hash = hash; }, customLink({
        version: 1, title: 'Read your own profile', goal: 'Log in and get 200 from /api/profile.',
        start: { mode: 'jwt', servers: 1 }, check: { kind: 'response', path: '/api/profile', status: 200 },
      }));
      await expect(page.getByTestId('custom-scenario')).toBeVisible();
      await expect.poll(() => browserScroll(page)).toBe(0);
    });
  });
}

test.describe('the guide\'s questions on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the pinned bar\'s "Questions ↓" brings them under the bar, uncovered and focused', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-login');
    await pg.loginAs('alice');
    const button = page.getByTestId('goal-questions-pinned');
    await expect(button).toBeVisible();
    await expectUncovered(button, 'the pinned bar\'s button');
    await button.click();
    const heading = page.getByTestId('guide-questions').locator('h5');
    await expect(heading).toBeFocused();
    await expectUncovered(heading, 'the questions\' heading, under the pinned bar');
    await noSidewaysScroll(page);
  });

  test('a teacher\'s long unbroken title and goal do not widen the page', async ({ playgroundPage: pg, page }) => {
    const long = `https://example.com/${'a'.repeat(180)}`;
    await pg.app.goto(customLink({
      version: 1, title: `Super${'x'.repeat(70)}`, goal: `Open ${long}`, hints: [long], lesson: long,
      start: { mode: 'jwt', servers: 1 }, check: { kind: 'response', path: '/api/profile', status: 200 },
    }));
    await expect(page.getByTestId('custom-scenario')).toBeVisible();
    await page.getByTestId('custom-details').locator('summary').click();
    await noSidewaysScroll(page);
  });
});
