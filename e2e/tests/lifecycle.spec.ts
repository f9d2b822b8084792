import { test, expect } from '../fixtures';

// The token lifecycle in the playground (issue 13): access + refresh tokens with rotation and
// reuse detection, the page renewing an expired access token by itself, a deny-list whose
// per-server copies lag by a delay, log out everywhere, and the comparison table.

test.describe('token lifecycle in the playground', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('access + refresh: an HttpOnly refresh cookie for /auth/refresh, rotated on refresh', async ({ playgroundPage: pg, page }) => {
    const scheme = page.getByTestId('token-scheme');
    await expect(scheme).toHaveValue('access-only');
    const options = await scheme.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['access-only', 'access-refresh']);
    await scheme.selectOption('access-refresh');
    await pg.loginAs('alice');
    const cookie = pg.cookieRow('refresh');
    await expect(cookie).toHaveAttribute('data-httponly', 'true');
    await expect(cookie).toContainText('/auth/refresh');
    await expect(pg.scriptDocumentCookie).not.toContainText('refresh=');
    const family = page.getByTestId('family-row');
    await expect(family).toHaveCount(1);
    await expect(family).toHaveAttribute('data-state', 'active');

    const entry = await pg.sendAny(page.getByTestId('refresh-now'));
    await pg.expectStatus(entry, 200);
    await expect(entry).toContainText('POST /auth/refresh');
    await expect(family).toContainText('1');
  });

  test('a stolen refresh token is caught when reused: the whole family is revoked', async ({ playgroundPage: pg, page }) => {
    await page.getByTestId('token-scheme').selectOption('access-refresh');
    await pg.loginAs('alice');
    await page.getByTestId('steal-refresh').click();
    await expect(page.getByTestId('attacker-refresh')).toContainText(/Thief's refresh token[A-Za-z0-9_-]{20}/);
    await pg.expectStatus(await pg.sendAny(page.getByTestId('refresh-now')), 200);
    const thief = await pg.sendAny(page.getByTestId('replay-refresh'));
    await pg.expectStatus(thief, 401);
    await expect(pg.why).toContainText('reuse detected');
    await expect(page.getByTestId('family-row')).toHaveAttribute('data-state', 'revoked');
    // The user is out too, and can log in again.
    await pg.expectStatus(await pg.sendAny(page.getByTestId('refresh-now')), 401);
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await expect(page.getByTestId('family-row').last()).toHaveAttribute('data-state', 'active');
    await expect(page.getByTestId('compare-table').locator('td[data-seen="true"]')).not.toHaveCount(0);
  });

  test('an expired access token is renewed by the page without a new login', async ({ playgroundPage: pg, page }) => {
    await page.getByTestId('token-scheme').selectOption('access-refresh');
    await pg.loginAs('alice');
    await pg.clockAdvance5m.click();
    await pg.clockAdvance1m.click();
    const before = await pg.entries.count();
    const last = await pg.sendAny(pg.requestProfile);
    await pg.expectStatus(last, 200);
    expect((await pg.statuses()).slice(before)).toEqual([401, 200, 200]);
    await expect(pg.entries.nth(before + 1)).toContainText('POST /auth/refresh');
  });

  test('a revoked token still works on a server with a stale copy of the deny-list, until it re-reads it', async ({ playgroundPage: pg, page }) => {
    await pg.addServer.click();
    await expect(page.getByTestId('denylist-delay')).toHaveValue('30');
    // A first revocation starts the deny-list: from now on every server keeps a copy.
    await pg.loginAs('bob');
    await pg.expectStatus(await pg.sendAny(page.getByTestId('revoke-token')), 200);
    await pg.loginAs('alice');
    await pg.expectStatus(await pg.profileOn(1), 200);
    await pg.expectStatus(await pg.profileOn(2), 200);
    await expect(pg.servers.nth(0).getByTestId('server-memory')).toContainText('copy of the deny-list');
    await pg.expectStatus(await pg.sendAny(page.getByTestId('revoke-token')), 200);
    await expect(page.getByTestId('denylist').locator('li')).toHaveCount(2);
    // Server 1's copy is from before the revocation: it still accepts the token.
    await pg.expectStatus(await pg.profileOn(1), 200);
    await pg.expectStep('revoked', 'pass');
    await expect(pg.verifySteps.and(page.locator('[data-step="revoked"]'))).toContainText('does not know yet');
    await pg.clockAdvanceCustom.click(); // +30 s
    await pg.expectStatus(await pg.profileOn(1), 401);
    await pg.expectStep('revoked', 'fail');
    await pg.expectStatus(await pg.profileOn(2), 401);
  });

  test('with no delay the deny-list is read on every request', async ({ playgroundPage: pg, page }) => {
    const delay = page.getByTestId('denylist-delay');
    await delay.fill('0');
    await delay.press('Enter');
    await expect(page.locator('#denylist-delay-note')).toContainText('Now 0 s');
    await pg.loginAs('alice');
    await pg.expectStatus(await pg.sendAny(page.getByTestId('revoke-token')), 200);
    await pg.expectStatus(await pg.profile(), 401);
    await pg.expectStep('revoked', 'fail');
    // Beside the diagram: the card that explains this refusal.
    await expect(page.getByTestId('lesson-here')).toHaveAttribute('data-lesson', 'denylist');
  });

  test('log out everywhere: a copied token stops working, and a new login works', async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    await pg.stealCredential.click();
    await pg.expectStatus(await pg.sendAny(page.getByTestId('logout-everywhere')), 200);
    await pg.expectStatus(await pg.send(pg.replayStolen), 401);
    await pg.expectStep('revoked', 'fail');
    await expect(page.getByTestId('lesson-here')).toHaveAttribute('data-lesson', 'logout-everywhere');
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
  });

  test('log out everywhere with sessions deletes every row of the user in the shared store', async ({ playgroundPage: pg, page }) => {
    await pg.setMode('session');
    await pg.sharedStore.check();
    await pg.loginAs('alice');
    await pg.stealCredential.click();
    await pg.expectStatus(await pg.sendAny(page.getByTestId('logout-everywhere')), 200);
    await pg.expectStatus(await pg.send(pg.replayStolen), 401);
    await expect(pg.sessionRows).toHaveCount(0);
  });

  test('the comparison table fills in from the student\'s own clicks', async ({ playgroundPage: pg, page }) => {
    const table = page.getByTestId('compare-table');
    await expect(table.locator('tbody tr')).toHaveCount(5);
    await expect(table.locator('td[data-seen="true"]')).toHaveCount(0);
    await pg.loginAs('alice');
    await pg.stealCredential.click();
    await pg.doLogout();
    await pg.expectStatus(await pg.send(pg.replayStolen), 200);
    await expect(table.locator('td[data-seen="true"]')).toHaveCount(1);
    await expect(table.locator('td[data-seen="true"]')).toContainText('you saw this');
  });
});
