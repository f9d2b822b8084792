import { test, expect, axeViolations, type PlaygroundPage } from '../fixtures';

// Presenter mode (issue 10): a toggle and the key P; HTTP text at least 20 px at 1280; advanced
// controls out of the way; the right and left arrows step the newest request; R puts the scenario
// back at its exact start; axe finds nothing serious; at 150% zoom on a 1280x720 projector (a
// 853x480 CSS viewport) nothing scrolls sideways and the newest arrow stays on screen.

async function neutralFocus(pg: PlaygroundPage): Promise<void> {
  await pg.page.locator('h1').click();
}

test.describe('presenter mode', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the toggle and P switch it; HTTP text is at least 20 px; advanced controls are folded away, one click from reach', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    const toggle = page.getByTestId('presenter-toggle');
    const advanced = page.getByTestId('advanced-controls');
    const open = () => advanced.evaluate((d) => (d as HTMLDetailsElement).open);
    expect(await open()).toBe(true);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'true');
    await expect.poll(open).toBe(false);
    await expect(page.getByTestId('clock-advance-5m')).toBeHidden();
    await pg.loginAs('alice');
    const http = pg.entries.last().getByTestId('http-request');
    const size = await http.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    await neutralFocus(pg);
    await page.keyboard.press('p');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(advanced).toBeVisible();
    await page.keyboard.press('P');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    // Typing a P in a field is typing, not a toggle.
    await pg.loginEmail.fill('');
    await pg.loginEmail.press('p');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(pg.loginEmail).toHaveValue('p');
  });

  test('arrows step the newest request (the token build is its sign steps); R resets the scenario to its exact start', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-login');
    await page.getByTestId('presenter-toggle').click();
    await page.getByTestId('request-step-mode').check();
    await pg.loginAs('alice');
    const play = page.getByTestId('request-step-play');
    if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await neutralFocus(pg);
    const now = page.getByTestId('request-step-now');
    const shown = () =>
      page.getByTestId('request-step').evaluateAll((els) => els.filter((e) => e.getAttribute('data-state') !== 'pending').length);
    // Left arrow back to the first step: the browser has only sent it.
    for (let i = 0; i < 30 && (await shown()) > 1; i++) await page.keyboard.press('ArrowLeft');
    await expect(now).toHaveAttribute('data-stage', 'send');
    await expect(page.getByTestId('build-player')).toBeHidden();
    // Right arrow through the checks to the signing: the build player follows, one sign step per press.
    for (let i = 0; i < 30 && (await now.getAttribute('data-stage')) !== 'sign'; i++) await page.keyboard.press('ArrowRight');
    await expect(now).toHaveAttribute('data-stage', 'sign');
    await pg.expectBuildAt(0);
    await page.keyboard.press('ArrowRight');
    await pg.expectBuildAt(1);
    await page.keyboard.press('ArrowLeft');
    await pg.expectBuildAt(0);
    for (let i = 0; i < 30 && (await now.getAttribute('data-stage')) !== 'respond'; i++) await page.keyboard.press('ArrowRight');
    await expect(now).toHaveAttribute('data-stage', 'respond');
    await expect(page.getByTestId('sequence-diagram').locator('[data-kind="response"]').last()).toBeInViewport();
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
    await page.keyboard.press('r');
    await expect(pg.entries).toHaveCount(0);
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'false');
  });

  test('presenter mode survives a reload in the same tab, and the header keeps to one row', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await page.getByTestId('presenter-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'true');
    await page.goto('#/teach');
    await page.reload();
    await expect(page.getByTestId('teach-page')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'true');
    // The title, the three tabs and the toggle share one row at 1280 px.
    const tops = await page.evaluate(() =>
      ['h1', '[data-testid="tab-teach"]', '[data-testid="presenter-toggle"]'].map(
        (s) => document.querySelector(s)!.getBoundingClientRect().top,
      ),
    );
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(30);
    await page.getByTestId('presenter-toggle').click();
    await page.reload();
    await expect(page.getByTestId('teach-page')).toBeVisible();
    await expect(page.locator('html')).not.toHaveAttribute('data-presenter', 'true');
  });

  test('axe finds no serious issue in presenter mode', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/sessions-many-servers');
    await page.getByTestId('presenter-toggle').click();
    await pg.sendAny(pg.requestProfile);
    await pg.sendAny(pg.requestProfile);
    const found = await axeViolations(page);
    expect(found.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
  });
});

test.describe('presenter mode at 150% zoom', () => {
  test.use({ viewport: { width: 853, height: 480 } });

  test('nothing scrolls sideways and the newest arrow is on screen after each request', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-many-servers');
    await page.getByTestId('presenter-toggle').click();
    for (let i = 0; i < 3; i++) {
      await pg.sendAny(pg.requestProfile);
      const response = page.getByTestId('sequence-diagram').locator('[data-kind="response"]').last();
      await expect(response).toHaveAttribute('data-status', '200');
      await expect(response).toBeInViewport();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
  });
});
