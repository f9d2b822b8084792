import { test, expect, fromB64u } from '../fixtures';

// Key-pair mode in the playground (issue 11): only the issuer signs; the other servers fetch its
// JWK Set from /.well-known/jwks.json (visible in the log) and show the kids they trust; the key
// rotates without logging anyone out, and a removed key stops working once copies expire.

function headerOf(token: string): { alg?: string; kid?: string } {
  return JSON.parse(fromB64u(token.split('.')[0]));
}

test.describe('key-pair mode in the playground', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('starts with a shared secret: every server holds it and can sign', async ({ playgroundPage: pg }) => {
    await expect(pg.keyMode).toHaveValue('shared-secret');
    const options = await pg.keyMode.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['shared-secret', 'key-pair']);
    await expect(pg.servers.first().getByTestId('server-kids')).toContainText('holds the shared secret (no kid)');
    await expect(pg.serverSecret).toBeVisible();
    await expect(pg.lessons.and(pg.page.locator('[data-lesson="keys-shared-secret-mints"]'))).toBeVisible();
  });

  test('only the issuer signs; the others fetch its public keys, shown in the log', async ({ playgroundPage: pg, page }) => {
    await pg.addServer.click();
    await pg.keyMode.selectOption('key-pair');
    await expect(pg.serverSecret).toHaveCount(0);
    await expect(page.getByTestId('issuer-keys')).toBeVisible();
    await expect(pg.issuerKids).toHaveText('Only the issuer (server 1) signs. It publishes kid k1; signs with k1.');
    await expect(pg.servers.nth(0).getByTestId('server-kids')).toContainText('Issuer: holds the private keys');
    await expect(pg.servers.nth(1).getByTestId('server-kids')).toContainText('has not fetched');

    const login = await pg.loginAs('alice');
    await expect(login).toHaveAttribute('data-server', '1');
    const token = await pg.token();
    expect(headerOf(token)).toMatchObject({ alg: 'ES256', kid: 'k1' });
    await expect(pg.tokenVerdict).toHaveAttribute('data-verdict', 'valid');
    // The signing shown step by step is ECDSA's.
    await expect(page.locator('[data-testid=build-step][data-step="ecdsa-r"]')).toHaveCount(1);

    const answer = await pg.profileOn(2);
    await pg.expectStatus(answer, 200);
    const fetch = pg.entries.and(page.locator('[data-sender="server"]'));
    await expect(fetch).toHaveCount(1);
    await expect(fetch).toHaveAttribute('data-status', '200');
    await expect(fetch).toContainText('GET /.well-known/jwks.json');
    await expect(fetch).toContainText('sent by server 2');
    // The diagram draws it inside the request it was made for, not as a row before it.
    const fetchSeq = (await fetch.getAttribute('data-seq')) ?? '';
    const answerSeq = (await answer.getAttribute('data-seq')) ?? '';
    expect(Number(fetchSeq)).toBe(Number(answerSeq) - 1);
    const diagram = page.getByTestId('sequence-diagram');
    await expect(diagram.locator(`[data-testid="seq-message"][data-seq="${fetchSeq}"]`)).toHaveCount(0);
    const drawn = diagram.locator(`[data-testid="seq-fetch"][data-seq="${fetchSeq}"]`);
    await expect(drawn).toHaveAttribute('data-during', answerSeq);
    await expect(drawn).toHaveAttribute('data-from', 'server-2');
    await expect(drawn).toHaveAttribute('data-to', 'server-1');
    await expect(drawn).toHaveAttribute('visibility', 'visible');
    await expect(diagram.locator(`.message[data-seq="${answerSeq}"]`)).toContainText(`keys fetched (#${fetchSeq}), then signature checked`);
    expect(await pg.serverKids(2)).toEqual(['k1']);
    // Nothing private is published.
    await expect(page.getByTestId('server-jwks')).not.toContainText('"d"');
    await expect(pg.lessons.and(page.locator('[data-lesson="keys-only-issuer-signs"]'))).toBeVisible();
  });

  test('a public key cannot re-sign: only the issuer holds the private key', async ({ playgroundPage: pg, page }) => {
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    await page.locator('details.resign summary').click();
    const jwks = (await page.getByTestId('server-jwks').textContent()) ?? '';
    await page.getByTestId('resign-secret').fill(jwks);
    await page.getByTestId('resign').click();
    await expect(page.locator('details.resign .note')).toContainText('needs the private key');
  });

  test('rotation keeps old tokens working; a removed key stops once copies expire', async ({ playgroundPage: pg, page }) => {
    await pg.addServer.click();
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    const oldToken = await pg.token();
    await pg.profileOn(2);
    expect(await pg.serverKids(2)).toEqual(['k1']);

    await pg.rotateKey.click();
    await expect(pg.issuerKids).toHaveText('Only the issuer (server 1) signs. It publishes kid k1, k2; signs with k2.');
    await pg.loginAs('alice');
    expect(headerOf(await pg.token()).kid).toBe('k2');
    // Server 2 meets kid k2, fetches the set again, and accepts.
    const answer = await pg.profileOn(2);
    await pg.expectStatus(answer, 200);
    expect(await pg.serverKids(2)).toEqual(['k1', 'k2']);
    await expect(pg.entries.and(page.locator('[data-sender="server"]')).last()).toContainText('kid "k2"');

    // The old token still works on both servers: nobody was logged out.
    await pg.browserToken.fill(oldToken);
    await pg.expectStatus(await pg.profileOn(1), 200);
    await pg.expectStatus(await pg.profileOn(2), 200);

    // Remove the old key: the issuer refuses k1 at once; server 2 once its copy expires.
    await pg.removeOldKey.click();
    await expect(pg.issuerKids).toHaveText('Only the issuer (server 1) signs. It publishes kid k2; signs with k2.');
    await expect(pg.removeOldKey).toBeDisabled();
    await pg.expectStatus(await pg.profileOn(1), 401);
    await pg.expectStep('signature', 'fail');
    await pg.expectStatus(await pg.profileOn(2), 200);
    await pg.clockAdvance1m.click();
    const refused = await pg.profileOn(2);
    await pg.expectStatus(refused, 401);
    expect(await pg.serverKids(2)).toEqual(['k2']);
    await expect(pg.why).toContainText('"k1"');
    await expect(pg.lessons.and(page.locator('[data-lesson="keys-rotation"]'))).toBeVisible();
  });

  test('the token opens in the debugger with ES256 and the issuer\'s JWK Set', async ({ playgroundPage: pg, page }) => {
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    await page.getByTestId('open-in-debugger').click();
    await expect(page.getByTestId('debugger-alg')).toHaveValue('ES256');
    await expect(page.getByTestId('debugger-verdict')).toHaveAttribute('data-verdict', 'valid');
    await expect(page.getByTestId('debugger-key-info')).toContainText('kid "k1"');
  });

  test('switching back to a shared secret refuses ES256 tokens: the algorithm is pinned', async ({ playgroundPage: pg }) => {
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    await pg.keyMode.selectOption('shared-secret');
    await pg.expectStatus(await pg.profile(), 401);
    await pg.expectStep('alg', 'fail');
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
  });
});

