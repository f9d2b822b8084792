import {
  test,
  expect,
  JWTIO_HS256,
  JWTIO_HS384,
  JWTIO_HS512,
  RFC7515_A1,
  RFC7519_6_1_NONE,
  b64u,
  signHs,
  signRaw,
  tamperPayload,
} from '../fixtures';

// The token debugger (#/debugger): testing contract of issues 2 and 3. Tokens are made and broken
// here with Node's own base64url and HMAC, independently of the app's Rust engine.

const TAMPERED = tamperPayload(JWTIO_HS256.token, (json) => json.replace('"John Doe"', '"Jane Doe"'));

test.describe('token debugger', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('starts with the jwt.io sample, which verifies, decoded as JSON', async ({ debuggerPage: d }) => {
    await expect(d.token).toHaveValue(JWTIO_HS256.token);
    await expect(d.secret).toHaveValue(JWTIO_HS256.secret);
    await expect(d.secretEncoding).toHaveValue('utf8');
    await expect(d.alg).toHaveValue('HS256');
    await d.expectValid();
    await d.expectHeaderJson(JWTIO_HS256.header);
    await d.expectPayloadJson(JWTIO_HS256.payload);
    // Pretty JSON: more than one line.
    expect((await d.textOf(d.payload)).trim().split('\n').length).toBeGreaterThan(1);
  });

  test('a tampered payload with the old signature is invalid: signature', async ({ debuggerPage: d }) => {
    await d.setToken(TAMPERED);
    await d.expectInvalid('signature');
    // Decoding is not verifying: the edited payload is still shown.
    await d.expectPayloadJson({ ...JWTIO_HS256.payload, name: 'Jane Doe' });
  });

  // Panels that only show the token are written as HTML strings (src/markup.rs): whatever the
  // token says must come out as text, never as markup. The guard fixture also fails the test on
  // any dialog (an alert from an injected handler).
  test('markup in claims and header is shown as text, never run', async ({ debuggerPage: d, page }) => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>"\'&';
    const token = signHs(
      JSON.stringify({ alg: 'HS256', typ: '"><b id=inj>' }),
      JSON.stringify({ sub: hostile, name: '</dd></dl><i id=inj2>x</i>' }),
      JWTIO_HS256.secret,
    );
    await d.setToken(token);
    await d.expectValid();
    const claims = page.getByTestId('debugger-claims');
    // Values are shown as JSON, so quotes appear escaped.
    await expect(claims).toContainText(JSON.stringify(hostile));
    await expect(claims).toContainText('"</dd></dl><i id=inj2>x</i>"');
    await expect(page.getByTestId('debugger-header')).toContainText(JSON.stringify('"><b id=inj>'));
    await expect(page.locator('main img, main script, #inj, #inj2')).toHaveCount(0);
  });

  test('flipping admin to false is caught too', async ({ debuggerPage: d }) => {
    await d.setToken(tamperPayload(JWTIO_HS256.token, (json) => json.replace('"admin":true', '"admin":false')));
    await d.expectInvalid('signature');
  });

  test('re-signing after a tamper makes it valid again', async ({ debuggerPage: d }) => {
    await d.setToken(TAMPERED);
    await d.expectInvalid('signature');
    await d.sign.click();
    await d.expectValid();
    const resigned = await d.tokenValue();
    expect(resigned).not.toBe(TAMPERED);
    // The claims are the edited ones (the app may re-encode the JSON as it shows it).
    expect(JSON.parse(Buffer.from(resigned.split('.')[1], 'base64url').toString())).toEqual({ ...JWTIO_HS256.payload, name: 'Jane Doe' });
    await d.expectPayloadJson({ ...JWTIO_HS256.payload, name: 'Jane Doe' });
    // The new signature is the real HS256 of its signing input.
    const [h, p] = resigned.split('.');
    expect(resigned).toBe(signHs(Buffer.from(h, 'base64url').toString(), Buffer.from(p, 'base64url').toString(), JWTIO_HS256.secret));
  });

  test('a wrong secret gives signature', async ({ debuggerPage: d }) => {
    await d.setSecret('not-the-secret-that-signed-this-token-at-all');
    await d.expectInvalid('signature');
    await d.setSecret(JWTIO_HS256.secret);
    await d.expectValid();
  });

  test('RFC 7515 A.1 verifies with its base64url key before exp, and is expired at exp', async ({ debuggerPage: d }) => {
    await d.setSecret(RFC7515_A1.keyB64u, 'base64url');
    await d.setNow(RFC7515_A1.exp - 1);
    await d.setToken(RFC7515_A1.token);
    await d.expectValid();
    await d.expectPayloadJson({ iss: 'joe', exp: RFC7515_A1.exp, 'http://example.com/is_root': true });
    await d.setNow(RFC7515_A1.exp);
    await d.expectInvalid('expired');
    await d.setLeeway(5);
    await d.expectValid();
  });

  test('the same key read as UTF-8 text does not verify', async ({ debuggerPage: d }) => {
    await d.setSecret(RFC7515_A1.keyB64u, 'utf8');
    await d.setNow(RFC7515_A1.exp - 1);
    await d.setToken(RFC7515_A1.token);
    await d.expectInvalid('signature');
  });

  test('alg none (RFC 7519 6.1) is refused: alg', async ({ debuggerPage: d }) => {
    await d.setToken(RFC7519_6_1_NONE);
    await d.expectInvalid('alg');
  });

  test('an HS256 token is refused by an HS384 verifier: alg', async ({ debuggerPage: d }) => {
    await d.setAlg('HS384');
    await d.expectInvalid('alg');
    await d.setAlg('HS256');
    await d.expectValid();
  });

  test('HS384 and HS512 tokens from jwt.io verify with their algorithm selected', async ({ debuggerPage: d }) => {
    await d.setAlg('HS384');
    await d.setSecret(JWTIO_HS384.secret);
    await d.setToken(JWTIO_HS384.token);
    await d.expectValid();
    await d.setAlg('HS512');
    await d.setSecret(JWTIO_HS512.secret);
    await d.setToken(JWTIO_HS512.token);
    await d.expectValid();
  });

  test('garbage is malformed or base64', async ({ debuggerPage: d }) => {
    await d.setToken('not a token');
    await d.expectInvalid(['malformed', 'base64']);
  });

  test('two segments are malformed', async ({ debuggerPage: d }) => {
    await d.setToken('abc.def');
    await d.expectInvalid('malformed');
  });

  test('characters outside base64url in a segment give base64', async ({ debuggerPage: d }) => {
    const [h, p, s] = JWTIO_HS256.token.split('.');
    // In the header, which is decoded before anything else.
    await d.setToken(`@@@${h}.${p}.${s}`);
    await d.expectInvalid('base64');
    // In the payload, with a correct MAC over the exact bytes, so only the decoding can fail.
    await d.setToken(signRaw(`${h}.${p}@@@`, JWTIO_HS256.secret));
    await d.expectInvalid('base64');
  });

  test('a 1 MB paste keeps the page alive', async ({ debuggerPage: d, appPage }) => {
    test.setTimeout(60_000);
    await d.pasteToken('a'.repeat(1024 * 1024));
    await d.expectInvalid();
    await expect(appPage.root).toHaveAttribute('data-ready', 'true');
    // Still working afterwards.
    await d.setToken(JWTIO_HS256.token);
    await d.expectValid();
  });

  test('HTML and script tags are shown as text, never run', async ({ debuggerPage: d, appPage, guard, page }) => {
    await d.setToken('<script>alert(1)</script>');
    await d.expectInvalid();
    await d.setToken('<img src=x onerror="alert(2)">.<b>x</b>.<svg onload=alert(3)>');
    await d.expectInvalid();
    // A token whose payload carries markup: decoded and shown as text.
    const markup = signHs({ alg: 'HS256', typ: 'JWT' }, { name: '<img src=x onerror=alert(4)><script>alert(5)</script>' }, JWTIO_HS256.secret);
    await d.setToken(markup);
    await d.expectValid();
    await expect.poll(() => d.textOf(d.payload)).toContain('<script>alert(5)</script>');
    await page.waitForTimeout(200);
    await expect(appPage.root).toHaveAttribute('data-ready', 'true');
    expect(await page.locator('main img[src="x"], main svg[onload]').count()).toBe(0);
    expect(await page.evaluate(() => [...document.scripts].filter((s) => s.text.includes('alert(')).length)).toBe(0);
    expect(guard.dialogs).toEqual([]);
    expect(guard.pageErrors).toEqual([]);
  });
});

