import { createHmac, createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { test, expect, b64u, type PlaygroundPage } from '../fixtures';

// The attack lab's switches (issue 12, in part): each weakness lets its attack through, shown on
// the server card and in the checklist; switched off, the strict server refuses the same token.
// Attack tokens are made here with Node's crypto, as an attacker's own tools would.

const WEAKNESSES = ['alg-none', 'alg-confusion', 'weak-secret', 'trust-jwk', 'kid-path', 'no-exp'];

function adminClaims(nowSeconds: number) {
  return { sub: 'alice@example.com', role: 'admin', aud: 'https://app.example/api', exp: nowSeconds + 300 };
}

function hs256(header: object, payload: object, key: string | Buffer): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

async function simNow(pg: PlaygroundPage): Promise<number> {
  const token = await pg.token();
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).iat;
}

async function tryAdmin(pg: PlaygroundPage, token: string, status: number): Promise<void> {
  await pg.browserToken.fill(token);
  const entry = await pg.sendAny(pg.requestAdmin);
  await pg.expectStatus(entry, status);
}

async function toggle(pg: PlaygroundPage, name: string, on: boolean): Promise<void> {
  const summary = pg.page.locator('details.lab summary');
  if (!(await pg.page.locator('details.lab').evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click();
  const box = pg.page.getByTestId(`weakness-${name}`);
  if (on) await box.check();
  else await box.uncheck();
}

test.describe('attack lab switches', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('every weakness has a switch, all off by default', async ({ playgroundPage: pg, page }) => {
    await page.locator('details.lab summary').click();
    for (const name of WEAKNESSES) await expect(page.getByTestId(`weakness-${name}`)).not.toBeChecked();
    await expect(page.getByTestId('server-weaknesses')).toHaveCount(0);
    await toggle(pg, 'no-exp', true);
    await expect(page.getByTestId('server-weaknesses')).toContainText('no-exp');
    await expect(pg.lessons.and(page.locator('[data-lesson="lab-no-exp"]'))).toBeVisible();
  });

  test('alg-none: an unsigned admin token works, then the strict server refuses it at alg', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    const token = `${b64u('{"alg":"none","typ":"at+jwt"}')}.${b64u(JSON.stringify(adminClaims(await simNow(pg))))}.`;
    await toggle(pg, 'alg-none', true);
    await tryAdmin(pg, token, 200);
    await expect(pg.step('alg')).toContainText('UNSAFE');
    await toggle(pg, 'alg-none', false);
    await tryAdmin(pg, token, 401);
    await pg.expectStep('alg', 'fail');
  });

  test('alg-confusion: HS256 signed with the public key works, then is refused at alg', async ({ playgroundPage: pg, page }) => {
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    // The attacker turns the published JWK into PEM and uses its text as the HMAC secret.
    const jwks = JSON.parse((await page.getByTestId('server-jwks').textContent()) ?? '{}');
    const pem = createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const token = hs256({ alg: 'HS256', typ: 'at+jwt' }, adminClaims(await simNow(pg)), pem);
    await toggle(pg, 'alg-confusion', true);
    await tryAdmin(pg, token, 200);
    await toggle(pg, 'alg-confusion', false);
    await tryAdmin(pg, token, 401);
    await pg.expectStep('alg', 'fail');
  });

  test('weak-secret: a token signed with a guessed word works, then is refused at signature', async ({ playgroundPage: pg }) => {
    await toggle(pg, 'weak-secret', true);
    await expect(pg.serverSecret).toHaveText('secret123');
    await pg.loginAs('alice');
    const token = hs256({ alg: 'HS256', typ: 'at+jwt' }, adminClaims(await simNow(pg)), 'secret123');
    await tryAdmin(pg, token, 200);
    await toggle(pg, 'weak-secret', false);
    await tryAdmin(pg, token, 401);
    await pg.expectStep('signature', 'fail');
  });

  test('trust-jwk: a token carrying its own key works, then is refused', async ({ playgroundPage: pg }) => {
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const header = { alg: 'ES256', typ: 'at+jwt', jwk: attacker.publicKey.export({ format: 'jwk' }) };
    const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(adminClaims(await simNow(pg))))}`;
    const sig = nodeSign('sha256', Buffer.from(input), { key: attacker.privateKey, dsaEncoding: 'ieee-p1363' });
    const token = `${input}.${b64u(sig)}`;
    await toggle(pg, 'trust-jwk', true);
    await tryAdmin(pg, token, 200);
    await toggle(pg, 'trust-jwk', false);
    await tryAdmin(pg, token, 401);
  });

  test('kid-path: an HMAC with an empty key and a path kid works, then is refused at signature', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    const token = hs256({ alg: 'HS256', typ: 'at+jwt', kid: '../../../../dev/null' }, adminClaims(await simNow(pg)), Buffer.alloc(0));
    await toggle(pg, 'kid-path', true);
    await tryAdmin(pg, token, 200);
    await toggle(pg, 'kid-path', false);
    await tryAdmin(pg, token, 401);
    await pg.expectStep('signature', 'fail');
  });

  test('no-exp: an hour-old token works, then is refused at exp', async ({ playgroundPage: pg }) => {
    await pg.loginAs('alice');
    await toggle(pg, 'no-exp', true);
    for (let i = 0; i < 12; i++) await pg.clockAdvance5m.click();
    await pg.expectStatus(await pg.sendAny(pg.requestProfile), 200);
    await expect(pg.step('exp')).toContainText('UNSAFE');
    // The Browser column's verdict is the strict one, and says the servers differ.
    await expect(pg.tokenVerdict).toHaveAttribute('data-reason', 'expired');
    await expect(pg.page.getByTestId('token-verdict-strict-note')).toContainText('no-exp');
    await toggle(pg, 'no-exp', false);
    await pg.expectStatus(await pg.sendAny(pg.requestProfile), 401);
    await pg.expectStep('exp', 'fail');
  });
});
