import { test, expect, type PlaygroundPage } from '../fixtures';

// The guided scenarios (issue 10): each one's goal reached through the UI; its reset gives back
// the identical start (same secret, same token bytes, same session id); solved ones are marked
// and remembered in this browser; a scenario's link opens it, and Back keeps its state.

type Step = (pg: PlaygroundPage) => Promise<void>;

const profile: Step = async (pg) => {
  await pg.sendAny(pg.requestProfile);
};
const times = (n: number, step: Step): Step => async (pg) => {
  for (let i = 0; i < n; i++) await step(pg);
};
const copyAfterLogout: Step = async (pg) => {
  await pg.stealCredential.click();
  await pg.sendAny(pg.logout);
  await pg.sendAny(pg.replayStolen);
};

const SOLUTIONS: Record<string, Step> = {
  'session-login': async (pg) => void (await pg.loginAs('alice')),
  'session-lookup': profile,
  'jwt-login': async (pg) => void (await pg.loginAs('alice')),
  'jwt-verify': profile,
  tamper: async (pg) => {
    const claims = JSON.parse(await pg.browserClaims.inputValue());
    claims.role = 'admin';
    await pg.browserClaims.fill(JSON.stringify(claims, null, 2));
    await pg.sendAny(pg.requestAdmin);
  },
  'authn-authz': async (pg) => {
    await pg.expectStatus(await pg.sendAny(pg.requestAdmin), 403);
    await pg.loginAs('bob');
    await pg.expectStatus(await pg.sendAny(pg.requestAdmin), 200);
  },
  'sessions-many-servers': times(2, profile),
  'jwt-many-servers': times(3, profile),
  'crash-session': async (pg) => {
    const entry = await pg.sendAny(pg.requestProfile);
    await pg.crash(Number(await entry.getAttribute('data-server')));
    await pg.sendAny(pg.requestProfile);
  },
  'shared-store': async (pg) => {
    await pg.showAdvanced();
    await pg.sharedStore.check();
    await pg.loginAs('alice');
    await times(3, profile)(pg);
  },
  'jwt-logout-copy': copyAfterLogout,
  'session-logout-copy': copyAfterLogout,
  'token-expiry': async (pg) => {
    await pg.showAdvanced();
    await pg.clockAdvance5m.click();
    await pg.sendAny(pg.requestProfile);
  },
  'key-pair': times(2, profile),
};

/** What must be identical at every start: the log, the token, the secret, the cookies. */
async function startState(pg: PlaygroundPage) {
  const page = pg.page;
  const token = page.getByTestId('browser-token');
  const secret = page.getByTestId('server-secret');
  return {
    entries: await pg.entries.count(),
    token: (await token.count()) ? await token.inputValue() : null,
    secret: (await secret.count()) ? await secret.textContent() : null,
    cookies: await pg.cookieRows.allTextContents(),
    clock: await pg.clockNow.textContent(),
  };
}

async function openList(pg: PlaygroundPage): Promise<void> {
  const list = pg.page.locator('details.scenarios');
  if (!(await list.evaluate((d) => (d as HTMLDetailsElement).open))) await list.locator('summary').click();
}

test.describe('guided scenarios', () => {
  test('the list has at least 12 scenarios, each a link to #/scenario/<id>', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await openList(pg);
    const links = page.getByTestId('scenario-list').locator('a');
    expect(await links.count()).toBeGreaterThanOrEqual(12);
    expect(Object.keys(SOLUTIONS).length).toBe(await links.count());
    for (const id of Object.keys(SOLUTIONS)) {
      await expect(page.getByTestId(`scenario-${id}`)).toHaveAttribute('href', `#/scenario/${id}`);
    }
  });

  for (const [id, solve] of Object.entries(SOLUTIONS)) {
    test(`${id}: reached through the UI; reset gives the identical start`, async ({ playgroundPage: pg, page }) => {
      await pg.goto();
      await openList(pg);
      await page.getByTestId(`scenario-${id}`).click();
      await expect(page).toHaveURL(new RegExp(`#/scenario/${id}$`));
      const card = page.getByTestId('scenario-card');
      await expect(card).toHaveAttribute('data-exercise', id);
      await expect(card.locator('h3')).toBeFocused();
      const goal = page.getByTestId('scenario-goal');
      await expect(goal).toHaveAttribute('data-reached', 'false');
      const first = await startState(pg);

      await solve(pg);
      await expect(goal).toHaveAttribute('data-reached', 'true');
      await expect(goal).toContainText('Reached');

      await page.getByTestId('scenario-reset').click();
      await expect(goal).toHaveAttribute('data-reached', 'false');
      expect(await startState(pg)).toEqual(first);
      await openList(pg);
      await expect(page.getByTestId(`scenario-${id}`)).toHaveAttribute('data-solved', 'true');
    });
  }

  test('a scenario link opens it on a fresh load; solved scenarios are remembered after a reload', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/token-expiry');
    await expect(page.getByTestId('scenario-card')).toHaveAttribute('data-exercise', 'token-expiry');
    await expect(pg.entries).toHaveCount(1);
    await SOLUTIONS['token-expiry'](pg);
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
    await page.reload();
    await pg.app.waitReady();
    await openList(pg);
    await expect(page.getByTestId('scenario-token-expiry')).toHaveAttribute('data-solved', 'true');
    await expect(page.locator('details.scenarios summary')).toContainText('1 of');
  });

  test('the debugger and Back keep a scenario where the student left it', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-many-servers');
    await SOLUTIONS['jwt-many-servers'](pg);
    await page.getByTestId('tab-debugger').click();
    await page.goBack();
    await expect(page).toHaveURL(/#\/scenario\/jwt-many-servers$/);
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
    await expect(pg.entries).toHaveCount(4);
    // Leaving the scenario keeps the world for free play.
    await page.getByTestId('scenario-close').click();
    await expect(page).toHaveURL(/#\/playground$/);
    await expect(pg.entries).toHaveCount(4);
  });
});
