import type { Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  BIG_SHAPES,
  JWTIO_HS256,
  breakSignature,
  focusDescription,
  focused,
  installTimerProbe,
  manyClaims,
  markElement,
  markOf,
  mutationsDuring,
  nextPaint,
  placeCaret,
  signClaims,
  signHs,
  timersDuring,
  watchInputToVerdict,
  editTiming,
  type EditTiming,
  type BigShape,
  type PlaygroundPage,
} from '../fixtures';

// The view, rebuilt the Leptos way (issue 9): one test per problem a user met in the old view,
// written against the testing contract the rebuilt view honours. On the old build (panels as HTML
// strings) most of them fail; a few already passed there and stay as guards: servers 2 and 3 (only
// server 1 lost focus), the two DOM-mutation idle checks (the old player's timer ran script but
// changed nothing; the timer test catches it), and the 1 MB shapes the old playground drew within
// the 3 s bound. They read as the list of problems:
//
//   1. keyboard focus stays where the user is (crash/restart every server, a log entry, a cookie);
//   2. an idle page does nothing;
//   3. no stuck states: a garbage token never follows the user into a login or a cookie session;
//   4. big and odd input stays usable (1 MB tokens, 10,000 claims, bidi controls, plurals);
//   5. the Content-Security-Policy allows no inline script.
//
// Time bounds here are generous on purpose (3 s); the real figures are printed, and the budgets
// live in the benchmark (scripts/bench.sh).

// ---------------------------------------------------------------------------------------------
// 1. Keyboard focus
// ---------------------------------------------------------------------------------------------

test.describe('keyboard: focus stays where the user is', () => {
  test.beforeEach(async ({ playgroundPage }) => {
    await playgroundPage.goto();
  });

  for (const n of [1, 2, 3]) {
    test(`server ${n} of 3: Enter on Crash moves focus to its Restart, Enter on Restart moves it back`, async ({ playgroundPage: pg, page }) => {
      await pg.addServers(2);
      await expect(pg.servers).toHaveCount(3);

      await pg.serverCrash(n).focus();
      await page.keyboard.press('Enter');
      await expect(pg.server(n)).toHaveAttribute('data-up', 'false');
      await expect.poll(() => focusDescription(page), { message: `focus after crashing server ${n}` }).toBe(`server-restart of server ${n}`);

      await page.keyboard.press('Enter');
      await expect(pg.server(n)).toHaveAttribute('data-up', 'true');
      await expect.poll(() => focusDescription(page), { message: `focus after restarting server ${n}` }).toBe(`server-crash of server ${n}`);
    });
  }

  test('Enter on an older network-log entry toggles it, keeps focus on that same summary, and the entry keeps its state when a new one arrives', async ({
    playgroundPage: pg,
    page,
  }) => {
    await pg.loginAs('alice');
    await pg.profile(); // the login is now the older entry; the newest is the profile request
    const older = pg.entries.nth(0);
    const summary = pg.entrySummary(older);
    const wasOpen = await pg.isEntryOpen(older);
    await markElement(summary, 'login-entry-summary');

    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pg.isEntryOpen(older), { message: 'the entry toggled' }).toBe(!wasOpen);
    await expect
      .poll(async () => (await focused(page)).mark ?? `not the summary: ${await focusDescription(page)}`, {
        message: 'focus is still on the same <summary> element (not a redrawn copy, not the body)',
      })
      .toBe('login-entry-summary');

    // A new exchange arrives: the older entry is not redrawn, so it keeps what the user chose.
    await pg.loginAs('alice');
    await expect(pg.entries).toHaveCount(3);
    expect(await pg.isEntryOpen(older), "the older entry keeps the state the user gave it").toBe(!wasOpen);
    expect(await markOf(summary), 'the older entry is the same element').toBe('login-entry-summary');

    // And back, from the keyboard again.
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pg.isEntryOpen(older)).toBe(wasOpen);
    expect((await focused(page)).mark, `focus after the second toggle: ${await focusDescription(page)}`).toBe('login-entry-summary');
  });

  test('editing a cookie and pressing Enter keeps focus in that input, and the value sticks', async ({ playgroundPage: pg, page }) => {
    await pg.setMode('session');
    await pg.loginAs('alice');
    const input = pg.cookieInput('sid');
    const sid = await input.inputValue();
    const edited = sid.slice(0, -1) + (sid.endsWith('A') ? 'B' : 'A');
    await markElement(input, 'sid-input');

    await input.fill(edited);
    await input.press('Enter');
    await expect
      .poll(async () => (await focused(page)).mark ?? `not the input: ${await focusDescription(page)}`, {
        message: 'focus is still in the same sid input after Enter',
      })
      .toBe('sid-input');
    await expect(input).toHaveValue(edited);
    expect(await markOf(input), 'the sid input is the same element').toBe('sid-input');
  });
});

