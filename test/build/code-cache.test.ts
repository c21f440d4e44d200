import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Script } from 'node:vm';

const BIN = new URL('../../dist/kuma-inject.cjs', import.meta.url);
const BUNDLE = new URL('kuma-inject.cjs.bundle', BIN);

/** The bundle read the way the loader reads it (latin1 for an ASCII bundle, else UTF-8). */
function bundleText(): string {
  const loader = readFileSync(BIN, 'utf8');
  const encoding = /readFileSync\(bundleFile, "(latin1|utf8)"\)/.exec(loader)?.[1];
  assert.ok(encoding === 'latin1' || encoding === 'utf8', 'the loader reads the bundle as latin1 or UTF-8');
  const bytes = readFileSync(BUNDLE);
  if (encoding === 'latin1') assert.ok(!bytes.some((byte) => byte > 0x7f), 'a bundle read as latin1 is ASCII');
  return bytes.toString(encoding);
}

/**
 * The source the loader hands vm.Script: the file as it is, already the function the loader calls
 * (a wrapper added at run time would make V8 copy the whole source before the cache lookup).
 */
function wrapped(): string {
  const text = bundleText();
  assert.ok(text.startsWith('(function (exports, require, module, __filename, __dirname) {'), 'the bundle file starts with its wrapper');
  assert.ok(text.endsWith('\n})'), 'the bundle file ends with its wrapper');
  return text;
}

describe('the built executable', () => {
  test('is a small loader; node compiles only that, the bundle is read beside it', () => {
    const loader = readFileSync(BIN, 'utf8');
    assert.ok(loader.length < 4096, `the loader is ${loader.length} characters`);
    assert.match(loader, /^#!\/usr\/bin\/env node\n/);
    assert.match(loader, /const bundleFile = __filename \+ "\.bundle";/);
  });

  test('carries a V8 code cache that this Node accepts for the bundled code', () => {
    const script = new Script(wrapped(), { filename: BIN.pathname, cachedData: readFileSync(new URL('kuma-inject.cjs.cache', BIN)) });
    assert.equal(script.cachedDataRejected, false);
  });

  test('a cache from elsewhere is ignored, not fatal', () => {
    const script = new Script(wrapped(), { filename: BIN.pathname, cachedData: Buffer.from('not a cache') });
    assert.equal(script.cachedDataRejected, true);
  });

  test('copied without its bundle, it says which file is missing and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-loader-'));
    try {
      copyFileSync(BIN, join(dir, 'kuma-inject'));
      const ran = spawnSync(process.execPath, [join(dir, 'kuma-inject'), 'version'], { encoding: 'utf8' });
      assert.equal(ran.status, 1);
      assert.equal(ran.stdout, '');
      assert.equal(
        ran.stderr,
        `kuma-inject: cannot read ${join(dir, 'kuma-inject.bundle')} (ENOENT): it is part of kuma-inject; install or copy it beside ${join(dir, 'kuma-inject')}\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
