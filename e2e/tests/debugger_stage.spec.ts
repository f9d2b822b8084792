import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { test, expect, b64u, signHs, keyPair, publicJwk, signAsym, type DebuggerPage } from '../fixtures';

// The token debugger as a stage (issue 21): a hand-over lands at the top, the verdict stays in
// view while fields are edited, times read in words, the token's own algorithm is offered but
// never obeyed, a DER-encoded ECDSA signature is named as such, an expected issuer and audience
// are checked when given, and an empty secret says what to do next. Then issue 26: the secret
// guesser's slices belong to their component (no panic when it goes, one chain at a time).

const SECRET = 'a-long-random-secret-for-these-tests-0123456789';
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

/** The element's box lies entirely within the viewport (the verdict is readable). */
async function expectInView(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const view = page.viewportSize();
  expect(box, what).not.toBeNull();
  if (!box || !view) return;
  expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(-1);
  expect(box.y + box.height, `${what}: bottom`).toBeLessThanOrEqual(view.height + 1);
}

/** `field` is not under the verdict bar (its top is below the bar's bottom). */
async function expectNotCovered(bar: Locator, field: Locator, what: string): Promise<void> {
  const b = await bar.boundingBox();
  const f = await field.boundingBox();
  expect(b && f, what).toBeTruthy();
  if (!b || !f) return;
  expect(f.y, `${what} starts below the verdict bar`).toBeGreaterThanOrEqual(b.y + b.height - 1);
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'no sideways scroll').toBeLessThanOrEqual(client);
}

function checkRow(page: Page, step: string): Locator {
  return page.locator(`[data-testid=verify-step][data-step=${step}]`);
}

test.describe('the hand-over', () => {
  test('the weak-secret exercise opens the debugger at its top, without the secret, saying what to do', async ({ playgroundPage: pg, page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await pg.goto();
    const advanced = page.getByTestId('advanced-controls');
    if (!(await advanced.evaluate((d) => (d as HTMLDetailsElement).open))) await advanced.locator('> summary').click();
    const lab = page.locator('details.lab');
    if (!(await lab.evaluate((d) => (d as HTMLDetailsElement).open))) await lab.locator('summary').click();
    await page.getByTestId('attack-weak-secret').click();
    await expect(page.getByTestId('attack-card')).toHaveAttribute('data-exercise', 'weak-secret');
    await page.getByTestId('open-in-debugger').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByTestId('open-in-debugger').click();
    await expect(page.getByTestId('debugger-handover')).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await expect(page.locator('#debugger-title')).toBeFocused();
    const verdict = page.getByTestId('debugger-verdict');
    await expect(verdict).toHaveAttribute('data-reason', 'key');
    await expect(verdict).toContainText('No secret given');
    await expect(verdict).toContainText('guesser');
    await expect(verdict).not.toContainText('the secret is empty');
    await expectInView(page, verdict, 'verdict after the hand-over');
    await shot(page, 'handover-1280');
  });

  test('a key-pair hand-over lands at the top too', async ({ playgroundPage: pg, page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await pg.goto();
    await pg.keyMode.selectOption('key-pair');
    await pg.loginAs('alice');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByTestId('open-in-debugger').click();
    await expect(page.getByTestId('debugger-verdict')).toHaveAttribute('data-verdict', 'valid');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await expectInView(page, page.getByTestId('debugger-verdict'), 'verdict after the hand-over');
  });
});

test.describe('the verdict stays in view while fields are edited', () => {
  for (const size of SIZES) {
    test(`at ${size.width}x${size.height}`, async ({ debuggerPage: d, page }) => {
      await page.setViewportSize(size);
      await d.goto();
      const bar = page.getByTestId('debugger-verdict-bar');
      const edits: [string, Locator, string][] = [
        ['token', d.token, 'x'],
        ['payload', page.locator('#debugger-payload-box'), ' '],
        ['secret', d.secret, 'x'],
        ['expected-aud', page.getByTestId('debugger-expected-aud'), 'api'],
        ['leeway', d.leeway, '0'],
      ];
      for (const [name, field, text] of edits) {
        await field.focus();
        await page.keyboard.press('End');
        await page.keyboard.type(text);
        await expectInView(page, d.verdict, `verdict while editing ${name}`);
        await expectNotCovered(bar, field, name);
        await noSidewaysScroll(page);
        await shot(page, `edit-${name}-${size.width}`);
      }
      // The secret edit broke the signature: the bar says so while the key field is in use.
      await d.secret.focus();
      await expect(d.verdict).toHaveAttribute('data-verdict', 'invalid');
      await expectInView(page, d.verdict, 'verdict while the key is wrong');
    });
  }

  test('a long reason is cut in the bar, and one button reads it whole', async ({ debuggerPage: d, page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await d.goto();
    await d.setSecret('wrong');
    await d.expectInvalid('signature');
    const more = page.getByTestId('debugger-verdict-more');
    await expect(more).toBeVisible();
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    const cutHeight = (await d.verdict.boundingBox())?.height ?? 0;
    await more.focus();
    await page.keyboard.press('Enter');
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    expect((await d.verdict.boundingBox())?.height ?? 0).toBeGreaterThan(cutHeight);
    await shot(page, 'verdict-whole-390');
  });
});

test.describe('times for people', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('time left and time since expiry are written in words', async ({ debuggerPage: d, page }) => {
    const now = 1_700_000_000;
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now + 2_305_865_886 }, SECRET));
    await d.setSecret(SECRET);
    await d.setNow(now);
    await d.expectValid();
    await expect(checkRow(page, 'exp')).toContainText('73 years left');
    await expect(d.claim('exp')).toContainText('expires in 73 years');
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now + 7500 }, SECRET));
    await expect(checkRow(page, 'exp')).toContainText('2 h 5 min left');
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now - 180 }, SECRET));
    await d.expectInvalid('expired');
    await expect(d.verdict).toContainText('expired 3 min ago');
    await expect(page.getByTestId('debugger-verdict')).not.toContainText(' s left');
  });

  test('extreme times do not break the page', async ({ debuggerPage: d, page }) => {
    await d.setSecret(SECRET);
    for (const exp of ['-1e308', '1e308', '9223372036854775807', '0']) {
      await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, `{"exp":${exp}}`, SECRET));
      await expect(d.verdict).toHaveAttribute('data-verdict', /^(valid|invalid)$/);
    }
    await expect(d.claim('exp')).toContainText('1970-01-01');
    await expect(page.getByTestId('debugger-claims')).toBeVisible();
  });
});

