import { test, expect, b64u, keyPair, publicJwk, publicPem, signAsym, signHs } from '../fixtures';

// Real-world tokens in the debugger (issue 11): RS256, PS256, ES256, ES384 and EdDSA tokens made
// with Node's crypto, verified by the page with a PEM, a JWK or a JWK Set; the refusals a strict
// verifier owes; tokens it cannot check; key pairs made in the page.

const LATER = 4_102_444_800; // 2100-01-01
const CLAIMS = { iss: 'https://issuer.example', sub: 'alice', aud: 'api', exp: LATER };

test.describe('real-world tokens in the debugger', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('the algorithm list has every public-key algorithm', async ({ debuggerPage: d }) => {
    const values = await d.alg.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values).toEqual([
      'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
    ]);
  });

  test('an RS256 token from a provider verifies with its JWK Set, the key chosen by kid', async ({ debuggerPage: d }) => {
    const signer = keyPair('RS256', 'a');
    const other = keyPair('ES256', 'b');
    const jwks = { keys: [publicJwk(other, 'k1', 'ES256'), publicJwk(signer, 'k2', 'RS256')] };
    const token = signAsym('RS256', { alg: 'RS256', typ: 'JWT', kid: 'k2' }, CLAIMS, signer);
    await d.setAlg('RS256');
    await d.setSecret(JSON.stringify(jwks));
    await d.setToken(token);
    await d.expectValid();
    await expect(d.keyInfo).toContainText('JWK Set with 2 keys (kid k1, k2)');
    await expect(d.keyInfo).toContainText('an RSA public key, 2048 bits, kid "k2": the token\'s kid matched');

    // One changed claim, old signature: refused, and the reason says which key.
    const [h, , s] = token.split('.');
    await d.setToken(`${h}.${b64u(JSON.stringify({ ...CLAIMS, sub: 'mallory' }))}.${s}`);
    await d.expectInvalid('signature');
    await expect(d.verdict).toContainText('does not verify with an RSA public key, 2048 bits');
  });

  for (const alg of ['PS256', 'ES256', 'ES384', 'EdDSA'] as const) {
    test(`${alg} verifies with a PEM public key and says what it found`, async ({ debuggerPage: d }) => {
      const pair = keyPair(alg, 'pem');
      await d.setAlg(alg);
      await d.setSecret(publicPem(pair));
      await d.setToken(signAsym(alg, { alg, typ: 'JWT' }, CLAIMS, pair));
      await d.expectValid();
      const found = { PS256: 'an RSA public key, 2048 bits', ES256: 'an EC public key on P-256', ES384: 'an EC public key on P-384', EdDSA: 'an Ed25519 public key' }[alg];
      await expect(d.keyInfo).toContainText(found);
    });
  }

  test('a kid that is not in the set is refused: kid', async ({ debuggerPage: d }) => {
    const pair = keyPair('ES256', 'a');
    await d.setAlg('ES256');
    await d.setSecret(JSON.stringify({ keys: [publicJwk(pair, 'k1', 'ES256')] }));
    await d.setToken(signAsym('ES256', { alg: 'ES256', kid: 'k9' }, CLAIMS, pair));
    await d.expectInvalid('kid');
    await expect(d.verdict).toContainText('"k9"');
  });

  test('a key of the wrong type is refused: key', async ({ debuggerPage: d }) => {
    await d.setAlg('ES256');
    await d.setSecret(publicPem(keyPair('ES384', 'a')));
    await d.setToken(signAsym('ES256', { alg: 'ES256' }, CLAIMS, keyPair('ES256', 'a')));
    await d.expectInvalid('key');
    await expect(d.verdict).toContainText('ES256 needs an EC key on curve P-256');
  });

  test('without a key the token is not verified, but its time is still checked', async ({ debuggerPage: d, page }) => {
    const pair = keyPair('RS256', 'a');
    await d.setAlg('RS256');
    await d.setSecret('');
    await d.setToken(signAsym('RS256', { alg: 'RS256' }, CLAIMS, pair));
    await d.expectUnverified('no-key');
    await expect(d.verdict).toContainText('Cannot verify: no key for RS256 given');
    await expect(d.verdict).toContainText('Not verified');
    await expect(page.locator('[data-testid=verify-step][data-step=signature]')).toHaveAttribute('data-result', 'warn');
    // An expired token is still refused as expired.
    await d.setToken(signAsym('RS256', { alg: 'RS256' }, { ...CLAIMS, exp: 1_000 }, pair));
    await d.expectInvalid('expired');
  });

  test('a public key used as the HMAC secret is refused: algorithm confusion', async ({ debuggerPage: d }) => {
    const pem = publicPem(keyPair('RS256', 'a'));
    // The attacker signs HS256 with the public key's text as the secret.
    const forged = signHs({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, sub: 'admin' }, pem);
    await d.setToken(forged);
    await d.setAlg('HS256');
    await d.setSecret(pem);
    await d.expectInvalid('key');
    await expect(d.verdict).toContainText('algorithm confusion');
    // A verifier pinned to RS256 refuses the token's algorithm.
    await d.setAlg('RS256');
    await d.expectInvalid('alg');
  });

  test('keys in the header are not used, and the page says why', async ({ debuggerPage: d }) => {
    const server = keyPair('ES256', 'a');
    const attacker = keyPair('ES256', 'attacker');
    const header = { alg: 'ES256', jwk: attacker.publicKey.export({ format: 'jwk' }) };
    await d.setAlg('ES256');
    await d.setSecret(publicPem(server));
    await d.setToken(signAsym('ES256', header, CLAIMS, attacker));
    await d.expectInvalid('signature');
    await expect(d.warnings).toContainText('The header has "jwk"');
  });

  test('a token without exp passes with a warning that it never expires', async ({ debuggerPage: d, page }) => {
    const pair = keyPair('EdDSA', 'a');
    await d.setAlg('EdDSA');
    await d.setSecret(publicPem(pair));
    await d.setToken(signAsym('EdDSA', { alg: 'EdDSA' }, { sub: 'alice' }, pair));
    await d.expectValid();
    const exp = page.locator('[data-testid=verify-step][data-step=exp]');
    await expect(exp).toHaveAttribute('data-result', 'warn');
    await expect(exp).toContainText('never expires');
  });

  test('a JWE is recognised: header shown, five parts named, not readable', async ({ debuggerPage: d, page }) => {
    const header = b64u(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM' }));
    await d.setToken(`${header}.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ`);
    await d.expectUnverified('encrypted');
    await d.expectHeaderJson({ alg: 'RSA-OAEP', enc: 'A256GCM' });
    const labels = page.getByTestId('debugger-parts').locator('.seg-label');
    await expect(labels).toHaveText(['protected header', 'encrypted key', 'initialization vector', 'ciphertext', 'authentication tag']);
  });

  for (const alg of ['ES256', 'EdDSA'] as const) {
    test(`a fresh ${alg} key pair is made in the page, signs, and verifies`, async ({ debuggerPage: d }) => {
      await d.setAlg(alg);
      await d.generateKey.click();
      await d.expectValid();
      await expect(d.privateKey).toHaveValue(/-----BEGIN PRIVATE KEY-----/);
      await expect(d.secret).toHaveValue(/"keys"/);
      await expect(page(d).getByTestId('debugger-key-made')).toContainText(`Made a new ${alg} key pair`);
      const header = JSON.parse(await d.textOf(d.header));
      expect(header.alg).toBe(alg);
      expect(typeof header.kid).toBe('string');
      // Edit a claim: the old signature no longer holds; signing again with the private key fixes it.
      const payload = JSON.parse(await d.textOf(d.payload));
      await d.page.locator('#debugger-payload-box').fill(JSON.stringify({ ...payload, admin: true }));
      await d.expectInvalid('signature');
      await d.sign.click();
      await d.expectValid();
      // Only the private key signs: with the public key alone, signing is refused with the reason.
      await d.privateKey.fill('');
      await d.sign.click();
      await expect(d.page.getByTestId('debugger-sign-error')).toContainText('needs the private key');
    });
  }

  test('the RS256 sample with its JWK Set verifies', async ({ debuggerPage: d, page }) => {
    await page.getByTestId('debugger-load-rs256').click();
    await expect(d.alg).toHaveValue('RS256');
    await d.expectValid();
    await expect(d.keyInfo).toContainText('kid "bilbo.baggins@hobbiton.example"');
  });
});

function page(d: { page: import('@playwright/test').Page }) {
  return d.page;
}
