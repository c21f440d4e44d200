/**
 * The Helm post-renderer (functions/kuma-inject/helm/kuma-inject-post-renderer), run exactly as
 * `helm install -n shop --post-renderer PATH --post-renderer-args shop --post-renderer-args
 * --config=...` runs it: the chart's rendered output on stdin (a stored `helm template` output,
 * test/fixtures/helm), the arguments as given, stdout what helm installs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envWithKumaInject, explain, REPO, sh } from './harness.ts';
import { find, objectsOf, podSpecOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

const POST_RENDERER = join(REPO, 'functions/kuma-inject/helm/kuma-inject-post-renderer');
const SETTINGS = join(REPO, 'functions/kuma-inject/helm/kuma-inject.yaml');
const CHART = readFileSync(join(REPO, 'test/fixtures/helm/web-chart-template.yaml'), 'utf8');

function documents(stream: string): string[] {
  return stream.split(/^---\n/m);
}

function render(args: string[], extraEnv: NodeJS.ProcessEnv = {}, input = CHART) {
  const env = envWithKumaInject(extraEnv);
  if (extraEnv['HELM_NAMESPACE'] === undefined) delete env['HELM_NAMESPACE'];
  return sh(POST_RENDERER, args, { env, input });
}

describe('Helm post-renderer', () => {
  test('is executable (helm runs it by path)', () => {
    accessSync(POST_RENDERER, constants.X_OK);
  });

  for (const [how, args, env] of [
    ['the release namespace as the first argument', ['shop', `--config=${SETTINGS}`], {}],
    ['the namespace from HELM_NAMESPACE', [`--config=${SETTINGS}`], { HELM_NAMESPACE: 'shop' }],
    ['the argument over HELM_NAMESPACE', ['shop', '--config', SETTINGS], { HELM_NAMESPACE: 'elsewhere' }],
  ] as const) {
    test(`namespace-less chart output is injected for ${how}; other documents come out byte for byte`, () => {
      const ran = render([...args], { ...env });
      assert.equal(ran.status, 0, explain('post-renderer', ran));
      const before = documents(CHART);
      const after = documents(ran.stdout);
      assert.equal(after.length, before.length, 'no document added (no previews) or dropped');
      for (const [index, document] of before.entries()) {
        if (/^kind: (Deployment|Pod)$/m.test(document)) continue;
        assert.equal(after[index], document);
      }
      const objects = objectsOf(ran.stdout);
      const deployment = find(objects, 'Deployment', 'web');
      assert.ok(sidecarOf(deployment), 'the Deployment got kuma-sidecar');
      assert.equal(deployment['metadata']['namespace'], undefined, 'helm places it in the release namespace; no namespace is written');
      const testPod = find(objects, 'Pod', 'web-test-connection');
      assert.equal((podSpecOf(testPod)['initContainers'] as Obj[]).find((c) => c['name'] === 'kuma-sidecar')?.['restartPolicy'], 'Always');
      assert.match(ran.stdout, /^# Source: web\/templates\/deployment\.yaml\napiVersion: apps\/v1\nkind: Deployment$/m);
      assert.match(ran.stderr, /Deployment web: injected/);
    });
  }

  test('a namespace that is not labelled for injection is not injected, and the report says why', () => {
    const ran = render(['payments', `--config=${SETTINGS}`]);
    assert.equal(ran.status, 0, explain('post-renderer', ran));
    assert.equal(ran.stdout, CHART);
    assert.match(ran.stderr, /namespace payments is unknown/);
  });

  test('--fail-on=warning makes that a failure, so helm installs nothing', () => {
    const ran = render(['payments', `--config=${SETTINGS}`, '--fail-on=warning']);
    assert.notEqual(ran.status, 0);
    assert.match(ran.stderr, /namespace payments is unknown/);
  });

  test('without a namespace it refuses, naming both ways to give one', () => {
    const ran = render([`--config=${SETTINGS}`]);
    assert.equal(ran.status, 2);
    assert.equal(ran.stdout, '');
    assert.match(ran.stderr, /give the release namespace as the first --post-renderer-args .* or set HELM_NAMESPACE/);
  });

  test('an error result fails the post-renderer (helm aborts the install)', () => {
    const broken = CHART.replace(
      'app.kubernetes.io/managed-by: Helm\nspec:\n  replicas: 1',
      'app.kubernetes.io/managed-by: Helm\n    tier: 3\nspec:\n  replicas: 1',
    );
    assert.notEqual(broken, CHART);
    const ran = render(['shop', `--config=${SETTINGS}`], {}, broken);
    assert.equal(ran.status, 1, explain('post-renderer', ran));
    assert.match(ran.stderr, /error: Deployment web, metadata\.labels\.tier: label values must be strings/);
  });
});