test.describe('key-pair mode, stepped', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the key fetch is a step of the request it was made for, just before the signature check', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/key-pair');
    const fetches = page.getByTestId('sequence-diagram').locator('[data-testid="seq-fetch"]');
    // Until server 2 answers: it has no copy of the issuer's keys yet. Shown whole, then walked back.
    for (let i = 0; i < 4 && (await fetches.count()) === 0; i++) {
      const before = await pg.entries.count();
      await page.getByTestId('request-profile').click();
      await expect.poll(() => pg.entries.count()).toBeGreaterThan(before);
    }
    await expect(fetches).toHaveCount(1);
    await pg.pauseBuild();
    const prev = page.getByTestId('request-step-prev');
    for (let i = 0; i < 40 && (await prev.isEnabled()); i++) await prev.click();
    const fetch = page.getByTestId('sequence-diagram').locator('[data-testid="seq-fetch"]').last();
    await expect(fetch).toHaveAttribute('visibility', 'hidden');
    // The network log does not tell the fetch's answer before its step either.
    const fetchEntry = pg.entries.and(page.locator('[data-sender="server"]'));
    await expect(fetchEntry).toHaveAttribute('data-on-its-way', 'true');
    const now = page.getByTestId('request-step-now');
    const next = page.getByTestId('request-step-next');
    const seen: string[] = [];
    for (let i = 0; i < 40 && (await next.isEnabled()); i++) {
      await next.click();
      const step = (await now.getAttribute('data-step')) ?? '';
      seen.push(step);
      if (step === 'fetch') {
        await expect(now).toContainText('Server 2 fetches GET /.well-known/jwks.json from the issuer (server 1)');
        await expect(fetch).toHaveAttribute('visibility', 'visible');
        await expect(fetchEntry).not.toHaveAttribute('data-on-its-way', 'true');
      }
    }
    const at = seen.indexOf('fetch');
    expect(at, seen.join(' ')).toBeGreaterThan(0);
    expect(seen[at + 1]).toBe('signature');
  });
});
