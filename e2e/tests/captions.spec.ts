import { createHmac } from 'node:crypto';
import { test, expect, b64u, type PlaygroundPage } from '../fixtures';

// Issue 21, "words and wrong captions": what the page says comes from what the server actually did.
// A check a weakness skipped reads "skipped (weakness on)", never passed; the guess-the-secret
// exercise hides the secret until it is found; an edited token of the playground's own is not
// called one from outside; a story replayed in the other mode says so; jargon has a visible gloss.

async function toggle(pg: PlaygroundPage, name: string, on: boolean): Promise<void> {
  await pg.openLab();
  const box = pg.page.getByTestId(`weakness-${name}`);
  if (on) await box.check();
  else await box.uncheck();
}

/** The simulated time, from the `iat` of the token the browser holds. */
async function simNow(pg: PlaygroundPage): Promise<number> {
  const token = await pg.token();
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).iat;
}

function adminClaims(now: number) {
  return { sub: 'alice@example.com', role: 'admin', aud: 'https://app.example/api', exp: now + 300 };
}

test.describe('captions say what the server did', () => {
  test('alg-none: crit and the signature read "skipped (weakness on)"; the diagram and the cost line say no signature was checked', async ({
    playgroundPage: pg,
    page,
  }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await toggle(pg, 'alg-none', true);
    const token = `${b64u('{"alg":"none","typ":"at+jwt"}')}.${b64u(JSON.stringify(adminClaims(await simNow(pg))))}.`;
    await pg.browserToken.fill(token);
    const entry = await pg.sendAny(pg.requestAdmin);
    await pg.expectStatus(entry, 200);

    for (const id of ['crit', 'signature']) {
      const row = pg.step(id);
      await expect(row).toHaveAttribute('data-result', 'skip');
      await expect(row).toHaveAttribute('data-skipped-by', 'alg-none');
      await expect(row.locator('.check-word')).toHaveText(/skipped \(weakness on\)/i);
      await expect(row).not.toContainText('not checked');
    }
    await expect(pg.step('signature')).toContainText('checked no signature at all');
    // The checks the weak server did run still read as passed.
    await pg.expectStep('segments', 'pass');
    await pg.expectStep('claims', 'pass');

    const diagram = page.getByTestId('sequence-diagram');
    await expect(diagram).toContainText('no signature checked (alg-none on)');
    await expect(diagram).not.toContainText('signature checked: no lookup');
    const cost = page.getByTestId('check-cost');
    await expect(cost).toContainText('no signature check');
    await expect(cost).not.toContainText('signature included');
  });

  test('no-exp: a fresh token\'s exp check reads "skipped (weakness on)", not passed', async ({ playgroundPage: pg }) => {
    await pg.goto();
    await toggle(pg, 'no-exp', true);
    await pg.loginAs('alice');
    await pg.expectStatus(await pg.profile(), 200);
    const exp = pg.step('exp');
    await expect(exp).toHaveAttribute('data-result', 'skip');
    await expect(exp).toHaveAttribute('data-skipped-by', 'no-exp');
    await expect(exp.locator('.check-word')).toHaveText(/skipped \(weakness on\)/i);
  });
});

test.describe('the guess-the-secret exercise hides the secret', () => {
  test('not shown anywhere until the forged admin token gets through; then shown', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.openLab();
    await page.getByTestId('attack-weak-secret').click();
    const card = page.getByTestId('attack-card');
    await expect(card).toHaveAttribute('data-exercise', 'weak-secret');
    await expect(page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'false');
    await expect(pg.serverSecret).toContainText('hidden: find it');
    await expect(card).not.toContainText('secret123');
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('secret123');

    // Found (here: known), signed into an admin token, accepted: the goal is reached and the secret shows.
    const token = await pg.token();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const input = `${b64u('{"alg":"HS256","typ":"at+jwt"}')}.${b64u(JSON.stringify({ ...claims, role: 'admin' }))}`;
    const forged = `${input}.${createHmac('sha256', 'secret123').update(input).digest('base64url')}`;
    await pg.browserToken.fill(forged);
    await pg.expectStatus(await pg.sendAny(pg.requestAdmin), 200);
    await expect(page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'true');
    await expect(pg.serverSecret).toHaveText('secret123');
  });
});

