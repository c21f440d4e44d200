import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { envWithKumaInject, explain, REPO, requireTool, sh } from './harness.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

const KUSTOMIZE = join(REPO, 'functions/kuma-inject/kustomize');

describe('kubectl kustomize with the legacy exec plugin', () => {
  test('--enable-alpha-plugins with KUSTOMIZE_PLUGIN_HOME: the sidecar is really in the build output', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const env = envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') });
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(KUSTOMIZE, 'legacy-plugin')], { env });
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    const objects = objectsOf(ran.stdout);
    // kubectl kustomize can "succeed" without running a function: check the output changed.
    const sidecar = sidecarOf(find(objects, 'Deployment', 'web'));
    assert.ok(sidecar, 'kuma-sidecar injected by the plugin');
    assert.equal(sidecar['resources']?.['limits']?.['memory'], '768Mi', 'the ContainerPatch applied');
    assert.deepEqual(objects.map((o) => o['kind']).sort(), ['ContainerPatch', 'Deployment', 'Namespace', 'Service'], 'no previews, no plugin config in the build');
  });

  test('the base alone builds without the plugin (the example is not injected by accident)', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const ran = sh('kubectl', ['kustomize', join(KUSTOMIZE, 'app')]);
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    assert.equal(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'web')), undefined);
  });
});