// Every refusal has its own reason word (issue 3's verification policy). Tokens signed here with
// the sample secret, so only the property under test is wrong.
test.describe('token debugger: reason words', () => {
  const key = JWTIO_HS256.secret;
  const header = { alg: 'HS256', typ: 'JWT' };

  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('nbf in the future: not-yet-valid', async ({ debuggerPage: d }) => {
    await d.setNow(1_700_000_000);
    await d.setToken(signHs(header, { sub: 'x', nbf: 1_700_000_100 }, key));
    await d.expectInvalid('not-yet-valid');
    await d.setNow(1_700_000_100);
    await d.expectValid();
  });

  test('exp as a string: claim-type', async ({ debuggerPage: d }) => {
    await d.setNow(1_700_000_000);
    await d.setToken(signHs(header, { sub: 'x', exp: '1800000000' }, key));
    await d.expectInvalid('claim-type');
  });

  test('an unknown crit extension: crit', async ({ debuggerPage: d }) => {
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT', crit: ['x-unknown'], 'x-unknown': 1 }, { sub: 'x' }, key));
    await d.expectInvalid('crit');
  });

  test('a header that is not JSON: json', async ({ debuggerPage: d }) => {
    await d.setToken(signHs('not json', { sub: 'x' }, key));
    await d.expectInvalid('json');
  });

  test('base64url with padding: base64', async ({ debuggerPage: d }) => {
    // {"sub":"x"} is 11 bytes: standard base64 ends it with one "=". The MAC covers the padded
    // bytes exactly, so only the padding is wrong.
    const padded = Buffer.from('{"sub":"x"}').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    expect(padded.endsWith('=')).toBe(true);
    await d.setToken(signRaw(`${b64u(JSON.stringify(header))}.${padded}`, key));
    await d.expectInvalid('base64');
  });

  test('an empty secret: key', async ({ debuggerPage: d }) => {
    await d.setSecret('');
    await d.expectInvalid('key');
  });

  test('alg in another casing of none: alg', async ({ debuggerPage: d }) => {
    await d.setToken(`${b64u('{"alg":"nOnE","typ":"JWT"}')}.${b64u('{"sub":"x"}')}.`);
    await d.expectInvalid('alg');
  });

  test('a pasted "Bearer " prefix and surrounding spaces are stripped, with a note', async ({ debuggerPage: d, page }) => {
    await d.setToken(`  Bearer ${JWTIO_HS256.token}\n`);
    await d.expectValid();
    const notes = page.getByTestId('debugger-notes');
    await expect(notes).toContainText('Bearer');
    await expect(notes).toContainText('whitespace');
  });

  test('a secret shorter than the hash output is flagged as weak (RFC 7518 3.2)', async ({ debuggerPage: d, page }) => {
    const weak = page.getByTestId('debugger-weak-key');
    const strong = 'q7Vb2kP9xL4mN8rT1wZ6yC3hF5jD0sGe';
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'x' }, strong));
    await d.setSecret(strong);
    await d.expectValid();
    await expect(weak).toHaveCount(0);
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'x' }, 'short'));
    await d.setSecret('short');
    await d.expectValid();
    await expect(weak).toBeVisible();
    await expect(weak).toContainText('5 bytes');
  });

  test('claims are explained inline, with times in UTC and relative to the clock', async ({ debuggerPage: d, page }) => {
    await d.setToken(RFC7515_A1.token);
    await d.setSecret(RFC7515_A1.keyB64u, 'base64url');
    await d.now.fill('1300819200');
    await d.expectValid();
    const exp = page.locator('[data-testid=debugger-claims] [data-claim=exp]');
    await expect(exp).toContainText('Expiration time');
    await expect(exp).toContainText('2011-03-22 18:43:00 UTC');
    await expect(exp).toContainText('expires in 3 min');
    const iss = page.locator('[data-testid=debugger-claims] [data-claim=iss]');
    await expect(iss).toContainText('Issuer');
  });

  test('the checklist marks the failing step and what was not reached', async ({ debuggerPage: d, page }) => {
    await d.setToken(TAMPERED);
    await d.expectInvalid('signature');
    await expect(page.locator('[data-testid=verify-step][data-step=alg]')).toHaveAttribute('data-result', 'pass');
    await expect(page.locator('[data-testid=verify-step][data-step=signature]')).toHaveAttribute('data-result', 'fail');
    await expect(page.locator('[data-testid=verify-step][data-step=exp]')).toHaveAttribute('data-result', 'skip');
    await expect(page.getByTestId('signature-received')).toHaveText(JWTIO_HS256.token.split('.')[2]);
  });
});

