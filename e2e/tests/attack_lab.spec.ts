import { test, expect, expectUncovered, type PlaygroundPage } from '../fixtures';
import type { Locator, Page } from '@playwright/test';

// The attack lab's guided exercises (issue 12), each done through the UI only: the playground's
// own controls (the forge panel, the clock, the attacker's panel, the debugger's guesser). Each
// reaches its goal with its weakness on; started again with the weakness off, the same attack is
// refused with 401 at the step its lesson names, and the goal stays unreached.

type Attack = {
  name: string;
  /** Cookie flags are set at login: the fix needs a new session cookie. */
  relogin?: 'bob';
  refusedAt: string;
  /** Does the attack; returns the entry whose status decides. `fixed`: the weakness is off. */
  run: (pg: PlaygroundPage, fixed: boolean) => Promise<Locator>;
};

async function start(pg: PlaygroundPage, name: string): Promise<void> {
  await pg.openLab();
  await pg.page.getByTestId(`attack-${name}`).click();
  const card = pg.page.getByTestId('attack-card');
  await expect(card).toHaveAttribute('data-exercise', name);
  await expect(pg.page.getByTestId('goal-bar').locator('h3')).toBeFocused();
  await expect(pg.page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'false');
  await expect(pg.entries).toHaveCount(1);
  await pg.expectStatus(pg.entries.first(), 200);
}

async function forgeOpen(page: Page): Promise<void> {
  const forge = page.locator('details.resign');
  if (!(await forge.evaluate((d) => (d as HTMLDetailsElement).open))) await forge.locator('summary').click();
}

/** Edits the claims box as a student would: role becomes admin. */
async function makeAdmin(pg: PlaygroundPage): Promise<void> {
  const claims = JSON.parse(await pg.browserClaims.inputValue());
  claims.role = 'admin';
  await pg.browserClaims.fill(JSON.stringify(claims, null, 2));
}

async function sign(pg: PlaygroundPage, alg: string, key: string | null): Promise<void> {
  await forgeOpen(pg.page);
  await pg.page.getByTestId('forge-alg').selectOption(alg);
  if (key !== null) await pg.page.getByTestId('resign-secret').fill(key);
  await pg.page.getByTestId('resign').click();
  await expect(pg.page.getByTestId('resign-note')).not.toContainText('Cannot');
}

async function header(pg: PlaygroundPage, members: Record<string, unknown>): Promise<void> {
  await forgeOpen(pg.page);
  const box = pg.page.getByTestId('forge-header');
  const h = JSON.parse(await box.inputValue());
  await box.fill(JSON.stringify({ ...h, ...members }, null, 2));
}

