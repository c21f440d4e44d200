import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envWithKumaInject, explain, git, gitRepoWith, REPO, requireTool, sh } from './harness.ts';
import { find, isLocalConfig, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

const ROOT_README = readFileSync(join(REPO, 'README.md'), 'utf8');
const CATALOG_README = readFileSync(join(REPO, 'functions/kuma-inject/README.md'), 'utf8');

/** The one line of `readme` that matches `pattern` (anchored at a line start). */
function documentedLine(readme: string, pattern: RegExp): string {
  const lines = readme.split('\n').filter((line) => pattern.test(line));
  assert.equal(lines.length, 1, `exactly one documented line matches ${pattern}: ${JSON.stringify(lines)}`);
  return lines[0] ?? '';
}

/** Shell words of a documented command: plain words and double-quoted strings, `< file` dropped. */
function words(line: string): string[] {
  return [...line.replace(/\s+<\s+\S+\s*$/, '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** A meshed namespace and a Deployment that needs nothing else to be injected. */
const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: orders
  labels:
    kuma.io/sidecar-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: orders
spec:
  selector:
    matchLabels: {app: orders}
  template:
    metadata:
      labels: {app: orders}
    spec:
      containers:
        - name: app
          image: registry.example/orders:1
`;

describe('the commands the READMEs document, run as written', () => {
  test('README kpt fn eval of example/: previews land in example/kuma-previews/, not example/example/', () => {
    requireTool('kpt', 'the documented kpt command is run');
    const line = documentedLine(ROOT_README, /^kpt fn eval example /);
    const [command = '', ...args] = words(line);
    assert.equal(command, 'kpt');
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
    const ran = sh(command, args, { cwd: dir, env: envWithKumaInject() });
    assert.equal(ran.status, 0, explain(line, ran));
    for (const file of ['example/kuma-previews/shop/deployment-web.yaml', 'example/kuma-previews/shop/cronjob-cleanup.yaml']) {
      assert.ok(existsSync(join(dir, file)), `${file} written`);
      const objects = objectsOf(readFileSync(join(dir, file), 'utf8'));
      assert.deepEqual(
        objects.map((o) => o['kind']),
        ['Dataplane'],
      );
      assert.ok(objects.every(isLocalConfig));
    }
    assert.ok(!existsSync(join(dir, 'example/example')), 'nothing under example/example/');
    assert.ok(sidecarOf(find(objectsOf(readFileSync(join(dir, 'example/web.yaml'), 'utf8')), 'Deployment', 'web')));
    assert.deepEqual(
      git(dir, 'status', '--porcelain', '--untracked-files=all')
        .split('\n')
        .filter((l) => l.startsWith('??'))
        .sort(),
      ['?? example/kuma-previews/shop/cronjob-cleanup.yaml', '?? example/kuma-previews/shop/deployment-web.yaml'],
    );
  });

  test('README kpt fn eval - -o unwrap: --previews off keeps previews out of the unwrapped stream (which would have them otherwise)', () => {
    requireTool('kpt', 'the documented kpt command is run');
    const line = documentedLine(ROOT_README, /^kpt fn eval - /);
    const [command = '', ...args] = words(line);
    const ran = sh(command, args, { env: envWithKumaInject(), input: APP });
    assert.equal(ran.status, 0, explain(line, ran));
    const objects = objectsOf(ran.stdout);
    assert.ok(sidecarOf(find(objects, 'Deployment', 'orders')));
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'Dataplane'),
      [],
    );
    const exec = args.indexOf('--exec');
    const without = args.map((arg, i) => (i === exec + 1 ? arg.replace(/ --previews off/, '') : arg));
    assert.notDeepEqual(without, args, 'the documented command passes --previews off');
    const withPreviews = sh(command, without, { env: envWithKumaInject(), input: APP });
    assert.equal(withPreviews.status, 0, explain(without.join(' '), withPreviews));
    assert.equal(
      objectsOf(withPreviews.stdout).filter((o) => o['kind'] === 'Dataplane').length,
      1,
      'without it the preview is in the stream',
    );
  });

  for (const [name, readme] of [
    ['README', ROOT_README],
    ['functions/kuma-inject/README', CATALOG_README],
  ] as const) {
    test(`${name} kubectl kustomize command, from the repository root`, () => {
      requireTool('kubectl', 'the documented kubectl kustomize command is run');
      const block = readme.match(/^KUSTOMIZE_PLUGIN_HOME=.*\\\n\s+kubectl kustomize .*$/m)?.[0];
      assert.ok(block, 'the README documents the kubectl kustomize command');
      const ran = sh('sh', ['-c', block], { cwd: REPO, env: envWithKumaInject() });
      assert.equal(ran.status, 0, explain(block, ran));
      assert.equal(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'web'))?.['resources']?.['limits']?.['memory'], '768Mi');
    });
  }

  test('README stream mode reads a kpt package with its settings file: no KumaInject in the stream', () => {
    const dir = gitRepoWith(['example']);
    const ran = sh('kuma-inject', ['-f', 'example'], { cwd: dir, env: envWithKumaInject() });
    assert.equal(ran.status, 0, explain('kuma-inject -f example', ran));
    const objects = objectsOf(ran.stdout);
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject'),
      [],
    );
    assert.ok(sidecarOf(find(objects, 'Deployment', 'web')));
    assert.match(
      ran.stderr,
      /^info: KumaInject kuma-inject, at input line \d+ \(example\/kuma-inject\.yaml line 1\): used as the settings/m,
    );
  });
});
