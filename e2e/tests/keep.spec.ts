import { test, expect, signHs, JWTIO_HS256, type PlaygroundPage } from '../fixtures';

// The playground's memory across a reload, and share links (issue 10, item 4): the playground's
// own simulated world is kept in localStorage and rebuilt by replaying what was done; a share link
// (#/story/...) replays the same story elsewhere, with the simulated secret only when ticked. The
// debugger keeps a token or key only when its box is ticked, and only in this tab's sessionStorage.

async function reloadPlayground(pg: PlaygroundPage): Promise<void> {
  await pg.page.reload();
  await pg.app.waitReady();
  await expect(pg.loginSubmit).toBeVisible();
}

async function statusesOf(pg: PlaygroundPage): Promise<number[]> {
  return pg.statuses();
}

async function shareLink(pg: PlaygroundPage, withSecret: boolean): Promise<string> {
  const page = pg.page;
  const share = page.getByTestId('share');
  if (!(await share.evaluate((el) => (el as HTMLDetailsElement).open))) await share.locator('summary').click();
  const box = page.getByTestId('share-with-secret');
  // Only free play has a secret of its own to leave out: a guide's start is fixed.
  if (await box.isVisible()) {
    if (withSecret) await box.check();
    else await box.uncheck();
  }
  const link = page.getByTestId('share-link');
  await expect(link).toHaveValue(/#\/story\/[A-Za-z0-9_-]+$/);
  return link.inputValue();
}

test.describe('the playground is kept across a reload', () => {
  test('free play comes back exactly: the log, the token, the secret, the servers, the clock', async ({ playgroundPage: pg }) => {
    await pg.goto();
    await pg.addServers(1);
    await pg.loginAs('alice');
    await pg.profile();
    await pg.admin();
    const before = {
      statuses: await statusesOf(pg),
      token: await pg.token(),
      secret: await pg.secret(),
      clock: await pg.clockText(),
    };
    await reloadPlayground(pg);
    await expect(pg.entries).toHaveCount(before.statuses.length);
    expect(await statusesOf(pg)).toEqual(before.statuses);
    await expect(pg.browserToken).toHaveValue(before.token);
    expect(await pg.secret()).toBe(before.secret);
    await expect(pg.servers).toHaveCount(2);
    expect(await pg.clockText()).toBe(before.clock);
    // And the story goes on from there: the restored token still works.
    await pg.expectStatus(await pg.profile(), 200);
  });

  test('a mode switch and a reset are replayed too', async ({ playgroundPage: pg }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.setMode('session');
    await pg.loginAs('bob');
    await pg.admin();
    const statuses = await statusesOf(pg);
    await reloadPlayground(pg);
    await expect(pg.page.getByTestId('mode-session')).toHaveAttribute('aria-pressed', 'true');
    expect(await statusesOf(pg)).toEqual(statuses);
    await pg.reset.click();
    await expect(pg.entries).toHaveCount(0);
    await reloadPlayground(pg);
    await expect(pg.entries).toHaveCount(0);
    await expect(pg.page.getByTestId('mode-session')).toHaveAttribute('aria-pressed', 'true');
  });

  test('an open scenario comes back open, with what was done in it', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/sessions-many-servers');
    await expect(page.getByTestId('scenario-card')).toBeVisible();
    await pg.sendAny(pg.requestProfile);
    const statuses = await statusesOf(pg);
    const reached = await page.getByTestId('scenario-goal').getAttribute('data-reached');
    await page.reload();
    await pg.app.waitReady();
    await expect(page.getByTestId('scenario-card')).toBeVisible();
    expect(await statusesOf(pg)).toEqual(statuses);
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', reached ?? 'false');
  });

  test('a kept playground that cannot be read back says so, and a new one works', async ({ playgroundPage: pg, page }) => {
    // As another version of the page, or a cut-off write, would leave it.
    await page.addInitScript(() => localStorage.setItem('jwt-playground.world', '{"version":1,"origin":'));
    await pg.goto();
    await expect(page.getByTestId('kept-notice')).toContainText('could not be restored');
    await pg.showAdvanced();
    await pg.expectStatus(await pg.loginAs('alice'), 200);
  });
});

test.describe('a token from outside the playground is not kept', () => {
  test('pasted into the browser token: said so, left out of storage and links, a placeholder after a reload; an edited token of its own is kept', async ({
    playgroundPage: pg,
    page,
  }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.pauseBuild();
    const note = page.getByTestId('token-not-kept');
    await expect(note).toBeHidden();
    // The playground's own token, edited in the claims box: kept as it is.
    const claims = (await pg.browserClaims.inputValue()).replace('"user"', '"admin"');
    await pg.browserClaims.fill(claims);
    const forged = await pg.token();
    await expect(note).toBeHidden();
    await reloadPlayground(pg);
    await expect(pg.browserToken).toHaveValue(forged);

    // A real token pasted in: stays in memory, never in storage or a link.
    await pg.browserToken.fill(JWTIO_HS256.token);
    await expect(note).toBeVisible();
    await expect(note).toHaveAttribute('data-outside', 'pasted');
    await expect(note).toContainText("stays in this tab's memory only");
    await pg.sendAny(pg.requestProfile);
    await page.waitForTimeout(500); // the debounced save
    const kept = await page.evaluate(() => localStorage.getItem('jwt-playground.world') ?? '');
    expect(kept).toContain('not kept');
    expect(kept).not.toContain(JWTIO_HS256.token.split('.')[1]);
    for (const withSecret of [false, true]) {
      const link = await shareLink(pg, withSecret);
      const story = Buffer.from(link.split('#/story/')[1], 'base64url').toString('utf8');
      expect(story).not.toContain(JWTIO_HS256.token.split('.')[1]);
    }
    const statuses = await statusesOf(pg);

    // After a reload: the placeholder, said so, and the same answers.
    await reloadPlayground(pg);
    await expect(pg.browserToken).toHaveValue(/not kept/);
    await expect(note).toHaveAttribute('data-outside', 'dropped');
    await expect(note).toContainText('was not kept');
    expect(await statusesOf(pg)).toEqual(statuses);
    // Never stuck: a login brings a token of its own back.
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await expect(note).toBeHidden();
  });
});

