import { test, expect } from '../fixtures';

// Hostile input (issue 26): a kept or linked story whose clock starts outside the years 1970 to
// 9999 is brought into range and said so, and its tokens live; `#/scenario/<unknown>` says there
// is no such scenario instead of opening free play silently.

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** A kept world as the page writes it, its clock starting at `start` (written as is: no JS number
 * holds 2^63 exactly). */
function journal(start: string): string {
  return `{"version":1,"origin":{"Free":{"start_time":${start}}},"events":[]}`;
}

test.describe('a clock outside 1970..9999', () => {
  test('a share link starting at 2^63 - 1 opens at the end of 9999, says so, and its tokens are valid, after a reset too', async ({
    playgroundPage: pg,
    page,
  }) => {
    await pg.goto('#/story/' + Buffer.from(journal(I64_MAX), 'utf8').toString('base64url'));
    const notice = page.getByTestId('kept-notice');
    await expect(notice).toContainText('Opened a shared story');
    await expect(notice).toContainText('outside the years 1970 to 9999');
    await expect(notice).toContainText('9999-12-31 23:59:59');
    expect(await pg.clockText()).toContain('9999-12-31 23:59:59');
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
    // The clock cannot be pushed past the end of 9999 either.
    await page.getByTestId('clock-advance-5m').click();
    expect(await pg.clockText()).toContain('9999-12-31 23:59:59');
    // "Reset" starts the story again at the clamped time, not at 2^63 - 1.
    await pg.reset.click();
    await expect(pg.entries).toHaveCount(0);
    expect(await pg.clockText()).toContain('9999-12-31 23:59:59');
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
  });

  test('a kept playground starting at -2^63 opens in 1970, says so once, and its tokens are valid', async ({
    playgroundPage: pg,
    page,
  }) => {
    const kept = journal(I64_MIN);
    await page.addInitScript((text) => {
      // Only the first load: the page writes the clamped world back.
      if (sessionStorage.getItem('hostile-seeded') === null) {
        sessionStorage.setItem('hostile-seeded', '1');
        localStorage.setItem('jwt-playground.world', text);
      }
    }, kept);
    await pg.goto();
    const notice = page.getByTestId('kept-notice');
    await expect(notice).toContainText('outside the years 1970 to 9999');
    expect(await pg.clockText()).toContain('1970-01-01 00:00:00');
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
    // What is kept now starts in range: a reload needs no notice.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('jwt-playground.world') ?? ''))
      .toContain('"start_time":0');
    await page.reload();
    await pg.app.waitReady();
    await expect(pg.entries).toHaveCount(2);
    await expect(notice).toBeHidden();
    await pg.expectStatus(await pg.profile(), 200);
  });
});

test.describe('a scenario that does not exist', () => {
  test('#/scenario/xyz opens free play and says there is no such scenario', async ({ playgroundPage: pg, page }) => {
    await pg.goto('#/scenario/xyz');
    const notice = page.getByTestId('kept-notice');
    await expect(notice).toContainText(
      'There is no scenario called “xyz”: here is free play; the list of scenarios is under Scenarios.',
    );
    await expect(page.getByTestId('scenario-card')).toHaveCount(0);
    await pg.expectStatus(await pg.loginAs('alice'), 200);
  });

  test('the unknown name is shown as text, cut short, also when typed into an open page', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    const notice = page.getByTestId('kept-notice');
    await expect(notice).toBeHidden();
    const hostile = '<img src=x onerror="window.__owned=1">' + 'z'.repeat(300);
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, '#/scenario/' + hostile);
    await expect(notice).toContainText('There is no scenario called “<img src=x onerror="window.__o');
    await expect(notice).toContainText('…”');
    await expect(notice).not.toContainText('z'.repeat(50));
    await expect(notice.locator('img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
    // A real scenario says nothing of the kind.
    await notice.getByRole('button', { name: 'OK' }).click();
    await pg.app.goto('#/scenario/sessions-many-servers');
    await expect(page.getByTestId('scenario-card')).toBeVisible();
    await expect(notice).toBeHidden();
  });
});
