import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  test('flags from the plugin config\'s argsOneLiner reach kuma-inject', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-'));
    cpSync(join(KUSTOMIZE, 'app'), join(dir, 'app'), { recursive: true });
    mkdirSync(join(dir, 'overlay'));
    writeFileSync(join(dir, 'overlay/kustomization.yaml'), 'resources: [../app]\ntransformers: [kuma-inject.yaml]\n');
    writeFileSync(join(dir, 'overlay/kuma-inject.yaml'), 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: kuma-inject\nargsOneLiner: --product kuma --system-namespace kong-mesh-system\n');
    const env = envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') });
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(dir, 'overlay')], { env });
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    assert.match(String(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'web'))?.['image']), /kumahq\/kuma-dp:/);
  });

  test('the base alone builds without the plugin (the example is not injected by accident)', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const ran = sh('kubectl', ['kustomize', join(KUSTOMIZE, 'app')]);
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    assert.equal(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'web')), undefined);
  });

  test('an invalid KumaInject fails the build, naming the object (not kustomize\'s temp copy of it)', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-'));
    cpSync(join(KUSTOMIZE, 'app'), join(dir, 'app'), { recursive: true });
    mkdirSync(join(dir, 'overlay'));
    writeFileSync(join(dir, 'overlay/kustomization.yaml'), 'resources: [../app]\ntransformers: [kuma-inject.yaml]\n');
    writeFileSync(join(dir, 'overlay/kuma-inject.yaml'), 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: shop-injector\nsidecarContainerz: true\n');
    const env = envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') });
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(dir, 'overlay')], { env });
    assert.notEqual(ran.status, 0, explain('kubectl kustomize', ran));
    assert.match(ran.stderr, /kuma-inject: the kustomize transformer config \(KumaInject shop-injector\) is not valid:/);
    assert.match(ran.stderr, /sidecarContainerz/);
  });
});
