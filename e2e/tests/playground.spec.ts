import { createHmac } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  axeViolations,
  fromB64u,
  signHs,
  tamperPayload,
  DEMO,
  JWT_STEPS,
  LOGIN_STEPS,
  SESSION_STEPS,
  type AxeViolation,
  type PlaygroundPage,
} from '../fixtures';

// The playground (issue 5): Browser | Network | Server(s) over the simulated world, at
// #/playground (the start page). Every flow of the issue, in both modes, through the data-testid
// contract.
// Signatures are recomputed here with Node's crypto, independently of the app's Rust engine.

test.beforeEach(async ({ playgroundPage }) => {
  await playgroundPage.goto();
});

/** HMAC-SHA256 of `header.payload` under a UTF-8 secret, base64url (RFC 7515). */
function hs256(signingInput: string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput).digest('base64url');
}

/** Pretty JSON text of the claims box, parsed. */
async function claimsBox(pg: PlaygroundPage): Promise<Record<string, unknown>> {
  return JSON.parse(await pg.browserClaims.inputValue());
}

test.describe('playground: JWT mode', () => {
  test('log in with a demo account: 200, a token; then GET /api/profile is 200', async ({ playgroundPage: pg }) => {
    const login = await pg.loginAs('alice');
    await pg.expectStatus(login, 200);
    await expect(login).toHaveAttribute('data-server', '1');
    // The login checklist: authentication, step by step.
    expect(await pg.stepIds()).toEqual([...LOGIN_STEPS]);
    for (const s of LOGIN_STEPS) await pg.expectStep(s, 'pass');
    await expect(login.getByTestId('http-request')).toContainText('POST /user/login');

    await expect(pg.browserToken).toHaveValue(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = await pg.token();
    await expect(login.getByTestId('http-response')).toContainText(token);
    await pg.expectVerdictValid();
    expect(await pg.claims()).toMatchObject({ sub: DEMO.alice.email, name: 'Alice', role: 'user' });
    // The claims box shows the same claims, decoded: anyone can read them.
    expect(await claimsBox(pg)).toEqual(await pg.claims());
    // The server keeps nothing.
    await expect(pg.server(1).getByTestId('server-memory')).toContainText('0 entries');

    const profile = await pg.profile();
    await pg.expectStatus(profile, 200);
    await expect(profile.getByTestId('http-request')).toContainText(`Authorization: Bearer ${token}`);
    expect(await pg.stepIds()).toEqual([...JWT_STEPS]);
    for (const s of ['token', 'segments', 'header', 'alg', 'crit', 'signature', 'claims', 'claim-types', 'exp', 'authorize']) {
      await pg.expectStep(s, 'pass');
    }
    await expect(pg.statusNote).toHaveCount(0);
    await expect(pg.signatures).toHaveCount(0);
    expect(await pg.statuses()).toEqual([200, 200]);
  });

  test("the token's signature is HMAC-SHA256 of header.payload under server-secret (recomputed in Node)", async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await expect(pg.browserToken).not.toHaveValue('');
    const secret = await pg.secret();
    expect(secret.length, 'the servers share a non-trivial secret').toBeGreaterThanOrEqual(16);
    const token = await pg.token();
    const [h, p, s] = token.split('.');
    expect(JSON.parse(fromB64u(h))).toMatchObject({ alg: 'HS256' });
    expect(hs256(`${h}.${p}`, secret)).toBe(s);
    // And the same secret read as anything else would not match (the test is not vacuous).
    expect(hs256(`${h}.${p}`, `${secret}x`)).not.toBe(s);
  });

  test('claims edited to role admin keep the old signature: 401 at the MAC step, signatures side by side', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await pg.expectVerdictValid();
    const original = await pg.token();
    const secret = await pg.secret();
    const claims = await claimsBox(pg);
    expect(claims.role).toBe('user');

    await pg.browserClaims.fill(JSON.stringify({ ...claims, role: 'admin' }, null, 2));
    await pg.expectVerdictInvalid('signature');
    const edited = await pg.token();
    const [h, p, s] = edited.split('.');
    expect(s, 'the old signature is kept').toBe(original.split('.')[2]);
    expect(h).toBe(original.split('.')[0]);
    expect(JSON.parse(fromB64u(p))).toEqual({ ...claims, role: 'admin' });

    const admin = await pg.admin();
    await pg.expectStatus(admin, 401);
    await expect(admin.getByTestId('http-request')).toContainText(`Bearer ${edited}`);
    for (const step of ['token', 'segments', 'header', 'alg', 'crit']) await pg.expectStep(step, 'pass');
    await pg.expectStep('signature', 'fail');
    await pg.expectStep('authorize', 'skip');
    await expect(pg.signatures).toBeVisible();
    await expect(pg.signatureReceived).toHaveText(s);
    await expect(pg.signatureExpected).toHaveText(hs256(`${h}.${p}`, secret));
    await expect(pg.why).toBeVisible();
    await expect(pg.statusNote).toContainText('401');
  });

  test('a token forged in the test with the old signature is refused; re-signed with the secret it works', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await pg.expectVerdictValid();
    const original = await pg.token();
    const secret = await pg.secret();

    const forged = tamperPayload(original, (json) => json.replace('"role":"user"', '"role":"admin"'));
    await pg.browserToken.fill(forged);
    await expect(pg.browserToken).toHaveValue(forged);
    await pg.expectVerdictInvalid('signature');
    await expect.poll(async () => (await claimsBox(pg)).role).toBe('admin');
    await pg.expectStatus(await pg.admin(), 401);
    await pg.expectStep('signature', 'fail');

    // Only whoever holds the secret can mint a token the server accepts.
    const [h, p] = forged.split('.');
    const minted = signHs(fromB64u(h), fromB64u(p), secret);
    await pg.browserToken.fill(minted);
    await pg.expectVerdictValid();
    await pg.expectStatus(await pg.admin(), 200);
    await pg.expectStep('signature', 'pass');
    await pg.expectStep('authorize', 'pass');
  });

  test("the page's re-sign: a wrong secret still fails, the server's secret makes it valid", async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    const secret = await pg.secret();
    const claims = await claimsBox(pg);
    await pg.browserClaims.fill(JSON.stringify({ ...claims, role: 'admin' }));
    await pg.expectVerdictInvalid('signature');

    await page.locator('details.resign > summary').click();
    await page.getByTestId('resign-secret').fill('not-the-servers-secret');
    await page.getByTestId('resign').click();
    await pg.expectVerdictInvalid('signature');
    await pg.expectStatus(await pg.admin(), 401);

    await page.getByTestId('resign-secret').fill(secret);
    await page.getByTestId('resign').click();
    await pg.expectVerdictValid();
    const token = await pg.token();
    const [h, p, s] = token.split('.');
    expect(hs256(`${h}.${p}`, secret)).toBe(s);
    expect(JSON.parse(fromB64u(p))).toMatchObject({ role: 'admin' });
    await pg.expectStatus(await pg.admin(), 200);
  });

  test('authentication vs authorization: alice gets 403 on admin, bob gets 200', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    const denied = await pg.admin();
    await pg.expectStatus(denied, 403);
    await pg.expectStep('signature', 'pass');
    await pg.expectStep('authorize', 'fail');
    await expect(pg.statusNote).toBeVisible();
    await expect(pg.statusNote).toContainText('403');
    // Alice may still read her profile.
    await pg.expectStatus(await pg.profile(), 200);

    await pg.expectStatus(await pg.loginAs('bob'), 200);
    expect(await pg.claims()).toMatchObject({ sub: DEMO.bob.email, role: 'admin' });
    await pg.expectStatus(await pg.admin(), 200);
    await pg.expectStep('authorize', 'pass');
    await expect(pg.statusNote).toHaveCount(0);
  });

  test('a wrong password is 401 at the password step; an unknown user is 401 too', async ({ playgroundPage: pg }) => {
    const wrong = await pg.login(DEMO.alice.email, 'not-her-password');
    await pg.expectStatus(wrong, 401);
    await pg.expectStep('body', 'pass');
    await pg.expectStep('user', 'pass');
    await pg.expectStep('password', 'fail');
    await pg.expectStep('issue', 'skip');
    await expect(pg.statusNote).toContainText('401');
    await expect(pg.browserToken).toHaveValue('');
    await expect(pg.tokenVerdict).toHaveCount(0);

    const unknown = await pg.login('mallory@example.com', 'whatever');
    await pg.expectStatus(unknown, 401);
    await pg.expectStep('issue', 'skip');
    await expect(pg.verifySteps.and(pg.page.locator('[data-result="fail"]'))).toHaveCount(1);
    // Without a token, the profile is 401 at the token step.
    await pg.expectStatus(await pg.profile(), 401);
    await pg.expectStep('token', 'fail');
  });

  test('one player: the request player steps the token build, 10 signing steps in the Server column; play toggles, replay restarts', async ({ playgroundPage: pg, page }) => {
    // The token build has no controls of its own any more.
    for (const old of ['build-prev', 'build-play', 'build-next', 'build-replay', 'build-speed']) await expect(page.getByTestId(old)).toHaveCount(0);
    await page.getByTestId('request-step-mode').check();
    await pg.loginAs('alice');
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'true');
    await pg.pauseBuild();
    // Before the signing the build waits, hidden.
    while (await pg.buildPrev.isEnabled()) await pg.buildPrev.click();
    await expect(page.getByTestId('build-player')).toBeHidden();
    await pg.stepBuildTo(0);
    await expect(pg.buildSteps).toHaveCount(10);
    await pg.buildNext.click();
    await pg.expectBuildAt(1);
    await pg.buildPrev.click();
    await pg.expectBuildAt(0);
    // Next stops at the request's last step, the build complete.
    while (await pg.buildNext.isEnabled()) await pg.buildNext.click();
    await pg.expectBuildAt(9);
    await expect(pg.buildNext).toBeDisabled();
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'false');

    // Play from the end starts again from the first step; play again pauses.
    await pg.buildPlay.click();
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'true');
    await pg.buildPlay.click();
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'false');
    expect(await pg.currentBuildStep()).toBeLessThan(3);

    // Replay plays from the first step; at the fast speed it runs to the end by itself.
    await pg.buildSpeed.selectOption('600');
    await expect(pg.buildSpeed).toHaveValue('600');
    await pg.buildReplay.click();
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'true');
    await expect(pg.buildSteps.last()).toHaveAttribute('data-state', 'current', { timeout: 30_000 });
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'false', { timeout: 15_000 });
    await pg.expectBuildAt(9);
    // The last step shows the token the browser got.
    await expect(pg.buildSteps.last()).toContainText(await pg.token());
  });

  test('where the page keeps the JWT: memory is hidden from document.cookie, a script cookie and localStorage are not', async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    const token = await pg.token();
    await expect(pg.tokenStorage).toHaveValue('memory');
    await expect(pg.scriptDocumentCookie).not.toContainText(token);

    await pg.tokenStorage.selectOption('local-storage');
    await expect(page.getByTestId('script-view')).toContainText(token);
    await pg.expectStatus(await pg.profile(), 200);

    await pg.tokenStorage.selectOption('cookie');
    await expect(pg.scriptDocumentCookie).toContainText(token);
    await pg.expectStatus(await pg.profile(), 200);

    await pg.tokenStorage.selectOption('memory');
    await expect(pg.scriptDocumentCookie).not.toContainText(token);
    await pg.expectStatus(await pg.profile(), 200);
  });
});

