// node .ci/scripts/drop-unused-split-exports.mjs <module.wasm>
//
// Removes, in place, the lazy functions a bundle never calls from the exports of its
// linked wasm module, before wasm-split-cli cuts it (build-site.sh).
//
// The app crate is compiled once for both bundles, so each bundle's link holds every
// lazy function's export (`#[lazy]`/`#[lazy_route]` make each one an exported
// `__wasm_split_00<name>00_export_<hash>_…`), but only the bundle whose routes use one
// imports its loader (`__wasm_split_00<name>00_import_<hash>_…`). wasm-split-cli keeps
// an export without its import as an ordinary export, so the admin's bundle carried the
// storefront's pages (and the other way round): measured, the admin's 903 KB gzip
// became 1,053 KB. Without those exports the code is unreachable and left out.
//
// Only the export section changes; the relocations wasm-split-cli reads refer to
// functions, not to exports.
import { readFileSync, writeFileSync } from 'node:fs';

const SPLIT = /^__wasm_split_00(.*)00_(import|export)_([0-9a-f]{32})/;

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [bytes.toString('utf8', start, start + length), start + length];
}

/** Skips a table's or memory's limits. */
function skipLimits(bytes, at) {
  const flags = bytes[at++];
  [, at] = readLeb(bytes, at);
  if (flags & 1) [, at] = readLeb(bytes, at);
  return at;
}

/** The names of the module's imports. */
function importNames(body) {
  const names = [];
  let [count, at] = readLeb(body, 0);
  while (count-- > 0) {
    [, at] = readName(body, at);
    let name;
    [name, at] = readName(body, at);
    names.push(name);
    const kind = body[at++];
    if (kind === 0) [, at] = readLeb(body, at); // function: its type
    else if (kind === 1) at = skipLimits(body, at + 1); // table: element type, limits
    else if (kind === 2) at = skipLimits(body, at); // memory
    else if (kind === 3) at += 2; // global: value type, mutability
    else if (kind === 4) [, at] = readLeb(body, at + 1); // tag: attribute, type
    else throw new Error(`import of unknown kind ${kind}`);
  }
  return names;
}

const file = process.argv[2];
const wasm = readFileSync(file);
const sections = [];
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at];
  const [size, start] = readLeb(wasm, at + 1);
  sections.push({ id, header: wasm.subarray(at, start), body: wasm.subarray(start, start + size) });
  at = start + size;
}

const imported = new Set();
for (const section of sections.filter((s) => s.id === 2)) {
  for (const name of importNames(section.body)) {
    const split = SPLIT.exec(name);
    if (split && split[2] === 'import') imported.add(`${split[1]}/${split[3]}`);
  }
}

let dropped = 0;
for (const section of sections.filter((s) => s.id === 7)) {
  const { body } = section;
  let [count, at] = readLeb(body, 0);
  const kept = [];
  while (count-- > 0) {
    const entry = at;
    let name;
    [name, at] = readName(body, at);
    [, at] = readLeb(body, at + 1);
    const split = SPLIT.exec(name);
    if (split && split[2] === 'export' && !imported.has(`${split[1]}/${split[3]}`)) {
      dropped++;
    } else {
      kept.push(body.subarray(entry, at));
    }
  }
  section.body = Buffer.concat([leb(kept.length), ...kept]);
  section.header = Buffer.concat([Buffer.from([7]), leb(section.body.length)]);
}

if (dropped > 0) {
  writeFileSync(file, Buffer.concat([wasm.subarray(0, 8), ...sections.flatMap((s) => [s.header, s.body])]));
}
console.log(`drop-unused-split-exports: ${dropped} lazy function(s) this bundle never loads left out`);
