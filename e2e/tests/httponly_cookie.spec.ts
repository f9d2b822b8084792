import { test, expect, type PlaygroundPage } from '../fixtures';

// Issue 24, item 2: the JWT in an HttpOnly cookie the server sets. The login asks for it with
// Token-Delivery: cookie and gets it in Set-Cookie (HttpOnly, Secure, SameSite), not in the body;
// the jar holds it, page script cannot read it, so the injected script steals nothing; a forged
// cross-site request carries it only with SameSite=None.

async function toggle(pg: PlaygroundPage, name: string, on: boolean): Promise<void> {
  await pg.showAdvanced();
  const lab = pg.page.locator('details.lab');
  if (!(await lab.evaluate((d) => (d as HTMLDetailsElement).open))) await lab.locator('summary').click();
  const box = pg.page.getByTestId(`weakness-${name}`);
  if (on) await box.check();
  else await box.uncheck();
}

test.describe('the JWT in an HttpOnly cookie', () => {
  test('the server sets it with Set-Cookie; the jar holds it; page script cannot read it', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.tokenStorage.selectOption('httponly-cookie');
    await expect(pg.tokenStorage).toHaveValue('httponly-cookie');
    await expect(page.getByTestId('httponly-note')).toContainText('Token-Delivery: cookie');
    const login = await pg.loginAs('bob');
    await pg.expectStatus(login, 200);
    await expect(login.getByTestId('http-request')).toContainText('Token-Delivery: cookie');
    const response = login.getByTestId('http-response');
    await expect(response).toContainText(/Set-Cookie: token=[\w-]+\.[\w-]+\.[\w-]+;/);
    await expect(response).toContainText('HttpOnly');
    await expect(response).toContainText('SameSite=Lax');
    await expect(response).not.toContainText('"token":');

    const row = pg.cookieRow('token');
    await expect(row).toHaveAttribute('data-httponly', 'true');
    const token = await pg.cookieValue('token');
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // What page script reads: not the token.
    await expect(pg.scriptDocumentCookie).not.toContainText(token);
    await expect(page.getByTestId('script-view-httponly')).toBeVisible();

    // The browser sends it by itself; the page adds no Authorization header.
    const profile = await pg.profile();
    await pg.expectStatus(profile, 200);
    await expect(profile.getByTestId('http-request')).toContainText(`Cookie: token=${token}`);
    await expect(profile.getByTestId('http-request')).not.toContainText('Authorization');
    // The box and the jar are one cookie seen twice; the diagram's arrow names the cookie it carries.
    await expect(page.getByTestId('httponly-one-cookie')).toContainText('same cookie');
    const arrow = page.getByTestId('sequence-diagram').locator('[data-testid="seq-message"][data-kind="request"]').last();
    await expect(arrow).toContainText('· cookie: token');
    await expect(arrow).toHaveAttribute('aria-label', /cookie: token/);

    // Logout clears it (Max-Age=0).
    const out = await pg.doLogout();
    await expect(out.getByTestId('http-response')).toContainText(/Set-Cookie: token=;.*Max-Age=0/);
    await expect(pg.cookieRow('token')).toHaveCount(0);
  });

  test('the injected script finds no token to steal; with SameSite=None a forged request rides on the cookie', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.tokenStorage.selectOption('httponly-cookie');
    await toggle(pg, 'xss', true);
    await toggle(pg, 'samesite-none', true);
    const login = await pg.loginAs('bob');
    await expect(login.getByTestId('http-response')).toContainText('SameSite=None');

    const script = await pg.sendAny(page.getByTestId('open-comments'));
    await expect(script).toHaveAttribute('data-sender', 'injected-script');
    await expect(page.getByTestId('comments-result')).toHaveAttribute('data-ran', 'true');
    await expect(page.getByTestId('loot-no-token')).toBeVisible();
    await expect(page.getByTestId('loot-item')).toHaveCount(0);
    await page.getByTestId('attacker-path').selectOption('/api/profile');
    const stolen = await pg.sendAny(page.getByTestId('attacker-send'));
    await pg.expectStatus(stolen, 401);

    const forged = await pg.sendAny(page.getByTestId('visit-evil'));
    await expect(forged).toHaveAttribute('data-sender', 'cross-site');
    await pg.expectStatus(forged, 200);
    await expect(forged.getByTestId('http-request')).toContainText('Cookie: token=');
    await expect(page.getByTestId('loot-csrf').last()).toContainText('with the token cookie');
  });

  test('the scenario jwt-httponly-cookie reaches its goal through the UI', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-httponly-cookie');
    await expect(page.getByTestId('scenario-card')).toHaveAttribute('data-exercise', 'jwt-httponly-cookie');
    const goal = page.getByTestId('scenario-goal');
    await expect(goal).toHaveAttribute('data-reached', 'false');
    await expect(pg.tokenStorage).toHaveValue('httponly-cookie');
    await expect(pg.cookieRow('token')).toHaveAttribute('data-httponly', 'true');

    await pg.sendAny(page.getByTestId('open-comments'));
    await expect(page.getByTestId('loot-no-token')).toBeVisible();
    await pg.expectStatus(await pg.sendAny(page.getByTestId('visit-evil')), 200);
    await expect(goal).toHaveAttribute('data-reached', 'false');

    await toggle(pg, 'samesite-none', false);
    await pg.loginAs('bob');
    const refused = await pg.sendAny(page.getByTestId('visit-evil'));
    await pg.expectStatus(refused, 401);
    await expect(refused.getByTestId('http-request')).not.toContainText('Cookie: token=');
    await expect(goal).toHaveAttribute('data-reached', 'true');

    // The comparison table's row for the HttpOnly cookie fills in from these clicks.
    const row = page.getByTestId('compare-table').locator('tr', { hasText: 'JWT in an HttpOnly cookie' });
    await expect(row.locator('td[data-seen="true"]')).toHaveCount(2);
  });
});
