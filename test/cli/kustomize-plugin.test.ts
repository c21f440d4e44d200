import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from './cli-run.ts';
import { find, objectsOf, sidecarOf } from './kube-objects.ts';
import { EXAMPLE_FILES, exampleText } from './fixtures.ts';

const PLUGIN_CONFIG = join(REPO, 'functions/kuma-inject/kustomize/legacy-plugin/kuma-inject.yaml');

describe('kustomize legacy exec plugin mode (argv[1] = plugin config, stream on stdin)', () => {
  test('injects the stream and emits no previews (kustomize would keep them)', async () => {
    const r = await runCli([PLUGIN_CONFIG], { stdin: exampleText(), env: { KUSTOMIZE_PLUGIN_CONFIG_ROOT: REPO } });
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.ok(sidecarOf(find(objects, 'Deployment', 'web')));
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'Dataplane'),
      [],
    );
    assert.equal(objects.length, objectsOf(exampleText()).length, 'every resource comes back (kustomize drops what is missing)');
  });

  test('arguments after the config file (argsOneLiner) are flags', async () => {
    const r = await runCli([PLUGIN_CONFIG, '--product', 'kuma', '--system-namespace', 'kong-mesh-system'], { stdin: exampleText() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']), /kumahq\/kuma-dp:/);
  });

  test('on error results the build fails: non-zero exit, nothing on stdout, the reason on stderr', async () => {
    const r = await runCli([PLUGIN_CONFIG], { stdin: exampleText(EXAMPLE_FILES.filter((f) => f !== 'container-patch.yaml')) });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /sidecar-resources/);
  });

  test("problems in kustomize's temp copy of the config name the KumaInject object, not the temp file", async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'kuma-inject-kust-')), 'kust-plugin-config-123456');
    writeFileSync(
      config,
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: shop-injector\nsidecarContainerz: true\n',
    );
    const bad = await runCli([config], { stdin: exampleText() });
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^kuma-inject: the kustomize transformer config \(KumaInject shop-injector\) is not valid:\n.*sidecarContainerz/,
    );
    assert.ok(!bad.stderr.includes(config) && !bad.stderr.includes('--help'), bad.stderr);

    writeFileSync(config, 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: shop-injector\n');
    const failed = await runCli([config], { stdin: exampleText(EXAMPLE_FILES.filter((f) => f !== 'container-patch.yaml')) });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^kuma-inject: the kustomize transformer config \(KumaInject shop-injector\): injection failed/m);
    assert.ok(!failed.stderr.includes(config), failed.stderr);
  });

  test("a failing build with a ContainerPatch outside the system namespace hints at kustomize's `namespace:`; other failures do not", async () => {
    const patch =
      'apiVersion: kuma.io/v1alpha1\nkind: ContainerPatch\nmetadata:\n  name: sidecar-resources\n  namespace: shop\nspec:\n  sidecarPatch: []\n';
    const moved = exampleText().replace(/^apiVersion: kuma\.io\/v1alpha1\nkind: ContainerPatch\n[^]*?(?=^---|(?![^]))/m, patch);
    assert.notEqual(moved, exampleText(), 'the example holds the ContainerPatch this test moves');
    const r = await runCli([PLUGIN_CONFIG], { stdin: moved });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^hint: kustomize's `namespace:` field moves every resource of the build into that namespace, ContainerPatches included\./m,
    );
    const other = await runCli([PLUGIN_CONFIG], {
      stdin: exampleText().replace('kuma.io/container-patches: sidecar-resources', 'kuma.io/container-patches: nope'),
    });
    assert.equal(other.code, 1, other.stderr);
    assert.doesNotMatch(other.stderr, /hint:/);
  });

  test('a config file given by hand is named by its path', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'kuma-inject-kust-')), 'mine.yaml');
    writeFileSync(config, 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: x}\nprodukt: kuma\n');
    const r = await runCli([config], { stdin: exampleText() });
    assert.equal(r.code, 2);
    assert.ok(r.stderr.startsWith(`kuma-inject: kustomize plugin config ${config} is not valid:`), r.stderr);
  });

  test('resources that are not valid YAML: the build fails with line, column and fix on stderr', async () => {
    const r = await runCli([PLUGIN_CONFIG], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n' });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: input line \d+, column \d+ \(item 0\): this document is not valid YAML: .*Close every/m);
    assert.match(r.stderr, /the resources kustomize passed in cannot be read/);
  });
});