test.describe('an edited token of the playground is not called one from outside', () => {
  test('one character changed in its payload: "edited from a token this playground issued", still kept in memory only', async ({
    playgroundPage: pg,
    page,
  }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.pauseBuild();
    const note = page.getByTestId('token-not-kept');
    await expect(note).toBeHidden();
    const [h, p, s] = (await pg.token()).split('.');
    // "e" -> "f" at the start of the payload turns its "{" into a control character: no JSON left.
    const edited = `${h}.${p.startsWith('e') ? 'f' : 'e'}${p.slice(1)}.${s}`;
    await pg.browserToken.fill(edited);
    await expect(note).toBeVisible();
    await expect(note).toHaveAttribute('data-outside', 'edited');
    await expect(note).toContainText('Edited from a token this playground issued');
    await expect(note).not.toContainText('did not come from this playground');
    await expect(note).toContainText("stays in this tab's memory only");
    // The privacy rule holds: the edited token is not written to storage.
    await pg.sendAny(pg.requestProfile);
    await page.waitForTimeout(500); // the debounced save
    const kept = await page.evaluate(() => localStorage.getItem('jwt-playground.world') ?? '');
    expect(kept).not.toContain(edited.split('.')[1]);
  });
});

test.describe('a mode switch says the story was replayed', () => {
  test('the latest result names the replay in cookie-session mode, not a login from the empty form', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.setMode('session');
    const latest = page.getByTestId('latest-result');
    await expect(latest).toContainText('The same story, replayed with cookie sessions: Alice logged in');
    await expect(latest).toContainText('POST /user/login → 200');
    await expect(pg.loginEmail).toHaveValue('');
    // A click of one's own after the replay is just itself.
    await pg.profile();
    await expect(latest).toContainText('GET /api/profile → 200');
    await expect(latest).not.toContainText('replayed');
    await pg.setMode('jwt');
    await expect(latest).toContainText('The same story, replayed with JWTs: the profile was answered');
  });
});

test.describe('jargon has a visible gloss', () => {
  test('step names, claims, the HMAC key, kid, PBKDF2 and round-robin are explained in text on the screen', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    // PBKDF2, where it first shows: the login's password check.
    await expect(pg.step('password')).toContainText('PBKDF2-HMAC-SHA256 (a password hash made slow on purpose');
    await pg.profile();
    const steps = page.locator('[data-testid="glossary"][data-of="Step names"]');
    await expect(steps).toBeVisible();
    for (const [word, meaning] of [
      ['segments', 'three parts'],
      ['alg', 'signing algorithm'],
      ['crit', 'must understand'],
      ['exp', 'expiry'],
      ['nbf', 'not before'],
      ['iss', 'issuer'],
      ['aud', 'audience'],
    ]) {
      const gloss = steps.locator(`[data-word="${word}"]`);
      await expect(gloss).toBeVisible();
      await expect(gloss).toContainText(meaning);
    }
    const claims = page.locator('[data-testid="glossary"][data-of="Claims"]');
    await expect(claims).toBeVisible();
    await expect(claims.locator('[data-word="jti"]')).toContainText('unique id');
    await expect(claims.locator('[data-word="sub"]')).toContainText('subject');
    // Next to the word itself.
    await expect(page.getByText('HMAC key, UTF-8: the bytes of this text sign and check every token')).toBeVisible();
    await expect(pg.servers.first().getByTestId('server-kids')).toContainText('(no kid): there is one key, so tokens carry no key id');
    await expect(pg.lbPolicy.locator('option[value="round-robin"]')).toHaveText(/round-robin \(next server each time\)/);
    // kid, where key-pair mode first names it.
    await pg.keyMode.selectOption('key-pair');
    await expect(page.locator('[data-testid="glossary"][data-of="Words"] [data-word="kid"]')).toContainText('key id');
    // Nothing explained on hover only.
    await expect(page.locator('[data-testid="glossary"] [title]')).toHaveCount(0);
  });
});
