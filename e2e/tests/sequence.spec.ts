import { test, expect, type PlaygroundPage } from '../fixtures';
import type { Locator } from '@playwright/test';

// The live sequence diagram (issue 10): one arrow per request and per response, between the
// lifelines of who sent it and who answered, with the status on responses; at 1280x720 the newest
// arrow and its status are on screen after each request button; clicking an arrow shows its raw
// HTTP and the server's checks right there.

test.use({ viewport: { width: 1280, height: 720 } });

function newest(pg: PlaygroundPage, kind: 'request' | 'response'): Locator {
  return pg.page.getByTestId('sequence-diagram').locator(`[data-testid="seq-message"][data-kind="${kind}"]`).last();
}

async function expectNewestOnScreen(pg: PlaygroundPage, status: number, from: string, to: string): Promise<void> {
  const response = newest(pg, 'response');
  await expect(response).toHaveAttribute('data-status', String(status));
  await expect(response).toHaveAttribute('data-from', from);
  await expect(response).toHaveAttribute('data-to', to);
  await expect(response).toBeInViewport();
  await expect(newest(pg, 'request')).toBeInViewport();
  // The status text itself, not only its box.
  await expect(response.locator('text')).toBeInViewport();
  expect(await pg.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test.describe('sequence diagram', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('each request button draws its arrows, and the newest is on screen at 1280x720', async ({ playgroundPage: pg, page }) => {
    await expect(page.getByTestId('sequence-diagram')).toBeVisible();
    await pg.loginAs('alice');
    await expectNewestOnScreen(pg, 200, 'server-1', 'browser');
    await expect(newest(pg, 'request')).toHaveAttribute('data-from', 'browser');
    await pg.sendAny(pg.requestProfile);
    await expectNewestOnScreen(pg, 200, 'server-1', 'browser');
    await pg.sendAny(pg.requestAdmin);
    await expectNewestOnScreen(pg, 403, 'server-1', 'browser');
    await expect(page.getByTestId('sequence-diagram')).toContainText('refused at step authorize');
    await pg.stealCredential.click();
    await pg.sendAny(pg.logout);
    await expectNewestOnScreen(pg, 200, 'server-1', 'browser');
    // A copy replayed from another machine gets its own lifeline.
    await pg.sendAny(pg.replayStolen);
    await expectNewestOnScreen(pg, 200, 'server-1', 'machine');
    // Only the newest five exchanges are drawn; the log keeps them all.
    await expect(page.getByTestId('sequence-diagram').locator('[data-kind="response"]')).toHaveCount(5);
  });

  test('rows are keyed: a new request draws one row, older rows move up and keep their nodes', async ({ playgroundPage: pg, page }) => {
    const diagram = page.getByTestId('sequence-diagram');
    await pg.loginAs('alice');
    await pg.sendAny(pg.requestProfile);
    await expect(diagram.locator('g.message')).toHaveCount(2);
    // Mark the drawn rows' nodes: a keyed list keeps them, a full redraw would not.
    await page.evaluate(() => {
      document.querySelectorAll('[data-testid="sequence-diagram"] g.message').forEach((g) => {
        (g as unknown as { kept: string }).kept = g.getAttribute('data-seq') ?? '';
      });
    });
    const firstTop = await diagram.locator('g.message[data-seq="1"]').getAttribute('transform');
    for (let i = 0; i < 4; i++) await pg.sendAny(pg.requestProfile);
    await expect(diagram.locator('g.message')).toHaveCount(5);
    const kept = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="sequence-diagram"] g.message'))
        .filter((g) => (g as unknown as { kept?: string }).kept === g.getAttribute('data-seq'))
        .map((g) => g.getAttribute('data-seq')),
    );
    // Row 1 scrolled out of the newest five; row 2 is still the same node, now at the top.
    expect(kept).toEqual(['2']);
    await expect(diagram.locator('g.message[data-seq="2"]')).toHaveAttribute('transform', firstTop ?? 'the first row');
  });

  test('the notes say where state changed: a session row, nothing stored, a lookup', async ({ playgroundPage: pg, page }) => {
    const diagram = page.getByTestId('sequence-diagram');
    await pg.loginAs('alice');
    await expect(diagram).toContainText('token signed: nothing stored');
    await pg.sendAny(pg.requestProfile);
    await expect(diagram).toContainText('signature checked: no lookup');
    await pg.setMode('session');
    await expect(diagram).toContainText('session row created');
    await pg.sendAny(pg.requestProfile);
    await expect(diagram).toContainText('session found by lookup');
    await expect(newest(pg, 'request').locator('text')).toContainText('cookie: sid');
  });

  test('with three servers the arrows go to the server that answered', async ({ playgroundPage: pg, page }) => {
    await pg.setMode('session');
    await pg.addServers(2);
    await pg.loginAs('alice');
    await pg.sendAny(pg.requestProfile);
    await expectNewestOnScreen(pg, 401, 'server-2', 'browser');
    await expect(page.getByTestId('sequence-diagram')).toContainText('refused at step lookup');
    for (const lane of ['browser', 'balancer', 'server-1', 'server-2', 'server-3']) {
      await expect(page.locator(`[data-lane="${lane}"]`)).toHaveCount(1);
    }
  });

  test('clicking an arrow, or Enter on it, shows its raw HTTP and the checks right there', async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    await pg.sendAny(pg.requestAdmin);
    const detail = page.getByTestId('seq-detail');
    await expect(detail).toHaveAttribute('data-seq', '2');
    const login = page.getByTestId('sequence-diagram').locator('[data-kind="request"][data-seq="1"]');
    await login.click();
    await expect(detail).toHaveAttribute('data-seq', '1');
    await expect(detail).toHaveJSProperty('open', true);
    await expect(detail).toContainText('POST /user/login HTTP/1.1');
    await expect(detail.getByTestId('seq-step').first()).toBeVisible();
    // Keyboard: the arrows are buttons.
    const admin = page.getByTestId('sequence-diagram').locator('[data-kind="response"][data-seq="2"]');
    await admin.focus();
    await page.keyboard.press('Enter');
    await expect(detail).toHaveAttribute('data-seq', '2');
    await expect(detail.locator('[data-step="authorize"]')).toHaveAttribute('data-result', 'fail');
    // A new request shows its own details.
    await pg.sendAny(pg.requestProfile);
    await expect(detail).toHaveAttribute('data-seq', '3');
  });
});

