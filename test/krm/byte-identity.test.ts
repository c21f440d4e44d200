import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { readInput } from '../../src/krm/read.ts';
import { writeOutput } from '../../src/krm/write.ts';
import type { OutputItem } from '../../src/core/output.ts';
import type { KubeObject } from '../../src/core/types.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/krm/${name}`, import.meta.url), 'utf8');

function keptAll(count: number): OutputItem[] {
  return Array.from({ length: count }, (_, index) => ({ kind: 'kept', index }));
}

/** The Deployment of the bundle with one more annotation: every other item must stay byte for byte. */
function touchDeployment(objects: readonly KubeObject[]): OutputItem[] {
  return objects.map((object, index): OutputItem => {
    if (object.kind !== 'Deployment') return { kind: 'kept', index };
    const next = structuredClone(object);
    next.metadata.annotations = { ...next.metadata.annotations, 'kuma.io/sidecar-injected': 'true' };
    return { kind: 'changed', index, object: next };
  });
}

for (const newline of ['\n', '\r\n'] as const) {
  const label = newline === '\n' ? 'LF' : 'CRLF';
  describe(`byte identity (${label})`, () => {
    const rl = fixture('mixed-resource-list.yaml').replace(/\n/g, newline);
    const stream = fixture('mixed-stream.yaml').replace(/\n/g, newline);

    test('a kpt ResourceList with nothing changed comes out identical', () => {
      const input = readInput(rl);
      assert.equal(input.format, 'resource-list');
      assert.equal(input.items.length, 4);
      assert.equal(input.functionConfig?.metadata.name, 'function-input');
      assert.equal(writeOutput(input, keptAll(input.items.length), [], { format: input.format }), rl);
    });

    test('every untouched item of the ResourceList keeps its exact text when another changes', () => {
      const input = readInput(rl);
      const output = writeOutput(input, touchDeployment(input.items.map((i) => i.object)), [], { format: input.format });
      for (const item of input.items) {
        if (item.object.kind === 'Deployment') continue;
        assert.ok(output.includes(item.text), `${item.object.kind} ${item.object.metadata.name} changed`);
      }
      assert.ok(output.includes(`kuma.io/sidecar-injected: "true"${newline}`));
      // The Deployment keeps its comments, block scalars, flow map, anchor and alias.
      for (const piece of [
        '# Deployment for the web tier',
        '# (two header lines)',
        'name: web # inline comment on name',
        '        Web front end.',
        '          Indented line kept.',
        'strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}',
        'matchLabels: &labels',
        'labels: *labels',
        'image: nginx:1.25 # pinned',
        '"quoted.key/with:colon": \'single\'',
      ]) {
        assert.ok(output.includes(piece), `lost: ${piece}`);
      }
    });

    test('the ResourceList reads back as the same objects, plus results', () => {
      const input = readInput(rl);
      const output = writeOutput(input, keptAll(input.items.length), [{ severity: 'info', message: 'injected 0 of 1' }], {
        format: input.format,
      });
      const parsed = load(output) as { items: unknown[]; results: unknown[] };
      assert.deepEqual(
        parsed.items,
        input.items.map((i) => i.object),
      );
      assert.deepEqual(parsed.results, [{ message: 'injected 0 of 1', severity: 'info' }]);
    });

    test('a stream with a leading comment, `...`, an empty document, a JSON document and tags comes out identical', () => {
      const input = readInput(stream);
      assert.equal(input.format, 'stream');
      assert.deepEqual(
        input.items.map((i) => i.object.kind),
        ['Namespace', 'Deployment', 'Service', 'ConfigMap'],
      );
      assert.equal(writeOutput(input, keptAll(input.items.length), [], { format: 'stream' }), stream);
    });

    test('untouched stream documents keep their text when the Deployment changes', () => {
      const input = readInput(stream);
      const output = writeOutput(input, touchDeployment(input.items.map((i) => i.object)), [], { format: 'stream' });
      for (const item of input.items) {
        if (item.object.kind !== 'Deployment') assert.ok(output.includes(item.text));
      }
      assert.ok(output.startsWith(`# Leading comment before the first document${newline}---${newline}`));
      assert.ok(output.includes('- name: web   # wide sequence style'));
    });
  });
}

test('a v1 List keeps its envelope and items', () => {
  const text =
    'apiVersion: v1\nkind: List\n# items follow\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a # keep\nmetadata:\n  resourceVersion: ""\n';
  const input = readInput(text);
  assert.equal(input.format, 'list');
  assert.equal(input.items[0]?.dashColumn, 2);
  assert.equal(writeOutput(input, keptAll(1), [], { format: 'list' }), text);
});

test('results of an input ResourceList are replaced, not repeated', () => {
  const text =
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\nresults:\n- message: old\n  severity: info\n';
  const input = readInput(text);
  const out = writeOutput(input, keptAll(1), [], { format: 'resource-list' });
  assert.equal(
    out,
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n',
  );
  const withNew = writeOutput(input, keptAll(1), [{ severity: 'warning', message: 'new' }], { format: 'resource-list' });
  assert.deepEqual((load(withNew) as { results: unknown }).results, [{ message: 'new', severity: 'warning' }]);
});

