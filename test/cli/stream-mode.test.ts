import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from './cli-run.ts';
import { find, isLocalConfig, objectsOf, podSpecOf, sidecarOf, type Obj } from './kube-objects.ts';
import { EXAMPLE_FILES, exampleText } from './fixtures.ts';

const CONFIG = ['--config', 'example/kuma-inject.yaml'];
/** A copy of the example package whose settings say product: kuma, plus a local-config ConfigMap. */
function packageCopy(): string {
  const pkg = join(mkdtempSync(join(tmpdir(), 'kuma-inject-pkg-')), 'pkg');
  cpSync(join(REPO, 'example'), pkg, { recursive: true });
  const settings = readFileSync(join(pkg, 'kuma-inject.yaml'), 'utf8').replace(/^product: kong-mesh$/m, 'product: kuma');
  writeFileSync(join(pkg, 'kuma-inject.yaml'), settings);
  writeFileSync(
    join(pkg, 'notes.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  annotations:\n    config.kubernetes.io/local-config: "true"\ndata: {note: for people}\n',
  );
  return pkg;
}

const noPreviews = (objects: Obj[]) => objects.filter((o) => o['kind'] !== 'Dataplane');

describe('stream mode (-f FILE|DIR|-)', () => {
  test('-f DIR with --config: injected stream on stdout, the settings file left out, no previews, report on stderr', async () => {
    const r = await runCli(['-f', 'example', ...CONFIG]);
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.ok(!/^kind: ResourceList/m.test(r.stdout), 'a plain YAML stream');
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject'),
      [],
      'the --config file is not a manifest',
    );
    assert.ok(sidecarOf(find(objects, 'Deployment', 'web')));
    assert.ok(sidecarOf(find(objects, 'CronJob', 'cleanup')));
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'Dataplane'),
      [],
      'kubectl apply would try to create previews',
    );
    assert.notEqual(r.stderr.trim(), '', 'a summary line is always reported');
  });

  test('--previews inline puts local-config previews into the stream', async () => {
    const r = await runCli(['-f', 'example', ...CONFIG, '--previews', 'inline']);
    assert.equal(r.code, 0, r.stderr);
    const previews = objectsOf(r.stdout).filter((o) => o['kind'] === 'Dataplane');
    assert.ok(previews.length > 0 && previews.every(isLocalConfig));
  });

  test('the ContainerPatch from the system namespace reaches the sidecar', async () => {
    const r = await runCli(['-f', 'example', ...CONFIG]);
    const sidecar = sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'));
    assert.equal(sidecar?.['resources']?.['limits']?.['memory'], '768Mi');
  });

  test('--previews DIR writes one file per workload and keeps them out of stdout', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kuma-inject-previews-')), 'previews');
    const r = await runCli(['-f', 'example', ...CONFIG, '--previews', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      objectsOf(r.stdout).filter((o) => o['kind'] === 'Dataplane'),
      [],
    );
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort();
    assert.deepEqual(
      files,
      ['shop/cronjob-cleanup.yaml', 'shop/deployment-web.yaml'],
      'one file per workload, named after it (as kpt lays them out)',
    );
    for (const file of files) {
      const objects = objectsOf(readFileSync(join(dir, file), 'utf8'));
      assert.equal(objects.length, 1);
      assert.equal(objects[0]?.['kind'], 'Dataplane');
    }
  });

  test('--previews naming a file (or a path through one): exit 2 naming it, before anything is read or written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kuma-inject-previews-')), 'taken.yaml');
    writeFileSync(file, 'not a folder\n');
    for (const dir of [file, join(file, 'sub')]) {
      const r = await runCli(['-f', '-', ...CONFIG, '--previews', dir], { stdin: exampleText() });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        `kuma-inject: --previews ${dir}: ${dir === file ? `${file} is a file` : `${file}, on the way to ${dir}, is a file`}, not a folder; give a folder for the preview files (created when missing), or inline, or off\n`,
      );
    }
    assert.equal(readFileSync(file, 'utf8'), 'not a folder\n');
  });

  test('--previews off leaves previews out entirely', async () => {
    const r = await runCli(['-f', 'example', ...CONFIG, '--previews', 'off']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      objectsOf(r.stdout).filter((o) => o['kind'] === 'Dataplane'),
      [],
    );
  });

  test('flags override the --config file (--product kuma switches the images)', async () => {
    const r = await runCli(['-f', 'example', ...CONFIG, '--product', 'kuma', '--system-namespace', 'kong-mesh-system']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']), /kumahq\/kuma-dp:/);
  });

  test('--sidecar-containers=false gives the classic layout (kuma-sidecar among the containers)', async () => {
    const r = await runCli(['-f', 'example', ...CONFIG, '--sidecar-containers=false']);
    assert.equal(r.code, 0, r.stderr);
    const spec = podSpecOf(find(objectsOf(r.stdout), 'Deployment', 'web'));
    assert.ok((spec['containers'] as Obj[]).some((c) => c['name'] === 'kuma-sidecar'));
  });

  test('error results: exit 1, stdout empty (a pipe applies nothing), the errors on stderr', async () => {
    const input = exampleText(EXAMPLE_FILES.filter((f) => f !== 'container-patch.yaml'));
    const r = await runCli(['-f', '-', ...CONFIG], { stdin: input });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: .*sidecar-resources/m);
  });

  test('a stream that is not valid YAML: exit 1, stdout empty, the error names file, line and column', async () => {
    const input = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n';
    const r = await runCli(['-f', '-'], { stdin: input });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: input line \d+, column \d+ \(item 0\): this document is not valid YAML: /m);
  });

  test("-f PKG without --config: the package's one KumaInject is the settings and stays out of the stream; other local-config objects stay", async () => {
    const pkg = packageCopy();
    const r = await runCli(['-f', pkg]);
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject'),
      [],
      'kubectl apply would reject a KumaInject',
    );
    assert.match(
      String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']),
      /kumahq\/kuma-dp:/,
      'product: kuma of the package settings applies',
    );
    assert.ok(isLocalConfig(find(objects, 'ConfigMap', 'notes')), 'a local-config object the user asked for is kept');
    assert.match(
      r.stderr,
      /^info: KumaInject kuma-inject, at input line \d+ \(.*kuma-inject\.yaml line 1\): used as the settings of this run and left out of the output/m,
    );
  });

  test("-f PKG with --config: the package's KumaInject stays out of the stream, with a warning; --config wins", async () => {
    const pkg = packageCopy();
    const r = await runCli(['-f', pkg, ...CONFIG]);
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject'),
      [],
    );
    assert.match(
      String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']),
      /kong\/kuma-dp:/,
      'product: kong-mesh of --config applies',
    );
    assert.match(
      r.stderr,
      /^warning: KumaInject kuma-inject, at input line \d+ .*: left out of the output \(settings objects, not manifests\); the settings come from --config/m,
    );
  });

  test('-f PKG with two KumaInject objects: both left out, none used, a warning names both', async () => {
    const pkg = packageCopy();
    writeFileSync(
      join(pkg, 'zz-second.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: second}\nproduct: kuma\n',
    );
    const r = await runCli(['-f', pkg, '--system-namespace', 'kong-mesh-system']);
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'KumaInject'),
      [],
    );
    assert.match(
      String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']),
      /kong\/kuma-dp:/,
      "neither object's product: kuma applies",
    );
    assert.match(
      r.stderr,
      /^warning: KumaInject kuma-inject, at input line \d+ .*, KumaInject second, at input line \d+ .*: left out of the output .*2 settings objects in the input, so none is used/m,
    );
  });

  test('-f PKG whose KumaInject is invalid: exit 1, stdout empty, the error names the key', async () => {
    const pkg = packageCopy();
    writeFileSync(
      join(pkg, 'kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: kuma-inject}\nprodukt: kuma\n',
    );
    const r = await runCli(['-f', pkg]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '', 'on error nothing goes to the next command');
    assert.match(r.stderr, /^error: .*produkt/m);
  });

  test('running on its own output changes nothing', async () => {
    const first = await runCli(['-f', 'example', ...CONFIG]);
    const second = await runCli(['-f', '-', ...CONFIG], { stdin: first.stdout });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
  });

  test('uninject gives back the original workloads', async () => {
    const original = exampleText();
    const injected = await runCli(['-f', '-', ...CONFIG], { stdin: original });
    assert.equal(injected.code, 0, injected.stderr);
    const back = await runCli(['uninject', '-f', '-', ...CONFIG], { stdin: injected.stdout });
    assert.equal(back.code, 0, back.stderr);
    assert.deepEqual(noPreviews(objectsOf(back.stdout)), objectsOf(original));
  });
});

describe('--fail-on', () => {
  test('warning: the example (its CA is unknown, a warning) fails with exit 1 and comes back unchanged', async () => {
    const passing = await runCli(['-f', 'example', ...CONFIG]);
    assert.equal(passing.code, 0, passing.stderr);
    assert.match(passing.stderr, /^warning: controlPlane\.caCert is empty/m);
    const failing = await runCli(['-f', 'example', ...CONFIG, '--fail-on', 'warning']);
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /failOn: warning/);
    assert.doesNotMatch(failing.stdout, /kuma-sidecar/);
  });
});
