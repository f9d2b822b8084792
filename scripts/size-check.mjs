#!/usr/bin/env node
// Size budget: sums the gzip -9 size of every file in dist/ (recursively), prints each file and
// the total on every run, and exits 1 above the budget (615 KB = 629760 bytes by default).
//
// History: 160 KB, then 300 KB (issue 9), then a 400 KB cap once the real-world algorithms landed
// (issue 11). With all of them the site measures 442 KB: issue 11 added 167 KB gzip (275 -> 442),
// most of it the RustCrypto public-key crates; P-384's field and scalar code alone is about 100 KB
// of the raw wasm (~40 KB gzip), P-521's about 45 KB. Meeting 400 KB would
// mean dropping ES384 or ES512, which the issue requires, or replacing a RustCrypto crate with our
// own code, which the project rules out. So the check fails just above today's figure, and prints
// the 400 KB cap and the overage on every run, so that any further growth is loud.
// Issue 13 (token lifecycle: refresh families, deny-list, log out everywhere, the comparison
// table) then added 30 KB gzip (442 -> 472): about 40 KB raw of Leptos view code for its panels,
// 17 KB of simulation and 9 KB of text. The budget moved to 480 KB with it. The weak-secret list
// and the secret guesser in the debugger (a first part of issue 12), with the fixes of a review,
// added 10 KB more (482 KB); the budget is 490 KB. (Unicode case tables would have cost another
// 20 KB: the list is matched in ASCII case only.) The attack lab's six server weaknesses, their
// switches and lesson cards added 12 KB (494 KB); the budget was 500 KB. The rest of the attack lab
// (the jku, XSS and cookie weaknesses, evil.example and its loot, the forge panel and ten guided
// exercises with their text) added 26 KB (521 KB); the budget was 530 KB. Issue 10's first parts (fourteen
// guided scenarios with their text, the live SVG sequence diagram, the service worker's registration
// and the latest-result line) added 30 KB (551 KB), presenter mode and the measured cost of a check 7 KB
// more (558 KB; printing an f64 with `{:.3}` alone would have cost another 7 KB). Stepping through a request
// (the request player, its steps from the simulation, arrows through the balancer and to the store)
// added 11 KB (569 KB). Keeping the playground across a reload and share links (serde derive
// on the simulation's actions, read and written as JSON, the tape of random bytes, the share
// panel and the debugger's keep-in-this-tab box) added 36 KB (605 KB), nearly all of it the
// derived serde code for the ~30 actions and the types they carry, monomorphised for serde_json;
// a hand-written mapping would save part of it at the cost of code that must track every new
// action by hand. The budget was 610 KB. Leaving tokens from outside the playground out of what is
// kept (World::made_here, the placeholder, the note that says so) and the lesson beside the diagram
// moved into the simulation added 2 KB (611 KB), and the fixes from a walk through every scenario
// (presenter mode, reset, the replay's own answer, lifeline names, check titles) 3.5 KB (614.4 KB);
// the budget is 615 KB. The next real saving is to
// load the public-key code (about 170 KB raw) only when it is first needed.
// Issue 21 (the stage fitted to the window with its goal bar, phone views and one player; the
// debugger's verdict bar, expected iss/aud, DER signatures and durations in words; captions from
// what the server did, with their glossary) brought the site to about 648 KB, 33 KB over. The
// budget was NOT raised: the loading issue owns it (first screen at most 400 KB, the rest loaded
// when first used), so this script keeps failing above 615 KB until that split lands, and
// scripts/test.sh reports the figure without failing on it (sizes are measured, never asserted
// in tests). Tried and measured: wasm-opt --converge and --gufa (no gain), opt-level "s" (741 KB
// of wasm against 647 KB with "z").
//
//   node scripts/size-check.mjs [DIST_DIR]      env: SIZE_BUDGET_BYTES
//
// Also importable: `import { measureDist } from './size-check.mjs'` (used by e2e/bench.mjs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const DEFAULT_BUDGET = 615 * 1024;
/** The cap issue 11 names for the site with every algorithm; see the note at the top. */
export const ISSUE_CAP = 400 * 1024;

