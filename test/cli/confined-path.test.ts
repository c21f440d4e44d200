import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confinedFile, isInside, readConfinedFile } from '../../src/cli/confined-path.ts';

function tree(): { root: string; app: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'confined-'));
  const root = join(base, 'repo');
  const app = join(root, 'apps', 'shop');
  mkdirSync(app, { recursive: true });
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'SECRET\n');
  writeFileSync(join(root, 'shared.txt'), 'shared\n');
  return { root, app, outside };
}

describe('confinedFile: a name resolves inside the root, symlinks followed, or is refused naming the setting', () => {
  test('isInside', () => {
    assert.equal(isInside('/a/b', '/a/b'), true);
    assert.equal(isInside('/a/b', '/a/b/c'), true);
    assert.equal(isInside('/a/b', '/a/bc'), false);
    assert.equal(isInside('/a/b', '/a'), false);
    assert.equal(isInside('/a/b', '/a/b/../c'), false);
  });

  const refused: { what: string; name: (t: ReturnType<typeof tree>) => string }[] = [
    { what: 'absolute outside', name: (t) => join(t.outside, 'secret') },
    { what: 'relative out', name: () => '../../../outside/secret' },
    {
      what: 'file symlink out',
      name: (t) => {
        symlinkSync(join(t.outside, 'secret'), join(t.app, 'l'));
        return 'l';
      },
    },
    {
      what: 'folder symlink out',
      name: (t) => {
        symlinkSync(t.outside, join(t.app, 'd'));
        return 'd/secret';
      },
    },
    {
      what: 'relative symlink out',
      name: (t) => {
        symlinkSync('../../../outside/secret', join(t.app, 'r'));
        return 'r';
      },
    },
    {
      what: 'dangling symlink',
      name: (t) => {
        symlinkSync(join(t.outside, 'nothing'), join(t.app, 'x'));
        return 'x';
      },
    },
    { what: 'a folder', name: () => '..' },
    { what: 'a device outside', name: () => '/dev/zero' },
  ];
  for (const { what, name } of refused) {
    test(`refused: ${what}`, async () => {
      const t = tree();
      const found = await readConfinedFile(t.root, t.app, name(t), 'argsFromFile', 'the checkout');
      assert.equal(found.ok, false);
      if (!found.ok) {
        assert.match(found.message, /^argsFromFile: /);
        assert.doesNotMatch(found.message, /SECRET/);
      }
    });
  }

  test('accepted: a file above the app folder inside the root, and a symlink that stays inside', async () => {
    const t = tree();
    assert.deepEqual(await confinedFile(t.root, t.app, '../../shared.txt', 's', 'r'), { ok: true, path: join(t.root, 'shared.txt') });
    symlinkSync(join(t.root, 'shared.txt'), join(t.app, 'link'));
    const read = await readConfinedFile(t.root, t.app, 'link', 's', 'r');
    assert.deepEqual(read, { ok: true, path: join(t.root, 'shared.txt'), text: 'shared\n' });
  });
});
