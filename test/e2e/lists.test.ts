import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { REPO, explain } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';

/**
 * Workloads inside Lists, wherever the List appears (kubectl, kustomize and Argo CD all flatten a
 * kind ending in `List` whose items are objects), through the built bundle in every mode: each
 * is injected, the List is written back as a List, a second run changes nothing, uninject gives
 * the original objects back.
 */
type Obj = Record<string, any>;

const namespace: Obj = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } },
};
function deployment(name: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}
const list = (items: Obj[], kind = 'List', apiVersion = 'v1'): Obj => ({ apiVersion, kind, items });
const service: Obj = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'a', namespace: 'shop' },
  spec: { selector: { app: 'a' }, ports: [{ port: 80, targetPort: 8080 }] },
};

/** Each shape: the files of the input (one document list per file), and how many workloads it holds. */
const SHAPES: Record<string, { files: Obj[][]; workloads: number }> = {
  'a List next to a Namespace in a stream': { files: [[namespace, list([deployment('a'), deployment('b')])]], workloads: 2 },
  'a List holding the Namespace and a Service besides workloads': { files: [[list([namespace, service, deployment('a')])]], workloads: 1 },
  'a List nested in a List': {
    files: [[namespace, list([deployment('a'), list([deployment('b'), list([deployment('c')])])])]],
    workloads: 3,
  },
  'an apps/v1 DeploymentList': { files: [[namespace, list([deployment('a')], 'DeploymentList', 'apps/v1')]], workloads: 1 },
  'a List in a folder with other files': { files: [[namespace], [list([deployment('a')])], [deployment('b')]], workloads: 2 },
  'two Lists in one stream, one without items': {
    files: [[namespace, list([deployment('a')]), list([]), list([deployment('b')])]],
    workloads: 2,
  },
};

function writeFiles(files: Obj[][], json = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-lists-'));
  files.forEach((docs, i) => {
    const text = json ? docs.map((d) => JSON.stringify(d)).join('\n') + '\n' : docs.map((d) => dump(d, { flowLevel: 5 })).join('---\n');
    writeFileSync(join(dir, `${i}-file.${json ? 'json' : 'yaml'}`), text);
  });
  return dir;
}

function flatten(objects: readonly Obj[]): Obj[] {
  return objects.flatMap((o) =>
    typeof o?.['kind'] === 'string' && o['kind'].endsWith('List') && Array.isArray(o['items']) ? flatten(o['items']) : [o],
  );
}
function docsOf(text: string): Obj[] {
  return (loadAll(text) as Obj[]).filter((d) => d !== null && d !== undefined);
}
function injected(objects: readonly Obj[]): number {
  return flatten(objects)
    .filter((o) => o['kind'] === 'Deployment')
    .filter((o) => {
      const spec = o['spec']['template']['spec'];
      return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].some((c: Obj) => c.name === 'kuma-sidecar');
    }).length;
}
/** The List kinds of the output, at every depth, in order: the shape the input had. */
function listKinds(objects: readonly Obj[]): string[] {
  return objects.flatMap((o) =>
    typeof o?.['kind'] === 'string' && o['kind'].endsWith('List') && Array.isArray(o['items'])
      ? [`${o['kind']}(${o['items'].length})`, ...listKinds(o['items'])]
      : [],
  );
}

const run = (args: string[], options: { input?: string; cwd?: string } = {}) =>
  kumaInject([...args], { cwd: options.cwd ?? REPO, ...(options.input === undefined ? {} : { input: options.input }) });