test.describe('playground: cookie-session mode', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.setMode('session');
  });

  test('login: one session row, an HttpOnly sid cookie that page script cannot read; profile 200', async ({ playgroundPage: pg }) => {
    await expect(pg.browserToken).toHaveCount(0);
    const login = await pg.loginAs('alice');
    await pg.expectStatus(login, 200);
    for (const s of LOGIN_STEPS) await pg.expectStep(s, 'pass');
    await expect(pg.sessionRows).toHaveCount(1);
    await expect(pg.sessionRows).toHaveAttribute('data-user', DEMO.alice.email);
    await expect(pg.cookieRow('sid')).toHaveCount(1);
    await expect(pg.cookieRow('sid')).toHaveAttribute('data-httponly', 'true');
    const sid = await pg.cookieValue('sid');
    expect(sid.length).toBeGreaterThanOrEqual(16);
    await expect(login.getByTestId('http-response')).toContainText(`Set-Cookie: sid=${sid}`);
    await expect(login.getByTestId('http-response')).toContainText('HttpOnly');
    await expect(pg.sessionRows).toContainText(sid);
    // What page script sees: not the sid.
    await expect(pg.scriptDocumentCookie).toBeVisible();
    await expect(pg.scriptDocumentCookie).not.toContainText(sid);
    await expect(pg.scriptDocumentCookie).not.toContainText('sid=');
    await expect(pg.server(1).getByTestId('server-memory')).toContainText('1 entry,');

    const profile = await pg.profile();
    await pg.expectStatus(profile, 200);
    await expect(profile.getByTestId('http-request')).toContainText(`Cookie: sid=${sid}`);
    expect(await pg.stepIds()).toEqual([...SESSION_STEPS]);
    for (const s of SESSION_STEPS) await pg.expectStep(s, 'pass');
  });

  test('an edited sid cookie gives 401 at the lookup', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    const sid = await pg.cookieValue('sid');
    const edited = sid.slice(0, -1) + (sid.endsWith('A') ? 'B' : 'A');
    await pg.editCookie('sid', edited);
    const profile = await pg.profile();
    await pg.expectStatus(profile, 401);
    await expect(profile.getByTestId('http-request')).toContainText(`Cookie: sid=${edited}`);
    await pg.expectStep('cookie', 'pass');
    await pg.expectStep('lookup', 'fail');
    await pg.expectStep('authorize', 'skip');
    await expect(pg.statusNote).toContainText('401');
    await expect(pg.why).toBeVisible();
    // The real session is still on the server.
    await expect(pg.sessionRows).toHaveCount(1);
  });

  test('logout removes the session row and the cookie; the profile is 401 after it', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await expect(pg.sessionRows).toHaveCount(1);
    await pg.expectStatus(await pg.doLogout(), 200);
    await expect(pg.sessionRows).toHaveCount(0);
    await expect(pg.cookieRow('sid')).toHaveCount(0);
    await pg.expectStatus(await pg.profile(), 401);
  });

  test('alice gets 403 on admin, bob 200; a wrong password 401', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await pg.expectStatus(await pg.admin(), 403);
    await pg.expectStep('lookup', 'pass');
    await pg.expectStep('authorize', 'fail');
    await expect(pg.statusNote).toContainText('403');
    await pg.expectStatus(await pg.loginAs('bob'), 200);
    // A new id on every login: the old session is gone, one row stays.
    await expect(pg.sessionRows).toHaveCount(1);
    await expect(pg.sessionRows).toHaveAttribute('data-user', DEMO.bob.email);
    await pg.expectStatus(await pg.admin(), 200);
    await pg.expectStatus(await pg.login(DEMO.bob.email, 'wrong'), 401);
    await pg.expectStep('password', 'fail');
  });

  test('the mode switch replays the same story in the other mode', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await pg.admin();
    await pg.profile();
    expect(await pg.statuses()).toEqual([200, 403, 200]);
    await pg.setMode('jwt');
    await expect(pg.entries).toHaveCount(3);
    expect(await pg.statuses()).toEqual([200, 403, 200]);
    await expect(pg.browserToken).not.toHaveValue('');
    await expect(pg.sessionRows).toHaveCount(0);
    await pg.setMode('session');
    await expect(pg.entries).toHaveCount(3);
    await expect(pg.sessionRows).toHaveCount(1);
  });
});

