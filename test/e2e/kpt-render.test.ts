import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { commitAll, explain, git, gitRepoWith, kptRender, packageObjects } from './harness.ts';
import { find, isLocalConfig, sidecarOf, type Obj } from '../cli/kube-objects.ts';

/** Renders twice: the first render injects, the second changes nothing at all. */
function renderTwice(dir: string): { objects: { file: string; object: Obj }[]; firstDiff: string } {
  const first = kptRender(dir);
  assert.equal(first.status, 0, explain('first kpt fn render', first));
  const firstDiff = git(dir, 'diff');
  commitAll(dir, 'first render');
  const second = kptRender(dir);
  assert.equal(second.status, 0, explain('second kpt fn render', second));
  assert.equal(git(dir, 'status', '--porcelain'), '', 'the second render leaves no new or changed file');
  assert.equal(git(dir, 'diff'), '', 'the second render changes nothing');
  return { objects: packageObjects(dir), firstDiff };
}

describe('kpt fn render --allow-exec', () => {
  test('the root example package: sidecars injected on the first render, nothing changes on the second', () => {
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
    const { objects, firstDiff } = renderTwice(dir);
    const all = objects.map((o) => o.object);
    assert.ok(sidecarOf(find(all, 'Deployment', 'web')), 'web has kuma-sidecar on disk');
    assert.ok(sidecarOf(find(all, 'CronJob', 'cleanup')), 'cleanup has kuma-sidecar on disk');
    assert.match(firstDiff, /^\+.*kuma-sidecar/m);
    const previews = objects.filter((o) => o.object['kind'] === 'Dataplane');
    assert.ok(previews.length >= 2, 'a Dataplane preview per workload');
    for (const p of previews) {
      assert.ok(isLocalConfig(p.object), `${p.file}: previews are local-config`);
      assert.ok(p.file.startsWith('example/kuma-previews/'), `${p.file}: previews go to the configured previewsDir`);
    }
    assert.deepEqual(
      objects.filter((o) => o.object['kind'] === 'Kptfile').map((o) => o.file),
      ['Kptfile'],
      'the Kptfile stays where it is',
    );
  });

  test('rendering the repository root renders every package with its own settings, fixtures left alone', () => {
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example', 'functions', 'test/fixtures/e2e']);
    // gitRepoWith activates fixture Kptfiles for the tests that need them; here they stay inert.
    for (const kptfile of git(dir, 'ls-files', 'test/fixtures/e2e')
      .split('\n')
      .filter((f) => f.endsWith('/Kptfile')))
      git(dir, 'mv', kptfile, `${kptfile}.fixture`);
    commitAll(dir, 'fixtures as stored in the repository');
    const ran = kptRender(dir);
    assert.equal(ran.status, 0, explain('kpt fn render of the repository root', ran));
    const changed = git(dir, 'diff', '--name-only')
      .split('\n')
      .filter((l) => l !== '');
    assert.deepEqual(
      changed.filter((f) => f.startsWith('test/')),
      [],
      'test fixtures are not packages and stay untouched',
    );
    const classic = packageObjects(join(dir, 'functions/kuma-inject/examples/kuma-2.13-classic')).map((o) => o.object);
    assert.match(
      String(sidecarOf(find(classic, 'StatefulSet', 'ledger'))?.['image']),
      /kumahq\/kuma-dp:2\.13\./,
      'the 2.13 example keeps its own settings',
    );
    assert.ok(
      sidecarOf(
        find(
          packageObjects(join(dir, 'example')).map((o) => o.object),
          'Deployment',
          'web',
        ),
      ),
    );
    commitAll(dir, 'rendered');
    const again = kptRender(dir);
    assert.equal(again.status, 0, explain('second kpt fn render of the repository root', again));
    assert.equal(git(dir, 'status', '--porcelain'), '', 'a second render of the repository is a no-op');
  });
});
