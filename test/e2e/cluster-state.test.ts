import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { REPO, envWithKumaInject, explain, requireTool, sh } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

/**
 * Cluster state as side inputs (--cluster-state, clusterState:, --ca-cert-file), through the built
 * bundle in stream, check, KRM and Argo CD generate: read as context (the workloads are injected
 * as the cluster would inject them), never part of any output, the input winning over them.
 * The capture is hand-written in the shape `kubectl get -o yaml` prints (a List, with status,
 * resourceVersion and managedFields), following the README's capture recipe.
 */

const CA = '-----BEGIN CERTIFICATE-----\nMIIBcapturedCAforTestsOnly0123456789\n-----END CERTIFICATE-----\n';
const SIDE_KINDS = ['Namespace', 'Mesh', 'ContainerPatch', 'Secret', 'ConfigMap'];

/** What the README's kubectl recipe writes, by hand. */
function writeCapture(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const list = (items: unknown[]) => dump({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });
  const meta = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
    name,
    ...(namespace === undefined ? {} : { namespace }),
    uid: `uid-${name}`,
    resourceVersion: '4711',
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1' }],
    ...extra,
  });
  writeFileSync(
    join(dir, 'namespaces.yaml'),
    list([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('shop', undefined, { labels: { 'kuma.io/sidecar-injection': 'enabled', 'kubernetes.io/metadata.name': 'shop' } }),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('kong-mesh-system', undefined, { labels: { 'kuma.io/sidecar-injection': 'false' } }),
        status: { phase: 'Active' },
      },
    ]),
  );
  writeFileSync(
    join(dir, 'meshes.yaml'),
    list([{ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: meta('default'), spec: { mtls: { enabledBackend: 'ca-1' } } }]),
  );
  writeFileSync(
    join(dir, 'container-patches.yaml'),
    list([
      {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'ContainerPatch',
        metadata: meta('sidecar-resources', 'kong-mesh-system'),
        spec: { sidecarPatch: [{ op: 'add', path: '/resources/limits/memory', value: '"777Mi"' }] },
      },
    ]),
  );
  writeFileSync(
    join(dir, 'control-plane-config.yaml'),
    dump({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('kong-mesh-control-plane-config', 'kong-mesh-system'),
      data: { 'config.yaml': 'runtime:\n  kubernetes:\n    injector:\n      sidecarContainer:\n        redirectPortInbound: 15006\n' },
    }),
  );
  // The CA alone (kubectl create secret generic ... --from-file=ca.crt --dry-run=client -o yaml): no private key leaves the cluster.
  writeFileSync(
    join(dir, 'ca.yaml'),
    dump({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'kong-mesh-tls-cert', namespace: 'kong-mesh-system' },
      data: { 'ca.crt': Buffer.from(CA).toString('base64') },
    }),
  );
}

/** The example's workloads only: their Namespace and ContainerPatch live in the cluster. */
function appWithCapture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-cluster-state-'));
  mkdirSync(join(dir, 'k8s'));
  for (const file of ['web.yaml', 'cleanup.yaml']) cpSync(join(REPO, 'example', file), join(dir, 'k8s', file));
  writeCapture(join(dir, 'cluster-state'));
  return dir;
}

const run = (cwd: string, args: string[], input?: string) => kumaInject([...args], { cwd, ...(input === undefined ? {} : { input }) });

/** The side inputs never show up: no object of theirs, no byte of the CA Secret. */
function assertNoSideObjects(output: string, what: string): void {
  const objects = objectsOf(output);
  assert.deepEqual(
    objects.filter((o) => SIDE_KINDS.includes(String(o['kind']))).map((o) => `${o['kind']}`),
    [],
    `${what}: side objects emitted`,
  );
  assert.doesNotMatch(output, /managedFields|uid-shop|kong-mesh-control-plane-config/, what);
  assert.ok(!output.includes(Buffer.from(CA).toString('base64')), `${what}: the CA Secret's data`);
}

function assertInjectedFromCapture(output: string): void {
  const web = find(objectsOf(output), 'Deployment', 'web');
  const sidecar = sidecarOf(web) as
    | { resources?: { limits?: Record<string, string> }; env?: { name: string; value?: string }[] }
    | undefined;
  assert.ok(sidecar !== undefined, 'injected: the Namespace of the capture is labelled enabled');
  assert.equal(sidecar.resources?.limits?.['memory'], '777Mi', 'the ContainerPatch of the capture applied');
  assert.equal(sidecar.env?.find((e) => e.name === 'KUMA_CONTROL_PLANE_CA_CERT')?.value, CA, 'the CA of the capture');
}