test.describe('playground: many servers', () => {
  test('round-robin, per-server sessions: a later request is 401; the same story in JWT mode is all 200', async ({ playgroundPage: pg }) => {
    await pg.setMode('session');
    await pg.addServers(2);
    await expect(pg.servers).toHaveCount(3);
    await expect(pg.lbPolicy).toHaveValue('round-robin');
    await expect(pg.sharedStore).not.toBeChecked();
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.profile();
    await pg.profile();
    const statuses = await pg.statuses();
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1), 'the session lives on one server only').toContain(401);
    expect(await pg.answeredBy()).toEqual(['1', '2', '3']);
    await pg.expectStep('lookup', 'fail');
    // Each server shows its own table: only the one that handled the login has the row.
    await expect(pg.server(1).getByTestId('session-row')).toHaveCount(1);
    await expect(pg.server(2).getByTestId('session-row')).toHaveCount(0);
    await expect(pg.server(3).getByTestId('session-row')).toHaveCount(0);

    await pg.setMode('jwt');
    await expect(pg.entries).toHaveCount(3);
    await expect(pg.servers).toHaveCount(3);
    expect(await pg.statuses()).toEqual([200, 200, 200]);
    expect(await pg.answeredBy()).toEqual(['1', '2', '3']);
  });

  test('a shared session store fixes round-robin: all 200', async ({ playgroundPage: pg }) => {
    await pg.setMode('session');
    await pg.addServers(2);
    await pg.sharedStore.check();
    await expect(pg.sharedStore).toBeChecked();
    await pg.loginAs('alice');
    await pg.profile();
    await pg.profile();
    await pg.profile();
    expect(await pg.statuses()).toEqual([200, 200, 200, 200]);
    expect(await pg.answeredBy()).toEqual(['1', '2', '3', '1']);
    // One session, in the shared store.
    await expect(pg.sessionRows).toHaveCount(1);

    // Off again: the next login's session lives on one server only.
    await pg.sharedStore.uncheck();
    await pg.loginAs('alice');
    await pg.profile();
    await pg.profile();
    expect((await pg.statuses()).slice(5)).toContain(401);
  });

  test('sticky keeps a session until its server crashes (401, log in again); in JWT mode a crash does not matter', async ({ playgroundPage: pg }) => {
    await pg.setMode('session');
    await pg.addServers(2);
    await pg.setPolicy('sticky');
    const login = await pg.loginAs('alice');
    await pg.expectStatus(login, 200);
    const pinned = await login.getAttribute('data-server');
    expect(pinned).toMatch(/^[123]$/);
    await expect(pg.cookieRow('lb')).toHaveCount(1);
    for (let i = 0; i < 3; i++) {
      const e = await pg.profile();
      await pg.expectStatus(e, 200);
      await expect(e).toHaveAttribute('data-server', pinned!);
    }

    await pg.crash(pinned!);
    const lost = await pg.profile();
    await pg.expectStatus(lost, 401);
    await expect(lost).not.toHaveAttribute('data-server', pinned!);
    await pg.expectStep('lookup', 'fail');

    // Log in again: pinned to the new server, works again.
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
    await pg.restart(pinned!);
    await expect(pg.server(pinned!).getByTestId('server-restart')).toBeDisabled();
    await expect(pg.server(pinned!).getByTestId('server-crash')).toBeEnabled();
    await pg.expectStatus(await pg.profile(), 200);

    // The same clicks with JWTs: every request is 200, crash or not.
    await pg.setMode('jwt');
    await expect(pg.entries).toHaveCount(8);
    expect(await pg.statuses()).toEqual(Array(8).fill(200));
  });

  test('JWT mode: a crashed server is skipped and requests stay 200; restart brings it back; all down is 503', async ({ playgroundPage: pg }) => {
    await pg.addServers(2);
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.crash(2);
    await expect(pg.server(1)).toHaveAttribute('data-up', 'true');
    await expect(pg.server(2).getByTestId('server-crash')).toBeDisabled();
    for (let i = 0; i < 4; i++) await pg.expectStatus(await pg.profile(), 200);
    expect((await pg.answeredBy()).slice(1)).not.toContain('2');

    await pg.restart(2);
    for (let i = 0; i < 3; i++) await pg.expectStatus(await pg.profile(), 200);
    expect((await pg.answeredBy()).slice(5)).toContain('2');

    for (const id of [1, 2, 3]) await pg.crash(id);
    const none = await pg.profile();
    await pg.expectStatus(none, 503);
    await expect(none).not.toHaveAttribute('data-server', /./);
  });

  test('add and remove servers: 1 to 5', async ({ playgroundPage: pg }) => {
    await expect(pg.servers).toHaveCount(1);
    await expect(pg.server(1)).toHaveAttribute('data-up', 'true');
    await expect(pg.removeServer).toBeDisabled();
    await pg.addServers(4);
    await expect(pg.addServer).toBeDisabled();
    for (const id of [1, 2, 3, 4, 5]) await expect(pg.server(id)).toHaveCount(1);
    await pg.removeServer.click();
    await expect(pg.servers).toHaveCount(4);
    await expect(pg.server(5)).toHaveCount(0);
    await expect(pg.addServer).toBeEnabled();
  });
});

