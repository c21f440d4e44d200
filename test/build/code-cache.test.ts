import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';

const BIN = new URL('../../dist/kuma-inject.cjs', import.meta.url);

describe('the built executable', () => {
  test('carries a V8 code cache that this Node accepts for the bundled code', () => {
    const loader = readFileSync(BIN, 'utf8');
    const source = /new Script\(("(?:[^"\\]|\\.)*"), \{ filename/s.exec(loader)?.[1];
    assert.ok(source !== undefined, 'the loader runs the bundle through vm.Script');
    const script = new Script(JSON.parse(source) as string, { filename: BIN.pathname, cachedData: readFileSync(new URL('kuma-inject.cjs.cache', BIN)) });
    assert.equal(script.cachedDataRejected, false);
  });

  test('a cache from elsewhere is ignored, not fatal', () => {
    const loader = readFileSync(BIN, 'utf8');
    const source = /new Script\(("(?:[^"\\]|\\.)*"), \{ filename/s.exec(loader)?.[1] ?? '""';
    const script = new Script(JSON.parse(source) as string, { filename: BIN.pathname, cachedData: Buffer.from('not a cache') });
    assert.equal(script.cachedDataRejected, true);
  });
});
