/**
 * The build's up-to-date check (scripts/build-stamp.mjs): `npm test` skips a build only when
 * every input and every output is as the last build of the same variant, by the same Node, left it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs build script, without types.
import { forget, stamp, upToDate } from '../../scripts/build-stamp.mjs';

const check = { forget, stamp, upToDate } as {
  forget(root: string): void;
  stamp(variant: string, root: string): void;
  upToDate(variant: string, root: string): boolean;
};

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'kuma-inject-build-stamp-'));
  const files: Record<string, string> = {
    'package.json': '{}',
    'package-lock.json': '{}',
    'tsconfig.json': '{}',
    LICENSE: 'licence',
    'src/bin.ts': 'main()',
    'src/config/generated/validate-settings.js': 'generated',
    'scripts/build.mjs': 'build',
    'dist/kuma-inject.cjs': 'loader',
    'dist/kuma-inject.cjs.bundle': 'bundle',
    'dist/kuma-inject.cjs.cache': 'cache',
    'dist/THIRD-PARTY-NOTICES.md': 'notices',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

test('a tree as the last build left it is up to date; any edit, a missing output or the other variant is not', () => {
  const root = tree();
  try {
    assert.equal(check.upToDate('minified', root), false, 'never built: no stamp');
    check.stamp('minified', root);
    assert.equal(check.upToDate('minified', root), true);
    assert.equal(check.upToDate('readable', root), false, 'the readable build is another variant');

    const edits: [string, string][] = [
      ['src/bin.ts', 'main() // edited'],
      ['src/core/new-file.ts', 'new'],
      ['scripts/build.mjs', 'build changed'],
      ['package-lock.json', '{"lockfileVersion":3}'],
      ['dist/kuma-inject.cjs.bundle', 'bundle edited by hand'],
      ['dist/kuma-inject.cjs.cache', 'a cache from another run'],
      ['src/config/generated/validate-settings.js', 'stale generated code'],
    ];
    for (const [file, text] of edits) {
      check.stamp('minified', root);
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
      assert.equal(check.upToDate('minified', root), false, `after an edit of ${file}`);
    }

    check.stamp('minified', root);
    symlinkSync('bin.ts', join(root, 'src/link.ts'));
    assert.equal(check.upToDate('minified', root), false, 'a new symbolic link is a change too');

    check.stamp('minified', root);
    rmSync(join(root, 'dist/kuma-inject.cjs.cache'));
    assert.equal(check.upToDate('minified', root), false, 'an output is missing');

    writeFileSync(join(root, 'dist/kuma-inject.cjs.cache'), 'cache');
    check.stamp('minified', root);
    check.forget(root);
    assert.equal(check.upToDate('minified', root), false, 'a build that started and failed leaves no stamp');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