const ATTACKS: Attack[] = [
  {
    name: 'alg-none',
    refusedAt: 'alg',
    run: async (pg) => {
      await makeAdmin(pg);
      await sign(pg, 'none', null);
      expect(await pg.token()).toMatch(/\.$/);
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'alg-confusion',
    refusedAt: 'alg',
    run: async (pg) => {
      const pem = (await pg.page.getByTestId('issuer-pem').textContent()) ?? '';
      expect(pem).toContain('BEGIN PUBLIC KEY');
      await makeAdmin(pg);
      await sign(pg, 'HS256', pem);
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'weak-secret',
    refusedAt: 'signature',
    run: async (pg, fixed) => {
      let secret = 'secret123';
      if (!fixed) {
        // Guess it in the debugger from Alice's token, then come back: the playground is kept.
        await pg.page.getByTestId('open-in-debugger').click();
        // The exercise hands the token over without the secret: that is what is to be found.
        await expect(pg.page.getByTestId('debugger-secret')).toHaveValue('');
        await pg.page.locator('details.guesser summary').click();
        await pg.page.getByTestId('crack-start').click();
        const result = pg.page.getByTestId('crack-result');
        await expect(result).toContainText('"secret123"', { timeout: 20_000 });
        secret = /"([^"]+)"/.exec((await result.textContent()) ?? '')?.[1] ?? '';
        await pg.page.getByTestId('tab-playground').click();
        await expect(pg.page.getByTestId('attack-card')).toHaveAttribute('data-exercise', 'weak-secret');
      }
      await makeAdmin(pg);
      await sign(pg, 'HS256', secret);
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'trust-jwk',
    refusedAt: 'signature',
    run: async (pg) => {
      await forgeOpen(pg.page);
      await pg.page.getByTestId('forge-attacker-key').click();
      await pg.page.getByTestId('forge-embed-jwk').click();
      expect(await pg.page.getByTestId('forge-header').inputValue()).toContain('"jwk"');
      await makeAdmin(pg);
      await sign(pg, 'ES256', null);
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'trust-jku',
    refusedAt: 'signature',
    run: async (pg, fixed) => {
      await forgeOpen(pg.page);
      await pg.page.getByTestId('forge-attacker-key').click();
      await pg.page.getByTestId('forge-jku').click();
      await makeAdmin(pg);
      await sign(pg, 'ES256', null);
      const entry = await pg.sendAny(pg.requestAdmin);
      // The vulnerable server's own request to evil.example is in the log, just before.
      const fetches = pg.entries.filter({ hasText: 'answered by evil.example' }).and(pg.page.locator('[data-sender="server"]'));
      await expect(fetches).toHaveCount(fixed ? 0 : 1);
      return entry;
    },
  },
  {
    name: 'kid-path',
    refusedAt: 'signature',
    run: async (pg) => {
      await header(pg, { kid: '../../../../dev/null' });
      await makeAdmin(pg);
      await sign(pg, 'HS256', '');
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'no-exp',
    refusedAt: 'exp',
    run: async (pg) => {
      await pg.showAdvanced();
      for (let i = 0; i < 12; i++) await pg.clockAdvance5m.click();
      return pg.sendAny(pg.requestProfile);
    },
  },
  {
    name: 'xss',
    refusedAt: 'token',
    run: async (pg, fixed) => {
      const page = pg.page;
      await page.getByTestId('open-comments').click();
      await expect(page.getByTestId('comments-result')).toHaveAttribute('data-ran', String(!fixed));
      if (!fixed) {
        await expect(pg.entries.last()).toHaveAttribute('data-sender', 'injected-script');
        await expect(page.getByTestId('loot-item').and(page.locator('[data-name="token"]'))).toBeVisible();
      } else {
        await expect(page.getByTestId('loot-empty')).toBeVisible();
      }
      await page.getByTestId('attacker-path').selectOption('/api/admin');
      const entry = await pg.sendAny(page.getByTestId('attacker-send'));
      await expect(entry).toHaveAttribute('data-sender', 'attacker');
      return entry;
    },
  },
  {
    name: 'no-httponly',
    relogin: 'bob',
    refusedAt: 'cookie',
    run: async (pg, fixed) => {
      const page = pg.page;
      await expect(pg.scriptDocumentCookie).toContainText(fixed ? 'nothing' : 'sid=');
      await page.getByTestId('open-comments').click();
      if (!fixed) await expect(page.getByTestId('loot-item').and(page.locator('[data-name="sid"]'))).toBeVisible();
      await page.getByTestId('attacker-path').selectOption('/api/admin');
      const entry = await pg.sendAny(page.getByTestId('attacker-send'));
      await expect(entry).toHaveAttribute('data-sender', 'attacker');
      return entry;
    },
  },
  {
    name: 'samesite-none',
    relogin: 'bob',
    refusedAt: 'cookie',
    run: async (pg, fixed) => {
      const entry = await pg.sendAny(pg.page.getByTestId('visit-evil'));
      await expect(entry).toHaveAttribute('data-sender', 'cross-site');
      await expect(pg.page.getByTestId('loot-csrf')).toHaveAttribute('data-status', fixed ? '401' : '200');
      return entry;
    },
  },
  {
    name: 'no-verify',
    refusedAt: 'signature',
    run: async (pg) => {
      await makeAdmin(pg);
      await sign(pg, 'HS256', 'anything');
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'psychic-ecdsa',
    refusedAt: 'signature',
    run: async (pg) => {
      // Alice's own ES256 token (the issuer's header and kid), role admin, and its
      // signature replaced by 64 zero bytes, typed into the browser's token.
      await makeAdmin(pg);
      const token = await pg.token();
      await pg.browserToken.fill(`${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(86)}`);
      return pg.sendAny(pg.requestAdmin);
    },
  },
  {
    name: 'kid-sql',
    refusedAt: 'signature',
    run: async (pg, fixed) => {
      await header(pg, { kid: "x' UNION SELECT 'attacker-key' --" });
      await makeAdmin(pg);
      await sign(pg, 'HS256', 'attacker-key');
      const entry = await pg.sendAny(pg.requestAdmin);
      // The query the weak server ran is shown at its signature step.
      if (!fixed) await expect(pg.page.getByTestId('verify-step').and(pg.page.locator('[data-step="signature"]')).first()).toContainText('UNION SELECT');
      return entry;
    },
  },
  {
    name: 'exp-string',
    refusedAt: 'claim-types',
    run: async (pg) => {
      const secret = await pg.secret();
      const claims = JSON.parse(await pg.browserClaims.inputValue());
      claims.exp = '1000000000';
      await pg.browserClaims.fill(JSON.stringify(claims, null, 2));
      await sign(pg, 'HS256', secret);
      return pg.sendAny(pg.requestProfile);
    },
  },
  {
    name: 'denylist-by-string',
    refusedAt: 'revoked',
    run: async (pg) => {
      const page = pg.page;
      // Revoke the token the page holds, and see it refused.
      const revoke = await pg.sendAny(page.getByTestId('revoke-token'));
      await pg.expectStatus(revoke, 200);
      await pg.expectStatus(await pg.sendAny(pg.requestProfile), 401);
      // The same token, its signature re-encoded as its twin.
      const before = await pg.token();
      await forgeOpen(page);
      await page.getByTestId('forge-twin').click();
      await expect(page.getByTestId('resign-note')).toContainText('Re-encoded');
      expect(await pg.token()).not.toEqual(before);
      return pg.sendAny(pg.requestProfile);
    },
  },
  {
    name: 'token-in-url',
    refusedAt: 'token',
    run: async (pg, fixed) => {
      const page = pg.page;
      // Where the page's script puts the token: the URL, or the Authorization header.
      const profile = await pg.sendAny(pg.requestProfile);
      await expect(profile.getByTestId('http-request')).toContainText(fixed ? 'Authorization: Bearer' : '/api/profile?access_token=');
      // A link on the app's page to evil.example: the browser says where it came from.
      const visit = await pg.sendAny(page.getByTestId('follow-link'));
      const referer = visit.getByTestId('http-request');
      await expect(referer).toContainText(fixed ? 'Referer: https://app.example/' : 'Referer: https://app.example/profile?access_token=');
      if (fixed) await expect(referer).not.toContainText('access_token');
      if (!fixed) await expect(page.getByTestId('loot-item').and(page.locator('[data-name="access_token"]'))).toBeVisible();
      else await expect(page.getByTestId('loot-empty')).toBeVisible();
      await page.getByTestId('attacker-path').selectOption('/api/admin');
      const entry = await pg.sendAny(page.getByTestId('attacker-send'));
      await expect(entry).toHaveAttribute('data-sender', 'attacker');
      return entry;
    },
  },
  {
    name: 'no-aud',
    refusedAt: 'aud',
    run: async (pg, fixed) => {
      const page = pg.page;
      // Bob signs in to reports.example with the same issuer: it receives an ID token made for it.
      const signin = await pg.sendAny(page.getByTestId('reports-sign-in'));
      await pg.expectStatus(signin, 200);
      const idToken = ((await page.getByTestId('reports-id-token').textContent()) ?? '').trim();
      const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
      expect(claims.aud).toBe('https://reports.example');
      const header = JSON.parse(Buffer.from(idToken.split('.')[0], 'base64url').toString());
      expect(header.typ).toBe('JWT');
      // The app's own token is an access token for the API.
      const own = await pg.token();
      expect(JSON.parse(Buffer.from(own.split('.')[0], 'base64url').toString()).typ).toBe('at+jwt');
      // Put it in the Browser's token field, as a student pastes it, and ask for /api/admin.
      await pg.browserToken.fill(idToken);
      const entry = await pg.sendAny(pg.requestAdmin);
      if (!fixed) await expect(pg.page.getByTestId('verify-step').and(pg.page.locator('[data-step="aud"]')).first()).toContainText('skipped (weakness on)');
      return entry;
    },
  },
];

test.describe('attack lab: guided exercises', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('every weakness has its exercise button', async ({ playgroundPage: pg, page }) => {
    await pg.openLab();
    for (const a of ATTACKS) await expect(page.getByTestId(`attack-${a.name}`)).toBeVisible();
  });

  for (const a of ATTACKS) {
    test(`${a.name}: the goal is reached with the weakness on, and refused with it off`, async ({ playgroundPage: pg, page }) => {
      test.setTimeout(60_000);
      await start(pg, a.name);
      await expect(page.getByTestId(`weakness-${a.name}`)).toBeChecked();
      await expect(page.getByTestId('server-weaknesses').first()).toContainText(a.name);
      const entry = await a.run(pg, false);
      await pg.expectStatus(entry, 200);
      await expect(page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'true');
      await expect(page.getByTestId('attack-goal')).toContainText('Reached');
      // Issue 21: the goal bar, on the stage, says so where the student is looking (1280x720).
      await expectUncovered(page.getByTestId('goal-bar').locator('.goal-state'), `${a.name}: the goal's state`);

      // The same start again, the weakness switched off: the same attack is refused.
      await page.getByTestId('attack-reset').click();
      await expect(page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'false');
      await expect(pg.entries).toHaveCount(1);
      await pg.openLab();
      await page.getByTestId(`weakness-${a.name}`).uncheck();
      if (a.relogin) await pg.loginAs(a.relogin);
      const refused = await a.run(pg, true);
      await pg.expectStatus(refused, 401);
      await pg.expectStep(a.refusedAt, 'fail');
      await expect(pg.why).not.toBeEmpty();
      await expect(page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'false');
    });
  }

  test('the CSRF changes the name Bob sees; leaving the exercise keeps the world for free play', async ({ playgroundPage: pg, page }) => {
    await start(pg, 'samesite-none');
    await pg.sendAny(page.getByTestId('visit-evil'));
    const profile = await pg.sendAny(pg.requestProfile);
    await expect(profile.getByTestId('http-response')).toContainText('Hacked by evil.example');
    await page.getByTestId('attack-close').click();
    await expect(page.getByTestId('attack-card')).toHaveCount(0);
    await expect(pg.entries).toHaveCount(3);
  });
});