test.describe('the algorithm stays pinned', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('the token\'s own algorithm is offered in one click, with the reason it is not taken from the token', async ({ debuggerPage: d, page }) => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const h = b64u(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
    const p = b64u(JSON.stringify({ sub: 'a' }));
    const sig = nodeSign('sha256', Buffer.from(`${h}.${p}`), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' });
    await d.setToken(`${h}.${p}.${b64u(sig)}`);
    await d.expectInvalid('alg');
    const offer = page.getByTestId('debugger-use-token-alg');
    await expect(offer).toHaveText('The token says ES256: verify as ES256');
    await expect(page.getByTestId('debugger-alg-offer')).toContainText('never from the token');
    await expect(page.getByTestId('debugger-alg-offer')).toContainText('RFC 8725');
    await page.setViewportSize({ width: 390, height: 844 });
    await offer.scrollIntoViewIfNeeded();
    await noSidewaysScroll(page);
    await shot(page, 'alg-offer-390');
    await offer.focus();
    await page.keyboard.press('Enter');
    await expect(d.alg).toHaveValue('ES256');
    await expect(offer).toHaveCount(0);
    await d.setSecret(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await d.expectValid();
  });

  test('never offered for none, unknown names, or the algorithm already pinned', async ({ debuggerPage: d, page }) => {
    const offer = page.getByTestId('debugger-use-token-alg');
    await d.expectValid();
    await expect(offer).toHaveCount(0);
    for (const alg of ['none', 'NONE', 'hs256', 'XS999']) {
      await d.setToken(`${b64u(JSON.stringify({ alg }))}.${b64u('{"sub":"a"}')}.`);
      await d.expectInvalid('alg');
      await expect(offer).toHaveCount(0);
    }
  });
});

test('a DER-encoded ES256 signature is named, with the usual cause and its fix', async ({ debuggerPage: d, page }) => {
  await d.goto();
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const h = b64u(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
  const p = b64u(JSON.stringify({ sub: 'a' }));
  // Node's default: DER.
  const der = nodeSign('sha256', Buffer.from(`${h}.${p}`), pair.privateKey);
  expect(der[0]).toBe(0x30);
  await d.setAlg('ES256');
  await d.setSecret(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  await d.setToken(`${h}.${p}.${b64u(der)}`);
  await d.expectInvalid('signature');
  await expect(d.verdict).toContainText('DER');
  await expect(d.verdict).toContainText("dsaEncoding: 'ieee-p1363'");
  await expect(d.verdict).toContainText('SHA256withECDSA');
  await expect(d.verdict).toContainText('does verify with this key');
  await expect(checkRow(page, 'signature')).toContainText('DER');
  await page.getByTestId('debugger-verdict-more').click();
  await shot(page, 'der-1280');
});

test.describe('expected issuer and audience', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('without them the rows say "not checked" and why; with them iss and aud are checked', async ({ debuggerPage: d, page }) => {
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', iss: 'https://auth.example', aud: ['api', 'web'] }, SECRET));
    await d.setSecret(SECRET);
    await d.expectValid();
    await expect(checkRow(page, 'iss')).toHaveAttribute('data-result', 'skip');
    await expect(checkRow(page, 'iss')).toContainText('not checked');
    await expect(checkRow(page, 'iss')).toContainText('no expected issuer given');
    await expect(checkRow(page, 'iss')).not.toContainText('not reached');
    await expect(checkRow(page, 'aud')).toContainText('no expected audience given');

    const iss = page.getByLabel(/Expected issuer/);
    const aud = page.getByLabel(/Expected audience/);
    await expect(iss).toHaveAttribute('data-testid', 'debugger-expected-iss');
    await expect(aud).toHaveAttribute('data-testid', 'debugger-expected-aud');
    // Keyboard: Tab goes from the issuer to the audience.
    await iss.focus();
    await page.keyboard.type('https://evil.example');
    await expect(d.verdict).toHaveAttribute('data-reason', 'issuer');
    await expect(d.verdict).toContainText('"https://auth.example"');
    await expect(checkRow(page, 'iss')).toHaveAttribute('data-result', 'fail');
    await iss.fill('https://auth.example');
    await d.expectValid();
    await expect(checkRow(page, 'iss')).toHaveAttribute('data-result', 'pass');
    await iss.focus();
    await page.keyboard.press('Tab');
    await expect(aud).toBeFocused();
    await page.keyboard.type('admin');
    await expect(d.verdict).toHaveAttribute('data-reason', 'audience');
    await expect(d.verdict).toContainText('"admin"');
    await aud.fill('web');
    await d.expectValid();
    await expect(checkRow(page, 'aud')).toHaveAttribute('data-result', 'pass');
  });
});

test('an empty secret on an HS256 token says what to do, not only that it is empty', async ({ debuggerPage: d }) => {
  await d.goto();
  await d.setSecret('');
  await d.expectInvalid('key');
  await expect(d.verdict).toContainText('No secret given');
  await expect(d.verdict).toContainText('guesser');
});

test.describe('the secret guesser belongs to its component (issue 26)', () => {
  // 12 KB of claims make each guess an HMAC over about 200 blocks: the whole list then takes
  // seconds, so the run is still going when the test looks (a short token was guessed through
  // before Playwright saw "Trying" on an idle machine).
  const UNGUESSABLE = signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', pad: 'p'.repeat(12_000) }, 'a-truly-random-secret-nobody-guesses-4f9c2a');

  async function startGuessing(d: DebuggerPage, page: Page): Promise<void> {
    await d.setToken(UNGUESSABLE);
    const guesser = page.locator('details.guesser');
    if (!(await guesser.evaluate((el) => (el as HTMLDetailsElement).open))) await guesser.locator('summary').click();
    await page.getByTestId('crack-start').click();
    await expect(page.getByTestId('crack-result')).toContainText('Trying');
  }

  test('leaving the screen while it guesses: no panic, and it can run again on return', async ({ debuggerPage: d, page, guard }) => {
    await d.goto();
    await startGuessing(d, page);
    await page.getByTestId('tab-playground').click();
    await page.waitForTimeout(400);
    expect(guard.pageErrors).toEqual([]);
    await page.getByTestId('tab-debugger').click();
    await startGuessing(d, page);
    // On an idle machine the whole list may be tried before the click lands: either answer is a
    // guesser that ran again.
    if ((await page.getByTestId('crack-cancel').getAttribute('aria-disabled')) === 'false') await page.getByTestId('crack-cancel').click();
    await expect(page.getByTestId('crack-result')).toContainText(/Stopped after|Not on the list/);
  });

  test('switching to a public-key algorithm while it guesses: no panic', async ({ debuggerPage: d, page, guard }) => {
    await d.goto();
    await startGuessing(d, page);
    await d.setAlg('RS256');
    await page.waitForTimeout(400);
    await d.setAlg('HS256');
    await page.waitForTimeout(200);
    expect(guard.pageErrors).toEqual([]);
    expect(guard.consoleErrors).toEqual([]);
  });

  test('start, cancel, start in one go leaves one chain of slices running', async ({ debuggerPage: d, page }) => {
    // Count the zero-delay timers pending at once: each chain keeps one.
    await page.addInitScript(() => {
      const w = window as unknown as { __zeroPending: number; __zeroMax: number };
      w.__zeroPending = 0;
      w.__zeroMax = 0;
      const original = window.setTimeout.bind(window);
      (window as unknown as { setTimeout: unknown }).setTimeout = (fn: () => void, delay?: number, ...rest: unknown[]) => {
        if (!delay) {
          w.__zeroPending += 1;
          w.__zeroMax = Math.max(w.__zeroMax, w.__zeroPending);
          return original(() => {
            w.__zeroPending -= 1;
            fn();
          }, 0);
        }
        return original(fn, delay, ...rest);
      };
    });
    await d.goto();
    await startGuessing(d, page);
    await page.getByTestId('crack-cancel').click();
    await page.evaluate(() => {
      const start = document.querySelector('[data-testid=crack-start]') as HTMLButtonElement;
      const cancel = document.querySelector('[data-testid=crack-cancel]') as HTMLButtonElement;
      for (let i = 0; i < 3; i++) {
        start.click();
        cancel.click();
      }
      start.click();
    });
    // The burst left one timer per click; the stale ones find their run over and end (each
    // slice takes about 8 ms). After that, each chain that goes on keeps one timer pending.
    const max = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = window as unknown as { __zeroPending: number; __zeroMax: number };
          setTimeout(() => {
            w.__zeroMax = w.__zeroPending;
            setTimeout(() => resolve(w.__zeroMax), 120);
          }, 40);
        }),
    );
    expect(max, 'chains of slices pending at once').toBeLessThanOrEqual(1);
    await page.getByTestId('crack-cancel').click({ timeout: 2000 }).catch(() => undefined);
    await expect(page.getByTestId('crack-result')).toContainText(/Stopped after|Not on the list/);
    const progress = page.getByTestId('crack-progress');
    const stopped = await progress.getAttribute('value');
    await page.waitForTimeout(300);
    await expect(progress).toHaveAttribute('value', stopped ?? '');
  });
});