test.describe('playground: clock', () => {
  test('JWT mode: +5 min and the token has expired (401 at exp)', async ({ playgroundPage: pg }) => {
    const before = await pg.clockText();
    await pg.loginAs('alice');
    await pg.clockAdvance1m.click();
    await expect(pg.clockNow).not.toHaveText(before);
    await pg.expectVerdictValid();
    await pg.expectStatus(await pg.profile(), 200);

    await pg.clockAdvance5m.click();
    await pg.expectVerdictInvalid('expired');
    await pg.expectStatus(await pg.profile(), 401);
    await pg.expectStep('signature', 'pass');
    await pg.expectStep('exp', 'fail');
    await pg.expectStep('authorize', 'skip');
    await expect(pg.why).toBeVisible();
  });

  test('session mode: still fine after 5 min (TTL 30 min), gone after 30', async ({ playgroundPage: pg }) => {
    await pg.setMode('session');
    await pg.loginAs('alice');
    await pg.clockAdvance5m.click();
    await pg.expectStatus(await pg.profile(), 200);
    // 5 min + 24 min 54 s = 29 min 54 s: still valid.
    await pg.clockCustom.fill('1494');
    await pg.clockAdvanceCustom.click();
    await pg.expectStatus(await pg.profile(), 200);
    await pg.clockAdvance1m.click();
    await pg.expectStatus(await pg.profile(), 401);
    await expect(pg.verifySteps.and(pg.page.locator('[data-result="fail"]'))).toHaveCount(1);
  });

  test('the custom advance refuses what is not a positive number of seconds', async ({ playgroundPage: pg, page }) => {
    const before = await pg.clockText();
    await pg.clockCustom.fill('soon');
    await pg.clockAdvanceCustom.click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(pg.clockCustom).toHaveAttribute('aria-invalid', 'true');
    await expect(pg.clockNow).toHaveText(before);
    await pg.clockCustom.fill('90');
    await pg.clockAdvanceCustom.click();
    await expect(pg.clockNow).not.toHaveText(before);
    await expect(pg.clockCustom).not.toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('playground: a stolen credential', () => {
  test('JWT: a copied token still works after logout, until exp', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    const token = await pg.token();
    await pg.stealCredential.click();
    await expect(pg.page.getByTestId('stolen-copy')).toContainText(token);
    await pg.expectStatus(await pg.doLogout(), 200);
    await expect(pg.browserToken).toHaveValue('');
    const replay = await pg.send(pg.replayStolen);
    await pg.expectStatus(replay, 200);
    await expect(replay.getByTestId('http-request')).toContainText(`Bearer ${token}`);
    await pg.clockAdvance5m.click();
    await pg.expectStatus(await pg.send(pg.replayStolen), 401);
    await pg.expectStep('exp', 'fail');
  });

  test('session: a copied session id stops working at logout', async ({ playgroundPage: pg }) => {
    await pg.setMode('session');
    await pg.loginAs('alice');
    const sid = await pg.cookieValue('sid');
    await pg.stealCredential.click();
    await expect(pg.page.getByTestId('stolen-copy')).toContainText(sid);
    // Before logout the copy works.
    await pg.expectStatus(await pg.send(pg.replayStolen), 200);
    await pg.doLogout();
    const replay = await pg.send(pg.replayStolen);
    await pg.expectStatus(replay, 401);
    await expect(replay.getByTestId('http-request')).toContainText(`Cookie: sid=${sid}`);
    await pg.expectStep('lookup', 'fail');
  });
});

test.describe('playground: the rest of the screen', () => {
  test('an entry opened by hand stays open when more requests are made', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await pg.profile();
    const details = (i: number) => pg.entries.nth(i).locator('details');
    await expect(details(0)).not.toHaveAttribute('open');
    await expect(details(1)).toHaveAttribute('open');
    await pg.entries.nth(0).locator('summary').click();
    await expect(details(0)).toHaveAttribute('open');
    await pg.admin();
    await expect(pg.entries).toHaveCount(3);
    await expect(details(0)).toHaveAttribute('open');
    await expect(details(1)).not.toHaveAttribute('open');
    await expect(details(2)).toHaveAttribute('open');
    // Closing the newest by hand sticks too, until the story starts again.
    await pg.entries.nth(2).locator('summary').click();
    await expect(details(2)).not.toHaveAttribute('open');
    await pg.clockAdvance1m.click();
    await expect(details(2)).not.toHaveAttribute('open');
  });

  test('reset empties the network log and the browser', async ({ playgroundPage: pg }) => {
    await pg.addServers(1);
    await pg.loginAs('alice');
    await pg.profile();
    await expect(pg.entries).toHaveCount(2);
    await pg.reset.click();
    await expect(pg.entries).toHaveCount(0);
    await expect(pg.browserToken).toHaveValue('');
    await expect(pg.verifySteps).toHaveCount(0);
    await expect(pg.buildSteps).toHaveCount(0);
    // Settings stay.
    await expect(pg.servers).toHaveCount(2);

    await pg.setMode('session');
    await pg.loginAs('alice');
    await expect(pg.sessionRows).toHaveCount(1);
    await pg.reset.click();
    await expect(pg.entries).toHaveCount(0);
    await expect(pg.sessionRows).toHaveCount(0);
    await expect(pg.cookieRows).toHaveCount(0);
    await expect(pg.modeSession).toHaveAttribute('aria-pressed', 'true');
  });

  test('explanations for each mode are on the page, not behind hover', async ({ playgroundPage: pg }) => {
    const ids = () => pg.lessons.evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson')));
    expect(await ids()).toEqual(expect.arrayContaining(['jwt-stateless', 'jwt-tamper', 'jwt-readable', 'jwt-revocation', 'authn-authz', 'many-servers']));
    for (const lesson of await pg.lessons.all()) await expect(lesson).toBeVisible();
    await pg.setMode('session');
    await expect.poll(ids).toEqual(expect.arrayContaining(['session-memory', 'session-cookie-flags', 'session-revocation', 'authn-authz', 'many-servers']));
    expect(await ids()).not.toContain('jwt-tamper');
    for (const lesson of await pg.lessons.all()) await expect(lesson).toBeVisible();
  });

  test('the debugger stays reachable from the playground build', async ({ playgroundPage: pg, page }) => {
    await page.getByTestId('tab-debugger').click();
    await expect(page).toHaveURL(/#\/debugger$/);
    await expect(page.getByTestId('debugger-token')).toBeVisible();
    await page.getByTestId('tab-playground').click();
    await expect(pg.modeJwt).toBeVisible();
    await pg.app.goto('#/debugger');
    await expect(page.getByTestId('debugger-token')).toBeVisible();
  });

  test('a token from the playground opens in the debugger, with the secret and the simulated clock', async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    await page.getByTestId('clock-advance-1m').click();
    const token = await pg.browserToken.inputValue();
    const secret = (await page.getByTestId('server-secret').textContent())?.trim() ?? '';
    await page.getByTestId('open-in-debugger').click();
    await expect(page).toHaveURL(/#\/debugger$/);
    await expect(page.getByTestId('debugger-handover')).toBeVisible();
    await expect(page.getByTestId('debugger-token')).toHaveValue(token);
    await expect(page.getByTestId('debugger-secret')).toHaveValue(secret);
    await expect(page.getByTestId('debugger-verdict')).toHaveAttribute('data-verdict', 'valid');
    // The simulated clock came along: 5 more minutes there would be past exp.
    const now = Number(await page.getByTestId('debugger-now').inputValue());
    await page.getByTestId('debugger-now').fill(String(now + 300));
    await expect(page.getByTestId('debugger-verdict')).toHaveAttribute('data-reason', 'expired');
  });
});

function describe(state: string, v: AxeViolation): string {
  return `[${state}] ${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`;
}

/** Presses Tab until the element with this testid has focus (at most `max` presses). */
async function tabTo(page: Page, testid: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testid) return;
  }
  throw new Error(`Tab never reached [data-testid=${testid}] in ${max} presses`);
}

/** The focused element draws a visible focus indicator (an outline that is not none / 0 wide). */
async function expectFocusVisible(locator: Locator): Promise<void> {
  await expect(locator).toBeFocused();
  const style = await locator.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), shadow: cs.boxShadow };
  });
  const outline = style.style !== 'none' && style.width > 0;
  expect(outline || style.shadow !== 'none', `no visible focus: ${JSON.stringify(style)}`).toBe(true);
}

