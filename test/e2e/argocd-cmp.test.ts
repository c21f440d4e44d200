import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, explain, kptRender, REPO, requireTool, sh, type Ran } from './harness.ts';
import { generateCommand, simulateGenerate } from './argocd-simulation.ts';
import { find, isLocalConfig, objectsOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

/** A repository with two apps: a plain directory (the example package) and a kustomization. */
function fakeRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'kuma-inject-argo-repo-'));
  cpSync(join(REPO, 'example'), join(repo, 'apps/shop'), { recursive: true });
  // The app is a kpt package of its own: the settings file sits next to the Kptfile.
  writeFileSync(
    join(repo, 'apps/shop/Kptfile'),
    readFileSync(join(REPO, 'Kptfile'), 'utf8').replace('configPath: example/kuma-inject.yaml', 'configPath: kuma-inject.yaml'),
  );
  cpSync(join(REPO, 'functions/kuma-inject/kustomize/app'), join(repo, 'apps/shop-kustomize'), { recursive: true });
  cpSync(join(REPO, 'functions/kuma-inject/kustomize/legacy-plugin/kuma-inject.yaml'), join(repo, 'apps/shop-kustomize/kuma-inject.yaml'));
  return repo;
}

function generate(repo: string, app: string, knobs: NodeJS.ProcessEnv = {}): { ran: Ran; objects: Obj[] } {
  return simulateGenerate(repo, app, generateCommand(), { TAR_EXCLUDE: './.git/*', ...knobs });
}