test('JSON input (one ResourceList, or a stream of objects) is read and written as block YAML', () => {
  const rl = JSON.stringify(
    {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { on: 'yes' } }],
      functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fc' } },
    },
    null,
    2,
  );
  const input = readInput(rl);
  assert.equal(input.format, 'resource-list');
  const out = writeOutput(input, keptAll(1), [], { format: 'resource-list' });
  assert.ok(!out.trimStart().startsWith('{'));
  assert.ok(out.includes('  data:\n    "on": "yes"\n'));
  assert.deepEqual(load(out), JSON.parse(rl));

  const stream = readInput(
    '{"apiVersion":"v1","kind":"A","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"B","metadata":{"name":"b"}}\n',
  );
  assert.equal(stream.format, 'stream');
  assert.deepEqual(
    stream.items.map((i) => i.object.kind),
    ['A', 'B'],
  );
  assert.equal(
    writeOutput(stream, keptAll(2), [], { format: 'stream' }),
    'apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n',
  );
});

test('added items are rendered as block YAML in the ResourceList and in a stream', () => {
  const input = readInput('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  const preview = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'Dataplane',
    metadata: { name: 'web', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    spec: { networking: { address: '', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web_shop_svc_80' } }] } },
  };
  const out = writeOutput(
    input,
    [
      { kind: 'kept', index: 0 },
      { kind: 'added', object: preview },
    ],
    [],
    { format: 'stream' },
  );
  assert.equal(
    out,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmetadata:\n  name: web\n  annotations:\n    config.kubernetes.io/local-config: "true"\nspec:\n  networking:\n    address: ""\n    inbound:\n      - port: 8080\n        tags:\n          kuma.io/service: web_shop_svc_80\n',
  );
});

test("a stream can be written as a ResourceList and back, keeping each item's comments", () => {
  const stream = fixture('mixed-stream.yaml');
  const input = readInput(stream);
  const asList = writeOutput(input, keptAll(input.items.length), [], { format: 'resource-list' });
  assert.ok(asList.startsWith('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- '));
  assert.ok(asList.includes('\n- # Deployment with its own comment\n  apiVersion: apps/v1\n'));
  const again = readInput(asList);
  assert.deepEqual(
    again.items.map((i) => i.object),
    input.items.map((i) => i.object),
  );
  const back = writeOutput(again, keptAll(again.items.length), [], { format: 'stream' });
  assert.deepEqual(
    readInput(back).items.map((i) => i.object),
    input.items.map((i) => i.object),
  );
  assert.ok(back.includes('# Deployment with its own comment\napiVersion: apps/v1\n'));
});

test('added items follow the sequence style of the input', () => {
  const preview = { apiVersion: 'v1', kind: 'P', metadata: { name: 'p' }, list: ['a'] };
  const compact = readInput('apiVersion: v1\nkind: A\nmetadata:\n  name: a\nspec:\n  ports:\n  - 80\n');
  assert.ok(writeOutput(compact, [{ kind: 'added', object: preview }], [], { format: 'stream' }).endsWith('list:\n- a\n'));
  const wide = readInput('apiVersion: v1\nkind: A\nmetadata:\n  name: a\nspec:\n  ports:\n    - 80\n');
  assert.ok(writeOutput(wide, [{ kind: 'added', object: preview }], [], { format: 'stream' }).endsWith('list:\n  - a\n'));
});

test("kpt's annotations on a changed item pass through untouched", () => {
  const input = readInput(fixture('mixed-resource-list.yaml'));
  const output = writeOutput(input, touchDeployment(input.items.map((i) => i.object)), [], { format: input.format });
  const deployment = input.items.find((i) => i.object.kind === 'Deployment')!;
  const kptLines = deployment.text.split('\n').filter((line) => /config\.(kubernetes\.io|k8s\.io)\//.test(line));
  assert.equal(kptLines.length, 8);
  for (const line of kptLines) assert.ok(output.includes(`${line}\n`), line);
});

test('a layout the line split misreads (a flow item continued at column 0) is read as a whole', () => {
  const text =
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: A,\nmetadata: {name: a}}\n- apiVersion: v1\n  kind: B\n  metadata:\n    name: b\n';
  const input = readInput(text);
  assert.deepEqual(
    input.items.map((i) => i.object),
    [
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'B', metadata: { name: 'b' } },
    ],
  );
  const out = writeOutput(input, keptAll(2), [], { format: 'resource-list' });
  assert.deepEqual(
    (load(out) as { items: unknown[] }).items,
    input.items.map((i) => i.object),
  );
});

test('a custom kind ending in "List" whose items are not objects is one object, not a List', () => {
  const text = 'apiVersion: example.com/v1\nkind: AllowList\nmetadata:\n  name: a\nitems:\n- 10.0.0.0/8\n- 192.168.0.0/16\n';
  const input = readInput(text);
  assert.equal(input.format, 'stream');
  assert.deepEqual(
    input.items.map((i) => i.object.kind),
    ['AllowList'],
  );
  assert.equal(writeOutput(input, keptAll(1), [], { format: 'stream' }), text);
});
