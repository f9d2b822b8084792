import { test, expect, type PlaygroundPage } from '../fixtures';
import type { Locator } from '@playwright/test';

// Step through a request (issue 10): the same player as the token build. With "Step through each
// new request" ticked a request starts at its first step: the browser sends, the load balancer
// picks, the server walks its checks one by one (a login signs its token, step by step), the
// response returns. Until the last step the diagram draws only as far as the request got, and the
// Server column's verdict and the token build wait for their step. Unticked, a request is shown
// whole, and Back walks it afterwards.

test.use({ viewport: { width: 1280, height: 720 } });

function player(pg: PlaygroundPage) {
  const id = (t: string) => pg.page.getByTestId(t);
  return {
    mode: id('request-step-mode'),
    play: id('request-step-play'),
    next: id('request-step-next'),
    prev: id('request-step-prev'),
    replay: id('request-step-replay'),
    now: id('request-step-now'),
    chips: id('request-step'),
  };
}

function newest(pg: PlaygroundPage, kind: 'request' | 'response'): Locator {
  return pg.page.getByTestId('sequence-diagram').locator(`[data-testid="seq-message"][data-kind="${kind}"]`).last();
}

/** Number of the step shown (1-based), from the chips' states. */
async function shownStep(pg: PlaygroundPage): Promise<number> {
  return player(pg).chips.evaluateAll((els) => els.filter((e) => e.getAttribute('data-state') !== 'pending').length);
}

