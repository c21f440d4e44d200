import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/krm/value-reader.ts';
import { readInput } from '../../src/krm/read.ts';
import { editItem, type EditRoute } from '../../src/krm/edit-item.ts';
import type { KubeObject } from '../../src/core/types.ts';

type Json = Record<string, any>;

/** Edits the single item of `text` with `change`; checks the route, the read-back and kept comments. */
function run(text: string, change: (next: Json) => void, route: EditRoute | EditRoute[], keep: string[] = []): string {
  const item = readInput(text).items[0]!;
  const next = structuredClone(item.object) as Json;
  change(next);
  const edited = editItem(item, next as KubeObject, { indent: 2, sequence: 'wide' }, true);
  if (Array.isArray(route)) assert.ok(route.includes(edited.route), `route ${edited.route}`);
  else assert.equal(edited.route, route);
  const value = parseYaml(edited.text);
  assert.deepEqual(Array.isArray(value) ? value[0] : value, next);
  for (const piece of keep) assert.ok(edited.text.includes(piece), `lost: ${piece}\n${edited.text}`);
  return edited.text;
}

const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a # the name\n';
const annotate = (next: Json): void => {
  next.metadata.annotations = { 'kuma.io/sidecar-injected': 'true' };
};

test('a multi-line plain scalar next to an edit goes through the Document API and keeps comments', () => {
  run(
    `${head}data:\n  text: a long value\n    folded over two lines\n  # a comment\n  other: x\n`,
    (next) => {
      next.data.other = 'y';
    },
    'document',
    ['# the name', '# a comment'],
  );
});

test('a multi-line plain scalar away from the edits is left as it is by the splice route', () => {
  run(`${head}data:\n  text: a long value\n    folded over two lines\n  # a comment\n  other: x\n`, annotate, 'splice', [
    '# the name',
    '# a comment',
    '    folded over two lines\n',
  ]);
});

test('a multi-line double-quoted scalar goes through the Document API', () => {
  run(
    `${head}data:\n  text: "first\n    second"\n`,
    (next) => {
      next.data.added = 'yes';
    },
    'document',
    ['# the name'],
  );
});

test('editing inside a multi-line flow collection goes through the Document API', () => {
  const out = run(
    `${head}spec:\n  ports: [\n    80,\n    443]\n`,
    (next) => {
      next.spec.ports.push(8080);
    },
    'document',
    ['# the name'],
  );
  assert.ok(out.includes('8080'));
});

test('a complex key (`? …`) goes through the Document API', () => {
  run(
    `${head}data:\n  ? complex\n  : value # c\n`,
    (next) => {
      next.data.simple = 'on';
    },
    'document',
    ['# the name'],
  );
});

test('a merge key goes through the Document API', () => {
  run(
    `${head}base: &base {a: 1}\nderived:\n  <<: *base\n  b: 2\n`,
    (next) => {
      next.derived.c = 3;
    },
    'document',
    ['# the name'],
  );
});

test('a block scalar with an indentation indicator is located', () => {
  run(`${head}data:\n  script: |2\n      indented first line\n    second\n`, annotate, 'splice', ['# the name', '|2']);
});

test('anchors and aliases that are not edited stay, and the splice route handles the rest', () => {
  const out = run(`${head}spec:\n  selector: &sel\n    app: web\n  template:\n    labels: *sel # alias\n`, annotate, 'splice', [
    '&sel',
    '*sel # alias',
    '# the name',
  ]);
  assert.ok(out.includes('kuma.io/sidecar-injected: "true"'));
});

test('replacing an aliased value writes the new value in place of the alias', () => {
  run(
    `${head}spec:\n  selector: &sel\n    app: web\n  template:\n    labels: *sel\n`,
    (next) => {
      next.spec.template.labels = { app: 'web', 'kuma.io/mesh': 'default' };
    },
    'splice',
    ['&sel'],
  );
});

test('editing an anchored node that an alias shares is not spliced blindly (the alias would follow)', () => {
  const text = `${head}spec:\n  selector: &sel\n    app: web\n  template:\n    labels: *sel\n`;
  const out = run(
    text,
    (next) => {
      next.spec.selector = { app: 'web', extra: 'x' };
    },
    ['document', 'render'],
  );
  assert.ok(out.includes('extra'));
});

