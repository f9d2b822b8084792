// Trunk post-build hook (Trunk.toml): minify wasm-bindgen's JavaScript glue in release
// builds with terser, in Trunk's staging directory before it becomes dist/. Trunk's own
// minify option covers the HTML and CSS but leaves this file as wasm-bindgen wrote it.
// Export names are kept (index.html imports them); only local names are shortened. The background
// worker's glue is a classic script: its global `wasm_bindgen` is kept too.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-glue: TRUNK_STAGING_DIR is not set; run it from Trunk (Trunk.toml [[hooks]])');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

for (const name of await readdir(dir)) {
  if (!name.endsWith('.js')) continue;
  const path = join(dir, name);
  const source = await readFile(path, 'utf8');
  // The background worker's glue (wasm-bindgen --target no-modules) and its start script are
  // classic scripts sharing one global scope: their top-level names (`wasm_bindgen`) are kept.
  const classic = name.startsWith('jwt-worker');
  const out = await minify(source, { module: !classic, toplevel: false, ecma: 2020, compress: { passes: 2 }, mangle: true });
  if (typeof out.code !== 'string') throw new Error(`minify-glue: terser gave no output for ${name}`);
  await writeFile(path, out.code);
  console.log(`minify-glue: ${name} ${source.length} -> ${out.code.length} bytes`);
}
