import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BUNDLE, REPO, explain, sh } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';

/**
 * `check` and `--in-place` through the built bundle on copies of kpt packages: a stale package
 * shows a diff (exit 3) that `git apply` turns into exactly what --in-place writes; a clean one
 * passes; --in-place rewrites only what changes, atomically, and a second run is a no-op.
 */

/** A git repository holding a copy of the repository's example package (its Kptfile made the package's own). */
function examplePackage(): { repo: string; pkg: string } {
  const repo = mkdtempSync(join(tmpdir(), 'kuma-check-'));
  const pkg = join(repo, 'pkg');
  cpSync(join(REPO, 'example'), pkg, { recursive: true });
  const kptfile = readFileSync(join(REPO, 'Kptfile'), 'utf8').replace(
    'configPath: example/kuma-inject.yaml',
    'configPath: kuma-inject.yaml',
  );
  writeFileSync(join(pkg, 'Kptfile'), kptfile);
  // The settings place previews relative to the repository root's Kptfile; here the package is its own root.
  const settings = join(pkg, 'kuma-inject.yaml');
  writeFileSync(settings, readFileSync(settings, 'utf8').replace('previewsDir: example/kuma-previews', 'previewsDir: kuma-previews'));
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'stale');
  return { repo, pkg };
}

function git(cwd: string, ...args: string[]): string {
  const ran = sh('git', args, { cwd });
  assert.equal(ran.status, 0, explain(`git ${args.join(' ')}`, ran));
  return ran.stdout;
}