test.describe('what a check costs', () => {
  test('"no lookup" is shown with its measured cost in microseconds, next to the session lookup', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.sendAny(pg.requestProfile);
    const cost = page.getByTestId('check-cost');
    await expect(cost).toContainText('No lookup');
    await expect(cost).toContainText('µs');
    expect(Number(await cost.getAttribute('data-us'))).toBeGreaterThan(0);
    // The verdict, in one sentence beside the figure: true against a networked store (an
    // assumed round trip), not against a server's own memory.
    const verdict = page.getByTestId('cost-verdict');
    await expect(verdict).toContainText('holds against a shared session store across the network');
    await expect(verdict).toContainText('assume a round trip of about 1 ms');
    await expect(verdict).toContainText("not against a server's own memory");
    await pg.setMode('session');
    await pg.sendAny(pg.requestProfile);
    await expect(cost).toContainText('A lookup');
    await expect(cost).toContainText('µs');
    await expect(verdict).toContainText('does not hold');
    await expect(verdict).toContainText("costs less than checking a JWT's signature");
    // The same lookup in a shared store: the claim holds, because of the network.
    await pg.showAdvanced();
    await pg.sharedStore.check();
    await pg.loginAs('alice');
    await pg.sendAny(pg.requestProfile);
    await expect(cost).toContainText('in the shared store');
    await expect(verdict).toContainText('here "no lookup delay" holds');
    // A refused request costs nothing worth showing.
    await pg.sendAny(pg.requestAdmin);
    await expect(cost).toHaveCount(0);
    await expect(verdict).toHaveCount(0);
  });
});

test.describe('the lesson beside the diagram', () => {
  test('follows the newest request, and waits for its response when stepping', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    const here = page.getByTestId('lesson-here');
    await expect(here).toHaveCount(0);
    await pg.loginAs('alice');
    await expect(here).toHaveAttribute('data-lesson', 'jwt-stateless');
    await pg.sendAny(pg.requestAdmin);
    await expect(here).toHaveAttribute('data-lesson', 'authn-authz');
    await pg.sendAny(pg.logout);
    await expect(here).toHaveAttribute('data-lesson', 'jwt-revocation');
    await pg.setMode('session');
    await pg.loginAs('bob');
    await expect(here).toHaveAttribute('data-lesson', 'session-memory');
    // Stepping: nothing before its step.
    await page.getByTestId('request-step-mode').check();
    await pg.sendAny(pg.logout);
    const play = page.getByTestId('request-step-play');
    if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await page.getByTestId('request-step-replay').click();
    if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await expect(here).toHaveCount(0);
    await play.click();
    await expect(here).toHaveAttribute('data-lesson', 'session-revocation', { timeout: 20_000 });
  });
});
