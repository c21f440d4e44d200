import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestName } from '../../src/core/nearest-name.ts';

test('the closest known name within max(2, a third of the length) edits, case aside; the first of equals', () => {
  assert.equal(nearestName('KUMA_STORE_TYP', ['KUMA_STORE_TYPE', 'KUMA_STORE_TYPO_X']), 'KUMA_STORE_TYPE');
  assert.equal(nearestName('produkt', ['version', 'product']), 'product');
  assert.equal(nearestName('MESHES', ['meshes']), 'meshes', 'case does not count');
  assert.equal(nearestName('ab', ['xy', 'ay', 'ab2']), 'ay', 'distance 1 twice: the first listed wins');
  assert.equal(nearestName('abc', ['xyz']), undefined, '3 edits for a 3-letter name is no typo');
  assert.equal(nearestName('abcdefghi', ['abcxyzghi']), 'abcxyzghi', '3 edits in 9 letters is within a third');
  assert.equal(nearestName('abcdefghi', ['abwxyzghi']), undefined, '4 edits in 9 letters is not');
  assert.equal(nearestName('x', []), undefined);
});
