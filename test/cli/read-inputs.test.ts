import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { joinWithStarts, locateInFiles, manifestFiles, readInputs } from '../../src/cli/read-inputs.ts';
import { REPO, runCli } from './cli-run.ts';
import { NotUtf8Error } from '../../src/krm/utf8-text.ts';

const joinStreams = (texts: readonly string[]): string => joinWithStarts(texts.map((text, i) => ({ file: String(i), text }))).text;

/**
 * The built executable, bounded: a run that reads a named pipe in-process would hold its test
 * forever, the process is stopped after 20 s instead (`signal` set).
 */
function runBuilt(argv: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(REPO, 'dist/kuma-inject.cjs'), ...argv], { cwd, encoding: 'utf8', timeout: 20_000 });
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-inputs-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('reading -f sources', () => {
  test('a DIR is read recursively, *.yaml/*.yml/*.json only, sorted, hidden entries skipped', async () => {
    const dir = tree({
      'b.yaml': 'b: 1\n',
      'a.yml': 'a: 1\n',
      'sub/c.json': '{"c": 1}\n',
      'README.md': '# no\n',
      '.git/config.yaml': 'no: 1\n',
      'sub/.hidden.yaml': 'no: 1\n',
      'aa/z.yaml': 'z: 1\n',
    });
    const walk = manifestFiles(dir);
    assert.ok(walk.ok);
    if (walk.ok)
      assert.deepEqual(
        walk.files.map((f) => f.slice(dir.length + 1)),
        ['a.yml', 'aa/z.yaml', 'b.yaml', 'sub/c.json'],
      );
  });

  test('symbolic links to files and folders inside the root are followed, each folder once; dangling ones are skipped', async () => {
    const dir = tree({ 'real/a.yaml': 'a: 1\n', 'other/b.yaml': 'b: 1\n' });
    symlinkSync(join(dir, 'other'), join(dir, 'real', 'linked-dir'));
    symlinkSync(join(dir, 'other', 'b.yaml'), join(dir, 'real', 'linked.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'real', 'dangling.yaml'));
    symlinkSync(join(dir, 'real'), join(dir, 'other', 'back-up'));
    const walk = manifestFiles(join(dir, 'real'), dir);
    assert.ok(walk.ok);
    if (walk.ok)
      assert.deepEqual(
        walk.files.map((f) => f.slice(dir.length + 6)),
        ['a.yaml', 'linked-dir/b.yaml', 'linked.yaml'],
      );
  });

  // A pull request may add a link to a runner's credentials: -f, check and --in-place read the
  // folder, and an error would quote a one-line file whole.
  test('a link out of the folder is refused by every command that reads -f DIR, naming the link, never what it points at', async () => {
    const dir = tree({ 'home/.git-credentials': 'https://bot:SECRET-MARKER-123@example.com\n', 'pr/app.yaml': 'kind: ConfigMap\n' });
    symlinkSync(join(dir, 'home', '.git-credentials'), join(dir, 'pr', 'creds.yaml'));
    const walk = manifestFiles(join(dir, 'pr'));
    assert.deepEqual(walk, { ok: false, linkOutside: join(dir, 'pr', 'creds.yaml') });
    for (const argv of [
      ['-f', 'pr'],
      ['check', '-f', 'pr'],
      ['-f', 'pr', '--in-place'],
      ['--cluster-state', 'pr', '-f', 'pr/app.yaml'],
    ]) {
      const r = await runCli(argv, { cwd: dir });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.doesNotMatch(r.stdout + r.stderr, /SECRET-MARKER|git-credentials/, argv.join(' '));
      assert.match(r.stderr, /pr\/creds\.yaml is a symbolic link that leads outside the folder/, argv.join(' '));
    }
  });

  test('links that fan out to the same folders cost one walk of each (they once doubled the work per level)', async () => {
    const dir = tree({ 'd12/c.yaml': 'c: 1\n' });
    for (let i = 0; i < 12; i++) {
      mkdirSync(join(dir, `d${i}`), { recursive: true });
      symlinkSync(join(dir, `d${i + 1}`), join(dir, `d${i}`, 'l1'));
      symlinkSync(join(dir, `d${i + 1}`), join(dir, `d${i}`, 'l2'));
    }
    const walk = manifestFiles(join(dir, 'd0'), dir);
    assert.ok(walk.ok);
    if (walk.ok) assert.equal(walk.files.length, 1);
  });

  test('sources are joined with one --- between them, in the order given, stdin where - stands', async () => {
    const dir = tree({ 'one.yaml': 'one: 1', 'two.yaml': '---\ntwo: 2\n' });
    const read = await readInputs(['one.yaml', '-', 'two.yaml'], dir, Readable.from([Buffer.from('mid: 0\n')]));
    assert.ok(read.ok);
    if (read.ok) assert.equal(read.text, 'one: 1\n---\nmid: 0\n---\ntwo: 2\n');
  });

  test('the --config file is left out of a DIR read', async () => {
    const dir = tree({ 'app.yaml': 'a: 1\n', 'kuma-inject.yaml': 'kind: KumaInject\n' });
    const read = await readInputs(['.'], dir, Readable.from([]), [join(dir, 'kuma-inject.yaml')]);
    assert.ok(read.ok);
    if (read.ok) assert.equal(read.text, 'a: 1\n');
  });

  test('stdin given twice and missing paths are errors that name the source', async () => {
    const twice = await readInputs(['-', '-'], tmpdir(), Readable.from([]));
    assert.ok(!twice.ok && /stdin\) given twice/.test(twice.message));
    const missing = await readInputs(['nope.yaml'], tmpdir(), Readable.from([]));
    assert.ok(!missing.ok && /-f nope\.yaml: no such file or directory/.test(missing.message));
    const empty = await readInputs(['.'], tree({ 'x.txt': 'x' }), Readable.from([]));
    assert.ok(!empty.ok && /holds no \*\.yaml/.test(empty.message));
  });

  test('joinStreams skips blank sources and adds no separator before a source that starts one', () => {
    assert.equal(joinStreams(['a: 1\n', '  \n', '---\nb: 2\n']), 'a: 1\n---\nb: 2\n');
  });

  test('joinStreams ends a source with a line break only when another follows, and keeps a byte order mark only at the start', () => {
    assert.equal(joinStreams(['a: 1', 'b: 2']), 'a: 1\n---\nb: 2');
    assert.equal(joinStreams(['\uFEFFa: 1\n', '\uFEFFb: 2\n']), '\uFEFFa: 1\n---\nb: 2\n');
    assert.equal(joinStreams(['a: 1\n', '\uFEFF']), 'a: 1\n');
  });
});

describe('problems point at the file, not only at the joined stream', () => {
  test('input line N gets the file and its own line', async () => {
    const dir = tree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'b.yaml': 'x: 1\n' });
    const read = await readInputs(['a.yaml', 'b.yaml'], dir, Readable.from([]));
    assert.ok(read.ok);
    if (!read.ok) return;
    assert.deepEqual(read.starts, [
      { file: 'a.yaml', line: 1 },
      { file: 'b.yaml', line: 5 },
    ]);
    assert.equal(
      locateInFiles('error: input line 5 (item 1): no apiVersion\n', read.starts),
      'error: input line 5 (b.yaml line 1) (item 1): no apiVersion\n',
    );
  });

  test('through the CLI: the error names b.yaml', async () => {
    const dir = tree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'b.yaml': 'x: 1\n' });
    const r = await runCli(['-f', 'a.yaml', '-f', 'b.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\(b\.yaml line 1\)/);
  });
});