test.describe('request player', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('stepping on: a login starts at its first step, and nothing appears before its step', async ({ playgroundPage: pg, page }) => {
    const p = player(pg);
    await p.mode.check();
    await pg.login('alice@example.com', 'wonderland');
    await pg.pauseBuild();
    // Back to the very first step: the browser has sent it, nothing more.
    for (let i = 0; i < 30 && (await shownStep(pg)) > 1; i++) await p.prev.click();
    await expect(p.now).toHaveAttribute('data-stage', 'send');
    await expect(p.prev).toBeDisabled();
    await expect(newest(pg, 'request')).toBeVisible();
    await expect(page.getByTestId('sequence-diagram').locator('[data-kind="response"]')).toHaveCount(0);
    await expect(page.getByTestId('latest-check-waiting')).toBeVisible();
    await expect(page.getByTestId('build-player')).toBeHidden();
    // The network log does not tell the answer yet either.
    const entry = pg.entries.last();
    await expect(entry).toHaveAttribute('data-on-its-way', 'true');
    await expect(entry.locator('.entry-summary')).toContainText('on its way');
    await expect(entry.locator('.entry-summary')).not.toContainText('200');
    // The browser has no token yet: it comes with the response.
    await expect(page.getByTestId('browser-waiting')).toBeVisible();
    await expect(page.getByTestId('browser-token')).toBeHidden();
    await expect(page.getByTestId('sequence-diagram')).toContainText('step 1 of');

    // Next: the load balancer picks a server.
    await p.next.click();
    await expect(p.now).toHaveAttribute('data-stage', 'route');
    // Then the checks, one by one, until the signing begins: the build player appears at its first step.
    const stages: string[] = [];
    for (let i = 0; i < 30; i++) {
      const stage = (await p.now.getAttribute('data-stage')) ?? '';
      stages.push(stage);
      if (stage === 'sign') break;
      await p.next.click();
    }
    expect(stages).toContain('check');
    expect(stages[stages.length - 1]).toBe('sign');
    await expect(page.getByTestId('build-player')).toBeVisible();
    await pg.expectBuildAt(0);
    await p.next.click();
    await pg.expectBuildAt(1);
    await expect(page.getByTestId('sequence-diagram').locator('[data-kind="response"]')).toHaveCount(0);

    // Play runs to the end: the response arrow and the verdict come back.
    await p.play.click();
    await expect(newest(pg, 'response')).toHaveAttribute('data-status', '200', { timeout: 20_000 });
    await expect(p.now).toHaveAttribute('data-stage', 'respond');
    await expect(p.next).toBeDisabled();
    await expect(page.getByTestId('latest-check-waiting')).toBeHidden();
    await expect(page.getByTestId('browser-waiting')).toHaveCount(0);
    await expect(entry).not.toHaveAttribute('data-on-its-way', 'true');
    await expect(entry.locator('.entry-summary')).toContainText('200 OK');
    await expect(page.getByTestId('browser-token')).toBeVisible();
    await expect(newest(pg, 'response')).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  test('a refused request stops at the failing check, and says so', async ({ playgroundPage: pg }) => {
    const p = player(pg);
    await pg.loginAs('alice');
    await p.mode.check();
    await pg.requestAdmin.click();
    await pg.pauseBuild();
    await p.replay.click();
    await pg.pauseBuild();
    for (let i = 0; i < 30 && (await p.now.getAttribute('data-stage')) !== 'respond'; i++) {
      if ((await p.now.getAttribute('data-step')) === 'authorize') {
        await expect(p.chips.and(pg.page.locator('[data-state="current"]'))).toHaveAttribute('data-result', 'fail');
        await expect(p.now).toContainText('FAILED');
      }
      await p.next.click();
    }
    const steps = await p.chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(steps).toContain('authorize');
    // Nothing after the failing check is walked: the response comes right after it.
    expect(steps[steps.length - 2]).toBe('authorize');
    await expect(newest(pg, 'response')).toHaveAttribute('data-status', '403');
  });

  test('stepping off: a request is shown whole, and Back walks it afterwards', async ({ playgroundPage: pg, page }) => {
    const p = player(pg);
    await expect(p.mode).not.toBeChecked();
    await pg.loginAs('alice');
    await expect(newest(pg, 'response')).toHaveAttribute('data-status', '200');
    await expect(p.next).toBeDisabled();
    await expect(p.now).toHaveAttribute('data-stage', 'respond');
    await expect(page.getByTestId('latest-check-waiting')).toBeHidden();
    await p.prev.click();
    await expect(page.getByTestId('sequence-diagram').locator('[data-kind="response"]')).toHaveCount(0);
    await p.next.click();
    await expect(newest(pg, 'response')).toHaveAttribute('data-status', '200');
  });

  test('the choice is kept, and a new request while one is on its way starts over', async ({ playgroundPage: pg, page }) => {
    const p = player(pg);
    await p.mode.check();
    await pg.loginAs('alice');
    await page.reload();
    await pg.app.waitReady();
    await expect(p.mode).toBeChecked();
    await pg.showAdvanced();
    await pg.loginAs('alice');
    await pg.pauseBuild();
    await pg.requestProfile.click();
    await pg.pauseBuild();
    for (let i = 0; i < 30 && (await shownStep(pg)) > 1; i++) await p.prev.click();
    await expect(p.now).toHaveAttribute('data-stage', 'send');
    await expect(newest(pg, 'request')).toHaveAttribute('data-from', 'browser');
  });

  test('with a shared store, a session lookup draws the trip to the store at its step', async ({ playgroundPage: pg, page }) => {
    const p = player(pg);
    await pg.setMode('session');
    await pg.addServers(1);
    await pg.sharedStore.check();
    await pg.loginAs('alice');
    await p.mode.check();
    await pg.requestProfile.click();
    await pg.pauseBuild();
    for (let i = 0; i < 30 && (await shownStep(pg)) > 1; i++) await p.prev.click();
    // Earlier exchanges went to the store too; only the newest one's trip waits for its step.
    const seq = (await newest(pg, 'request').getAttribute('data-seq')) ?? '';
    const store = page.getByTestId('sequence-diagram').locator(`[data-testid="seq-store"][data-seq="${seq}"]`);
    await expect(store).toHaveCount(1);
    await expect(store).toBeHidden();
    for (let i = 0; i < 30 && (await p.now.getAttribute('data-stage')) !== 'store'; i++) await p.next.click();
    await expect(p.now).toHaveAttribute('data-stage', 'store');
    await expect(store).toBeVisible();
    await expect(store).toHaveAttribute('data-to', 'store');
    await expect(store).toHaveAttribute('data-from', /^server-\d$/);
    await p.play.click();
    await expect(newest(pg, 'response')).toHaveAttribute('data-status', '200', { timeout: 20_000 });
  });
});
