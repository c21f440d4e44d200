import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { joinWithStarts, locateInFiles, manifestFiles, readInputs } from '../../src/cli/read-inputs.ts';
import { runCli } from './cli-run.ts';
import { NotUtf8Error } from '../../src/krm/utf8-text.ts';

const joinStreams = (texts: readonly string[]): string => joinWithStarts(texts.map((text, i) => ({ file: String(i), text }))).text;

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
    const files = (await manifestFiles(dir)).map((f) => f.slice(dir.length + 1));
    assert.deepEqual(files, ['a.yml', 'aa/z.yaml', 'b.yaml', 'sub/c.json']);
  });

  test('symbolic links to files and folders are followed; dangling ones are skipped', async () => {
    const dir = tree({ 'real/a.yaml': 'a: 1\n', 'other/b.yaml': 'b: 1\n' });
    symlinkSync(join(dir, 'other'), join(dir, 'real', 'linked-dir'));
    symlinkSync(join(dir, 'other', 'b.yaml'), join(dir, 'real', 'linked.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'real', 'dangling.yaml'));
    symlinkSync(join(dir, 'real'), join(dir, 'other', 'back-up'));
    const files = (await manifestFiles(join(dir, 'real'))).map((f) => f.slice(dir.length + 6));
    assert.deepEqual(files, ['a.yaml', 'linked-dir/b.yaml', 'linked.yaml']);
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