test("a source that is not UTF-8: the error holds every source's bytes as read, joined as the stream would be", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-inputs-'));
  writeFileSync(join(dir, 'a.yaml'), 'a: "é"\n');
  writeFileSync(join(dir, 'b.yaml'), Buffer.from([0x62, 0x3a, 0x20, 0xff, 0x0a]));
  writeFileSync(join(dir, 'c.yaml'), 'c: 1\n');
  const error = await readInputs(['.'], dir, Readable.from([])).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof NotUtf8Error, String(error));
  assert.deepEqual(
    Buffer.from(error.bytes),
    Buffer.concat([Buffer.from('a: "é"\n---\n'), Buffer.from([0x62, 0x3a, 0x20, 0xff, 0x0a]), Buffer.from('---\nc: 1\n')]),
  );
});

test('stdin among the sources (read by the CLI as text): its bytes are in the error too, where the stream has them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-inputs-'));
  writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
  writeFileSync(join(dir, 'b.yaml'), Buffer.from([0x62, 0x3a, 0x20, 0xff, 0x0a]));
  const error = await readInputs(['a.yaml', '-', 'b.yaml'], dir, () => Promise.resolve('mid: "é"\n')).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof NotUtf8Error, String(error));
  assert.deepEqual(
    Buffer.from(error.bytes),
    Buffer.concat([Buffer.from('a: 1\n---\nmid: "é"\n---\n'), Buffer.from([0x62, 0x3a, 0x20, 0xff, 0x0a])]),
  );
});

