#!/usr/bin/env node
// Benchmark of the release build (run it through scripts/bench.sh, which builds dist/ first).
// Prints plain lines such as `total gzip: 61.2 KB`:
//   - total gzip -9 size of dist/ and the raw .wasm size;
//   - navigation start -> app mounted, median and max over 15 fresh page loads (a fresh browser
//     context each) in headless Chromium: the app's performance mark "app-mounted" if it sets one,
//     else the moment `[data-testid=app]` gets data-ready="true" (seen by a MutationObserver);
//   - debugger: input event on the token field -> verdict updated in the DOM, p50/p95 over 50
//     samples, alternating a valid and a tampered token so the verdict changes every time;
//   - playground (issue 5): editing an ~8 KB token in [data-testid=browser-token] -> the first DOM
//     update it causes, p50/p95 (skipped with a note when the element is not on the page).
// Env: BENCH_PORT (default 4174), CHROMIUM_PATH, BENCH_LOADS (15), BENCH_SAMPLES (50), DIST.
import chromiumLaunch from './chromium.cjs';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { measureDist, kb } from '../scripts/size-check.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '..');
const DIST = resolve(process.env.DIST || join(ROOT, 'dist'));
const PORT = Number(process.env.BENCH_PORT || 4174);
const BASE = `http://127.0.0.1:${PORT}/jwt-playground/`;
const LOADS = Number(process.env.BENCH_LOADS || 15);
const SAMPLES = Number(process.env.BENCH_SAMPLES || 50);
const { CHROMIUM_ARGS, CHROMIUM_PATH } = chromiumLaunch;

// jwt.io's HS256 sample (shared/vectors/public.json, "JWTIO-HS256-current") and a tampered copy.
const SAMPLE =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30';
const SAMPLE_SECRET = 'a-string-secret-at-least-256-bits-long';
const tamper = (token) => {
  const [h, p, s] = token.split('.');
  const json = Buffer.from(p, 'base64url').toString('utf8').replace('"John Doe"', '"Jane Doe"');
  return `${h}.${Buffer.from(json).toString('base64url')}.${s}`;
};
const sign = (header, payload, key) => {
  const h = Buffer.from(JSON.stringify(header)).toString('base64url');
  const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${h}.${p}.${createHmac('sha256', key).update(`${h}.${p}`).digest('base64url')}`;
};

const ms = (x) => `${x.toFixed(1)} ms`;
/** Nearest-rank percentile. */
function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function startServer() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(HERE, 'server.mjs')], {
      env: { ...process.env, PORT: String(PORT), DIST },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => reject(new Error('the static server did not start within 10 s')), 10_000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('serving')) {
        clearTimeout(timer);
        resolveStart(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the static server exited (code ${code}); is port ${PORT} free? (BENCH_PORT=...)`));
    });
  });
}

/** Installed before any page script: notes when the app root gets data-ready="true". */
function readyObserver() {
  const check = () => {
    const el = document.querySelector('[data-testid="app"][data-ready="true"]');
    if (el && window.__benchReadyAt === undefined) window.__benchReadyAt = performance.now();
    return el;
  };
  new MutationObserver(() => check()).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
}

/**
 * Counts anything that would leave 127.0.0.1. Passive (no request interception), so that it adds
 * no latency to the timings; the browser tests block such requests, this only reports them.
 */
async function guardContext(context, offHost) {
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:') return;
    offHost.push(u.href);
  });
}

async function measureMount(browser, offHost) {
  const one = async () => {
    const context = await browser.newContext();
    await guardContext(context, offHost);
    await context.addInitScript(readyObserver);
    const page = await context.newPage();
    await page.goto(BASE, { waitUntil: 'commit' });
    await page.waitForSelector('[data-testid="app"][data-ready="true"]', { state: 'attached', timeout: 20_000 });
    const r = await page.evaluate(() => {
      const mark = performance.getEntriesByName('app-mounted', 'mark')[0];
      return { mark: mark ? mark.startTime : null, attr: window.__benchReadyAt ?? null };
    });
    await context.close();
    return r;
  };
  await one(); // warm-up: first browser start, not counted
  const times = [];
  let source = 'performance mark "app-mounted"';
  for (let i = 0; i < LOADS; i++) {
    const r = await one();
    if (r.mark !== null) times.push(r.mark);
    else {
      source = 'data-ready="true" on [data-testid=app] (no "app-mounted" mark found)';
      times.push(r.attr);
    }
  }
  return { times, source };
}

