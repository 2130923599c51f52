#!/usr/bin/env node
/**
 * Fails the build when an entry's initial JavaScript (the entry chunk plus
 * every chunk it imports statically, transitively) exceeds the budget,
 * gzipped. Lazy (dynamic) imports do not count: they load on navigation.
 * Reads Vite's manifest (build.manifest: true).
 *
 *   node scripts/check-budget.mjs apps/web/dist
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(root, process.argv[2] ?? 'apps/web/dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));

const gzipped = new Map();
const sizeOf = (file) => {
  if (!gzipped.has(file))
    gzipped.set(file, gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length);
  return gzipped.get(file);
};

function initialFiles(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) initialFiles(imported, seen);
  return seen;
}

let failed = false;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.isEntry) continue;
  const files = [...initialFiles(key)].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const total = files.reduce((sum, file) => sum + sizeOf(file), 0);
  const ok = total <= BUDGET_BYTES;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${key}: ${kb(total)} gzipped initial JS (budget ${kb(BUDGET_BYTES)})`);
  for (const file of files) console.log(`       ${file} ${kb(sizeOf(file))}`);
}
const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry && c.file.endsWith('.js'));
for (const chunk of lazy) console.log(`     lazy ${chunk.file} ${kb(sizeOf(chunk.file))}`);
if (failed) {
  console.error('JavaScript budget exceeded');
  process.exit(1);
}