describe('cluster state as side inputs (the built bundle)', () => {
  test("the hand-written capture has exactly the files the README's kubectl recipe writes", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const recipe = [...readme.matchAll(/^kubectl (?:get|create) .*> cluster-state\/(\S+)$/gm)].map((m) => m[1]).sort();
    const dir = mkdtempSync(join(tmpdir(), 'kuma-capture-'));
    writeCapture(dir);
    assert.deepEqual(recipe, readdirSync(dir).sort());
  });

  test('without the capture the workloads are not injected; with --cluster-state they are, and nothing of the capture is printed', () => {
    const dir = appWithCapture();
    const bare = run(dir, ['-f', 'k8s']);
    assert.equal(bare.status, 0, explain('bare', bare));
    assert.equal(sidecarOf(find(objectsOf(bare.stdout), 'Deployment', 'web')), undefined);
    assert.match(bare.stderr, /\[KI0206\]/);

    const ran = run(dir, ['-f', 'k8s', '--cluster-state', 'cluster-state', '--previews', 'inline']);
    assert.equal(ran.status, 0, explain('with capture', ran));
    assertInjectedFromCapture(ran.stdout);
    assertNoSideObjects(ran.stdout, 'stream');
    assert.doesNotMatch(ran.stderr, /\[KI0108\]|\[KI0206\]/);
    assert.match(ran.stderr, /^info: cluster state: \d+ object\(s\) read from cluster-state\/ca\.yaml, .* \[KI0603\]$/m);
    // Dataplane previews (local-config) are printed when asked, the side objects still are not.
    assert.ok(objectsOf(ran.stdout).some((o) => o['kind'] === 'Dataplane'));
  });

  test('--cluster-state FILE is repeatable; --ca-cert-file gives the CA alone', () => {
    const dir = appWithCapture();
    writeFileSync(join(dir, 'ca.crt'), CA);
    const ran = run(dir, [
      '-f',
      'k8s',
      '--cluster-state',
      'cluster-state/namespaces.yaml',
      '--cluster-state',
      'cluster-state/container-patches.yaml',
      '--ca-cert-file',
      'ca.crt',
    ]);
    assert.equal(ran.status, 0, explain('files', ran));
    assertInjectedFromCapture(ran.stdout);
    assertNoSideObjects(ran.stdout, 'stream');
    writeFileSync(join(dir, 'not-a-cert'), 'hello');
    for (const args of [
      ['--ca-cert-file', 'not-a-cert'],
      ['--ca-cert-file', 'missing.crt'],
      ['--cluster-state', 'missing/'],
    ]) {
      const bad = run(dir, ['-f', 'k8s', ...args]);
      assert.equal(bad.status, 2, explain(args.join(' '), bad));
      assert.equal(bad.stdout, '');
      assert.doesNotMatch(bad.stderr, /hello/, "a file's content is never echoed");
    }
  });

  test('a capture inside the folder read with -f is left out of the manifests (stream and check)', () => {
    const dir = appWithCapture();
    const ran = run(dir, ['-f', '.', '--cluster-state', 'cluster-state']);
    assert.equal(ran.status, 0, explain('-f .', ran));
    assertInjectedFromCapture(ran.stdout);
    assertNoSideObjects(ran.stdout, '-f .');
    assert.doesNotMatch(ran.stderr, /\[KI0602\]/);
    assert.equal(run(dir, ['-f', '.', '--in-place', '--cluster-state', 'cluster-state']).status, 0);
    assert.equal(run(dir, ['check', '-f', '.', '--cluster-state', 'cluster-state']).status, 0);
  });

  test('the input wins over a side input with the same identity, and says so (KI0602)', () => {
    const dir = appWithCapture();
    writeFileSync(
      join(dir, 'k8s', 'namespace.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: disabled\n',
    );
    const ran = run(dir, ['-f', 'k8s', '--cluster-state', 'cluster-state']);
    assert.equal(ran.status, 0, explain('run', ran));
    assert.equal(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'web')), undefined, "the input's Namespace (disabled) is used");
    assert.match(
      ran.stderr,
      /^info: Namespace shop: in the input and in the side input cluster-state\/namespaces\.yaml; the input's object is used.* \[KI0602\]$/m,
    );
    assert.deepEqual(
      objectsOf(ran.stdout).filter((o) => o['kind'] === 'Namespace').length,
      1,
      "the input's own Namespace stays in the output",
    );
  });

  test('check and --in-place read the capture too, and never write it into the files', () => {
    const dir = appWithCapture();
    const before = readFileSync(join(dir, 'cluster-state', 'namespaces.yaml'), 'utf8');
    assert.equal(run(dir, ['check', '-f', 'k8s', '--cluster-state', 'cluster-state', '--diff=false']).status, 3);
    const fixed = run(dir, ['-f', 'k8s', '--in-place', '--cluster-state', 'cluster-state']);
    assert.equal(fixed.status, 0, explain('in-place', fixed));
    assertInjectedFromCapture(readFileSync(join(dir, 'k8s', 'web.yaml'), 'utf8'));
    assertNoSideObjects(readFileSync(join(dir, 'k8s', 'web.yaml'), 'utf8'), 'web.yaml');
    assert.equal(readFileSync(join(dir, 'cluster-state', 'namespaces.yaml'), 'utf8'), before);
    assert.equal(run(dir, ['check', '-f', 'k8s', '--cluster-state', 'cluster-state']).status, 0);
  });

  test('KRM: clusterState: in the functionConfig is read as context; the ResourceList carries none of it', () => {
    const dir = appWithCapture();
    const items = ['web.yaml', 'cleanup.yaml'].flatMap((file) => objectsOf(readFileSync(join(dir, 'k8s', file), 'utf8')));
    const list = dump({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items,
      functionConfig: {
        apiVersion: 'fn.kuma-inject.dev/v1alpha1',
        kind: 'KumaInject',
        metadata: { name: 's' },
        clusterState: ['cluster-state'],
      },
    });
    const ran = run(dir, [], list);
    assert.equal(ran.status, 0, explain('krm', ran));
    const out = load(ran.stdout) as { items: Record<string, unknown>[]; results: { tags: { code: string } }[] };
    assertInjectedFromCapture(
      dump(out.items.filter((o) => o['kind'] !== 'Dataplane'))
        .replace(/^- /gm, '---\n')
        .replace(/^ {2}/gm, ''),
    );
    assert.deepEqual(out.items.map((o) => o['kind']).sort(), ['CronJob', 'Dataplane', 'Dataplane', 'Deployment', 'Service']);
    assert.ok(out.results.some((r) => r.tags.code === 'KI0603'));
  });

  test('kpt fn render: clusterState: (relative to where kpt runs) is read; no object of it lands in the package', () => {
    requireTool('kpt', 'the kpt render case runs it');
    const dir = appWithCapture();
    writeFileSync(
      join(dir, 'k8s', 'Kptfile'),
      'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: k8s\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n    - exec: kuma-inject\n      configPath: kuma-inject.yaml\n',
    );
    writeFileSync(
      join(dir, 'k8s', 'kuma-inject.yaml'),
      dump({
        apiVersion: 'fn.kuma-inject.dev/v1alpha1',
        kind: 'KumaInject',
        metadata: { name: 's', annotations: { 'config.kubernetes.io/local-config': 'true' } },
        clusterState: ['cluster-state'],
      }),
    );
    const ran = sh('kpt', ['fn', 'render', '--allow-exec', 'k8s'], { cwd: dir, env: envWithKumaInject() });
    assert.equal(ran.status, 0, explain('kpt fn render', ran));
    assertInjectedFromCapture(readFileSync(join(dir, 'k8s', 'web.yaml'), 'utf8'));
    const written = readdirSync(join(dir, 'k8s'), { recursive: true })
      .map(String)
      .filter((f) => /\.ya?ml$/.test(f));
    for (const file of written) {
      const text = readFileSync(join(dir, 'k8s', file), 'utf8');
      if (file === 'kuma-inject.yaml') continue;
      assertNoSideObjects(text, file);
    }
    assert.ok(
      written.some((f) => f.startsWith('kuma-previews/')),
      'previews written as usual',
    );
  });

  test('clusterState paths are confined to the directory kuma-inject runs in: ../ and a symlink out are refused (KI0601), naming the path', () => {
    const dir = appWithCapture();
    const outside = mkdtempSync(join(tmpdir(), 'kuma-outside-'));
    writeCapture(outside);
    symlinkSync(outside, join(dir, 'linked'));
    for (const path of [`../${outside.split('/').at(-1)}`, 'linked', outside]) {
      writeFileSync(
        join(dir, 'settings.yaml'),
        dump({ apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 's' }, clusterState: [path] }),
      );
      const ran = run(dir, ['-f', 'k8s', '--config', 'settings.yaml']);
      assert.equal(ran.status, 1, explain(path, ran));
      assert.equal(ran.stdout, '');
      assert.match(ran.stderr, /clusterState: .*leads outside .* \[KI0601\]$/m, path);
    }
  });

  test('a clusterState file that is not UTF-8 is refused (KI0601) naming it and where, never read with its bytes replaced', () => {
    const dir = appWithCapture();
    writeFileSync(
      join(dir, 'cluster-state', 'latin1.yaml'),
      Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata: {name: caf\xe9}\n', 'latin1'),
    );
    writeFileSync(
      join(dir, 'settings.yaml'),
      dump({ apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 's' }, clusterState: ['cluster-state'] }),
    );
    const ran = run(dir, ['-f', 'k8s', '--config', 'settings.yaml']);
    assert.equal(ran.status, 1, explain('latin1', ran));
    assert.equal(ran.stdout, '');
    assert.match(
      ran.stderr,
      /clusterState: cluster-state: cluster-state\/latin1\.yaml: line 3, column 21 \(byte 51\): not UTF-8 text: .*fix the bytes there\. \[KI0601\]$/m,
    );
  });

  test('Argo CD generate: clusterState: in kuma-inject.yaml is context, never applied; the capture folder is no part of the app', () => {
    const dir = appWithCapture();
    const app = join(dir, 'k8s');
    cpSync(join(dir, 'cluster-state'), join(app, 'cluster-state'), { recursive: true });
    writeFileSync(
      join(app, 'kuma-inject.yaml'),
      dump({ apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 's' }, clusterState: ['cluster-state'] }),
    );
    const ran = run(app, ['argocd-generate'], '');
    assert.equal(ran.status, 0, explain('argocd-generate', ran));
    assertInjectedFromCapture(ran.stdout);
    assertNoSideObjects(ran.stdout, 'argocd');
  });

  test('Argo CD: a control-plane CA Secret read only as settings and not local-config gets a warning naming it and both fixes (KI0701); local-config: none, and it is not applied', () => {
    const dir = appWithCapture();
    const app = join(dir, 'k8s');
    // As manifests of the app (documents, not the List kubectl prints).
    for (const [from, to] of [
      ['namespaces.yaml', 'namespaces.yaml'],
      ['container-patches.yaml', 'patches.yaml'],
    ] as const) {
      const list = load(readFileSync(join(dir, 'cluster-state', from), 'utf8')) as { items: unknown[] };
      writeFileSync(join(app, to), list.items.map((item) => dump(item)).join('---\n'));
    }
    cpSync(join(dir, 'cluster-state', 'ca.yaml'), join(app, 'ca.yaml'));
    const warned = run(app, ['argocd-generate'], '');
    assert.equal(warned.status, 0, explain('argocd', warned));
    assert.match(
      warned.stderr,
      /^warning: Secret kong-mesh-system\/kong-mesh-tls-cert: read only as a settings source .*Argo CD applies it into kong-mesh-system.*Mark it config\.kubernetes\.io\/local-config: "true".*or move it out of the application into a side input \(clusterState: .* \[KI0701\]$/m,
    );
    const secret = load(readFileSync(join(app, 'ca.yaml'), 'utf8')) as { metadata: { annotations?: Record<string, string> } };
    secret.metadata.annotations = { 'config.kubernetes.io/local-config': 'true' };
    writeFileSync(join(app, 'ca.yaml'), dump(secret));
    const quiet = run(app, ['argocd-generate'], '');
    assert.equal(quiet.status, 0, explain('argocd local-config', quiet));
    assert.doesNotMatch(quiet.stderr, /KI0701/);
    assert.ok(!objectsOf(quiet.stdout).some((o) => o['kind'] === 'Secret'), 'a local-config Secret is not applied');
    assertInjectedFromCapture(quiet.stdout);
  });
});