/**
 * In the page: set the field's value, dispatch `input`, and time until the target's state (read
 * by `stateOf`) differs from before, seen by a MutationObserver on the app root. Runs `n` samples
 * alternating between two texts.
 */
async function inputLatency(page, { field, texts, n, watch }) {
  return page.evaluate(
    async ({ field, texts, n, watch }) => {
      const root = document.querySelector('[data-testid="app"]') || document.body;
      const ta = document.querySelector(field);
      const stateOf = () => {
        if (watch === null) return null;
        const v = document.querySelector(watch);
        return v ? `${v.getAttribute('data-verdict')}|${v.getAttribute('data-reason')}|${v.textContent}` : '(none)';
      };
      const samples = [];
      let timeouts = 0;
      for (let i = 0; i < n + 2; i++) {
        const text = texts[i % texts.length];
        const before = stateOf();
        let done;
        const changed = new Promise((res) => (done = res));
        const mo = new MutationObserver(() => {
          if (watch === null || stateOf() !== before) done(performance.now());
        });
        mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        const t0 = performance.now();
        ta.value = text;
        ta.dispatchEvent(new Event('input', { bubbles: true }));
        const t1 = await Promise.race([changed, new Promise((res) => setTimeout(() => res(null), 2000))]);
        mo.disconnect();
        if (t1 === null) timeouts++;
        else if (i >= 2) samples.push(t1 - t0); // the first two warm up
        // Let the frame finish before the next edit.
        await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      }
      return { samples, timeouts };
    },
    { field, texts, n, watch },
  );
}

