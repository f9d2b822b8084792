#!/usr/bin/env node
// Finds import circles between the modules of src/jwt and src/sim (issue 22): a module is a file
// (a directory's mod.rs is the directory), an edge is any path to another module of the same
// layer in its code (`use super::x`, `super::x::y`, `crate::sim::x::y`, `use super::{x, y}`),
// tests left out. Prints every circle and exits 1 if there is one.
//
//   node scripts/import-cycles.mjs
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const LAYERS = ['jwt', 'sim'];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.rs') ? [p] : [];
  });
}

/** `src/sim/world/story.rs` -> `sim::world` (top-level module of its layer, one level deep). */
function moduleOf(file) {
  const parts = relative(join(ROOT, 'src'), file).replace(/\.rs$/, '').split('/');
  return parts.length >= 2 ? `${parts[0]}::${parts[1] === 'mod' ? '' : parts[1]}`.replace(/::$/, '') : parts[0];
}

/** The code of a file without its test module and comments. */
function code(text) {
  const cut = text.indexOf('#[cfg(test)]');
  return (cut >= 0 ? text.slice(0, cut) : text)
    .split('\n')
    .filter((l) => !/^\s*\/\//.test(l))
    .join('\n');
}

const edges = new Map();
for (const layer of LAYERS) {
  for (const file of files(join(ROOT, 'src', layer))) {
    const from = moduleOf(file);
    if (from === layer) continue; // the layer's mod.rs: its façade re-exports everything
    const src = code(readFileSync(file, 'utf8'));
    const depth = relative(join(ROOT, 'src', layer), file).split('/').length; // 1: a file of the layer, 2: in a sub-directory
    const targets = new Set();
    for (const m of src.matchAll(new RegExp(`crate::${layer}::([a-z_]+)`, 'g'))) targets.add(`${layer}::${m[1]}`);
    if (depth === 1) {
      for (const m of src.matchAll(/\bsuper::([a-z_]+)/g)) targets.add(`${layer}::${m[1]}`);
      for (const m of src.matchAll(/\bsuper::\{([^}]*)\}/g)) {
        for (const name of m[1].split(',').map((s) => s.trim().split('::')[0]).filter(Boolean)) targets.add(`${layer}::${name}`);
      }
    }
    targets.delete(from);
    const known = edges.get(from) ?? new Set();
    for (const t of targets) if (!t.endsWith('::self') && t.split('::')[1]) known.add(t);
    edges.set(from, known);
  }
}

// Circles: strongly connected components of more than one module (Tarjan).
let index = 0;
const stack = [];
const on = new Set();
const idx = new Map();
const low = new Map();
const circles = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!edges.has(w)) continue;
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const part = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      part.push(w);
    } while (w !== v);
    if (part.length > 1) circles.push(part.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);
if (circles.length) {
  for (const c of circles) console.error(`import circle: ${c.join(' <-> ')}`);
  process.exit(1);
}
console.log(`import-cycles: no circle among ${edges.size} modules of src/${LAYERS.join(', src/')}`);
