/**
 * The example packages under functions/kuma-inject/examples/ in the kpt functions catalog's shape:
 * a README with the fetch / invocation / expected-result sections, a `.krmignore` that keeps kpt
 * off `.expected/`, and `.expected/diff.patch`, the exact `git diff` a render makes (new files
 * included), which this test re-derives by rendering the package with kpt.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { commitAll, explain, git, kptRender, REPO } from './harness.ts';

const EXAMPLES = join(REPO, 'functions/kuma-inject/examples');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { repository: { url: string } };
const SOURCE = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** `git diff` of a render, as the catalog records it: staged, so new files show, without colour. */
function renderDiff(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kuma-inject-catalog-${example}-`));
  cpSync(join(EXAMPLES, example), dir, { recursive: true });
  git(dir, 'init', '-q');
  commitAll(dir, 'example package');
  const ran = kptRender(dir);
  assert.equal(ran.status, 0, explain(`kpt fn render --allow-exec ${example}`, ran));
  git(dir, 'add', '-A');
  return git(dir, 'diff', '--cached', '--no-color', '--no-ext-diff');
}

describe('catalog example packages', () => {
  const examples = readdirSync(EXAMPLES).sort();

  test('metadata.yaml lists exactly these examples, with the catalog field names', () => {
    const metadata = parse(readFileSync(join(REPO, 'functions/kuma-inject/metadata.yaml'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(metadata).sort(), [
      'description',
      'emails',
      'examplePackageURLs',
      'hidden',
      'image',
      'license',
      'sourceURL',
      'tags',
    ]);
    assert.deepEqual(
      metadata['examplePackageURLs'],
      examples.map((e) => `${SOURCE}/tree/main/functions/kuma-inject/examples/${e}`),
    );
    assert.equal(metadata['sourceURL'], `${SOURCE}/tree/main/functions/kuma-inject`);
    assert.ok(Array.isArray(metadata['emails']) && (metadata['emails'] as unknown[]).length > 0);
    assert.ok((metadata['tags'] as string[]).includes('mutator'));
  });

  for (const example of examples) {
    test(`${example}: README with fetch, invocation and expected result; .krmignore keeps kpt off .expected`, () => {
      const readme = readFileSync(join(EXAMPLES, example, 'README.md'), 'utf8');
      const sections = [...readme.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
      assert.deepEqual(sections, ['Overview', 'Fetch the example package', 'Function invocation', 'Expected result']);
      assert.ok(readme.includes(`$ kpt pkg get ${SOURCE}.git/functions/kuma-inject/examples/${example}\n`), 'fetch command');
      assert.ok(readme.includes(`$ kpt fn render --allow-exec ${example}\n`), 'invocation command');
      assert.match(readme, /\.expected\/diff\.patch/);
      assert.deepEqual(
        readFileSync(join(EXAMPLES, example, '.krmignore'), 'utf8')
          .split('\n')
          .filter((l) => l !== '' && !l.startsWith('#')),
        ['.expected'],
      );
    });

    test(`${example}: a render makes exactly .expected/diff.patch`, () => {
      const expected = join(EXAMPLES, example, '.expected', 'diff.patch');
      const diff = renderDiff(example);
      if (process.env['UPDATE_GOLDEN'] === '1') {
        mkdirSync(dirname(expected), { recursive: true });
        writeFileSync(expected, diff);
      }
      assert.ok(existsSync(expected), `${expected} is missing (UPDATE_GOLDEN=1 writes it)`);
      assert.match(diff, /^\+ {6,}- name: kuma-sidecar$/m, 'the render injects kuma-sidecar');
      // A render only adds: no line of the user's files (comments, order, quoting) is removed.
      assert.deepEqual(
        diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('--- ')),
        [],
      );
      assert.equal(
        diff,
        readFileSync(expected, 'utf8'),
        `${example}: the render differs from .expected/diff.patch; if the change is intended, regenerate it (UPDATE_GOLDEN=1)`,
      );
    });
  }
});