test.describe('known weak secrets', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('the jwt.io sample secret is flagged: a published secret is weak however long it is', async ({ debuggerPage: d, page }) => {
    await d.expectValid();
    await expect(page.getByTestId('debugger-weak-key')).toContainText('published example secrets');
    await expect(d.verdict).toContainText('weak');
  });

  test('guessing the secret from a list: progress, a result, and a forged admin token', async ({ debuggerPage: d, page }) => {
    const token = signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice', role: 'user' }, 'Changeme2024');
    await d.setToken(token);
    await d.setSecret('');
    await page.locator('details.guesser summary').click();
    await page.getByTestId('crack-start').click();
    await expect(page.getByTestId('crack-result')).toContainText('"Changeme2024"', { timeout: 20_000 });
    await expect(page.getByTestId('crack-progress')).toHaveAttribute('value', /\d+/);
    await page.getByTestId('crack-use').click();
    await expect(d.secret).toHaveValue('Changeme2024');
    await d.expectValid();
  });

  test('guessing can be cancelled, and the page answers clicks while it runs', async ({ debuggerPage: d, page }) => {
    // 8 KB of claims: each guess an HMAC over about 130 blocks, so the run lasts a few seconds.
    const token = signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice', pad: 'p'.repeat(8_000) }, 'a-truly-random-secret-nobody-guesses-4f9c2a');
    await d.setToken(token);
    await page.locator('details.guesser summary').click();
    // Cancel at once: the run stops where it is.
    await page.getByTestId('crack-start').click();
    await page.getByTestId('crack-cancel').click();
    await expect(page.getByTestId('crack-result')).toContainText(/Stopped after|Not on the list/);
    // Run again: a control is answered while guessing runs (in the background worker), not after it.
    // How fast is the bench's business; here, the order of events.
    await page.getByTestId('crack-start').click();
    const atAnswer = await page.evaluate(
      () =>
        new Promise<{ tried: number; total: number }>((resolve) => {
          const field = document.querySelector('[data-testid="debugger-leeway"]') as HTMLInputElement;
          const progress = document.querySelector('[data-testid="crack-progress"]') as HTMLProgressElement;
          field.addEventListener('input', () => resolve({ tried: progress.value, total: progress.max }), { once: true });
          setTimeout(() => {
            field.value = '5';
            field.dispatchEvent(new Event('input', { bubbles: true }));
          }, 0);
        }),
    );
    expect(atAnswer.tried, 'guesses tried when the page answered the keystroke').toBeLessThan(atAnswer.total);
    await expect(page.getByTestId('crack-result')).toContainText('Not on the list', { timeout: 30_000 });
  });
});