/** The background worker's files (Trunk names them after the binary, with no hash). */
export const WORKER_PREFIX = 'jwt-worker';

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

/** Raw and gzip -9 size of every file under `dist`, with totals. */
export function measureDist(dist) {
  const root = resolve(dist);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${root} does not exist: build first (trunk build --release --public-url /jwt-playground/)`);
  }
  const files = walk(root).map((p) => {
    const bytes = readFileSync(p);
    const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    return { path: relative(root, p), raw: bytes.length, gzip };
  });
  const totalRaw = files.reduce((a, f) => a + f.raw, 0);
  const totalGzip = files.reduce((a, f) => a + f.gzip, 0);
  const wasmRaw = files.filter((f) => f.path.endsWith('.wasm')).reduce((a, f) => a + f.raw, 0);
  const wasmGzip = files.filter((f) => f.path.endsWith('.wasm')).reduce((a, f) => a + f.gzip, 0);
  // The background worker's wasm (issue 23: src/bin/jwt-worker.rs) is fetched on first use, not
  // with the page: reported apart from the app's.
  const worker = files.filter((f) => f.path.endsWith('.wasm') && basename(f.path).startsWith(WORKER_PREFIX));
  const workerWasmRaw = worker.reduce((a, f) => a + f.raw, 0);
  const workerWasmGzip = worker.reduce((a, f) => a + f.gzip, 0);
  return { root, files, totalRaw, totalGzip, wasmRaw, wasmGzip, workerWasmRaw, workerWasmGzip };
}

function main() {
  const dist = process.argv[2] || join(fileURLToPath(new URL('.', import.meta.url)), '..', 'dist');
  const budget = Number(process.env.SIZE_BUDGET_BYTES || DEFAULT_BUDGET);
  let m;
  try {
    m = measureDist(dist);
  } catch (e) {
    console.error(`[size] FAIL: ${e.message}`);
    process.exit(1);
  }
  if (m.files.length === 0) {
    console.error(`[size] FAIL: ${m.root} is empty`);
    process.exit(1);
  }
  const width = Math.max(...m.files.map((f) => f.path.length), 10);
  console.log(`[size] ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip -9'.padStart(10)}`);
  for (const f of m.files) {
    console.log(`[size] ${f.path.padEnd(width)}  ${kb(f.raw).padStart(10)}  ${kb(f.gzip).padStart(10)}`);
  }
  console.log(`raw wasm: ${kb(m.wasmRaw)} (${m.wasmRaw} bytes; gzip ${kb(m.wasmGzip)})`);
  console.log(
    `  of which the app's: ${kb(m.wasmRaw - m.workerWasmRaw)} (gzip ${kb(m.wasmGzip - m.workerWasmGzip)}); the background worker's, fetched on first use: ${kb(m.workerWasmRaw)} (gzip ${kb(m.workerWasmGzip)})`,
  );
  console.log(`total raw: ${kb(m.totalRaw)} (${m.totalRaw} bytes)`);
  console.log(`total gzip: ${kb(m.totalGzip)} (${m.totalGzip} bytes; budget ${kb(budget)} = ${budget} bytes)`);
  if (m.totalGzip > ISSUE_CAP) {
    console.log(
      `[size] note: ${kb(m.totalGzip - ISSUE_CAP)} over issue 11's ${kb(ISSUE_CAP)} cap (the public-key crates; see the note in scripts/size-check.mjs)`,
    );
  }
  if (m.totalGzip > budget) {
    console.error('');
    console.error(`[size] FAIL: dist/ is ${kb(m.totalGzip)} gzip, over the ${kb(budget)} budget by ${m.totalGzip - budget} bytes.`);
    console.error('[size] Look at the largest files above (usually the .wasm): check that wasm-opt ran and that no big dependency crept in.');
    process.exit(1);
  }
  console.log(`[size] OK: ${(100 * m.totalGzip / budget).toFixed(0)}% of the budget`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