test.describe('share links', () => {
  test('without the secret: the same clicks and answers on a fresh secret; the link holds no secret', async ({ playgroundPage: pg, browser }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.profile();
    await pg.admin();
    const statuses = await statusesOf(pg);
    const secret = await pg.secret();
    const link = await shareLink(pg, false);
    const payload = Buffer.from(link.split('#/story/')[1] ?? '', 'base64url').toString('utf8');
    expect(payload).not.toContain(secret);
    expect(JSON.parse(payload).tape).toBeUndefined();

    const other = await browser.newContext();
    try {
      const page = await other.newPage();
      await page.goto(link);
      await expect(page.getByTestId('kept-notice')).toContainText('fresh secret');
      const entries = page.getByTestId('network-log').getByTestId('network-entry');
      await expect(entries).toHaveCount(statuses.length);
      const got = await entries.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-status'))));
      expect(got).toEqual(statuses);
      expect((await page.getByTestId('server-secret').first().textContent()) ?? '').not.toBe(secret);
      // The address becomes the playground's own.
      await expect(page).toHaveURL(/#\/playground$/);
    } finally {
      await other.close();
    }
  });

  test('with the secret ticked: the identical story, token bytes and all', async ({ playgroundPage: pg, browser }) => {
    await pg.goto();
    await pg.loginAs('bob');
    await pg.admin();
    const token = await pg.token();
    const secret = await pg.secret();
    const link = await shareLink(pg, true);
    const other = await browser.newContext();
    try {
      const page = await other.newPage();
      await page.goto(link);
      await expect(page.getByTestId('browser-token')).toHaveValue(token);
      await expect(page.getByTestId('server-secret').first()).toHaveText(secret);
    } finally {
      await other.close();
    }
  });

  test('a scenario link opens that scenario with its steps', async ({ playgroundPage: pg, browser, page }) => {
    await pg.app.goto('#/scenario/sessions-many-servers');
    await pg.sendAny(pg.requestProfile);
    await pg.sendAny(pg.requestProfile);
    const statuses = await statusesOf(pg);
    const link = await shareLink(pg, false);
    // No "include the secret" choice here: a scenario's secret is fixed by its start.
    await expect(page.getByTestId('share-with-secret')).toBeHidden();
    await expect(page.getByTestId('share')).toContainText('always rebuilds the identical story');
    const other = await browser.newContext();
    try {
      const p2 = await other.newPage();
      await p2.goto(link);
      await expect(p2.getByTestId('scenario-card')).toBeVisible();
      const got = await p2.getByTestId('network-log').getByTestId('network-entry').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-status'))));
      expect(got).toEqual(statuses);
    } finally {
      await other.close();
    }
    await expect(page.getByTestId('scenario-card')).toBeVisible();
  });

  test('a link pasted while the debugger is open opens in the playground', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.loginAs('alice');
    await pg.admin();
    const statuses = await statusesOf(pg);
    const link = await shareLink(pg, true);
    await pg.reset.click();
    await expect(pg.entries).toHaveCount(0);
    await page.getByTestId('tab-debugger').click();
    await expect(page.getByTestId('debugger-token')).toBeVisible();
    await page.evaluate((hash) => { window.location.hash = hash; }, '#/story/' + (link.split('#/story/')[1] ?? ''));
    await expect(page.getByTestId('kept-notice')).toContainText('Opened a shared story');
    expect(await statusesOf(pg)).toEqual(statuses);
    await expect(page).toHaveURL(/#\/playground$/);
  });

  test('a broken link says why and leaves a working playground', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/story/not-json');
    await expect(page.getByTestId('kept-notice')).toContainText('could not be opened');
    await pg.showAdvanced();
    await pg.expectStatus(await pg.loginAs('alice'), 200);
  });
});

test.describe('the debugger keeps fields only when asked', () => {
  const secret = 'another-secret-that-is-long-enough!!';

  test('unticked (the default): a reload starts from the sample, and nothing is in storage', async ({ debuggerPage: d, page }) => {
    await d.goto();
    await expect(page.getByTestId('debugger-remember')).not.toBeChecked();
    const token = signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'not-kept' }, secret);
    await d.setToken(token);
    await d.setSecret(secret);
    await page.waitForTimeout(500);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(token);
    await page.reload();
    await expect(d.token).not.toHaveValue(token);
  });

  test('ticked: the token and key come back after a reload; unticking forgets them', async ({ debuggerPage: d, page }) => {
    await d.goto();
    const token = signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'kept' }, secret);
    await d.setToken(token);
    await d.setSecret(secret);
    await page.getByTestId('debugger-remember').check();
    await d.expectValid();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(secret);
    await page.reload();
    await expect(d.token).toHaveValue(token);
    await expect(d.secret).toHaveValue(secret);
    await expect(page.getByTestId('debugger-remember')).toBeChecked();
    await d.expectValid();
    await page.getByTestId('debugger-remember').uncheck();
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain(secret);
    await page.reload();
    await expect(d.token).not.toHaveValue(token);
  });
});
