// node .ci/scripts/wasm-opt.mjs <module.wasm>...
//
// binaryen's -O1 on each module, in place, in one process (build-site.sh). npm's
// binaryen is binaryen compiled to wasm: its `wasm-opt` command compiles that for every
// file it is given, about 0.7 s before any work, and a split bundle is tens of modules
// (the storefront's main module and 47 chunks took 82 s one command a module; 5 s for
// the chunks here). The passes are the command's `-O1`: optimize level 1, shrink
// level 0, no debug names kept.
//
// binaryen 132 validates against its own default features, not rustc's: rustc 1.95
// emits bulk-memory (memory.copy/fill), nontrapping-float-to-int (trunc_sat),
// sign-ext, mutable-globals, reference-types and multivalue, so each is enabled
// explicitly (without them validation fails), with the two the command's
// --enable-bulk-memory and --enable-reference-types bring along (bulk-memory-opt,
// call-indirect-overlong): the output is byte for byte the command's. Not all
// features: that would let binaryen emit some browsers lack.
import { readFileSync, writeFileSync } from 'node:fs';

// The chunks carry a name subsection binaryen does not know (and drops): its warning,
// once per chunk, is left out. binaryen keeps the console's functions when it loads,
// so this comes first.
for (const level of ['error', 'warn']) {
  const write = console[level].bind(console);
  console[level] = (...args) => {
    if (!String(args[0]).includes('unknown name subsection')) write(...args);
  };
}
const { default: binaryen } = await import('../../end2end/node_modules/binaryen/index.js');

const F = binaryen.Features;
const features =
  F.BulkMemory |
  F.BulkMemoryOpt |
  F.NontrappingFPToInt |
  F.SignExt |
  F.MutableGlobals |
  F.ReferenceTypes |
  F.CallIndirectOverlong |
  F.Multivalue;

binaryen.setOptimizeLevel(1);
binaryen.setShrinkLevel(0);
binaryen.setDebugInfo(false);

for (const file of process.argv.slice(2)) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(features);
  if (!module.validate()) throw new Error(`${file} is not valid wasm`);
  module.optimize();
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
