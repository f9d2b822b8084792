import { test, expect, signHs } from '../fixtures';

// Both screens keep their state while the other one is shown (issue 10, item 4, in part:
// switching tabs and Back/Forward; reloads and share links are in keep.spec.ts).

test.describe('state survives switching screens', () => {
  test('the playground keeps its story across a visit to the debugger and Back', async ({ playgroundPage: pg, page }) => {
    await pg.goto();
    await pg.addServer.click();
    await pg.loginAs('alice');
    await pg.profile();
    const token = await pg.token();
    const count = await pg.entries.count();
    await page.getByTestId('tab-debugger').click();
    await expect(page.getByTestId('debugger-token')).toBeVisible();
    await page.getByTestId('tab-playground').click();
    await expect(pg.entries).toHaveCount(count);
    await expect(pg.browserToken).toHaveValue(token);
    await expect(pg.servers).toHaveCount(2);
    // Browser Back and Forward too.
    await page.goBack();
    await expect(page.getByTestId('debugger-token')).toBeVisible();
    await page.goForward();
    await expect(pg.entries).toHaveCount(count);
  });

  test('the debugger keeps its fields across a visit to the playground', async ({ debuggerPage: d, page }) => {
    await d.goto();
    const token = signHs({ alg: 'HS256', typ: 'JWT' }, { sub: 'kept' }, 'another-secret-that-is-long-enough!!');
    await d.setToken(token);
    await d.setSecret('another-secret-that-is-long-enough!!');
    await d.setNow(1_700_000_000);
    await d.expectValid();
    await page.getByTestId('tab-playground').click();
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await page.getByTestId('tab-debugger').click();
    await expect(d.token).toHaveValue(token);
    await expect(d.secret).toHaveValue('another-secret-that-is-long-enough!!');
    await expect(d.now).toHaveValue('1700000000');
    await d.expectValid();
  });
});

test('an edited claim is re-encoded compactly: only what changed changes in the token', async ({ playgroundPage: pg }) => {
  await pg.goto();
  await pg.loginAs('alice');
  const before = await pg.token();
  const originalPayload = Buffer.from(before.split('.')[1], 'base64url').toString('utf8');
  const claims = JSON.parse(await pg.browserClaims.inputValue());
  // Typed pretty, as the box shows it.
  await pg.browserClaims.fill(JSON.stringify({ ...claims, role: 'admin' }, null, 2));
  await expect.poll(async () => (await pg.token()) !== before).toBe(true);
  const payload = Buffer.from((await pg.token()).split('.')[1], 'base64url').toString('utf8');
  expect(payload).toBe(originalPayload.replace('"role":"user"', '"role":"admin"'));
  await expect(pg.tokenVerdict).toHaveAttribute('data-reason', 'signature');
});

test('the one player: Back and Next turn off at the ends and hand the keyboard focus on', async ({ playgroundPage: pg, page }) => {
  await pg.goto();
  await pg.loginAs('alice');
  await pg.pauseBuild();
  while (await pg.buildPrev.isEnabled()) await pg.buildPrev.click();
  await expect(pg.buildPrev).toBeDisabled();
  await pg.buildNext.focus();
  for (let i = 0; i < 40 && (await pg.buildNext.isEnabled()); i++) await page.keyboard.press('Enter');
  await pg.expectBuildAt(9);
  await expect(pg.buildNext).toBeDisabled();
  await expect(page.getByTestId('request-step-replay')).toBeFocused();
});
