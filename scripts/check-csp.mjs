#!/usr/bin/env node
// Opens a running copy of the app in headless Chromium and checks that it mounts without any
// Content-Security-Policy violation (issue 9, item 6), console error or page error. For the dev
// server, whose page is not what the tests serve:
//
//   scripts/serve.sh &            then   node scripts/check-csp.mjs http://127.0.0.1:8080/
//
// Exits 1 on any finding. Prints the page's CSP and the scripts it loaded.
import chromiumLaunch from '../e2e/chromium.cjs';
import { chromium } from '@playwright/test';

const url = process.argv[2] || 'http://127.0.0.1:8080/';
const browser = await chromium.launch({ executablePath: chromiumLaunch.CHROMIUM_PATH, args: chromiumLaunch.CHROMIUM_ARGS });
const findings = [];
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') findings.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => findings.push(`page error: ${e}`));
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(url);
  await page.waitForSelector('[data-testid="app"][data-ready="true"]', { state: 'attached', timeout: 30_000 });
  await page.waitForTimeout(1000);
  const info = await page.evaluate(() => ({
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
    scripts: [...document.scripts].map((s) => s.src || `(inline, ${s.textContent.length} chars)`),
    violations: window.__cspViolations,
  }));
  console.log(`[check-csp] ${url}: mounted`);
  console.log(`[check-csp] CSP: ${info.csp}`);
  for (const s of info.scripts) console.log(`[check-csp] script: ${s}`);
  for (const w of sockets) console.log(`[check-csp] websocket: ${w}`);
  if (!info.csp) findings.push('no CSP meta');
  else if (/script-src[^;]*'unsafe-inline'/.test(info.csp)) findings.push("script-src allows 'unsafe-inline'");
  for (const v of info.violations) findings.push(`CSP violation: ${v}`);
} finally {
  await browser.close();
}
for (const f of findings) console.error(`[check-csp] FAIL: ${f}`);
if (findings.length) process.exit(1);
console.log('[check-csp] OK: no CSP violation, no console error or warning');
