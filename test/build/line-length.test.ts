/**
 * The line-length rule of `npm run lint` (scripts/line-length.mjs): ESLint's max-len at 140 with
 * ignoreStrings, ignoreTemplateLiterals, ignoreRegExpLiterals and ignoreUrls, as the codebase
 * followed it under ESLint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: a plain .mjs script, without types.
import { longLines } from '../../scripts/line-length.mjs';

const check = longLines as (file: string, source: string) => { long?: { line: number; length: number }[]; error?: string };
const long = 'x'.repeat(150);

test('a long comment, a comment whose quote mark is no string, a long name and tab-indented code are too long', () => {
  const source = [
    `// ${long}`,
    `const a = 1; // it's ${long}`,
    `const ${long} = 2;`,
    `${'\t'.repeat(36)}const f = 1;`,
    `/**\n * ${long}\n */`,
  ].join('\n');
  assert.deepEqual(check('a.ts', source).long, [
    { line: 1, length: 153 },
    { line: 2, length: 171 },
    { line: 3, length: 161 },
    { line: 4, length: 156 },
    { line: 6, length: 153 },
  ]);
});

test('a line that a string, a template (every line it spans), a pattern or a URL makes long is not', () => {
  const source = [
    `const a = '${long}';`,
    `const b = \`${long}\`;`,
    `const c = /${long}/;`,
    `// see https://example.com/${long}`,
    'const d = `start',
    `${long} inside the template`,
    'end`;',
    `type T = 'a' | '${long}';`,
    `import { x } from './${long}.ts';`,
  ].join('\n');
  assert.deepEqual(check('a.ts', source).long, []);
});

test('140 characters is within the limit, counted in code points; a file that does not parse is an error', () => {
  assert.deepEqual(check('a.ts', `// ${'é'.repeat(137)}\n// ${'😀'.repeat(137)}\n// ${'x'.repeat(138)}`).long, [{ line: 3, length: 141 }]);
  assert.match(String(check('a.ts', `const = ;${long}`).error), /Unexpected token|Expected/);
});