describe('Argo CD CMP v2: the plugin.yaml generate command, run the way argocd-cmp-server runs it', () => {
  test('a kustomize overlay that lists the KumaInject transformer (the kubectl kustomize route) renders under Argo CD too', () => {
    requireTool('kubectl', 'argocd-generate builds kustomizations with kubectl kustomize when kustomize is absent');
    const repo = fakeRepo();
    cpSync(join(REPO, 'test/fixtures/e2e/kustomize-overlay'), join(repo, 'apps/cart'), { recursive: true });
    const { ran, objects } = generate(repo, 'apps/cart/overlays/prod', { APP_NS: 'shop' });
    assert.equal(ran.status, 0, explain('generate', ran));
    const cart = find(objects, 'Deployment', 'cart');
    assert.equal(cart['metadata']['namespace'], 'shop');
    assert.equal(cart['spec']['replicas'], 3);
    assert.ok(sidecarOf(cart));
    assert.deepEqual(objects.map((o) => o['kind']).sort(), ['Deployment', 'Namespace', 'Service']);
    // Argo CD settings still decide: the transformer's injection is re-rendered with them.
    const kuma = generate(repo, 'apps/cart/overlays/prod', {
      APP_NS: 'shop',
      PLUGIN_PARAMS_JSON: JSON.stringify([
        { name: 'product', string: 'kuma' },
        { name: 'version', string: '2.13' },
      ]),
    });
    assert.equal(kuma.ran.status, 0, explain('generate', kuma.ran));
    assert.match(String(sidecarOf(find(kuma.objects, 'Deployment', 'cart'))?.['image']), /kumahq\/kuma-dp:2\.13\./);
  });

  // The PATH is built, not filtered: a folder holding only kubectl (a link to the one installed),
  // so neither `npm link` nor `npm install -g` (which may put kuma-inject next to kubectl, in
  // /usr/bin or /usr/local/bin) changes what the test sees. With a decoy kuma-inject that fails
  // next to kubectl, the plugin must still run this bundle.
  for (const decoy of [false, true]) {
    test(`the overlay's transformer runs this same kuma-inject ${decoy ? 'even when another kuma-inject is on PATH' : 'when none is on PATH'} (plugin.yaml may name it by path)`, () => {
      const kubectl = requireTool('kubectl', 'argocd-generate builds kustomizations with kubectl kustomize when kustomize is absent');
      const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-argo-nopath-'));
      cpSync(join(REPO, 'test/fixtures/e2e/kustomize-overlay'), dir, { recursive: true });
      const bin = mkdtempSync(join(tmpdir(), 'kuma-inject-argo-bin-'));
      symlinkSync(kubectl, join(bin, 'kubectl'));
      if (decoy) writeFileSync(join(bin, 'kuma-inject'), '#!/bin/sh\necho "decoy kuma-inject ran" >&2\nexit 97\n', { mode: 0o755 });
      const ran = sh(process.execPath, [BUNDLE, 'argocd-generate'], {
        cwd: join(dir, 'overlays/prod'),
        env: { PATH: bin, ARGOCD_APP_NAMESPACE: 'shop' },
      });
      assert.equal(ran.status, 0, explain('argocd-generate', ran));
      assert.doesNotMatch(ran.stderr, /decoy/);
      assert.ok(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'cart')));
    });
  }

  test('the standalone-kustomize route (KumaInject as a KRM exec transformer) renders under Argo CD too', () => {
    requireTool('kubectl', 'argocd-generate builds kustomizations with kubectl kustomize when kustomize is absent');
    const repo = fakeRepo();
    cpSync(join(REPO, 'functions/kuma-inject/kustomize'), join(repo, 'apps/kustomize'), { recursive: true });
    const { ran, objects } = generate(repo, 'apps/kustomize/krm-transformer');
    assert.equal(ran.status, 0, explain('generate', ran));
    assert.equal(sidecarOf(find(objects, 'Deployment', 'web'))?.['resources']?.['limits']?.['memory'], '768Mi');
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject'),
      [],
    );
  });

  test('plain manifests without namespaces land in the destination namespace; a missing ContainerPatch fails with empty stdout', () => {
    const repo = fakeRepo();
    cpSync(join(REPO, 'test/fixtures/e2e/kustomize-overlay/base'), join(repo, 'apps/orders'), { recursive: true });
    rmSync(join(repo, 'apps/orders/kustomization.yaml'));
    writeFileSync(
      join(repo, 'apps/orders/kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: kuma-inject\nnamespaces:\n  orders:\n    labels: {kuma.io/sidecar-injection: enabled}\n',
    );
    const { ran, objects } = generate(repo, 'apps/orders', { APP_NS: 'orders' });
    assert.equal(ran.status, 0, explain('generate', ran));
    assert.ok(sidecarOf(find(objects, 'Deployment', 'cart')), 'injected for the destination namespace');
    assert.equal(find(objects, 'Deployment', 'cart')['metadata']['namespace'], undefined, 'Argo CD sets the namespace, not us');
    // Without the namespace's labels the webhook's decision is unknown: not injected, exit 0, a warning.
    rmSync(join(repo, 'apps/orders/kuma-inject.yaml'));
    const unknown = generate(repo, 'apps/orders', { APP_NS: 'orders' });
    assert.equal(unknown.ran.status, 0, explain('generate', unknown.ran));
    assert.equal(sidecarOf(find(unknown.objects, 'Deployment', 'cart')), undefined);
    assert.match(unknown.ran.stderr, /^warning: Deployment cart, metadata\.namespace: namespace orders is unknown/m);
    writeFileSync(
      join(repo, 'apps/orders/kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: kuma-inject\nnamespaces:\n  orders:\n    labels: {kuma.io/sidecar-injection: enabled}\n',
    );
    const deployment = join(repo, 'apps/orders/deployment.yaml');
    writeFileSync(
      deployment,
      readFileSync(deployment, 'utf8').replace(
        '      labels:\n        app: cart\n    spec:',
        '      labels:\n        app: cart\n      annotations:\n        kuma.io/container-patches: sidecar-limits\n    spec:',
      ),
    );
    const broken = generate(repo, 'apps/orders', { APP_NS: 'orders' });
    assert.notEqual(broken.ran.status, 0, explain('generate', broken.ran));
    assert.equal(broken.ran.stdout, '', 'nothing for Argo CD to apply or prune with');
    assert.match(
      broken.ran.stderr,
      /Deployment cart, spec\.template\.metadata\.annotations\["kuma\.io\/container-patches"\]: .*missing: \["sidecar-limits"\].*Add it to the bundle or remove the name/,
    );
  });

  test('plain app directory: Argo parses the output; sidecars, no local-config objects, no previews', () => {
    const { ran, objects } = generate(fakeRepo(), 'apps/shop');
    assert.equal(ran.status, 0, explain('generate', ran));
    assert.ok(sidecarOf(find(objects, 'Deployment', 'web')));
    assert.ok(sidecarOf(find(objects, 'CronJob', 'cleanup')));
    assert.deepEqual(objects.filter(isLocalConfig), []);
    assert.deepEqual(objects.map((o) => o['kind']).sort(), ['ContainerPatch', 'CronJob', 'Deployment', 'Namespace', 'Service']);
  });

  test('kustomization app: built with kubectl kustomize first, then injected', () => {
    requireTool('kubectl', 'argocd-generate builds kustomizations with kubectl kustomize when kustomize is absent');
    const { ran, objects } = generate(fakeRepo(), 'apps/shop-kustomize');
    assert.equal(ran.status, 0, explain('generate', ran));
    const sidecar = sidecarOf(find(objects, 'Deployment', 'web'));
    assert.ok(sidecar);
    assert.equal(sidecar['resources']?.['limits']?.['memory'], '768Mi');
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject' || o['kind'] === 'Dataplane'),
      [],
    );
  });

  test('settings from spec.source.plugin.env and parameters', () => {
    const { ran, objects } = generate(fakeRepo(), 'apps/shop', {
      PLUGIN_ENV: 'PRODUCT=kong-mesh;SYSTEM_NAMESPACE=kong-mesh-system',
      PLUGIN_PARAMS_JSON: JSON.stringify([
        { name: 'product', string: 'kuma' },
        { name: 'sidecar-containers', string: 'false' },
        { name: 'meshes', array: ['default'] },
      ]),
    });
    assert.equal(ran.status, 0, explain('generate', ran));
    const web = find(objects, 'Deployment', 'web');
    assert.match(String(sidecarOf(web)?.['image']), /kumahq\/kuma-dp:/, 'the product parameter wins over env');
    assert.ok(
      (web['spec']['template']['spec']['containers'] as Obj[]).some((c) => c['name'] === 'kuma-sidecar'),
      'sidecar-containers=false: classic layout',
    );
  });

  test('an injection error fails the generation with the reason on stderr', () => {
    const repo = fakeRepo();
    rmSync(join(repo, 'apps/shop/container-patch.yaml'));
    const { ran } = generate(repo, 'apps/shop');
    assert.notEqual(ran.status, 0, explain('generate', ran));
    assert.match(ran.stderr, /sidecar-resources/);
    assert.doesNotMatch(ran.stderr, /WARNING: generate returned zero output/);
  });

  test('an app rendered by kpt first (sidecars and previews committed) gives Argo CD the same manifests', () => {
    const plain = generate(fakeRepo(), 'apps/shop');
    assert.equal(plain.ran.status, 0, explain('generate', plain.ran));
    const repo = fakeRepo();
    const rendered = kptRender(join(repo, 'apps/shop'));
    assert.equal(rendered.status, 0, explain('kpt fn render', rendered));
    const again = generate(repo, 'apps/shop');
    assert.equal(again.ran.status, 0, explain('generate', again.ran));
    assert.deepEqual(again.objects, plain.objects);
  });

  test('a kpt package whose Kptfile gives kuma-inject a ConfigMap: Argo CD applies exactly what kpt fn render committed', () => {
    requireTool('kpt', 'the package is rendered by kpt first');
    const repo = fakeRepo();
    const app = join(repo, 'apps/shop');
    rmSync(join(app, 'kuma-inject.yaml'));
    writeFileSync(
      join(app, 'kuma-settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kuma-settings\n  annotations:\n    config.kubernetes.io/local-config: "true"\ndata:\n  product: kuma\n  version: "2.13"\n  systemNamespace: kong-mesh-system\n',
    );
    writeFileSync(
      join(app, 'Kptfile'),
      readFileSync(join(app, 'Kptfile'), 'utf8').replace('configPath: kuma-inject.yaml', 'configPath: kuma-settings.yaml'),
    );
    const rendered = kptRender(app);
    assert.equal(rendered.status, 0, explain('kpt fn render', rendered));
    const committed = readFileSync(join(app, 'web.yaml'), 'utf8');
    assert.match(committed, /kumahq\/kuma-dp:2\.13\./, 'kpt rendered with the ConfigMap');
    const { ran, objects } = generate(repo, 'apps/shop');
    assert.equal(ran.status, 0, explain('generate', ran));
    assert.match(String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']), /kumahq\/kuma-dp:2\.13\./);
    assert.match(ran.stderr, /already injected as this version and these settings would; unchanged/);
    assert.doesNotMatch(ran.stderr, /re-rendered/);
  });

  test('a missing app path fails, never an empty success', () => {
    const { ran } = generate(fakeRepo(), 'apps/nope');
    assert.notEqual(ran.status, 0);
    assert.equal(ran.stdout, '');
  });
});
