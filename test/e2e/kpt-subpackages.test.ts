import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitAll, envWithKumaInject, explain, git, gitRepoWith, kptRender, requireTool, sh } from './harness.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

const PKG = 'test/fixtures/e2e/kpt-subpackages';

function sidecarImage(dir: string, sub: string): string {
  const deployment = find(objectsOf(readFileSync(join(dir, PKG, 'shop', sub, 'deployment.yaml'), 'utf8')), 'Deployment', sub);
  return String(sidecarOf(deployment)?.['image']);
}

function evalSettings(dir: string, ...settings: string[]): void {
  const ran = sh('kpt', ['fn', 'eval', join(dir, PKG, 'shop'), '--exec', 'kuma-inject', '--', ...settings], { env: envWithKumaInject() });
  assert.equal(ran.status, 0, explain('kpt fn eval', ran));
}

describe('kpt: a package with subpackages and ConfigMap settings (Kptfile configPath, flat keys)', () => {
  test('render injects every subpackage with the ConfigMap; an eval with other settings and a render back: each second run is a no-op', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn render and eval');
    const dir = gitRepoWith([PKG]);
    const shop = join(dir, PKG, 'shop');
    const render = (): void => {
      const ran = kptRender(shop);
      assert.equal(ran.status, 0, explain('kpt fn render', ran));
    };
    render();
    assert.match(
      sidecarImage(dir, 'backend'),
      /^docker\.io\/kumahq\/kuma-dp:2\.13\./,
      'version "2.13" and product kuma from the ConfigMap',
    );
    assert.match(sidecarImage(dir, 'frontend'), /^docker\.io\/kumahq\/kuma-dp:2\.13\./);
    commitAll(dir, 'rendered');
    render();
    assert.equal(git(dir, 'status', '--porcelain'), '', 'second render: no-op');

    evalSettings(dir, 'version=2.14', 'product=kong-mesh');
    assert.match(sidecarImage(dir, 'backend'), /^docker\.io\/kong\/kuma-dp:2\.14\./);
    commitAll(dir, 'eval');
    evalSettings(dir, 'version=2.14', 'product=kong-mesh');
    assert.equal(git(dir, 'status', '--porcelain'), '', 'second eval: no-op');

    render();
    assert.match(sidecarImage(dir, 'backend'), /^docker\.io\/kumahq\/kuma-dp:2\.13\./, 'back to the package settings');
    commitAll(dir, 'back');
    render();
    assert.equal(git(dir, 'status', '--porcelain'), '', 'second render after switching back: no-op');
  });

  test('an error in a subpackage fails the render, names the workload and its file in results.yaml, and leaves the files alone', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn render');
    const dir = gitRepoWith([PKG]);
    const file = join(dir, PKG, 'shop/backend/deployment.yaml');
    const text = readFileSync(file, 'utf8');
    sh('sh', ['-c', 'cat > "$0"', file], {
      input: text.replace(
        '  template:\n    metadata:\n',
        '  template:\n    metadata:\n      annotations:\n        kuma.io/container-patches: nope\n',
      ),
    });
    commitAll(dir, 'broken');
    const results = join(dir, 'results');
    const ran = kptRender(join(dir, PKG, 'shop'), ['--results-dir', results]);
    assert.notEqual(ran.status, 0, explain('kpt fn render', ran));
    assert.equal(git(dir, 'status', '--porcelain', '--', PKG), '', 'no file changed');
    const list = readFileSync(join(results, 'results.yaml'), 'utf8');
    assert.match(
      list,
      /Deployment shop\/backend, spec\.template\.metadata\.annotations\["kuma\.io\/container-patches"\]: .*missing: \["nope"\]/,
    );
    // kpt gives a subpackage's items paths relative to that subpackage; results name them from the rendered package.
    assert.match(list, /name: backend\n\s+namespace: shop\n\s+field:\n\s+path: .*\n\s+file:\n\s+path: backend\/deployment\.yaml/);
  });
});
