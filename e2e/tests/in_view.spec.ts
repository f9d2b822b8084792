import { test, expect, b64u, expectUncovered, signHs } from '../fixtures';

// What a click brings lands where the user is looking, and what the page cannot do it says in
// words (the review of 2026-12-07 at 1280x720, the size where these were below the fold): the
// quiz's score after marking, the guesser's result, a teacher's lesson once reached, the keyboard's
// place after a notice is dismissed, a clock the debugger could not read, a copy that failed.

const payload = (json: unknown) => b64u(JSON.stringify(json));

test.describe('results in view at 1280x720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the quiz: after marking, the score and the button are on screen', async ({ appPage, page }) => {
    await appPage.goto('#/teach');
    const questions = page.getByTestId('quiz-question');
    await expect(questions).toHaveCount(10);
    for (let i = 0; i < 10; i++) {
      await questions.nth(i).locator('input[data-right="false"]').first().check();
    }
    const submit = page.getByTestId('quiz-submit');
    await submit.click();
    await expect(page.getByTestId('quiz-explanation')).toHaveCount(10);
    await expect(page.getByTestId('quiz-score')).toHaveText('Score: 0 of 10 right.');
    await expectUncovered(page.getByTestId('quiz-score'), 'the score after marking');
    await expectUncovered(submit, 'the button that had the focus');
    await expect(submit).toBeFocused();
  });

  test('the guesser: its progress on start and its result with "use it" on screen', async ({ debuggerPage: d, page }) => {
    await d.goto();
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice', role: 'user' }, 'Changeme2024'));
    await page.locator('details.guesser summary').click();
    await page.getByTestId('crack-start').click();
    await expect(page.getByTestId('crack-result')).toContainText('"Changeme2024"', { timeout: 20_000 });
    await expect(page.getByTestId('crack-result')).toContainText(/Found after [\d,]+ guess(es)?:/);
    await expectUncovered(page.getByTestId('crack-result'), 'the guesser\'s result');
    await expectUncovered(page.getByTestId('crack-use'), 'the button that uses the found secret');
  });

  test('a teacher\'s scenario: "What it shows ↓" brings its lesson into view and moves the keyboard there', async ({ playgroundPage: pg, page }) => {
    const link = payload({
      version: 1,
      title: 'Logging in',
      goal: 'Log in.',
      lesson: 'A login answers with the token; nothing is stored on the server.',
      start: { mode: 'jwt', servers: 1 },
      check: { kind: 'response', path: '/user/login', status: 200 },
    });
    await pg.app.goto(`#/custom/${link}`);
    const button = page.getByTestId('goal-questions');
    await expect(button).toHaveCount(0);
    await pg.loginAs('alice');
    await expect(page.getByTestId('custom-goal')).toHaveAttribute('data-reached', 'true');
    await expect(button).toHaveText('What it shows ↓');
    await button.click();
    const lesson = page.getByTestId('custom-lesson');
    await expect(lesson).toContainText('nothing is stored on the server');
    await expectUncovered(lesson, 'the teacher\'s lesson');
    await expect(lesson).toBeFocused();
  });

  test('a teacher\'s scenario without a lesson offers no button', async ({ playgroundPage: pg, page }) => {
    const link = payload({
      version: 1,
      title: 'Logging in',
      goal: 'Log in.',
      start: { mode: 'jwt', servers: 1 },
      check: { kind: 'response', path: '/user/login', status: 200 },
    });
    await pg.app.goto(`#/custom/${link}`);
    await pg.loginAs('alice');
    await expect(page.getByTestId('custom-goal')).toHaveAttribute('data-reached', 'true');
    await expect(page.getByTestId('goal-questions')).toHaveCount(0);
  });
});

test.describe('said in words', () => {
  test('dismissing a notice leaves the keyboard on the next control, not on the page', async ({ playgroundPage: pg, page }) => {
    await pg.app.goto('#/custom/%%%not-a-scenario');
    const notice = page.getByTestId('kept-notice');
    await expect(notice).toBeVisible();
    await page.getByTestId('kept-ok').focus();
    await page.keyboard.press('Enter');
    await expect(notice).toBeHidden();
    const where = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}:${el.textContent?.trim()}` : 'none';
    });
    expect(where).toBe('summary:Share');
  });

  test('a clock or leeway the debugger cannot read is said under its field, and the verdict names the time used', async ({ debuggerPage: d, page }) => {
    await d.goto();
    const now = page.getByTestId('debugger-now');
    await now.fill('1e30');
    const note = page.getByTestId('debugger-now-note');
    await expect(note).toContainText('Not a whole number of seconds: the real time');
    await expect(now).toHaveAttribute('aria-invalid', 'true');
    await expect(now).toHaveAttribute('aria-describedby', 'debugger-now-note');
    await d.expectValid();
    await expect(d.verdict).toContainText('the time used');
    await now.fill('');
    await expect(note).toHaveCount(0);
    await expect(now).not.toHaveAttribute('aria-describedby', /./);

    // The jwt.io sample has no exp: a set clock is named in the verdict.
    await now.fill('1700000000');
    await expect(d.verdict).toContainText('2023-11-14');

    const leeway = page.getByTestId('debugger-leeway');
    await leeway.fill('-5');
    await expect(page.getByTestId('debugger-leeway-note')).toContainText('no leeway (0) is used instead');
    await expect(leeway).toHaveAttribute('aria-describedby', 'debugger-leeway-note');
    await leeway.fill('5');
    await expect(page.getByTestId('debugger-leeway-note')).toHaveCount(0);
  });

  for (const [outcome, said] of [
    ['refused', 'Not copied: select the link above and copy it'],
    ['allowed', 'Copied ✓'],
  ] as const) {
    test(`the builder's copy button says what happened when the clipboard is ${outcome}`, async ({ appPage, page }) => {
      await page.addInitScript((refuse) => {
        Object.defineProperty(navigator, 'clipboard', {
          configurable: true,
          value: {
            writeText: () => (refuse ? Promise.reject(new DOMException('no', 'NotAllowedError')) : Promise.resolve()),
          },
        });
      }, outcome === 'refused');
      await appPage.goto('#/teach/build');
      const copy = page.getByTestId('builder-copy');
      await expect(copy).toHaveText('Copy the link');
      await copy.click();
      await expect(copy).toHaveText(said);
      // A changed scenario is a new link: nothing is said of it yet.
      await page.getByTestId('builder-title').fill('Another title');
      await expect(copy).toHaveText('Copy the link');
    });
  }
});