// ---------------------------------------------------------------------------------------------
// 2. An idle page does nothing
// ---------------------------------------------------------------------------------------------

test.describe('idle page: no DOM change while nothing plays', () => {
  test.beforeEach(async ({ playgroundPage }) => {
    await playgroundPage.goto();
  });

  test('after load: no DOM mutation over 3 s', async ({ page }) => {
    await nextPaint(page);
    expect(await mutationsDuring(page, 3000)).toEqual([]);
  });

  test('after a login, once the build player is paused: no DOM mutation over 3 s', async ({ playgroundPage: pg, page }) => {
    await pg.loginAs('alice');
    await pg.pauseBuild();
    await expect(pg.buildPlay).toHaveAttribute('aria-pressed', 'false');
    await nextPaint(page);
    expect(await mutationsDuring(page, 3000)).toEqual([]);
  });
});

test.describe('idle page: no script runs while nothing plays', () => {
  test('after a login, once the build player is paused: no timer or animation frame fires over 3 s', async ({ playgroundPage: pg, page }) => {
    // The old build player kept a 100 ms interval ticking while paused: the DOM stayed still,
    // but script ran ten times a second.
    await installTimerProbe(page);
    await pg.goto();
    await pg.loginAs('alice');
    await pg.pauseBuild();
    // The playground is written to localStorage once, 300 ms after its last change (keep.rs):
    // one timer, not a ticking one. Let it pass, then nothing at all may run.
    await page.waitForTimeout(500);
    await nextPaint(page);
    expect(await timersDuring(page, 3000), 'timer callbacks by kind').toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------
// 3. No stuck states
// ---------------------------------------------------------------------------------------------

test.describe('no stuck states', () => {
  test.beforeEach(async ({ playgroundPage }) => {
    await playgroundPage.goto();
  });

  test('1 MB of garbage in the token: profile 431; then login, Cookie session login and profile, JWT login: all 200, no stale credential sent', async ({
    playgroundPage: pg,
  }) => {
    test.setTimeout(120_000);
    const slow = 30_000; // the old view needed seconds to draw a 1 MB request; the point here is the status
    await pg.expectStatus(await pg.loginAs('alice'), 200);

    await pg.browserToken.fill('garbage!'.repeat(1 << 17), { timeout: slow });
    const profile = await pg.send(pg.requestProfile, slow);
    await pg.expectStatus(profile, 431); // fair: the header is too large

    // A login does not carry the old credential.
    await pg.page.getByTestId('demo-alice').click({ timeout: slow });
    const login = await pg.send(pg.loginSubmit, slow);
    await pg.expectStatus(login, 200);
    await expect(login.getByTestId('http-request')).not.toContainText('Authorization:');

    // Cookie-session mode never sends a bearer token.
    await pg.modeSession.click({ timeout: slow });
    await expect(pg.modeSession).toHaveAttribute('aria-pressed', 'true', { timeout: slow });
    await pg.page.getByTestId('demo-alice').click({ timeout: slow });
    await pg.expectStatus(await pg.send(pg.loginSubmit, slow), 200);
    await pg.expectStatus(await pg.send(pg.requestProfile, slow), 200);
    const bearer = await pg.entries.evaluateAll((els) =>
      els.filter((e) => /Authorization:\s*Bearer/i.test(e.querySelector('[data-testid="http-request"]')?.textContent ?? '')).length,
    );
    expect(bearer, 'requests in Cookie-session mode that carry Authorization: Bearer').toBe(0);

    // And back to JWT mode: logging in works.
    await pg.modeJwt.click({ timeout: slow });
    await expect(pg.modeJwt).toHaveAttribute('aria-pressed', 'true', { timeout: slow });
    await pg.page.getByTestId('demo-alice').click({ timeout: slow });
    await pg.expectStatus(await pg.send(pg.loginSubmit, slow), 200);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Big and odd input stays usable
// ---------------------------------------------------------------------------------------------

/**
 * Timings are printed, never asserted (issue 22: a wall-clock bound failed CI under load once);
 * `scripts/bench.sh` measures them with budgets. Here the page must answer at all: the verdict
 * updated and painted before GIVE_UP_MS, timed from the edit's `input` event.
 */
/** How long to wait at all before calling the page frozen. */
const GIVE_UP_MS = 20_000;

type Screen = {
  name: string;
  field: (page: Page) => Locator;
  verdict: string;
  /** Opens the screen in a state whose verdict differs from any garbage (a valid token). */
  open: (page: Page, pg: PlaygroundPage) => Promise<void>;
  /** The key that signs a token this screen accepts. */
  secret: (page: Page, pg: PlaygroundPage) => Promise<string>;
  /** Claims a valid token needs on this screen, besides the 10,000 extra ones. */
  baseClaims: (pg: PlaygroundPage) => Promise<Record<string, unknown>>;
};

const SCREENS: Screen[] = [
  {
    name: 'debugger',
    field: (page) => page.getByTestId('debugger-token'),
    verdict: 'debugger-verdict',
    open: async (page) => {
      await page.goto('#/debugger');
      await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
      await expect(page.getByTestId('debugger-verdict')).toHaveAttribute('data-verdict', 'valid');
    },
    secret: async () => JWTIO_HS256.secret,
    baseClaims: async () => ({ ...JWTIO_HS256.payload }),
  },
  {
    name: 'playground',
    field: (page) => page.getByTestId('browser-token'),
    verdict: 'token-verdict',
    open: async (_page, pg) => {
      await pg.goto();
      await pg.loginAs('alice');
      await pg.pauseBuild();
      await pg.expectVerdictValid();
    },
    secret: async (_page, pg) => pg.secret(),
    baseClaims: async (pg) => pg.claims(),
  },
];

/** Pastes `text` (locator.fill: one `input` event, as a paste makes) and times the answer. */
async function pasteAndTime(page: Page, screen: Screen, text: string): Promise<EditTiming> {
  await watchInputToVerdict(page, screen.verdict);
  const t0 = Date.now();
  try {
    await screen.field(page).fill(text, { timeout: GIVE_UP_MS });
  } catch {
    return { inputToPainted: Infinity, wallClock: Infinity };
  }
  return editTiming(page, t0, GIVE_UP_MS);
}

/** Makes one small keyboard edit that changes the verdict, and times the answer. */
async function smallEditAndTime(page: Page, screen: Screen, edit: () => Promise<void>): Promise<EditTiming> {
  await watchInputToVerdict(page, screen.verdict);
  const t0 = Date.now();
  try {
    await edit();
  } catch {
    return { inputToPainted: Infinity, wallClock: Infinity };
  }
  return editTiming(page, t0, GIVE_UP_MS);
}

/** The log line of one timing. */
function said(t: EditTiming): string {
  return `${t.inputToPainted} ms from the input event (${t.wallClock} ms with Playwright's own work)`;
}

/**
 * The small edit for a garbage shape, one input event each: a one-segment text gets `.e30.`
 * typed in at position 8 (three segments, the middle one `{}`), a three-segment one loses its
 * first dot (two segments). Either way the verdict's reason changes.
 */
async function garbageEdit(page: Page, field: Locator, text: string): Promise<void> {
  if (text.includes('.')) {
    await placeCaret(field, text.indexOf('.') + 1);
    await page.keyboard.press('Backspace');
  } else {
    await placeCaret(field, 8);
    await page.keyboard.insertText('.e30.');
  }
}

test.describe('big input stays usable', () => {
  for (const screen of SCREENS) {
    for (const shape of Object.keys(BIG_SHAPES) as BigShape[]) {
      test(`${screen.name}: a 1 MB token (${shape}) is painted, and the next edit answered (timings printed; budgets in scripts/bench.sh)`, async ({
        page,
        playgroundPage: pg,
      }) => {
        test.setTimeout(120_000);
        const text = BIG_SHAPES[shape]();
        await screen.open(page, pg);

        const paint = await pasteAndTime(page, screen, text);
        console.log(`[view] ${screen.name}, 1 MB ${shape}: paste -> verdict painted ${said(paint)}`);
        expect(Number.isFinite(paint.inputToPainted), 'paste -> verdict updated and painted at all').toBe(true);

        const edit = await smallEditAndTime(page, screen, () => garbageEdit(page, screen.field(page), text));
        console.log(`[view] ${screen.name}, 1 MB ${shape}: small edit -> verdict painted ${said(edit)}`);
        expect(Number.isFinite(edit.inputToPainted), 'next small edit -> verdict updated and painted at all').toBe(true);
      });
    }

    test(`${screen.name}: a token with 10,000 claims is painted, and the next edit answered (timings printed; budgets in scripts/bench.sh)`, async ({
      page,
      playgroundPage: pg,
    }) => {
      test.setTimeout(120_000);
      await screen.open(page, pg);
      const token = signClaims(manyClaims(10_000, await screen.baseClaims(pg)), await screen.secret(page, pg));
      // Pasted with a broken signature (refused), then fixed with one keystroke (accepted).
      const { broken, at, original } = breakSignature(token);

      const paint = await pasteAndTime(page, screen, broken);
      console.log(`[view] ${screen.name}, 10,000 claims (${(token.length / 1024).toFixed(0)} KB): paste -> verdict painted ${said(paint)}`);
      expect(Number.isFinite(paint.inputToPainted), 'paste -> verdict updated and painted at all').toBe(true);

      const edit = await smallEditAndTime(page, screen, async () => {
        await placeCaret(screen.field(page), at, at + 1);
        await page.keyboard.type(original);
      });
      console.log(`[view] ${screen.name}, 10,000 claims: one-character fix of the signature -> verdict painted ${said(edit)}`);
      expect(Number.isFinite(edit.inputToPainted), 'next small edit -> verdict updated and painted at all').toBe(true);
      await expect(page.getByTestId(screen.verdict)).toHaveAttribute('data-verdict', 'valid');
    });
  }

  test('debugger: a 10,000-claim token shows a few hundred claim rows and a "show more" button that reveals more', async ({ debuggerPage: d }) => {
    test.setTimeout(120_000);
    await d.goto();
    await d.token.fill(signClaims(manyClaims(10_000, { ...JWTIO_HS256.payload }), JWTIO_HS256.secret), { timeout: GIVE_UP_MS });
    await d.expectValid();
    const shown = await d.claimRows.count();
    expect(shown, 'claim rows drawn at first').toBeGreaterThan(0);
    expect(shown, 'claim rows drawn at first').toBeLessThanOrEqual(500);
    await expect(d.claimsShowMore).toBeVisible();
    await d.claimsShowMore.click();
    await expect.poll(() => d.claimRows.count(), { message: 'claim rows after "show more"' }).toBeGreaterThan(shown);
  });
});

test.describe('odd input is shown so a person can read it', () => {
  test.beforeEach(async ({ debuggerPage }) => {
    await debuggerPage.goto();
  });

  test('a claim with a bidirectional control (U+202E) is shown with the control made visible, and a warning', async ({ debuggerPage: d }) => {
    // "Trojan Source": U+202E RIGHT-TO-LEFT OVERRIDE makes "invoice\u202Efdp.exe" read as "invoiceexe.pdf".
    const trojan = 'invoice\u202Efdp.exe';
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: '1234567890', name: trojan }, JWTIO_HS256.secret));
    await d.expectValid();
    await expect(d.bidiWarning).toBeVisible();
    const name = d.claim('name');
    await expect(name).toContainText('⟨U+202E⟩');
    expect(await name.textContent(), 'the raw control character is not in the displayed value').not.toContain('\u202E');
  });

  test('a long claim value is shortened and says its length: "(20,000 characters)", never "1 characters"', async ({ debuggerPage: d, page }) => {
    const long = 'x'.repeat(20_000);
    await d.setToken(signHs({ alg: 'HS256', typ: 'JWT' }, { sub: '1234567890', note: long }, JWTIO_HS256.secret));
    await d.expectValid();
    const note = d.claim('note');
    await expect(note).toHaveCount(1);
    const text = (await note.textContent()) ?? '';
    expect(text.length, 'the value is shortened, not shown whole (characters in the claim row)').toBeLessThan(2000);
    expect(text).toMatch(/\(20,000 characters\)/);
    expect(await page.locator('body').innerText()).not.toMatch(/\b1 characters\b/);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Content-Security-Policy
// ---------------------------------------------------------------------------------------------

/** The content of the CSP <meta> of an HTML page (attributes in any order, quoted or not; minified HTML drops quotes). */
function cspMetaOf(html: string): string | null {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = Object.fromEntries(
      [...tag.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)].map((m) => [m[1].toLowerCase(), m[2] ?? m[3] ?? m[4]]),
    );
    if ((attrs['http-equiv'] || '').toLowerCase() === 'content-security-policy') return attrs.content ?? null;
  }
  return null;
}

test.describe('Content-Security-Policy', () => {
  test("the shipped page allows no inline script ('unsafe-inline'), yet the app mounts and logs in without a CSP violation", async ({
    page,
    request,
    playgroundPage: pg,
  }) => {
    const html = await (await request.get('./')).text();
    const csp = cspMetaOf(html);
    expect(csp, 'a CSP <meta> in index.html').not.toBeNull();
    const directives = csp!.split(';').map((d) => d.trim());
    const scriptSrc = directives.find((d) => d.startsWith('script-src '));
    expect(scriptSrc, 'a script-src directive').toBeDefined();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].filter(([, attrs, code]) => !/\bsrc\s*=/i.test(attrs) && code.trim() !== '');
    expect(inline.map(([s]) => s.slice(0, 120)), 'inline scripts left in index.html').toEqual([]);

    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    await pg.goto();
    await expect(page.locator('[data-testid=app][data-ready=true]')).toHaveCount(1);
    await pg.expectStatus(await pg.loginAs('alice'), 200);
    await pg.expectStatus(await pg.profile(), 200);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  });
});
