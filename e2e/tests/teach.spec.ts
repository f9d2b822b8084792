import { test, expect, axeViolations } from '../fixtures';
import type { Page } from '@playwright/test';

// The teacher's page (issue 24, items 4 and 5): #/teach, linked from the header, holds the lesson
// plans (45 and 90 minutes, each step linked to its scenario or exercise), the handout (the notes'
// two sequence diagrams drawn from the simulation and the comparison table, printed alone), the
// ten-question final quiz and the student's progress code; #/teach/class reads the class's codes
// into a table. Each guide's card ends with its questions once the goal is reached.

async function openTeach(page: Page): Promise<void> {
  await expect(page.getByTestId('teach-page')).toBeVisible();
  await expect(page.getByTestId('quiz-question')).toHaveCount(10);
}

/** Picks the right (or a wrong) choice of every question in `scope`. */
async function answerAll(page: Page, right: boolean): Promise<void> {
  const questions = page.getByTestId('quiz-question');
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    await questions.nth(i).locator(`input[data-right="${right}"]`).first().check();
  }
}

test.describe("the teacher's page", () => {
  test('the header links to it with the keyboard; the plans and the quiz are there', async ({ appPage, page }) => {
    await appPage.goto('#/playground');
    const tab = page.getByTestId('tab-teach');
    await tab.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/teach$/);
    await openTeach(page);
    await expect(tab).toHaveAttribute('aria-current', 'page');

    const plan = page.getByTestId('lesson-plan');
    await expect(plan.getByTestId('plan-step').filter({ visible: true })).toHaveCount(10);
    const first = plan.locator('[data-plan="45"] [data-testid="plan-link"]').first();
    await expect(first).toHaveAttribute('href', '#/scenario/session-login');
    await expect(plan.getByText('Ask the class first:').first()).toBeVisible();
    // The expected answer is folded, so the question can be projected first.
    await expect(plan.locator('[data-plan="45"] .plan-answer p').first()).toBeHidden();
    await plan.getByTestId('plan-90').click();
    await expect(plan.getByTestId('plan-step').filter({ visible: true })).toHaveCount(19);
    // A step of the 90-minute plan opens its exercise in the playground.
    await plan.locator('[data-plan="90"]').getByRole('link', { name: 'Open the exercise: An unsigned token' }).click();
    await expect(page.getByTestId('attack-card')).toHaveAttribute('data-exercise', 'alg-none');

    // And the presenter toggle still works from the teacher's page.
    await page.goto('#/teach');
    await openTeach(page);
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  });

  test('the quiz marks wrong answers, then right ones, each with its explanation, and remembers them', async ({ appPage, page }) => {
    await appPage.goto('#/teach');
    await openTeach(page);
    const questions = page.getByTestId('quiz-question');
    await expect(questions.first()).toHaveAttribute('data-answered', 'false');
    // Checking with nothing picked reveals no answer: it asks for one first.
    await page.getByTestId('quiz-submit').click();
    await expect(page.getByTestId('quiz-score')).toHaveText('Answer at least one question first.');
    await expect(page.getByTestId('quiz-explanation')).toHaveCount(0);
    await expect(questions.first()).toHaveAttribute('data-correct', 'false');
    // One question tried: only its answer is shown; the others stay hidden.
    await questions.first().locator('[data-testid="quiz-choice"][data-right="false"]').first().check();
    await page.getByTestId('quiz-submit').click();
    await expect(page.getByTestId('quiz-explanation')).toHaveCount(1);
    await expect(questions.nth(1).locator('.quiz-right')).toHaveCount(0);
    await expect(page.getByTestId('quiz-score')).toHaveText(/^Score: 0 of 10 right \(1 answered;/);
    await answerAll(page, false);
    await page.getByTestId('quiz-submit').click();
    for (let i = 0; i < 10; i++) {
      await expect(questions.nth(i)).toHaveAttribute('data-answered', 'true');
      await expect(questions.nth(i)).toHaveAttribute('data-correct', 'false');
    }
    await expect(page.getByTestId('quiz-explanation')).toHaveCount(10);
    await expect(page.getByTestId('quiz-explanation').first()).toContainText('Not quite');
    await expect(page.getByTestId('quiz-score')).toHaveText('Score: 0 of 10 right.');

    await answerAll(page, true);
    await page.getByTestId('quiz-submit').click();
    for (let i = 0; i < 10; i++) await expect(questions.nth(i)).toHaveAttribute('data-correct', 'true');
    await expect(page.getByTestId('quiz-explanation').first()).toContainText('Right.');
    await expect(page.getByTestId('quiz-score')).toHaveText('Score: 10 of 10 right.');

    await page.reload();
    await openTeach(page);
    await expect(questions.nth(9)).toHaveAttribute('data-correct', 'true');
  });

  test("a guide's card ends with its questions once the goal is reached", async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/scenario/session-login');
    const card = page.getByTestId('scenario-card');
    await expect(card).toBeVisible();
    await expect(card.getByTestId('quiz-question')).toHaveCount(0);
    await pg.loginAs('alice');
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
    const questions = card.getByTestId('quiz-question');
    await expect(questions).toHaveCount(2);
    await answerAll(page, true);
    await card.getByTestId('quiz-submit').click();
    await expect(questions.first()).toHaveAttribute('data-correct', 'true');
    await expect(card.getByTestId('quiz-explanation')).toHaveCount(2);
  });

  test("an exercise's card ends with its questions once its goal is reached, and the code counts it", async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    const lab = page.locator('details.lab');
    if (!(await lab.evaluate((d) => (d as HTMLDetailsElement).open))) await lab.locator('summary').click();
    await page.getByTestId('attack-no-exp').click();
    const card = page.getByTestId('attack-card');
    await expect(card).toHaveAttribute('data-exercise', 'no-exp');
    await expect(card.getByTestId('quiz-question')).toHaveCount(0);
    await pg.showAdvanced();
    for (let i = 0; i < 12; i++) await pg.clockAdvance5m.click();
    await pg.sendAny(pg.requestProfile);
    await expect(page.getByTestId('attack-goal')).toHaveAttribute('data-reached', 'true');
    await expect(card.getByTestId('quiz-question')).toHaveCount(2);
    await page.goto('#/teach');
    await openTeach(page);
    await page.getByTestId('progress-name').fill('Grace');
    await page.getByTestId('progress-make').click();
    await expect(page.getByTestId('progress-said')).toContainText('1 of 17 exercises');
  });

  test('a progress code made in one page round-trips into the class table in another', async ({ playgroundPage: pg, page, context }) => {
    // Solve a scenario, answer two questions right, then make the code.
    await pg.app.goto('#/scenario/session-login');
    await pg.loginAs('alice');
    await expect(page.getByTestId('scenario-goal')).toHaveAttribute('data-reached', 'true');
    await page.goto('#/teach');
    await openTeach(page);
    const questions = page.getByTestId('quiz-question');
    await questions.nth(0).locator('input[data-right="true"]').check();
    await questions.nth(1).locator('input[data-right="true"]').check();
    await page.getByTestId('quiz-submit').click();
    await page.getByTestId('progress-make').click();
    await expect(page.getByTestId('progress-said')).toContainText('Type a name');
    await page.getByTestId('progress-name').fill('Ada <b>Lovelace</b>');
    await page.getByTestId('progress-make').click();
    // The new code is brought into view, focused and selected, ready to copy.
    await expect(page.getByTestId('progress-code')).toBeFocused();
    await expect(page.getByTestId('progress-said')).toContainText('Your code says:');
    const code = await page.getByTestId('progress-code').inputValue();
    expect(code.split('.')).toHaveLength(3);
    await expect(page.getByTestId('progress-said')).toContainText('1 of');
    await expect(page.getByTestId('progress')).toContainText('can be forged');

    // A forged copy: one more scenario claimed, the signature left as it was.
    const [h, p, s] = code.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.scenarios.push('key-pair');
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;

    const teacher = await context.browser()!.newPage();
    await teacher.goto(page.url().replace(/#.*$/, '#/teach/class'));
    await teacher.getByTestId('class-codes').fill(`${code}\n\nnot a code <script>alert(1)</script>\n${forged}\n`);
    const table = teacher.getByTestId('class-table');
    const rows = table.getByTestId('class-row');
    await expect(rows).toHaveCount(2);
    await expect(teacher.getByTestId('class-caption')).toHaveText('2 codes read, 1 line skipped');
    const ada = rows.first();
    await expect(ada).toHaveAttribute('data-verified', 'true');
    await expect(ada).toHaveAttribute('data-name', 'Ada <b>Lovelace</b>');
    await expect(ada.getByTestId('class-scenarios')).toHaveAttribute('data-count', '1');
    await expect(ada.getByTestId('class-questions')).toHaveAttribute('data-count', '2');
    await expect(rows.nth(1)).toHaveAttribute('data-verified', 'false');
    await expect(rows.nth(1)).toContainText('forged or altered');
    await expect(rows.nth(1).getByTestId('class-scenarios')).toHaveAttribute('data-count', '2');
    await expect(teacher.getByTestId('class-bad-line')).toHaveText(/^Line 3: not a progress code/);
    await expect(teacher.locator('b')).toHaveCount(0);
    await teacher.close();
  });

  test('a paste of too many lines is read up to its cap, with a sentence', async ({ appPage, page }) => {
    await appPage.goto('#/teach/class');
    await page.getByTestId('class-codes').fill('x\n'.repeat(260));
    await expect(page.getByTestId('class-skipped')).toContainText('first 200 codes');
    await expect(page.getByTestId('class-bad-line')).toHaveCount(200);
  });

  test('printing gives the handout alone: the two diagrams and the table, no header', async ({ appPage, page }, info) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await appPage.goto('#/teach');
    await openTeach(page);
    await expect(page.getByTestId('handout-diagram')).toHaveCount(2);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.app-header')).toBeHidden();
    await expect(page.getByTestId('tab-teach')).toBeHidden();
    await expect(page.getByTestId('lesson-plan')).toBeHidden();
    await expect(page.getByTestId('quiz-submit')).toBeHidden();
    await expect(page.getByTestId('print-handout')).toBeHidden();
    const diagrams = page.getByTestId('handout-diagram');
    await expect(diagrams.nth(0)).toBeVisible();
    await expect(diagrams.nth(1)).toBeVisible();
    // Drawn from the simulation: a login and a profile request, each answered 200.
    await expect(diagrams.nth(0).locator('[data-kind="response"][data-status="200"]')).toHaveCount(2);
    await expect(diagrams.nth(1).locator('[data-kind="request"]').nth(1)).toHaveAttribute('aria-label', /carrying the JWT/);
    await expect(page.getByTestId('handout-table')).toBeVisible();
    // The diagrams' marks are explained in words on the paper too.
    await expect(page.getByTestId('handout-legend')).toBeVisible();
    await expect(page.getByTestId('handout-legend')).toContainText('header, payload and signature');
    const shot = info.outputPath('handout-print.png');
    await page.screenshot({ path: shot, fullPage: true });
    await info.attach('handout-print', { path: shot, contentType: 'image/png' });
  });
});

test('axe: the teacher\'s page with a marked quiz and a code, and the class page with its table', async ({ appPage, page }) => {
  await appPage.goto('#/teach');
  await openTeach(page);
  await answerAll(page, false);
  await page.getByTestId('quiz-submit').click();
  await page.getByTestId('progress-name').fill('Ada');
  await page.getByTestId('progress-make').click();
  const code = await page.getByTestId('progress-code').inputValue();
  let violations = await axeViolations(page, 'serious');
  expect(violations, violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n')).toEqual([]);
  await page.goto('#/teach/class');
  await page.getByTestId('class-codes').fill(`${code}\nnonsense\n${code.slice(0, -2)}xx`);
  await expect(page.getByTestId('class-row')).toHaveCount(2);
  violations = await axeViolations(page, 'serious');
  expect(violations, violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n')).toEqual([]);
});