test.describe('playground: keyboard and accessibility', () => {
  test('the login form works from the keyboard alone, with visible focus', async ({ playgroundPage: pg, page }) => {
    await tabTo(page, 'login-email');
    await expectFocusVisible(pg.loginEmail);
    await page.keyboard.type(DEMO.alice.email);
    await page.keyboard.press('Tab');
    await expectFocusVisible(pg.loginPassword);
    await page.keyboard.type(DEMO.alice.password);
    await page.keyboard.press('Tab');
    await expectFocusVisible(pg.loginSubmit);
    await page.keyboard.press('Shift+Tab');
    await expect(pg.loginPassword).toBeFocused();
    // Enter in a field submits the form.
    await page.keyboard.press('Enter');
    await expect(pg.entries).toHaveCount(1);
    await pg.expectStatus(pg.lastEntry(), 200);

    // A demo button and the request buttons from the keyboard too.
    await tabTo(page, 'demo-bob');
    await expectFocusVisible(page.getByTestId('demo-bob'));
    await page.keyboard.press('Enter');
    await expect(pg.loginEmail).toHaveValue(DEMO.bob.email);
    // Filled, not submitted: Alice is still the one logged in, so admin is 403.
    await tabTo(page, 'request-admin');
    await expectFocusVisible(pg.requestAdmin);
    await page.keyboard.press('Enter');
    await expect(pg.entries).toHaveCount(2);
    await pg.expectStatus(pg.lastEntry(), 403);

    // The mode switch too.
    await pg.modeSession.focus();
    await page.keyboard.press('Space');
    await expect(pg.modeSession).toHaveAttribute('aria-pressed', 'true');
  });

  // Buttons inside redrawn panels (controls, server cards) are replaced, not patched: focus must
  // land on the successor, or on the other control of the same server when that one is disabled.
  test('keyboard focus survives the redraw of the control it operated', async ({ playgroundPage: pg, page }) => {
    await pg.modeSession.focus();
    await page.keyboard.press('Enter');
    await expect(pg.modeSession).toHaveAttribute('aria-pressed', 'true');
    await expect(pg.modeSession).toBeFocused();
    await pg.addServer.focus();
    await page.keyboard.press('Enter');
    await expect(pg.servers).toHaveCount(2);
    await expect(pg.addServer).toBeFocused();
    await pg.server(2).getByTestId('server-crash').focus();
    await page.keyboard.press('Enter');
    await expect(pg.server(2)).toHaveAttribute('data-up', 'false');
    await expect(pg.server(2).getByTestId('server-restart')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(pg.server(2)).toHaveAttribute('data-up', 'true');
    await expect(pg.server(2).getByTestId('server-crash')).toBeFocused();
  });

  // The cookie jar and the network log are HTML strings (src/markup.rs): a cookie value is text.
  test('markup typed into a cookie value is shown as text, never run', async ({ playgroundPage: pg, page }) => {
    await pg.setMode('session');
    await pg.loginAs('alice');
    const hostile = '"><img src=x onerror="alert(1)"><script>alert(2)</script>';
    await pg.editCookie('sid', hostile);
    await pg.profile();
    await pg.expectStatus(pg.lastEntry(), 401);
    await expect(pg.lastEntry().getByTestId('http-request')).toContainText(`Cookie: sid=${hostile}`);
    await expect(page.locator('main img, main script')).toHaveCount(0);
  });

  test('axe: no serious or critical violations at #/playground, in each main state', async ({ playgroundPage: pg, page }) => {
    const found: string[] = [];
    const scan = async (state: string) => {
      // Scan a settled page: no build-step animation half way (its opacity would fool the contrast check).
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      for (const v of await axeViolations(page, 'serious')) found.push(describe(state, v));
    };
    await scan('start');
    await pg.loginAs('alice');
    // The build player at rest: played to its last step (the next test covers steps not reached).
    await pg.pauseBuild();
    while (await pg.buildNext.isEnabled()) await pg.buildNext.click();
    await pg.expectBuildAt(9);
    await pg.browserClaims.fill(JSON.stringify({ ...(await claimsBox(pg)), role: 'admin' }));
    await pg.admin();
    await expect(pg.signatures).toBeVisible();
    await scan('JWT: tampered token refused');
    await pg.setMode('session');
    await pg.addServers(2);
    await pg.loginAs('alice');
    await pg.profile();
    await scan('session: 3 servers, lost session');
    expect(found, found.join('\n')).toEqual([]);
  });

  // Steps not reached yet are drawn dashed with a "not yet" word, not faded (faded text failed contrast).
  test('axe: no serious or critical violations with the build player part way (steps pending)', async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    // Part way through the signing, so the steps after it are pending.
    await pg.stepBuildTo(8);
    await expect(pg.buildSteps.last()).toHaveAttribute('data-state', 'pending');
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    const violations = await axeViolations(page, 'serious');
    expect(violations, violations.map((v) => describe('build player part way', v)).join('\n')).toEqual([]);
  });

  test('with reduced motion the build steps appear without animation', async ({ playgroundPage: pg, page }) => {
    const animationOf = (l: Locator) => l.evaluate((el) => getComputedStyle(el).animationName);
    await pg.loginAs('alice');
    await pg.pauseBuild();
    const current = pg.buildSteps.and(page.locator('[data-state="current"]'));
    await expect(current).toHaveCount(1);
    expect(await animationOf(current)).not.toBe('none');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await pg.stepBuildTo(5);
    await expect(current).toHaveCount(1);
    expect(await animationOf(current)).toBe('none');
  });
});
