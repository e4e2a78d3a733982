// The release stylesheet without its comments and line breaks:
//
//   node .ci/scripts/minify-css.mjs style/main.css > out.css               # the admin's
//   node .ci/scripts/minify-css.mjs --storefront style/main.css > out.css  # the storefront's
//
// Every storefront page a browser opens first carries the stylesheet in its HTML
// (app::routes::shell), so its bytes are on a phone's first page: the comments alone were
// a fifth of them (measured December 6: 40,433 → 33,6xx bytes raw, 9.7 → 7.6 KB as the
// server's brotli sends it). Only what cannot change a rule is removed: comments, and the
// white space around line breaks and braces and semicolons. (The stylesheet's strings,
// such as `content: " ▸"`, hold none of these.)
//
// With --storefront, the runs between `/* admin-only */` and `/* end admin-only */` are
// left out too: rules for classes only the admin's views write. What stays keeps its
// order, so the storefront's pages cascade exactly as with the whole sheet.
//
// It checks itself: the same rules in the same order, or it fails.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const storefront = args.includes('--storefront');
const file = args.find((arg) => !arg.startsWith('--'));
const source = readFileSync(file, 'utf8');

const START = '/* admin-only */';
const END = '/* end admin-only */';
const fail = (message) => {
  console.error(`minify-css: ${message}`);
  process.exit(1);
};

// The admin-only runs, checked whichever sheet is made: each opened once and closed.
const runs = [];
for (let at = source.indexOf(START); at !== -1; at = source.indexOf(START, at + 1)) {
  const end = source.indexOf(END, at);
  const next = source.indexOf(START, at + 1);
  if (end === -1 || (next !== -1 && next < end)) fail(`an admin-only run at ${at} has no end`);
  runs.push([at, end + END.length]);
}
if (source.split(END).length - 1 !== runs.length) fail('an end of an admin-only run that none opened');

let kept = source;
if (storefront) {
  for (const [start, end] of [...runs].reverse()) kept = kept.slice(0, start) + kept.slice(end);
}
const withoutComments = kept.replace(/\/\*[\s\S]*?\*\//g, '');
const min = withoutComments
  .replace(/\s*\n\s*/g, ' ')
  .replace(/\s*([{};])\s*/g, '$1')
  .replace(/;}/g, '}')
  .trim();

// The selectors and declarations, in order, with their white space normalised.
const rules = (css) =>
  css
    .split(/[{}]/)
    .map((part) => part.split(';').map((decl) => decl.trim().replace(/\s+/g, ' ')).filter(Boolean).join(';'))
    .filter(Boolean);
const before = rules(withoutComments);
const after = rules(min);
if (before.length !== after.length || before.some((part, i) => part !== after[i])) {
  fail('the minified stylesheet does not keep every rule');
}
if ((min.match(/{/g) ?? []).length !== (min.match(/}/g) ?? []).length) fail('unbalanced braces');
process.stdout.write(min + '\n');