test('an alias whose anchor is in a replaced part is written as its value (fuzz, seed 9001)', () => {
  // The anchored handler is removed (a probe the injector rewrote), the alias beside it stays.
  const probe = `${head}spec:\n  probe:\n    tcpSocket: &a\n      port: 3333\n    x-alias: *a\n`;
  const out = run(
    probe,
    (next) => {
      next.spec.probe = { 'x-alias': { port: 3333 }, httpGet: { path: '/tcp/3333', port: 9001 } };
    },
    ['document', 'render'],
  );
  assert.ok(!out.includes('*a'), out);
  // An anchored null map that gets keys (the workload's marker), aliased beside it.
  run(
    `${head}  annotations: &n\n  x-alias: *n\n`,
    (next) => {
      next.metadata.annotations = { 'kuma-inject.dev/user-keys': '' };
    },
    ['document', 'render'],
    ['# the name'],
  );
});

test('a tagged scalar is located, and replaced when it changes', () => {
  run(
    `${head}data:\n  n: !!str 42 # tagged\n  m: 1\n`,
    (next) => {
      next.data.m = 2;
    },
    'splice',
    ['!!str 42 # tagged'],
  );
  const out = run(
    `${head}data:\n  n: !!str 42\n`,
    (next) => {
      next.data.n = 'yes';
    },
    'splice',
  );
  assert.ok(out.includes('n: "yes"'));
});

test('a flow-style item (JSON as kpt passes it on) is rendered as block YAML when changed', () => {
  const text =
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n';
  const out = run(text, annotate, 'render');
  assert.equal(
    out,
    '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations:\n      kuma.io/sidecar-injected: "true"\n',
  );
});

test('a JSON document in a stream is rendered as block YAML when changed', () => {
  const out = run('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n', annotate, 'render');
  assert.ok(out.startsWith('apiVersion: v1\nkind: ConfigMap\n'));
});

test('an item without metadata gets one only when something is added to it', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap # no metadata\ndata: {a: b}\n';
  const item = readInput(text).items[0]!;
  assert.deepEqual(item.object.metadata, {});
  assert.equal(editItem(item, structuredClone(item.object), { indent: 2, sequence: 'wide' }).route, 'unchanged');
  run(text, annotate, 'splice', ['# no metadata', 'data: {a: b}']);
});

test('a Document-API rewrite that would change a value (0644 written as 644) is not trusted', () => {
  // A multi-line plain scalar forces the Document route; `yaml` writes 0644 back as 644, which
  // kubectl reads as 644, not 420: the check catches it and the item is rendered instead.
  const out = run(
    `${head}data:\n  text: a long value\n    folded\n  other: x\nspec:\n  mode: 0644\n`,
    (next) => {
      next.data.other = 'y';
    },
    'render',
  );
  assert.ok(out.includes('mode: 420'));
});

test('a key set to undefined counts as absent: removed from the text, never written as null', () => {
  const item = readInput(`${head}data:\n  a: "1"\n  b: "2"\n`).items[0]!;
  const next = structuredClone(item.object) as Json;
  next.data.b = undefined;
  next.data.c = undefined;
  next.metadata.annotations = { x: 'y', z: undefined };
  const edited = editItem(item, next as KubeObject, { indent: 2, sequence: 'wide' });
  assert.equal(edited.route, 'splice');
  assert.equal(edited.text, `${head}  annotations:\n    x: "y"\ndata:\n  a: "1"\n`);
  const unchanged = structuredClone(item.object) as Json;
  unchanged.data.extra = undefined;
  assert.equal(editItem(item, unchanged as KubeObject, { indent: 2, sequence: 'wide' }).route, 'unchanged');
});

test('a keep-chomped block scalar at the end of an item keeps its trailing blank lines', () => {
  const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    config: |+\n      key: value\n\n# between\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n`;
  const out = run(
    text,
    (next) => {
      next.binaryData = { x: 'eA==' };
    },
    'splice',
  );
  assert.ok(out.includes('      key: value\n\n'));
});