test('the key field is read once per key text: not on a clock tick, not on another field\'s keystroke (issue 26)', async ({ debuggerPage: d, page }) => {
  await d.goto();
  const pair = keyPair('RS256', 'reads');
  const jwks = JSON.stringify({ keys: [publicJwk(pair, 'k1', 'RS256')] });
  const token = signAsym('RS256', { alg: 'RS256', typ: 'JWT', kid: 'k1' }, { sub: 'a', exp: 4_000_000_000 }, pair);
  await d.setAlg('RS256');
  await d.setSecret(jwks);
  await d.setToken(token);
  await d.setNow('');
  await d.expectValid();
  const reads = async () => Number(await d.keyInfo.getAttribute('data-key-reads'));
  const before = await reads();
  expect(before).toBeGreaterThan(0);
  // The real clock ticks (the token has an exp and the clock field is empty)...
  const time = page.getByTestId('debugger-time-used');
  const first = await time.textContent();
  await expect(time).not.toHaveText(first ?? '', { timeout: 3000 });
  await expect(time).not.toHaveText((await time.textContent()) ?? '', { timeout: 3000 });
  // ...and keystrokes in other fields: the key is not read again.
  await d.leeway.focus();
  await page.keyboard.type('5');
  await page.getByTestId('debugger-expected-iss').focus();
  await page.keyboard.type('me');
  await d.token.focus();
  await page.keyboard.press('End');
  await page.keyboard.type('x');
  expect(await reads()).toBe(before);
  // A keystroke in the key field reads it once.
  await d.secret.focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await expect.poll(reads).toBe(before + 1);
});
