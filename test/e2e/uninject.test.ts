import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { envWithKumaInject, explain, git, gitRepoWith, kptRender, requireTool, sh } from './harness.ts';

describe('uninject under kpt', () => {
  test('render, then `kuma-inject uninject`: the package is back to its original bytes, previews gone', () => {
    requireTool('kpt', 'the uninject end-to-end test runs kpt fn render and eval');
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
    const rendered = kptRender(dir);
    assert.equal(rendered.status, 0, explain('kpt fn render', rendered));
    assert.notEqual(git(dir, 'status', '--porcelain'), '', 'the render changed the package');
    const back = sh('kpt', ['fn', 'eval', dir, '--exec', 'kuma-inject uninject', '--fn-config', join(dir, 'example/kuma-inject.yaml')], {
      env: envWithKumaInject(),
    });
    assert.equal(back.status, 0, explain('kpt fn eval --exec "kuma-inject uninject"', back));
    assert.equal(git(dir, 'status', '--porcelain'), '', `uninject gives back the original package exactly:\n${git(dir, 'diff')}`);
  });
});
