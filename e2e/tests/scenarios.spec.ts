import { test, expect, expectUncovered, type PlaygroundPage } from '../fixtures';

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
  'unknown-or-forbidden': async (pg) => {
    await pg.expectStatus(await pg.sendAny(pg.requestAdmin), 401);
    await pg.expectStep('token', 'fail');
    await pg.loginAs('alice');
    await pg.expectStatus(await pg.sendAny(pg.requestAdmin), 403);
    await pg.expectStep('authorize', 'fail');
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
  'jwt-httponly-cookie': async (pg) => {
    const page = pg.page;
    await pg.sendAny(page.getByTestId('open-comments'));
    await pg.sendAny(page.getByTestId('visit-evil'));
    await pg.showAdvanced();
    const lab = page.locator('details.lab');
    if (!(await lab.evaluate((d) => (d as HTMLDetailsElement).open))) await lab.locator('summary').click();
    await page.getByTestId('weakness-samesite-none').uncheck();
    await pg.loginAs('bob');
    await pg.sendAny(page.getByTestId('visit-evil'));
  },
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
    // Nothing of the last run is left in the page's own fields either.
    form: [await pg.loginEmail.inputValue(), await pg.loginPassword.inputValue()],
    copyToReplay: await pg.replayStolen.isEnabled(),
    // A token there at the start is shown built whole, not replayed from step 1.
    buildStep: await pg.currentBuildStep(),
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
      // Opening a guide moves the keyboard to its goal, the stage's first line.
      await expect(page.getByTestId('goal-bar').locator('h3')).toBeFocused();
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

  test('a guided start says its shared secret is the same for everyone; free play does not', async ({ playgroundPage: pg, page }) => {
    // Free play: a secret from the browser's CSPRNG, no such note.
    await pg.goto();
    await pg.loginAs('alice');
    await expect(pg.serverSecret).not.toBeEmpty();
    await expect(page.getByTestId('secret-seeded-note')).toHaveCount(0);
    // A scenario: seeded from its name, and the page says so beside the secret.
    await pg.app.goto('#/scenario/token-expiry');
    await expect(page.getByTestId('scenario-card')).toHaveAttribute('data-exercise', 'token-expiry');
    await expect(pg.serverSecret).not.toBeEmpty();
    await expect(page.getByTestId('secret-seeded-note')).toContainText('the same way for every visitor');
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

test.describe('scenarios as a teacher walks them', () => {
  test('jwt-login: with step mode the login plays and its signing steps appear; tamper starts with its token built whole', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-login');
    await page.getByTestId('request-step-mode').check();
    await pg.loginAs('alice');
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => pg.currentBuildStep(), { timeout: 30_000 }).toBeGreaterThan(0);
    await pg.app.goto('#/scenario/tamper');
    await expect(page.getByTestId('scenario-card')).toHaveAttribute('data-exercise', 'tamper');
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'false');
    expect(await pg.currentBuildStep()).toBe((await pg.buildSteps.count()) - 1);
  });

  test('jwt-logout-copy: the replay answers in its own box, the page keeps its own answer, the diagram says logout deleted nothing; reset forgets the copy', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/jwt-logout-copy');
    await pg.stealCredential.click();
    await pg.sendAny(pg.logout);
    await expect(page.getByTestId('seq-message').last()).toHaveAttribute('data-status', '200');
    await expect(page.getByTestId('sequence-diagram')).toContainText('nothing to delete');
    await pg.sendAny(pg.replayStolen);
    await expect(page.getByTestId('stolen-result')).toContainText('From another machine');
    await expect(page.getByTestId('stolen-result')).toContainText('GET /api/profile → 200');
    // The line under the page's buttons is the page's own last answer: the logout.
    await expect(page.getByTestId('latest-result')).toContainText('POST /user/logout');
    // The lifelines' names never run into each other: two-word names take two lines.
    const balancer = page.locator('[data-lane="balancer"] .lane-label tspan');
    await expect(balancer).toHaveText(['Load', 'balancer']);
    await expect(page.locator('[data-lane="machine"] .lane-label tspan')).toHaveText(['Other', 'machine']);
    await page.getByTestId('scenario-reset').click();
    await expect(pg.replayStolen).toBeDisabled();
    await expect(page.getByTestId('stolen-result')).toHaveCount(0);
  });

  test('token-expiry and shared-store can be solved in presenter mode: the advanced controls are one click away', async ({ playgroundPage: pg, page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const id of ['token-expiry', 'shared-store']) {
      await pg.app.goto(`#/scenario/${id}`);
      if ((await page.getByTestId('presenter-toggle').getAttribute('aria-pressed')) !== 'true') {
        await page.getByTestId('presenter-toggle').click();
      }
      await SOLUTIONS[id](pg);
      await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
    }
  });
});

// Issue 21: every scenario walked to its goal as a class sees it, at 1280x720 and in presenter
// mode at 1920x1080: the goal bar says it is reached, and it and the newest arrow are on screen,
// covered by nothing, after the click that reached it. A screenshot of each is attached.
test.describe('every scenario walked to its goal on the stage', () => {
  for (const [id, solve] of Object.entries(SOLUTIONS)) {
    for (const presenter of [false, true]) {
      const size = presenter ? { width: 1920, height: 1080 } : { width: 1280, height: 720 };
      test(`${id} at ${size.width}x${size.height}${presenter ? ' in presenter mode' : ''}`, async ({ playgroundPage: pg, page }, info) => {
        await page.setViewportSize(size);
        await pg.app.goto(`#/scenario/${id}`);
        if (presenter) await page.getByTestId('presenter-toggle').click();
        await solve(pg);
        const bar = page.getByTestId('goal-bar');
        await expect(bar).toHaveAttribute('data-reached', 'true');
        await expectUncovered(bar.locator('.goal-state'), `${id}: the goal's state`);
        await expectUncovered(page.getByTestId('sequence-diagram').getByTestId('seq-message').last(), `${id}: the newest arrow`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await info.attach(`${id}-${size.width}`, { body: await page.screenshot(), contentType: 'image/png' });
      });
    }
  }
});