describe('clusterState paths of the settings (named by the repository)', () => {
  const settings = (path: string): string =>
    `apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nclusterState: [${JSON.stringify(path)}]\n`;
  const app = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n';

  test('a link cycle, a dangling link and links fanning out in a capture folder are read once, never an internal error', async () => {
    const dir = tree({
      'app.yaml': app,
      'settings.yaml': settings('cap'),
      'cap/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
    });
    symlinkSync('.', join(dir, 'cap', 'loop'));
    symlinkSync('nowhere', join(dir, 'cap', 'dangling.yaml'));
    symlinkSync('.', join(dir, 'cap', 'again'));
    const r = await runCli(['-f', 'app.yaml', '--config', 'settings.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|RangeError|ENOENT/);
  });

  test('a named pipe is refused (KI0601) instead of holding the run; an outside path is refused without saying where it leads', async () => {
    const dir = tree({ 'app.yaml': app, 'settings.yaml': settings('pipe.yaml') });
    const fifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
    assert.equal(fifo.status, 0, 'mkfifo is needed for this test');
    const piped = runBuilt(['-f', 'app.yaml', '--config', 'settings.yaml'], dir);
    assert.equal(piped.status, 1, `exit ${piped.status} (${piped.signal ?? 'no signal'}): ${piped.stderr}`);
    assert.match(piped.stderr, /pipe\.yaml is not a regular file or a folder.*\[KI0601\]/);
    writeFileSync(join(dir, 'settings.yaml'), settings('/etc/hostname'));
    const outside = await runCli(['-f', 'app.yaml', '--config', 'settings.yaml'], { cwd: dir });
    assert.equal(outside.code, 1, outside.stderr);
    assert.match(outside.stderr, /leads outside .*\[KI0601\]/);
    assert.doesNotMatch(outside.stderr, /to \/etc\/hostname/);
  });
});

describe('files named on the command line', () => {
  // The operator names these, but a pipe or a device given by mistake held the run (a pipe) or
  // grew it without end (/dev/zero) instead of failing.
  test('--config, --ca-cert-file and --cluster-state refuse what is not a regular file, through the built executable', () => {
    const dir = tree({ 'app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n' });
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe')]).status, 0, 'mkfifo is needed for this test');
    for (const [flag, path] of [
      ['--config', 'pipe'],
      ['--ca-cert-file', 'pipe'],
      ['--cluster-state', 'pipe'],
      ['--ca-cert-file', '/dev/zero'],
      ['--config', '/dev/zero'],
    ] as const) {
      const ran = runBuilt(['-f', 'app.yaml', flag, path], dir);
      assert.equal(ran.status, 2, `${flag} ${path}: exit ${ran.status} (${ran.signal ?? 'no signal'}): ${ran.stderr}`);
      assert.match(ran.stderr, new RegExp(`${flag} ${path.replace('/', '\\/')}.*not a regular file`), `${flag} ${path}`);
    }
  });
});
