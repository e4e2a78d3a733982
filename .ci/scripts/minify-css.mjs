// The release stylesheet without its comments and line breaks:
//
//   node .ci/scripts/minify-css.mjs style/main.css > out.css
//
// Every storefront page carries the stylesheet in its HTML (app::routes::shell), so its
// bytes are on a phone's first page: the comments alone were a fifth of them (measured
// December 6: 40,433 → 33,6xx bytes raw, 9.7 → 7.6 KB as the server's brotli sends it).
// Only what cannot change a rule is removed: comments, and the white space around line
// breaks and braces and semicolons. (The stylesheet's strings, such as `content: " ▸"`,
// hold none of these.) It checks itself: the same rules in the same order, or it fails.
import { readFileSync } from 'node:fs';

const source = readFileSync(process.argv[2], 'utf8');
const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '');
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
  console.error('minify-css: the minified stylesheet does not keep every rule');
  process.exit(1);
}
if ((min.match(/{/g) ?? []).length !== (min.match(/}/g) ?? []).length) {
  console.error('minify-css: unbalanced braces');
  process.exit(1);
}
process.stdout.write(min + '\n');
