import { test, expect } from '../fixtures';
import type { Page } from '@playwright/test';

// The code behind each weakness (issue 25, item 2): the attack card's "The code that lets it
// through" panel fetches weakness-code.json from the site itself the first time it opens, asks the
// student to pick the faulty line (a wrong pick explains why not, the right one reveals the fix),
// and says so in a sentence with Retry when the file cannot be fetched, the rest of the lab working.

const JSON_FILE = '**/weakness-code.json';

async function openAttack(page: Page, name: string): Promise<void> {
  const advanced = page.getByTestId('advanced-controls');
  if (!(await advanced.evaluate((d) => (d as HTMLDetailsElement).open))) await advanced.locator('> summary').click();
  const lab = page.locator('details.lab');
  if (!(await lab.evaluate((d) => (d as HTMLDetailsElement).open))) await lab.locator('summary').click();
  await page.getByTestId(`attack-${name}`).click();
  await expect(page.getByTestId('attack-card')).toHaveAttribute('data-exercise', name);
}

test.describe('the code behind each weakness', () => {
  test.beforeEach(async ({ playgroundPage: pg }) => {
    await pg.goto();
  });

  test('nothing is fetched before the panel opens; a wrong pick explains, the right one shows the fix', async ({ page }) => {
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/weakness-code.json')) fetched.push(r.url());
    });
    await openAttack(page, 'alg-none');
    const panel = page.getByTestId('weakness-code');
    await expect(panel).toBeVisible();
    expect(fetched).toEqual([]);

    // Opened with the keyboard, as a student without a mouse would.
    await panel.locator('> summary').focus();
    await page.keyboard.press('Enter');
    const question = page.getByTestId('weakness-code-question');
    await expect(question).toBeVisible();
    expect(fetched).toHaveLength(1);
    expect(new URL(fetched[0]).origin).toBe(new URL(page.url()).origin);
    await expect(question).toHaveAttribute('data-answered', 'false');
    await expect(page.getByTestId('weakness-code-answer')).toHaveCount(0);

    const options = question.getByTestId('weakness-code-option');
    await expect(options).toHaveCount(4);
    // A wrong line: marked wrong in words and sign, the fix still hidden.
    const wrong = options.filter({ hasText: "if (claims.role !== 'admin')" });
    await wrong.click();
    await expect(wrong).toHaveAttribute('data-correct', 'false');
    await expect(wrong).toContainText('✗');
    const feedback = page.getByTestId('weakness-code-feedback');
    await expect(feedback).toHaveAttribute('data-correct', 'false');
    await expect(feedback).toContainText('Not this one');
    await expect(question).toHaveAttribute('data-answered', 'false');
    await expect(page.getByTestId('weakness-code-answer')).toHaveCount(0);

    // The right line, picked with the keyboard.
    const right = options.filter({ hasText: "algorithms: ['HS256', 'none']" });
    await right.focus();
    await page.keyboard.press('Enter');
    await expect(right).toHaveAttribute('data-correct', 'true');
    await expect(feedback).toHaveAttribute('data-correct', 'true');
    await expect(question).toHaveAttribute('data-answered', 'true');
    const answer = page.getByTestId('weakness-code-answer');
    await expect(answer.getByTestId('weakness-code-fixed').first()).toContainText("algorithms: ['HS256'] }");
    await expect(answer.getByTestId('weakness-code-library')).toHaveCount(3);
    // A library that cannot make this mistake says so instead of showing code.
    await expect(answer.locator('[data-language="Rust"]')).toContainText('Not possible here');

    // Another card does not fetch again (its panel may stay open: the card is redrawn in place).
    await openAttack(page, 'no-exp');
    const next = page.getByTestId('weakness-code');
    if (!(await next.evaluate((d) => (d as HTMLDetailsElement).open))) await next.locator('> summary').click();
    await expect(page.getByTestId('weakness-code-question')).toHaveAttribute('data-answered', 'false');
    await expect(page.getByTestId('weakness-code-question')).toContainText('verify_exp');
    expect(fetched).toHaveLength(1);

    // Nothing sideways at a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('weakness-code-option').first().click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('a weakness switched on by hand shows the same panel in its lesson card', async ({ page }) => {
    const advanced = page.getByTestId('advanced-controls');
    if (!(await advanced.evaluate((d) => (d as HTMLDetailsElement).open))) await advanced.locator('> summary').click();
    await page.locator('details.lab summary').click();
    await page.getByTestId('weakness-kid-sql').check();
    const card = page.locator('[data-testid="lesson"][data-lesson="lab-kid-sql"]');
    await expect(card).toBeVisible();
    const panel = card.getByTestId('weakness-code');
    await panel.locator('> summary').click();
    await expect(card.getByTestId('weakness-code-question')).toContainText('key lookup');
    // One panel per weakness: with its exercise open, the exercise's card has it instead.
    await expect(page.getByTestId('weakness-code')).toHaveCount(1);
  });

  test.describe('when the file cannot be fetched', () => {
    // The aborted request is a console error in Chromium ("Failed to load resource"), on purpose.
    test.use({ allowConsoleErrors: true });

    test('the panel says so with Retry, the lab keeps working, and Retry then loads it', async ({ page, playgroundPage: pg }) => {
      let fail = true;
      await page.route(JSON_FILE, (route) => (fail ? route.abort('failed') : route.continue()));
      await openAttack(page, 'kid-path');
      await page.getByTestId('weakness-code').locator('> summary').click();
      const error = page.getByTestId('weakness-code-error');
      await expect(error).toContainText('could not be loaded');
      await expect(error).toContainText('Everything else in the lab still works');
      const retry = page.getByTestId('weakness-code-retry');
      await expect(retry).toBeVisible();
      await expect(page.getByTestId('weakness-code-question')).toHaveCount(0);

      // The rest of the lab still works: the card's own switch and a request.
      const fix = page.getByTestId('attack-fix-switch');
      await fix.uncheck();
      await expect(fix).not.toBeChecked();
      await fix.check();
      await pg.sendAny(pg.requestAdmin);

      // Retry, with the site reachable again.
      fail = false;
      await retry.click();
      await expect(page.getByTestId('weakness-code-question')).toBeVisible();
      await expect(page.getByTestId('weakness-code-error')).toHaveCount(0);
      await expect(page.getByTestId('weakness-code-question')).toContainText('std::fs::read');
    });
  });
});
