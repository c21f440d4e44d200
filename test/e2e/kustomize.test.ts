import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    assert.deepEqual(
      objects.map((o) => o['kind']).sort(),
      ['ContainerPatch', 'Deployment', 'Namespace', 'Service'],
      'no previews, no plugin config in the build',
    );
  });

  test("flags from the plugin config's argsOneLiner reach kuma-inject", () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-'));
    cpSync(join(KUSTOMIZE, 'app'), join(dir, 'app'), { recursive: true });
    mkdirSync(join(dir, 'overlay'));
    writeFileSync(join(dir, 'overlay/kustomization.yaml'), 'resources: [../app]\ntransformers: [kuma-inject.yaml]\n');
    writeFileSync(
      join(dir, 'overlay/kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: kuma-inject\nargsOneLiner: --product kuma --system-namespace kong-mesh-system\n',
    );
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

  test("an invalid KumaInject fails the build, naming the object (not kustomize's temp copy of it)", () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-'));
    cpSync(join(KUSTOMIZE, 'app'), join(dir, 'app'), { recursive: true });
    mkdirSync(join(dir, 'overlay'));
    writeFileSync(join(dir, 'overlay/kustomization.yaml'), 'resources: [../app]\ntransformers: [kuma-inject.yaml]\n');
    writeFileSync(
      join(dir, 'overlay/kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: shop-injector\nsidecarContainerz: true\n',
    );
    const env = envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') });
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(dir, 'overlay')], { env });
    assert.notEqual(ran.status, 0, explain('kubectl kustomize', ran));
    assert.match(ran.stderr, /kuma-inject: the kustomize transformer config \(KumaInject shop-injector\) is not valid:/);
    assert.match(ran.stderr, /sidecarContainerz/);
  });
});

describe('kubectl kustomize: an overlay that sets the namespace over a namespace-less base', () => {
  const OVERLAY_REPO = join(REPO, 'test/fixtures/e2e/kustomize-overlay');

  test("the transformer sees the overlay's namespace and patches, injects, and builds the same bytes twice", () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const env = envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') });
    const first = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(OVERLAY_REPO, 'overlays/prod')], { env });
    assert.equal(first.status, 0, explain('kubectl kustomize', first));
    const cart = find(objectsOf(first.stdout), 'Deployment', 'cart');
    assert.equal(cart['metadata']['namespace'], 'shop', 'kustomize set the namespace before the transformer ran');
    assert.equal(cart['spec']['replicas'], 3, "the overlay's patches are in");
    assert.ok(sidecarOf(cart), 'injected: the transformer saw namespace shop and its Namespace object');
    assert.equal(cart['spec']['template']['spec']['containers'][0]['image'], 'ghcr.io/example/cart:1.2.0');
    const second = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(OVERLAY_REPO, 'overlays/prod')], { env });
    assert.equal(second.stdout, first.stdout, 'deterministic output');
  });

  test("listed in the base instead, the transformer runs before the overlay's namespace: nothing is injected, and kubectl shows no warning", () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-base-'));
    cpSync(OVERLAY_REPO, dir, { recursive: true });
    cpSync(join(dir, 'overlays/prod/kuma-inject.yaml'), join(dir, 'base/kuma-inject.yaml'));
    writeFileSync(join(dir, 'base/kustomization.yaml'), 'resources: [deployment.yaml, service.yaml]\ntransformers: [kuma-inject.yaml]\n');
    writeFileSync(join(dir, 'overlays/prod/kustomization.yaml'), 'namespace: shop\nresources: [../../base, namespace.yaml]\n');
    const env = envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') });
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(dir, 'overlays/prod')], { env });
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    assert.equal(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'cart')), undefined);
    // kustomize keeps a legacy plugin's stderr to itself unless the plugin fails: the README says so.
    assert.doesNotMatch(ran.stderr, /metadata\.namespace/);
  });
});

describe('kubectl kustomize: a ContainerPatch in an overlay that sets the namespace', () => {
  const OVERLAY_REPO = join(REPO, 'test/fixtures/e2e/kustomize-overlay');
  const PATCH =
    'apiVersion: kuma.io/v1alpha1\nkind: ContainerPatch\nmetadata:\n  name: sidecar-limits\n  namespace: kong-mesh-system\nspec:\n  sidecarPatch:\n    - op: add\n      path: /resources/limits/cpu\n      value: \'"1"\'\n';

  function overlayWithPatch(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-patch-'));
    cpSync(OVERLAY_REPO, dir, { recursive: true });
    writeFileSync(join(dir, 'overlays/prod/container-patch.yaml'), PATCH);
    const deployment = join(dir, 'base/deployment.yaml');
    writeFileSync(
      deployment,
      readFileSync(deployment, 'utf8').replace(
        '  template:\n    metadata:\n',
        '  template:\n    metadata:\n      annotations:\n        kuma.io/container-patches: sidecar-limits\n',
      ),
    );
    return dir;
  }

  test('`namespace:` moves the ContainerPatch out of the system namespace: the build fails, and the hint names the NamespaceTransformer way out', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = overlayWithPatch();
    const kustomization = join(dir, 'overlays/prod/kustomization.yaml');
    writeFileSync(
      kustomization,
      readFileSync(kustomization, 'utf8').replace('  - namespace.yaml\n', '  - namespace.yaml\n  - container-patch.yaml\n'),
    );
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(dir, 'overlays/prod')], {
      env: envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') }),
    });
    assert.notEqual(ran.status, 0, explain('kubectl kustomize', ran));
    assert.match(ran.stderr, /ContainerPatch shop\/sidecar-limits, metadata\.namespace: /);
    assert.match(ran.stderr, /hint: kustomize's `namespace:` field moves every resource .* NamespaceTransformer .*unsetOnly: true/);
  });

  test('a NamespaceTransformer with unsetOnly before KumaInject keeps the ContainerPatch where it is, and it applies', () => {
    requireTool('kubectl', 'the kustomize end-to-end test runs kubectl kustomize');
    const dir = overlayWithPatch();
    writeFileSync(
      join(dir, 'overlays/prod/set-namespace.yaml'),
      'apiVersion: builtin\nkind: NamespaceTransformer\nmetadata:\n  name: shop\n  namespace: shop\nunsetOnly: true\n',
    );
    const kustomization = join(dir, 'overlays/prod/kustomization.yaml');
    writeFileSync(
      kustomization,
      readFileSync(kustomization, 'utf8')
        .replace('namespace: shop\n', '')
        .replace('  - namespace.yaml\n', '  - namespace.yaml\n  - container-patch.yaml\n')
        .replace('transformers:\n  - kuma-inject.yaml', 'transformers:\n  - set-namespace.yaml\n  - kuma-inject.yaml'),
    );
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(dir, 'overlays/prod')], {
      env: envWithKumaInject({ KUSTOMIZE_PLUGIN_HOME: join(KUSTOMIZE, 'plugin') }),
    });
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    const objects = objectsOf(ran.stdout);
    assert.equal(find(objects, 'ContainerPatch', 'sidecar-limits')['metadata']['namespace'], 'kong-mesh-system');
    const cart = find(objects, 'Deployment', 'cart');
    assert.equal(cart['metadata']['namespace'], 'shop');
    assert.equal(sidecarOf(cart)?.['resources']?.['limits']?.['cpu'], '1');
  });
});