async function main() {
  const lines = [];
  const out = (s) => {
    lines.push(s);
    console.log(s);
  };

  const size = measureDist(DIST);
  if (!size.files.some((f) => f.path.endsWith('.wasm'))) throw new Error(`no .wasm in ${DIST}`);

  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const offHost = [];
  try {
    console.log(`[bench] ${LOADS} fresh page loads of ${BASE} ...`);
    const mount = await measureMount(browser, offHost);

    console.log(`[bench] debugger: ${SAMPLES} edits of the token field ...`);
    const context = await browser.newContext();
    await guardContext(context, offHost);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${BASE}#/debugger`);
    await page.waitForSelector('[data-testid="app"][data-ready="true"]', { state: 'attached' });
    let dbg = null;
    if ((await page.locator('[data-testid="debugger-token"]').count()) === 0) {
      console.log('[bench] note: no [data-testid=debugger-token] at #/debugger; skipping the debugger figure');
    } else {
      await page.getByTestId('debugger-secret').fill(SAMPLE_SECRET).catch(() => undefined);
      dbg = await inputLatency(page, {
        field: '[data-testid="debugger-token"]',
        texts: [tamper(SAMPLE), SAMPLE],
        n: SAMPLES,
        watch: '[data-testid="debugger-verdict"]',
      });
    }

    console.log('[bench] playground: editing an ~8 KB token in [data-testid=browser-token] ...');
    let play = null;
    let playNote = '';
    await page.goto(`${BASE}#/playground`);
    await page.waitForSelector('[data-testid="app"][data-ready="true"]', { state: 'attached' });
    const browserToken = page.locator('[data-testid="browser-token"]');
    if ((await browserToken.count()) === 0 && (await page.locator('[data-testid="login-submit"]').count()) > 0) {
      // The token only exists after a login: use the prefilled or first demo account.
      await page.getByTestId('login-submit').click().catch(() => undefined);
      await browserToken.first().waitFor({ state: 'attached', timeout: 3000 }).catch(() => undefined);
    }
    if ((await browserToken.count()) === 0) {
      playNote = 'skipped: no [data-testid=browser-token] at #/playground yet';
    } else {
      const secretEl = page.locator('[data-testid="server-secret"]');
      const secret = (await secretEl.count()) > 0 ? ((await secretEl.first().textContent()) || '').trim() : SAMPLE_SECRET;
      const now = Math.floor(Date.now() / 1000);
      const big = sign(
        { alg: 'HS256', typ: 'JWT' },
        { sub: 'alice', role: 'user', iat: now, exp: now + 3600, pad: 'x'.repeat(5900) },
        secret || SAMPLE_SECRET,
      );
      const edited = big.slice(0, -8) + (big.endsWith('AAAAAAAA') ? 'BBBBBBBB' : 'AAAAAAAA');
      play = await inputLatency(page, {
        field: '[data-testid="browser-token"]',
        texts: [edited, big],
        n: SAMPLES,
        watch: null,
      });
      playNote = `${(big.length / 1024).toFixed(1)} KB token, time to the first DOM update it causes`;
    }
    await context.close();

    // ---- report ---------------------------------------------------------------------------
    console.log('');
    out(`total gzip: ${kb(size.totalGzip)} (${size.totalGzip} bytes; budget 160 KB, aim 100 KB)`);
    out(`raw wasm: ${kb(size.wasmRaw)} (${size.wasmRaw} bytes; ${kb(size.wasmGzip)} gzip)`);
    out(`mount median: ${ms(pct(mount.times, 50))} (budget 200 ms)`);
    out(`mount max: ${ms(Math.max(...mount.times))}`);
    console.log(`  (${mount.times.length} fresh page loads, navigation start -> ${mount.source})`);
    if (dbg) {
      if (dbg.samples.length) {
        out(`debugger input->verdict p50: ${ms(pct(dbg.samples, 50))}`);
        out(`debugger input->verdict p95: ${ms(pct(dbg.samples, 95))}`);
      }
      console.log(`  (${dbg.samples.length} samples, max ${ms(Math.max(...dbg.samples, 0))}, alternating valid/tampered; ${dbg.timeouts} edits without a verdict change in 2 s)`);
    } else {
      out('debugger input->verdict: skipped (no debugger on the page)');
    }
    if (play && play.samples.length) {
      out(`playground 8 KB token edit p50: ${ms(pct(play.samples, 50))}`);
      out(`playground 8 KB token edit p95: ${ms(pct(play.samples, 95))} (budget 16 ms)`);
      console.log(`  (${play.samples.length} samples, ${playNote}; ${play.timeouts} edits without a DOM update in 2 s)`);
    } else {
      out(`playground 8 KB token edit: ${play ? 'no DOM update observed after editing browser-token' : playNote}`);
    }
    out(`off-host requests: ${offHost.length}`);
    if (pageErrors.length) out(`page errors: ${pageErrors.length} (${pageErrors[0]})`);
    if ((dbg && dbg.timeouts) || offHost.length || pageErrors.length) process.exitCode = 1;

    // ---- budgets (issue 5): fail loudly ----------------------------------------------------
    const over = [];
    if (size.totalGzip > 160 * 1024) over.push(`total gzip ${kb(size.totalGzip)} > 160 KB`);
    const mountMedian = pct(mount.times, 50);
    if (mountMedian > 200) over.push(`mount median ${ms(mountMedian)} > 200 ms`);
    if (!play || !play.samples.length) over.push('no 8 KB token edit measured (is the playground on the page?)');
    else if (pct(play.samples, 95) > 16) over.push(`8 KB token edit p95 ${ms(pct(play.samples, 95))} > 16 ms`);
    if (over.length) {
      console.error('');
      for (const o of over) console.error(`[bench] OVER BUDGET: ${o}`);
      process.exitCode = 1;
    } else {
      out('budgets: all within (160 KB gzip, 200 ms mount median, 16 ms p95 token edit)');
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(`[bench] FAIL: ${e.message}`);
  process.exit(1);
});
