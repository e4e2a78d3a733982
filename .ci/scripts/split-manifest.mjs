// node .ci/scripts/split-manifest.mjs <bundle directory>
//
// Writes <dir>/__wasm_split_manifest.json: for each lazy function of the bundle (the
// name Leptos gives it, e.g. `__address_book_route_view_<hash>`), the modules its
// loader fetches: its own chunk and the chunks it shares with other lazy functions.
// The server reads it to let a page that opens on a lazily loaded route fetch those
// beside the main module instead of after it (app::routes::preload_lazy_page).
//
// wasm-split-cli's command writes the loader (`__wasm_split.js`) but not this map, so it
// is read back from the loader: each shared chunk is a `const __chunk_N = makeLoad(...)`
// fetching `./chunk_N.wasm`, and each lazy function an
// `export const __wasm_split_load_<name> = wrapAsyncCb(makeLoad(...))` fetching its own
// chunk, with the shared chunks it needs listed after it.
//
// It also puts the loader in one order: wasm-split-cli names the main module's exports
// the chunks share (`{ memory, __indirect_function_table, … }`, twice) in a hash map's
// order, which changes from run to run. Sorted, the same build writes the same loader,
// so the bundle keeps its directory hash and browsers their cached copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const loaderPath = join(dir, '__wasm_split.js');
const written = readFileSync(loaderPath, 'utf8');
const loader = written.replace(
  /\{ ((?:\w+, )+) \}/g,
  (_, names) => `{ ${names.split(', ').filter(Boolean).sort().map((n) => `${n}, `).join('')} }`,
);
if (loader !== written) writeFileSync(loaderPath, loader);
const fetched = String.raw`makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)`;

const shared = new Map();
for (const [, name, file] of loader.matchAll(new RegExp(String.raw`const (__chunk_\d+) = ` + fetched, 'g'))) {
  shared.set(name, file);
}

const manifest = {};
for (const [, name, file, deps] of loader.matchAll(
  new RegExp(String.raw`export const __wasm_split_load_(\w+) = wrapAsyncCb\(` + fetched, 'g'),
)) {
  const files = [file];
  for (const dep of deps.split(',').map((d) => d.trim()).filter(Boolean)) {
    const depFile = shared.get(dep);
    if (!depFile) throw new Error(`${name} needs ${dep}, which the loader does not define`);
    files.push(depFile);
  }
  manifest[name] = files;
}

const exported = (loader.match(/export const __wasm_split_load_/g) ?? []).length;
if (Object.keys(manifest).length !== exported) {
  throw new Error(`read ${Object.keys(manifest).length} of the loader's ${exported} lazy functions`);
}
writeFileSync(join(dir, '__wasm_split_manifest.json'), JSON.stringify(manifest, null, 1));
console.log(`split-manifest: ${exported} lazy function(s), ${shared.size} shared chunk(s)`);
