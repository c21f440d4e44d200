import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { find, isLocalConfig, objectsOf, resourceListOf, sidecarOf, type Obj } from './kube-objects.ts';
import { EXAMPLE_FILES, exampleText, kptResourceList, kustomizeResourceList } from './fixtures.ts';

const withoutPreviews = (items: Obj[]) => items.filter((o) => o['kind'] !== 'Dataplane');

describe('KRM mode (kpt fn render / eval --exec, kustomize KRM transformer)', () => {
  test('kpt ResourceList: sidecars injected, other items unchanged with every kpt annotation, previews local-config', async () => {
    const input = kptResourceList();
    const r = await runCli([], { stdin: input });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'kpt shows stderr of a passing function; a clean run prints nothing there');
    const out = resourceListOf(r.stdout);
    const inItems = resourceListOf(input)['items'] as Obj[];
    const outItems = out['items'] as Obj[];
    assert.ok(sidecarOf(find(outItems, 'Deployment', 'web')), 'web has kuma-sidecar');
    assert.ok(sidecarOf(find(outItems, 'CronJob', 'cleanup')), 'cleanup has kuma-sidecar');
    for (const [kind, name] of [
      ['Namespace', 'shop'],
      ['Service', 'web'],
      ['ContainerPatch', 'sidecar-resources'],
    ] as const) {
      assert.deepEqual(find(outItems, kind, name), find(inItems, kind, name), `${kind} ${name} passes through unchanged`);
    }
    for (const item of withoutPreviews(outItems)) {
      const before = find(inItems, item['kind'], item['metadata']['name']);
      for (const key of [
        'config.kubernetes.io/path',
        'internal.config.kubernetes.io/id',
        'config.k8s.io/id',
        'internal.config.kubernetes.io/index',
      ]) {
        assert.equal(item['metadata']['annotations']?.[key], before['metadata']['annotations'][key], `${item['kind']} keeps ${key}`);
      }
    }
    const previews = outItems.filter((o) => o['kind'] === 'Dataplane');
    assert.ok(previews.length > 0, 'Dataplane previews are emitted under kpt');
    for (const p of previews) assert.ok(isLocalConfig(p), 'a preview is local-config, never applied');
    for (const result of out['results'] ?? []) assert.ok(['error', 'warning', 'info'].includes(result.severity), 'severity always set');
  });

  test('--previews DIR places previews under DIR of the package; --previews off leaves them out', async () => {
    const placed = await runCli(['--previews', 'generated/previews'], { stdin: kptResourceList() });
    assert.equal(placed.code, 0, placed.stderr);
    const previews = (resourceListOf(placed.stdout)['items'] as Obj[]).filter((o) => o['kind'] === 'Dataplane');
    assert.ok(previews.length > 0);
    for (const p of previews)
      assert.match(String(p['metadata']['annotations']['internal.config.kubernetes.io/path']), /^generated\/previews\//);
    const off = await runCli(['--previews', 'off'], { stdin: kptResourceList() });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(
      (resourceListOf(off.stdout)['items'] as Obj[]).filter((o) => o['kind'] === 'Dataplane'),
      [],
    );
  });

  test('--previews naming a file of the package: exit 2 naming it, the input unchanged on stdout', async () => {
    const input = kptResourceList();
    for (const dir of ['example/web.yaml', './example/web.yaml/previews']) {
      const r = await runCli(['--previews', dir], { stdin: input });
      assert.equal(r.code, 2, dir);
      assert.equal(r.stdout, input);
      assert.match(
        r.stderr,
        new RegExp(`^kuma-inject: --previews ${dir.replace(/\./g, '\\.')}: example/web\\.yaml is a file of the package, not a folder`),
      );
    }
  });

  test('a plain stream on stdin with --previews naming a file: exit 2, stdin echoed (a KRM host may be reading stdout)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kuma-inject-previews-')), 'taken');
    writeFileSync(file, '');
    const input = exampleText();
    const r = await runCli(['--previews', file], { stdin: input });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, input);
    assert.match(r.stderr, /is a file, not a folder/);
  });

  test('rendering its own output again changes nothing (idempotent, byte for byte)', async () => {
    const first = await runCli([], { stdin: kptResourceList() });
    assert.equal(first.code, 0, first.stderr);
    const second = await runCli([], { stdin: first.stdout });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(resourceListOf(second.stdout)['items'], resourceListOf(first.stdout)['items']);
  });

  test('kustomize ResourceList: injected, but no previews (kustomize would apply them)', async () => {
    const r = await runCli([], { stdin: kustomizeResourceList() });
    assert.equal(r.code, 0, r.stderr);
    const items = resourceListOf(r.stdout)['items'] as Obj[];
    assert.ok(sidecarOf(find(items, 'Deployment', 'web')));
    assert.deepEqual(
      items.filter((o) => o['kind'] === 'Dataplane'),
      [],
    );
  });

  test('error results: exit 1, items unchanged, results say why (kpt prints them; nothing repeated on stderr)', async () => {
    // Without the ContainerPatch the web Deployment asks for, the webhook refuses the pod.
    const input = kptResourceList(EXAMPLE_FILES.filter((f) => f !== 'container-patch.yaml'));
    const r = await runCli([], { stdin: input });
    assert.equal(r.code, 1);
    const out = resourceListOf(r.stdout);
    assert.deepEqual(out['items'], resourceListOf(input)['items']);
    const errors = (out['results'] as Obj[]).filter((x) => x['severity'] === 'error');
    assert.ok(
      errors.some((e) => String(e['message']).includes('sidecar-resources')),
      JSON.stringify(errors),
    );
    assert.equal(r.stderr, '');
  });

  test('under kustomize (which ignores results) errors go to stderr', async () => {
    const input = kustomizeResourceList().replace(/kind: ContainerPatch/, 'kind: ContainerPatchNotMe');
    const r = await runCli([], { stdin: input });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: .*sidecar-resources/m);
  });

  test('a bad flag value: exit 2, the input comes back unchanged on stdout (kpt never sees empty output)', async () => {
    const input = kptResourceList();
    const r = await runCli(['--product', 'istio'], { stdin: input });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, input);
    assert.match(r.stderr, /product/);
  });

  test('an invalid functionConfig inside the ResourceList: exit 1 (an error result, as the README says), items unchanged', async () => {
    const input = kptResourceList().replace(/^(\s+)product: kong-mesh$/m, '$1product: istio');
    assert.match(input, /product: istio/);
    const r = await runCli([], { stdin: input });
    assert.equal(r.code, 1);
    const out = resourceListOf(r.stdout);
    assert.deepEqual(out['items'], resourceListOf(input)['items']);
    assert.ok(
      (out['results'] as Obj[]).some(
        (x) => x['severity'] === 'error' && /product/.test(String(x['message']) + JSON.stringify(x['field'] ?? {})),
      ),
    );
  });

  test('a --config file with an unknown key: exit 2 naming the key, input unchanged on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-cfg-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: x}\nsidecarContainerz: true\n');
    const input = kptResourceList();
    const r = await runCli(['--config', file], { stdin: input });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, input);
    assert.match(r.stderr, /sidecarContainerz/);
  });

  test('a ResourceList that is not valid YAML: exit 1, stdout is the input, the error (line, column, fix) on stderr', async () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: x\n';
    for (const stdin of [input, kustomizeResourceList().replace(/^(\s+)name: web$/m, '$1name: [web')]) {
      const r = await runCli([], { stdin });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, stdin, 'the input comes back byte for byte');
      assert.match(
        r.stderr,
        /^error: input line \d+, column \d+ \(item \d+\): this item is not valid YAML: .+\. Close every `\{` and `\[`/m,
      );
    }
  });

  test('a ResourceList item that is no Kubernetes object: the error names the line on stderr', async () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  metadata: {name: x}\n';
    const r = await runCli([], { stdin: input });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, input);
    assert.match(r.stderr, /input line 4 \(item 0\): the item has no kind/);
  });

  test('a plain YAML stream on stdin without -f is processed as a stream', async () => {
    const r = await runCli(['--config', 'example/kuma-inject.yaml'], { stdin: exampleText() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!/^kind: ResourceList/m.test(r.stdout));
    assert.ok(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web')));
  });
});
