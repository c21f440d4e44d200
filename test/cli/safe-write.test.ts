import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWriteTarget, SafeWriteError, writeFileSafely, writeFilesSafely } from '../../src/cli/safe-write.ts';

/** A folder to write into (`root`) next to a folder that must stay untouched (`outside`). */
function sandbox(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'safe-write-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'victim.yaml'), 'original\n');
  return { root, outside };
}

/** Every file below `dir`, relative, sorted. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('safe writes: every path that leaves the root is refused before anything is written', () => {
  const escaping = [
    '/etc/kuma-inject-test.yaml',
    '../outside/victim.yaml',
    'a/../../outside/victim.yaml',
    '..',
    '.',
    '',
    'a/../..',
    './../x.yaml',
  ];
  for (const path of escaping) {
    test(`path ${JSON.stringify(path)}`, async () => {
      const { root, outside } = sandbox();
      const check = await checkWriteTarget(root, path);
      assert.equal(check.ok, false);
      await assert.rejects(writeFileSafely(root, path, 'x\n'), SafeWriteError);
      assert.deepEqual(listing(root), []);
      assert.equal(readFileSync(join(outside, 'victim.yaml'), 'utf8'), 'original\n');
    });
  }
});

describe('safe writes never follow an existing symlink inside the root', () => {
  const cases: { what: string; link: string; target: (outside: string) => string; write: string }[] = [
    { what: 'a folder link to outside', link: 'ns', target: (o) => o, write: 'ns/victim.yaml' },
    { what: 'a folder link deeper in the path', link: 'a/ns', target: (o) => o, write: 'a/ns/victim.yaml' },
    { what: 'a file link to outside', link: 'ns/f.yaml', target: (o) => join(o, 'victim.yaml'), write: 'ns/f.yaml' },
    { what: 'a dangling file link', link: 'ns/f.yaml', target: (o) => join(o, 'new.yaml'), write: 'ns/f.yaml' },
    { what: 'a file link to a file inside the root', link: 'ns/f.yaml', target: () => 'g.yaml', write: 'ns/f.yaml' },
  ];
  for (const c of cases) {
    test(c.what, async () => {
      const { root, outside } = sandbox();
      const at = join(root, c.link);
      mkdirSync(join(at, '..'), { recursive: true });
      if (c.target(outside) === 'g.yaml') writeFileSync(join(at, '..', 'g.yaml'), 'inside\n');
      symlinkSync(c.target(outside), at);
      const before = listing(outside);
      await assert.rejects(
        writeFileSafely(root, c.write, 'x\n'),
        (error: Error) =>
          error instanceof SafeWriteError && error.message.includes(join(root, c.link)) && /symbolic link/.test(error.message),
      );
      assert.deepEqual(listing(outside), before);
      assert.equal(readFileSync(join(outside, 'victim.yaml'), 'utf8'), 'original\n');
      assert.equal(lstatSync(at).isSymbolicLink(), true);
    });
  }
});

describe('safe writes: whole files, nothing half-way', () => {
  test('creates missing folders, replaces a file by rename, keeps its mode, leaves no temporary file', async () => {
    const { root } = sandbox();
    await writeFileSafely(root, 'a/b/c.yaml', 'one\n');
    chmodSync(join(root, 'a/b/c.yaml'), 0o600);
    const inode = statSync(join(root, 'a/b/c.yaml')).ino;
    await writeFileSafely(root, 'a/b/c.yaml', 'two\n');
    assert.equal(readFileSync(join(root, 'a/b/c.yaml'), 'utf8'), 'two\n');
    assert.equal(statSync(join(root, 'a/b/c.yaml')).mode & 0o777, 0o600);
    assert.notEqual(statSync(join(root, 'a/b/c.yaml')).ino, inode, 'replaced by a new file (rename), not rewritten in place');
    assert.deepEqual(listing(root), ['a', 'a/b', 'a/b/c.yaml']);
  });

  test('a batch with one bad path writes none of its files', async () => {
    const { root, outside } = sandbox();
    symlinkSync(outside, join(root, 'linked'));
    await assert.rejects(
      writeFilesSafely(root, [
        { path: 'ok/a.yaml', data: 'a\n' },
        { path: 'linked/b.yaml', data: 'b\n' },
      ]),
      SafeWriteError,
    );
    assert.equal(existsSync(join(root, 'ok')), false);
    assert.deepEqual(listing(outside), ['victim.yaml']);
  });

  test('a file where a folder is needed, and a folder where the file goes, are refused', async () => {
    const { root } = sandbox();
    writeFileSync(join(root, 'ns'), 'file\n');
    mkdirSync(join(root, 'dir.yaml'));
    await assert.rejects(writeFileSafely(root, 'ns/x.yaml', 'x\n'), SafeWriteError);
    await assert.rejects(writeFileSafely(root, 'dir.yaml', 'x\n'), SafeWriteError);
    assert.equal(readFileSync(join(root, 'ns'), 'utf8'), 'file\n');
  });

  test('the root itself may be reached through a link the user chose', async () => {
    const { root } = sandbox();
    const link = join(root, '..', 'root-link');
    symlinkSync(root, link);
    await writeFileSafely(link, 'ns/x.yaml', 'x\n');
    assert.equal(readFileSync(join(root, 'ns/x.yaml'), 'utf8'), 'x\n');
  });
});
