// Trunk post-build hook (Trunk.toml): moves every inline <script> of the built index.html into a
// file next to it, so that the page's Content-Security-Policy needs no 'unsafe-inline' for scripts
// (issue 9, item 6: even an injected <script> or on* attribute could not run).
//
// Trunk 0.21 writes two inline scripts into the HTML:
//   - the start-up module `<script type="module">import init from '<base>app-<hash>.js'; ...`
//     (src/pipelines/rust/output.rs, default_initializer), in every build;
//   - the autoreload client `<script>"use strict"; ... '{{__TRUNK_ADDRESS__}}' ...` (src/autoreload.js),
//     only in `trunk serve` builds. `trunk serve` fills in its placeholders when it serves an HTML
//     page, never in a .js file, so here they are filled in as the serve middleware would do
//     without a Host header: the address is `window.location.host`, the WebSocket base is the
//     public URL's path.
// Each script becomes `<script [type=module] src="<base>boot-<sha256 prefix>.mjs">`, a content hash
// in the name as Trunk does for its own files. The `.mjs` extension keeps these files out of
// scripts/minify-glue.mjs (it rewrites `*.js` files in the same staging directory and runs at the
// same time: Trunk runs the hooks of one stage concurrently); their text is minified already in
// release builds (Trunk's minify_html minifies inline JS).
//
// The build fails if an inline script is left, or if the page's CSP still allows inline scripts.
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeServiceWorker } from './service-worker.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp-external-scripts: TRUNK_STAGING_DIR is not set; run it from Trunk (Trunk.toml [[hooks]])');
  process.exit(1);
}
const htmlPath = join(dir, 'index.html');

/** The public URL's path with a trailing slash ('/jwt-playground/'; '/' by default). */
function basePath() {
  let base = process.env.TRUNK_PUBLIC_URL || '/';
  try {
    base = new URL(base).pathname; // an absolute public URL: keep its path
  } catch {
    // already a path
  }
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base += '/';
  return base;
}

/** Fills in the placeholders `trunk serve` would replace in an HTML response (src/serve/mod.rs). */
function fillServePlaceholders(code, base) {
  return code
    .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
    .replaceAll('`{{__TRUNK_ADDRESS__}}`', 'window.location.host')
    .replaceAll('"{{__TRUNK_ADDRESS__}}"', 'window.location.host')
    .replaceAll('{{__TRUNK_WS_BASE__}}', base);
}

/** The content of the page's CSP <meta> (attributes in any order, quoted or not), or null. */
function cspOf(page) {
  for (const [tag] of page.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = Object.fromEntries(
      [...tag.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)].map((m) => [m[1].toLowerCase(), m[2] ?? m[3] ?? m[4]]),
    );
    if ((attrs['http-equiv'] || '').toLowerCase() === 'content-security-policy') return attrs.content ?? null;
  }
  return null;
}

const base = basePath();
let html = await readFile(htmlPath, 'utf8');

// Trunk gives its initializer (index.html's data-initializer: the app shell's progress bar) the
// size of the wasm before wasm-opt, about 1.5 times the file served; the bar would stop two
// thirds of the way. The size of the file as built is written in its place.
const sizes = new Map();
for (const [, wasm] of html.matchAll(/__trunkInitializer\(init, '([^']+\.wasm)'/g)) {
  const file = wasm.startsWith(base) ? wasm.slice(base.length) : wasm.replace(/^\//, '');
  sizes.set(wasm, (await stat(join(dir, file))).size);
}
html = html.replace(/(__trunkInitializer\(init, '([^']+\.wasm)', )(\d+)/g, (whole, head, wasm) =>
  sizes.has(wasm) ? `${head}${sizes.get(wasm)}` : whole,
);
const written = [];
// An inline script: a <script> start tag without src, its text, </script>. Trunk's minified HTML
// may drop the quotes around attribute values (type=module), so attributes are matched loosely.
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (whole, attrs, code) => {
  if (/\bsrc\s*=/i.test(attrs) || code.trim() === '') return whole;
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1] ?? '';
  if (type !== '' && type !== 'module' && !/javascript/i.test(type)) return whole; // data blocks (JSON etc.) are not run
  const text = fillServePlaceholders(code, base);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const name = `boot-${hash}.mjs`;
  written.push({ name, text });
  const typeAttr = type === 'module' ? ' type="module"' : '';
  // A classic script at the end of <body> runs when it is reached, as the inline one did.
  return `<script${typeAttr} src="${base}${name}"></script>`;
});

for (const { name, text } of written) {
  await writeFile(join(dir, name), text);
  console.log(`csp-external-scripts: ${name} (${text.length} bytes) <- inline <script>`);
}
if (written.length === 0) {
  console.error('csp-external-scripts: no inline <script> found in index.html: did Trunk change how it starts the app?');
  process.exit(1);
}

// What is left must not need 'unsafe-inline', and the CSP must not allow it for scripts.
const left = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].filter(
  ([, attrs, code]) => !/\bsrc\s*=/i.test(attrs) && code.trim() !== '',
);
if (left.length) {
  console.error(`csp-external-scripts: ${left.length} inline <script> left in index.html`);
  process.exit(1);
}
const scriptSrc = cspOf(html)
  ?.split(';')
  .map((d) => d.trim())
  .find((d) => /^script-src\s/.test(d));
if (!scriptSrc) {
  console.error('csp-external-scripts: no Content-Security-Policy meta with a script-src in index.html');
  process.exit(1);
}
if (scriptSrc.includes("'unsafe-inline'")) {
  console.error(`csp-external-scripts: the CSP still allows inline scripts: ${scriptSrc}`);
  process.exit(1);
}
await writeFile(htmlPath, html);
// The offline service worker precaches exactly the files this final page references.
await writeServiceWorker(dir, html, base);