describe('workloads inside Lists are injected in every mode (built bundle)', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    const inputDocs = shape.files.flat();
    test(`${name}: stream, second run, uninject`, () => {
      // JSON files too for one shape: they are read as values and rendered, not spliced.
      for (const json of name === 'a List nested in a List' ? [false, true] : [false]) {
        const dir = writeFiles(shape.files, json);
        const first = run(['-f', dir]);
        assert.equal(first.status, 0, explain('stream', first));
        assert.match(first.stderr, new RegExp(`: ${shape.workloads} injected, 0 skipped`), first.stderr);
        const out = docsOf(first.stdout);
        assert.equal(injected(out), shape.workloads, first.stdout);
        assert.deepEqual(listKinds(out), listKinds(inputDocs), 'every List is written back as a List');
        const second = run(['-f', '-'], { input: first.stdout });
        assert.equal(second.status, 0, explain('second run', second));
        assert.equal(second.stdout, first.stdout, 'a second run is a no-op');
        const back = run(['uninject', '-f', '-'], { input: first.stdout });
        assert.equal(back.status, 0, explain('uninject', back));
        assert.match(back.stderr, new RegExp(` ${shape.workloads} uninjected`), back.stderr);
        assert.deepEqual(docsOf(back.stdout), inputDocs, 'uninject gives the original objects back');
      }
    });

    test(`${name}: KRM ResourceList (each file's documents as items)`, () => {
      const resourceList = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: inputDocs };
      const ran = run([], { input: dump(resourceList) });
      assert.equal(ran.status, 0, explain('krm', ran));
      const out = docsOf(ran.stdout)[0] as Obj;
      assert.equal(out['kind'], 'ResourceList');
      assert.equal(injected(out['items']), shape.workloads);
      assert.deepEqual(
        listKinds(out['items']).filter((k) => !k.startsWith('ResourceList')),
        listKinds(inputDocs),
      );
      const summary = (out['results'] as Obj[]).at(-1)?.['message'];
      assert.match(String(summary), new RegExp(`: ${shape.workloads} injected, 0 skipped`));
    });

    test(`${name}: kustomize legacy plugin and argocd-generate`, () => {
      const stream = inputDocs.map((d) => dump(d)).join('---\n');
      const plugin = run([join(REPO, 'functions/kuma-inject/kustomize/legacy-plugin/kuma-inject.yaml')], { input: stream });
      assert.equal(plugin.status, 0, explain('kustomize plugin', plugin));
      assert.equal(injected(docsOf(plugin.stdout)), shape.workloads);
      assert.deepEqual(listKinds(docsOf(plugin.stdout)), listKinds(inputDocs));
      const app = writeFiles(shape.files);
      const argo = run(['argocd-generate'], { cwd: app });
      assert.equal(argo.status, 0, explain('argocd-generate', argo));
      assert.equal(injected(docsOf(argo.stdout)), shape.workloads);
    });
  }

  test('a List keeps its bytes: comments and flow style around the items, only the workload edited', () => {
    const input = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}',
      '---',
      '# the app',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  # config first',
      '  - apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata: {name: c, namespace: shop}  # keep me',
      '    data: {k: v}',
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: {name: a, namespace: shop}',
      '    spec:',
      '      selector: {matchLabels: {app: a}}',
      '      template:',
      '        metadata: {labels: {app: a}}',
      '        spec:',
      '          containers:',
      '          - {name: app, image: nginx}',
      '',
    ].join('\n');
    const ran = run(['-f', '-'], { input });
    assert.equal(ran.status, 0, explain('stream', ran));
    const head = input.slice(0, input.indexOf('  - apiVersion: apps/v1'));
    assert.ok(ran.stdout.startsWith(head), `everything before the workload is byte-identical:\n${ran.stdout}`);
    assert.equal(injected(docsOf(ran.stdout)), 1);
  });

  test('a `kind: List` with an item that is not an object is an error naming the List and the item; nothing on stdout', () => {
    const input = dump(namespace) + '---\n' + dump(list([deployment('a'), 'just a string' as unknown as Obj]));
    const ran = run(['-f', '-'], { input });
    assert.equal(ran.status, 1, explain('stream', ran));
    assert.equal(ran.stdout, '');
    assert.match(ran.stderr, /error: v1 List \(input item 1\): items\[1\] is not a Kubernetes object/);
  });

  test('a custom kind ending in List whose items are not objects is one object, kept as it is', () => {
    const custom = { apiVersion: 'example.com/v1', kind: 'AllowList', metadata: { name: 'x', namespace: 'shop' }, items: ['10.0.0.0/8'] };
    const input = dump(namespace) + '---\n' + dump(custom);
    const ran = run(['-f', '-'], { input });
    assert.equal(ran.status, 0, explain('stream', ran));
    assert.equal(ran.stdout, input);
  });
});