function run(cwd: string, args: string[], uid?: number) {
  if (uid === undefined) return kumaInject([...args], { cwd });
  return sh('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, BUNDLE, ...args], { cwd });
}

/** Every file below `dir` (git's folder left out) with a hash of its content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

describe('check and --in-place (the built bundle)', () => {
  test('a stale package: exit 3, a unified diff with cwd-relative paths that git apply turns into what --in-place writes; one stderr line per file', () => {
    const { repo } = examplePackage();
    const checked = run(repo, ['check', '-f', 'pkg']);
    assert.equal(checked.status, 3, explain('check', checked));
    const differing = [...checked.stderr.matchAll(/^kuma-inject check: (\S+): /gm)].map((m) => m[1]);
    assert.deepEqual(differing, [
      'pkg/cleanup.yaml',
      'pkg/kuma-previews/shop/cronjob-cleanup.yaml',
      'pkg/kuma-previews/shop/deployment-web.yaml',
      'pkg/web.yaml',
    ]);
    assert.match(checked.stdout, /^--- a\/pkg\/web\.yaml\n\+\+\+ b\/pkg\/web\.yaml\n@@ /m);
    assert.match(checked.stdout, /^--- \/dev\/null\n\+\+\+ b\/pkg\/kuma-previews\/shop\/deployment-web\.yaml\n/m);
    assert.deepEqual(snapshot(repo), snapshot(repo), 'check wrote nothing');
    const before = snapshot(repo);

    // The diff is a real patch: applied, it gives exactly the files --in-place writes.
    const patched = mkdtempSync(join(tmpdir(), 'kuma-check-patched-'));
    cpSync(repo, patched, { recursive: true });
    writeFileSync(join(patched, 'check.diff'), checked.stdout);
    git(patched, 'apply', 'check.diff');
    rmSync(join(patched, 'check.diff'));
    assert.deepEqual(snapshot(repo), before, 'check changed nothing');

    const fixed = run(repo, ['-f', 'pkg', '--in-place']);
    assert.equal(fixed.status, 0, explain('--in-place', fixed));
    assert.equal(fixed.stdout, '');
    assert.deepEqual(snapshot(repo), snapshot(patched));

    const names = run(repo, ['check', '-f', 'pkg', '--diff=false']);
    assert.equal(names.status, 0, explain('check after --in-place', names));
    assert.equal(names.stdout, '');
    assert.match(names.stderr, /up to date/);
  });

  test('--diff=false: the differing files by name on stdout, nothing else', () => {
    const { repo } = examplePackage();
    const checked = run(repo, ['check', '-f', 'pkg', '--diff=false']);
    assert.equal(checked.status, 3);
    assert.equal(
      checked.stdout,
      'pkg/cleanup.yaml\npkg/kuma-previews/shop/cronjob-cleanup.yaml\npkg/kuma-previews/shop/deployment-web.yaml\npkg/web.yaml\n',
    );
  });

  test('--in-place twice: the second run changes nothing, files it does not change keep their mtime and bytes', () => {
    const { repo, pkg } = examplePackage();
    assert.equal(run(repo, ['-f', 'pkg', '--in-place']).status, 0);
    const old = new Date('2001-02-03T04:05:06Z');
    for (const file of snapshot(pkg).keys()) utimesSync(join(pkg, file), old, old);
    const before = snapshot(repo);
    const again = run(repo, ['-f', 'pkg', '--in-place']);
    assert.equal(again.status, 0, explain('second --in-place', again));
    assert.match(again.stderr, /0 file\(s\) changed/);
    assert.deepEqual(snapshot(repo), before);
    for (const file of snapshot(pkg).keys()) assert.equal(statSync(join(pkg, file)).mtime.getTime(), old.getTime(), file);
    // Only the one file a settings change touches is rewritten.
    const web = join(pkg, 'web.yaml');
    writeFileSync(web, readFileSync(web, 'utf8').replace('image: nginx', 'image: nginx-changed'));
    utimesSync(web, old, old);
    const third = run(repo, ['-f', 'pkg', '--in-place']);
    assert.equal(third.status, 0, explain('third', third));
    for (const file of snapshot(pkg).keys()) {
      if (file !== 'web.yaml' && file !== 'kuma-previews/shop/deployment-web.yaml')
        assert.equal(statSync(join(pkg, file)).mtime.getTime(), old.getTime(), file);
    }
  });

  test('a workload that leaves the mesh: its preview file is removed, as kpt removes it', () => {
    const { repo, pkg } = examplePackage();
    assert.equal(run(repo, ['-f', 'pkg', '--in-place']).status, 0);
    rmSync(join(pkg, 'cleanup.yaml'));
    const checked = run(repo, ['check', '-f', 'pkg']);
    assert.equal(checked.status, 3);
    assert.match(checked.stdout, /^--- a\/pkg\/kuma-previews\/shop\/cronjob-cleanup\.yaml\n\+\+\+ \/dev\/null\n/m);
    assert.equal(run(repo, ['-f', 'pkg', '--in-place']).status, 0);
    assert.equal(existsSync(join(pkg, 'kuma-previews/shop/cronjob-cleanup.yaml')), false);
    assert.equal(existsSync(join(pkg, 'kuma-previews/shop/deployment-web.yaml')), true);
    assert.equal(run(repo, ['check', '-f', 'pkg']).status, 0);
  });

  test('a write into a read-only folder fails naming the file, and every file is left intact (no temporary file either)', () => {
    const { repo, pkg } = examplePackage();
    const locked = join(pkg, 'locked');
    cpSync(join(pkg, 'web.yaml'), join(locked, 'web.yaml'), { recursive: true });
    rmSync(join(pkg, 'web.yaml'));
    // Root writes anywhere: run as nobody then, over files nobody owns.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    if (uid !== undefined) {
      const own = (dir: string) => {
        chownSync(dir, uid, uid);
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          if (entry.isDirectory()) own(join(dir, entry.name));
          else chownSync(join(dir, entry.name), uid, uid);
        }
      };
      own(repo);
    }
    chmodSync(locked, 0o555);
    const before = snapshot(repo);
    try {
      const ran = run(repo, ['-f', 'pkg', '--in-place'], uid);
      assert.equal(ran.status, 1, explain('--in-place into a read-only folder', ran));
      assert.match(ran.stderr, /pkg\/locked\/web\.yaml cannot be written \(EACCES\): fix its permissions/);
      assert.match(ran.stderr, /Nothing was written/);
      assert.deepEqual(snapshot(repo), before);
      assert.equal(ran.stdout, '');
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  test('error results: check and --in-place exit 1 and write nothing', () => {
    const { repo, pkg } = examplePackage();
    writeFileSync(
      join(pkg, 'web.yaml'),
      readFileSync(join(pkg, 'web.yaml'), 'utf8').replace(
        '      labels:\n        app: web\n',
        '      labels:\n        app: web\n        tier: 1\n',
      ),
    );
    const before = snapshot(repo);
    for (const args of [
      ['check', '-f', 'pkg'],
      ['-f', 'pkg', '--in-place'],
    ]) {
      const ran = run(repo, args);
      assert.equal(ran.status, 1, explain(args.join(' '), ran));
      assert.equal(ran.stdout, '');
      assert.match(ran.stderr, /\[KI0216\]/);
      assert.deepEqual(snapshot(repo), before);
    }
  });

  test('usage: check with --in-place, with stdin, or without -f is exit 2', () => {
    for (const args of [
      ['check', '-f', 'x', '--in-place'],
      ['check', '-f', '-'],
      ['check'],
      ['--in-place'],
      ['-f', 'x', '--diff=false'],
      ['check', '-f', 'x', '--diff=maybe'],
    ]) {
      const ran = run(REPO, args);
      assert.equal(ran.status, 2, explain(args.join(' '), ran));
      assert.equal(ran.stdout, '');
    }
  });
});
