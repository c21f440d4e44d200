import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';

const BIN = new URL('../../dist/kuma-inject.cjs', import.meta.url);

/** The loader file read the way the loader reads itself (latin1 for an ASCII bundle, else UTF-8). */
function ownText(): string {
  const head = readFileSync(BIN, 'latin1').slice(0, 2000);
  const encoding = /readFileSync\(__filename, "(latin1|utf8)"\)/.exec(head)?.[1];
  assert.ok(encoding === 'latin1' || encoding === 'utf8', 'the loader reads itself as latin1 or UTF-8');
  return readFileSync(BIN, encoding);
}

/** The source the loader hands vm.Script: the bundle after the loader's head, each line behind `//`. */
function bundledSource(): string {
  const own = ownText();
  const at = /own\.slice\(\s*(\d+)\)/.exec(own)?.[1];
  assert.ok(at !== undefined, 'the loader names where the bundle starts');
  assert.equal(own.slice(Number(at) - 2, Number(at)), '//', 'the bundle starts behind a line comment');
  return `(function (exports, require, module, __filename, __dirname) {${own.slice(Number(at)).replaceAll('\n//', '\n')}\n})`;
}

describe('the built executable', () => {
  test('carries its bundle as line comments, which the parser skips, and nothing after it', () => {
    const own = ownText();
    const at = Number(/own\.slice\(\s*(\d+)\)/.exec(own)?.[1]);
    const rest = own.slice(at - 2).split('\n');
    assert.ok(rest.length > 10, 'the bundle spans lines');
    assert.deepEqual(
      rest.filter((line) => !line.startsWith('//')),
      [],
      'every line of the bundle is a comment',
    );
  });

  test('carries a V8 code cache that this Node accepts for the bundled code', () => {
    const script = new Script(bundledSource(), { filename: BIN.pathname, cachedData: readFileSync(new URL('kuma-inject.cjs.cache', BIN)) });
    assert.equal(script.cachedDataRejected, false);
  });

  test('a cache from elsewhere is ignored, not fatal', () => {
    const script = new Script(bundledSource(), { filename: BIN.pathname, cachedData: Buffer.from('not a cache') });
    assert.equal(script.cachedDataRejected, true);
  });
});
