import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envWithKumaInject, explain, git, gitRepoWith, requireTool, sh } from './harness.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

describe('kpt fn eval --exec', () => {
  test('in place on a package directory with --fn-config: the Deployment on disk gets its sidecar', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn eval');
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
    const ran = sh('kpt', ['fn', 'eval', dir, '--exec', 'kuma-inject', '--fn-config', join(dir, 'example/kuma-inject.yaml')], {
      env: envWithKumaInject(),
    });
    assert.equal(ran.status, 0, explain('kpt fn eval', ran));
    const web = find(objectsOf(readFileSync(join(dir, 'example/web.yaml'), 'utf8')), 'Deployment', 'web');
    assert.ok(sidecarOf(web), 'kuma-sidecar written to example/web.yaml');
    assert.match(git(dir, 'diff', '--stat'), /example\/web\.yaml/);
  });

  test('stdin to stdout (kpt fn eval - -o unwrap): flags as exec arguments', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn eval');
    const dir = gitRepoWith(['example']);
    const input = ['namespace.yaml', 'web.yaml', 'container-patch.yaml']
      .map((f) => readFileSync(join(dir, 'example', f), 'utf8'))
      .join('---\n');
    const ran = sh(
      'kpt',
      ['fn', 'eval', '-', '--exec', 'kuma-inject --product kuma --system-namespace kong-mesh-system --previews off', '-o', 'unwrap'],
      { env: envWithKumaInject(), input },
    );
    assert.equal(ran.status, 0, explain('kpt fn eval -', ran));
    const objects = objectsOf(ran.stdout);
    assert.match(
      String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']),
      /kumahq\/kuma-dp:/,
      'the --product flag reached the function',
    );
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'Dataplane'),
      [],
      '--previews off',
    );
  });

  test('settings as `-- key=value` (a ConfigMap functionConfig with flat keys)', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn eval');
    const dir = gitRepoWith(['example']);
    const ran = sh(
      'kpt',
      [
        'fn',
        'eval',
        join(dir, 'example'),
        '--exec',
        'kuma-inject',
        '--',
        'version=2.13',
        'sidecarContainers=false',
        'systemNamespace=kong-mesh-system',
      ],
      { env: envWithKumaInject() },
    );
    assert.equal(ran.status, 0, explain('kpt fn eval -- k=v', ran));
    const web = find(objectsOf(readFileSync(join(dir, 'example/web.yaml'), 'utf8')), 'Deployment', 'web');
    const sidecar = (web['spec']['template']['spec']['containers'] as { name: string; image: string }[]).find(
      (c) => c.name === 'kuma-sidecar',
    );
    assert.match(String(sidecar?.image), /kuma-dp:2\.13\./, 'version=2.13 and the classic layout reached the function');
  });

  test('error results make kpt fail and leave the files alone', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn eval');
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
    sh('git', ['rm', '-q', 'example/container-patch.yaml'], { cwd: dir });
    git(dir, 'commit', '-q', '-m', 'drop the ContainerPatch web needs');
    const ran = sh('kpt', ['fn', 'eval', dir, '--exec', 'kuma-inject', '--fn-config', join(dir, 'example/kuma-inject.yaml')], {
      env: envWithKumaInject(),
    });
    assert.notEqual(ran.status, 0, explain('kpt fn eval', ran));
    assert.match(ran.stdout + ran.stderr, /sidecar-resources/);
    assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing written');
  });
});
