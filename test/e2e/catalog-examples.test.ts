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
import { commitAll, explain, git, kptRender, packageObjects, REPO } from './harness.ts';
import { sidecarOf, type Obj } from '../cli/kube-objects.ts';

const EXAMPLES = join(REPO, 'functions/kuma-inject/examples');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { repository: { url: string } };
const SOURCE = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/**
 * The first render of each example, kept for the file's tests: its `git diff` as the catalog records
 * it (staged, so new files show, without colour) and the rendered copy, committed, which the
 * second-render test renders again. A kpt render is the costliest step here; one serves both tests.
 */
const firstRenders = new Map<string, { dir: string; diff: string }>();
function firstRender(example: string): { dir: string; diff: string } {
  const known = firstRenders.get(example);
  if (known !== undefined) return known;
  const dir = mkdtempSync(join(tmpdir(), `kuma-inject-catalog-${example}-`));
  cpSync(join(EXAMPLES, example), dir, { recursive: true });
  git(dir, 'init', '-q');
  commitAll(dir, 'example package');
  const ran = kptRender(dir);
  assert.equal(ran.status, 0, explain(`kpt fn render --allow-exec ${example}`, ran));
  git(dir, 'add', '-A');
  const diff = git(dir, 'diff', '--cached', '--no-color', '--no-ext-diff');
  commitAll(dir, 'first render');
  const rendered = { dir, diff };
  firstRenders.set(example, rendered);
  return rendered;
}

/** What each catalog example promises in its README, checked on the rendered files. */
const VARIANT_CHECKS: Record<string, (workloads: Obj[]) => void> = {
  'kong-mesh-basic': ([orders]) => {
    const spec = orders?.['spec']['template']['spec'];
    const sidecar = (spec['initContainers'] as Obj[]).find((c) => c['name'] === 'kuma-sidecar');
    assert.equal(sidecar?.['restartPolicy'], 'Always', 'native sidecar: an init container with restartPolicy Always');
    assert.equal((spec['initContainers'] as Obj[])[0]?.['name'], 'kuma-init', 'kuma-init runs first');
    assert.match(String(sidecar?.['image']), /^docker\.io\/kong\/kuma-dp:2\.14\./);
  },
  'kuma-2.13-classic': ([ledger]) => {
    const spec = ledger?.['spec']['template']['spec'];
    const sidecar = (spec['containers'] as Obj[]).find((c) => c['name'] === 'kuma-sidecar');
    assert.ok(sidecar, 'classic layout: kuma-sidecar among the containers');
    assert.equal((spec['containers'] as Obj[])[0]?.['name'], 'kuma-sidecar', 'classic layout: kuma-sidecar first, as the README says');
    assert.match(String(sidecar['image']), /^docker\.io\/kumahq\/kuma-dp:2\.13\./);
    assert.match(JSON.stringify(sidecar['env']), /kuma-control-plane\.kuma-system/);
  },
  'container-patch': ([search]) => {
    const sidecar = search === undefined ? undefined : sidecarOf(search);
    assert.ok((sidecar?.['args'] as string[]).includes('--log-level=debug'), 'the injector-config patch applied');
    assert.equal(sidecar?.['resources']?.['limits']?.['memory'], '1Gi', 'the pod-annotation patch applied');
  },
};

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
      const { diff } = firstRender(example);
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

    test(`${example}: injects every workload, and a second render is a no-op`, () => {
      const { dir } = firstRender(example);
      const second = kptRender(dir);
      assert.equal(second.status, 0, explain('second kpt fn render', second));
      assert.equal(git(dir, 'status', '--porcelain'), '', 'the second render leaves no new or changed file');
      const workloads = packageObjects(dir)
        .map((o) => o.object)
        .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'].includes(o['kind']));
      assert.ok(workloads.length > 0);
      for (const w of workloads) assert.ok(sidecarOf(w), `${w['kind']} ${w['metadata']['name']} has kuma-sidecar`);
      VARIANT_CHECKS[example]?.(workloads);
    });
  }
});
