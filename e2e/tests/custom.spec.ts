import { readFile } from 'node:fs/promises';
import { test, expect, axeViolations, b64u, PlaygroundPage } from '../fixtures';

// A teacher's own scenario (issue 24, item 6): built at #/teach/build, its #/custom/ link opened in
// a fresh page as a guided scenario whose card says a teacher wrote it, its goal reached through
// the UI; the JSON file saved and opened again; a malformed link refused with a sentence while the
// playground keeps working.

const TITLE = 'Two servers, one token (class 2B)';

/** A scenario payload as a link carries it: base64url of its JSON. */
const payload = (json: unknown) => b64u(JSON.stringify(json));

test.describe('a teacher\'s own scenario', () => {
  test('built in the builder, opened from its link in a fresh page, reached through the UI', async ({ page, context }) => {
    await page.goto('#/teach/build');
    const builder = page.getByTestId('builder');
    await expect(builder).toBeVisible();
    await expect(builder.getByTestId('builder-back')).toHaveAttribute('href', '#/teach');
    const check = page.getByTestId('builder-goal-check');
    expect(await check.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await check.locator('option').count()).toBeGreaterThanOrEqual(6);

    await page.getByTestId('builder-title').fill(TITLE);
    await page.getByTestId('builder-goal').fill('Get 200 from /api/profile from two different servers.');
    await page.getByTestId('builder-hints').fill('Round-robin takes turns.\nWatch the server number.');
    await page.getByTestId('builder-lesson').fill('Both servers hold the secret: either one checks the token.');
    await page.getByTestId('builder-servers').selectOption('2');
    await page.getByTestId('builder-login').selectOption('alice@example.com');
    await check.selectOption('servers-answered');
    await page.getByTestId('builder-count').selectOption('2');
    await expect(page.getByTestId('builder-check-words')).toContainText('2 different servers');

    const link = page.getByTestId('builder-link');
    await expect(link).toBeVisible();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^#\/custom\/[A-Za-z0-9_-]+$/);
    expect(await link.textContent()).toContain(`/jwt-playground/${href}`);

    // A fresh page (its own storage too) opens the link.
    const fresh = await context.browser()!.newContext({ baseURL: page.url().split('#')[0], serviceWorkers: 'block' });
    const other = await fresh.newPage();
    const pg = new PlaygroundPage(other);
    await pg.app.goto(href);
    const card = other.getByTestId('custom-scenario');
    await expect(card).toBeVisible();
    await expect(card).toContainText(TITLE);
    await expect(card).toContainText('Written by a teacher');
    await card.getByTestId('custom-details').locator('summary').click();
    await expect(card).toContainText('Watch the server number.');
    await expect(other.getByTestId('goal-bar')).toHaveAttribute('data-kind', 'custom');
    const goal = other.getByTestId('custom-goal');
    await expect(goal).toHaveAttribute('data-reached', 'false');
    await expect(other.getByTestId('custom-lesson')).toBeHidden();

    await pg.sendAny(pg.requestProfile);
    await expect(goal).toHaveAttribute('data-reached', 'false');
    await pg.sendAny(pg.requestProfile);
    await expect(goal).toHaveAttribute('data-reached', 'true');
    await expect(goal).toContainText('✓ Reached');
    await expect(card).toHaveAttribute('data-reached', 'true');
    await expect(other.getByTestId('custom-lesson')).toBeVisible();

    // Back to its exact start.
    await other.getByTestId('custom-reset').click();
    await expect(goal).toHaveAttribute('data-reached', 'false');
    await expect(pg.entries).toHaveCount(1);
    await fresh.close();
  });

  test('the JSON file is saved and opens in the builder again', async ({ page }, testInfo) => {
    await page.goto('#/teach/build');
    await page.getByTestId('builder-title').fill(TITLE);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('builder-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^scenario-[0-9a-f]{8}\.json$/);
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(saved.title).toBe(TITLE);
    expect(saved.version).toBe(1);

    saved.title = 'Opened from a file';
    saved.check = { kind: 'refused-at', step: 'signature', status: 401 };
    const file = testInfo.outputPath('scenario.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(saved, null, 2)));
    await page.getByTestId('builder-file').setInputFiles(file);
    await expect(page.getByTestId('builder-title')).toHaveValue('Opened from a file');
    await expect(page.getByTestId('builder-goal-check')).toHaveValue('refused-at');
    await expect(page.getByTestId('builder-file-said')).toContainText('Opened');

    // A file that is not a scenario is refused with a sentence; the form keeps what it had.
    const bad = testInfo.outputPath('bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, JSON.stringify({ ...saved, start: { mode: 'jwt', servers: 50 } })));
    await page.getByTestId('builder-file').setInputFiles(bad);
    await expect(page.getByTestId('builder-file-said')).toContainText('could not be opened');
    await expect(page.getByTestId('builder-file-said')).toContainText('50 servers');
    await expect(page.getByTestId('builder-title')).toHaveValue('Opened from a file');

    // An empty title: no link, and the page says why.
    await page.getByTestId('builder-title').fill('');
    await expect(page.getByTestId('builder-link')).toHaveCount(0);
    await expect(page.getByTestId('builder-error')).toContainText('title is empty');
    // ...and says it under the field too, which is marked for assistive technology.
    await expect(page.getByTestId('builder-title')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('builder-title')).toHaveAttribute('aria-describedby', 'builder-title-input-error');
    await expect(page.getByTestId('builder-title-input-error')).toContainText('title is empty');
    await page.getByTestId('builder-title').fill('A title again');
    await expect(page.getByTestId('builder-title')).not.toHaveAttribute('aria-invalid', 'true');
  });

  test('a reload keeps a teacher\'s scenario and what was done in it', async ({ playgroundPage: pg, page }) => {
    const link = payload({
      version: 1,
      title: 'A row in the memory',
      goal: 'Log in with cookie sessions so a server holds your session.',
      start: { mode: 'session', servers: 2 },
      check: { kind: 'session-held' },
    });
    await pg.app.goto(`#/custom/${link}`);
    const goal = page.getByTestId('custom-goal');
    await expect(goal).toHaveAttribute('data-reached', 'false');
    await pg.loginAs('alice');
    await expect(goal).toHaveAttribute('data-reached', 'true');
    await page.reload();
    await pg.app.waitReady();
    await expect(page.getByTestId('custom-scenario')).toContainText('A row in the memory');
    await expect(goal).toHaveAttribute('data-reached', 'true');
    await expect(pg.entries).toHaveCount(1);
    // Leaving it is free play on the same world, at the playground's address.
    await page.getByTestId('custom-close').click();
    await expect(page).toHaveURL(/#\/playground$/);
    await expect(page.getByTestId('custom-scenario')).toHaveCount(0);
    await expect(pg.entries).toHaveCount(1);
  });

  test('a teacher\'s words are shown as text, never run as markup', async ({ playgroundPage: pg, page }) => {
    const markup = '<img src=x onerror="alert(1)"><b>bold</b>';
    const link = payload({
      version: 1,
      title: markup,
      goal: `Goal ${markup}`,
      hints: [markup],
      lesson: markup,
      start: { mode: 'jwt', servers: 1 },
      check: { kind: 'response', path: '/user/login', status: 200 },
    });
    await pg.app.goto(`#/custom/${link}`);
    const card = page.getByTestId('custom-scenario');
    await expect(page.getByTestId('custom-title')).toHaveText(markup);
    await expect(card.locator('img, b')).toHaveCount(0);
    await pg.loginAs('bob');
    await expect(page.getByTestId('custom-lesson')).toHaveText(`What it shows: ${markup}`);
    await expect(page.locator('main img')).toHaveCount(0);
  });

  test('axe: no serious or critical violations in the builder and on a teacher\'s scenario', async ({ appPage, page }) => {
    const report = (v: Awaited<ReturnType<typeof axeViolations>>) =>
      v.map((x) => `${x.impact} ${x.id}: ${x.help}\n    ${x.targets.join('\n    ')}`).join('\n');
    await appPage.goto('#/teach/build');
    await page.locator('details.builder-weaknesses > summary').click();
    let violations = await axeViolations(page, 'serious');
    expect(violations, report(violations)).toEqual([]);
    const href = (await page.getByTestId('builder-link').getAttribute('href')) ?? '';
    await appPage.goto(href);
    await expect(page.getByTestId('custom-scenario')).toBeVisible();
    violations = await axeViolations(page, 'serious');
    expect(violations, report(violations)).toEqual([]);
  });

  for (const [name, hash, said] of [
    ['not base64url', '#/custom/%%%not-a-scenario', 'not base64url'],
    ['fifty servers', `#/custom/${payload({ version: 1, title: 'Big', goal: 'g', start: { mode: 'jwt', servers: 50 }, check: { kind: 'stolen' } })}`, '50 servers'],
    ['an unknown weakness', `#/custom/${payload({ version: 1, title: 'W', goal: 'g', start: { mode: 'jwt', servers: 1, weaknesses: ['<script>alert(1)</script>'] }, check: { kind: 'stolen' } })}`, 'weakness'],
    ['too long', `#/custom/${'A'.repeat(9000)}`, 'more than the 8 KB'],
  ] as const) {
    test(`a malformed link (${name}) is refused with a sentence and the playground still works`, async ({ playgroundPage: pg, page }) => {
      await pg.app.goto(hash);
      const notice = page.getByTestId('kept-notice');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText('could not be opened');
      await expect(notice).toContainText(said);
      await expect(page.getByTestId('custom-scenario')).toHaveCount(0);
      await expect(page.getByTestId('goal-bar')).toHaveCount(0);
      const login = await pg.loginAs('alice');
      await pg.expectStatus(login, 200);
      await pg.expectStatus(await pg.profile(), 200);
      // The notice leads to the builder, where a new link is made.
      await page.getByTestId('kept-builder').click();
      await expect(page.getByTestId('builder')).toBeVisible();
    });
  }
});
