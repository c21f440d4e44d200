import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { parse, stringify } from 'yaml';
import { readInput } from '../../src/krm/read.ts';
import { writeOutput } from '../../src/krm/write.ts';
import { editItem, type EditRoute } from '../../src/krm/edit-item.ts';
import { renderDocument } from '../../src/krm/render-block.ts';
import { parseYaml } from '../../src/krm/value-reader.ts';
import type { KubeObject } from '../../src/core/types.ts';

type Json = unknown;
type JsonMap = Record<string, Json>;

/** Strings some YAML reader takes for something else, or that need quoting or a block. */
const TRICKY = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'N',
  'YES',
  'Off',
  '~',
  'null',
  'Null',
  'true',
  'False',
  '0755',
  '0o17',
  '1_000',
  '1e3',
  '1E3',
  '0x1F',
  '0b101',
  '.5',
  '1.',
  '-1',
  '+1',
  '1.0',
  '12:30',
  '190:20:30',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  'NaN',
  '.nan',
  '.inf',
  '-.Inf',
  '=',
  '<<',
  '',
  ' lead',
  'trail ',
  'a: b',
  'a #b',
  '#c',
  'a#b',
  '- x',
  '-x',
  '? x',
  '?x',
  ':x',
  '@x',
  '`x',
  '"q"',
  "it's",
  "'s'",
  'multi\nline\n',
  'multi\nno-end',
  'two\n\nblank\n',
  'keep\n\n',
  '  indented\nx',
  'x\n  indented more\n',
  'tab\tin',
  'ünïcödé',
  '---',
  '...',
  '--- x',
  '*a',
  '&a',
  '!t',
  '%x',
  '{x}',
  '[x]',
  'x,y',
  'https://a.b/c?d=e#f',
  'a:',
  'cr\rlf',
  '\u007f',
  '\u0085',
  '\ufeff',
  '\u2028',
  'emoji 🎉',
  '100m',
  '64Mi',
  'docker.io/kong/kuma-dp:2.14.3',
  '--log-level=info',
];

const text = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(
  fc.constantFrom('name', 'image', 'args', 'env', 'value', 'a', 'b', 'yes', 'on', '0755', 'a b', 'x: y', '#k', '- k', '', '1', 'true'),
  fc.string({ minLength: 1, maxLength: 4 }),
);
const { node } = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
/** `value` with ordinary prototypes (fast-check builds null-prototype records). */
function plain(value: Json): Json {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out;
}

const kubeObject = fc
  .record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Thing'),
    metadata: fc.record({ name: fc.constantFrom('a', 'b'), annotations: fc.dictionary(key, text, { maxKeys: 3, noNullPrototype: true }) }),
    spec: fc.dictionary(key, node, { maxKeys: 5, noNullPrototype: true }),
  })
  .map((o) => plain(o) as JsonMap);

/** One random edit: `at` picks a mapping or sequence in `spec`/`metadata`, `pick` a key or index. */
interface Edit {
  op: 'set' | 'delete' | 'insert';
  at: number;
  pick: number;
  key: string;
  value: Json;
}
const edit = fc.record({
  op: fc.constantFrom('set', 'delete', 'insert'),
  at: fc.nat(),
  pick: fc.nat(),
  key,
  value: node.map(plain),
}) as fc.Arbitrary<Edit>;

function containers(value: Json, out: (JsonMap | Json[])[]): void {
  if (Array.isArray(value)) {
    out.push(value);
    value.forEach((v) => containers(v, out));
  } else if (typeof value === 'object' && value !== null) {
    out.push(value as JsonMap);
    Object.values(value).forEach((v) => containers(v, out));
  }
}

function applyEdits(object: JsonMap, edits: readonly Edit[]): JsonMap {
  const next = structuredClone(object);
  for (const original of edits) {
    const e = { ...original, value: structuredClone(original.value) };
    const all: (JsonMap | Json[])[] = [];
    containers(next.spec, all);
    containers(next.metadata, all);
    const target = all[e.at % all.length];
    if (target === undefined) continue;
    if (Array.isArray(target)) {
      const i = e.pick % (target.length + 1);
      if (e.op === 'insert' || i === target.length) target.splice(i, 0, e.value);
      else if (e.op === 'set') target[i] = e.value;
      else target.splice(i, 1);
    } else {
      const keys = Object.keys(target);
      const existing = keys[e.pick % Math.max(keys.length, 1)];
      if (e.op === 'delete' && existing !== undefined && target !== next.metadata) delete target[existing];
      else if (e.op === 'set' && existing !== undefined) target[existing] = e.value;
      else if (target !== next.metadata) target[e.key] = e.value;
    }
  }
  return next;
}

/** Source texts of the object in the styles people and tools write. */
const SOURCES: Record<string, (o: JsonMap) => string> = {
  'js-yaml dump (wide)': (o) => dump(o, { lineWidth: -1 }),
  'yaml stringify YAML 1.1 (compact)': (o) => stringify(o, { version: '1.1', indentSeq: false, lineWidth: 0 }),
  'block renderer (wide)': (o) => renderDocument(o, { indent: 2, sequence: 'wide' }, '\n'),
  'block renderer (compact, 4-space)': (o) => renderDocument(o, { indent: 4, sequence: 'compact' }, '\n'),
};

/**
 * `doc` with a comment line before every line (at that line's indentation) and a comment after
 * every value; only for texts without block scalars, where `#` lines would be content.
 */
function withComments(doc: string): string {
  return doc
    .split('\n')
    .map((line, i) => {
      if (line.trim() === '') return line;
      const indent = line.length - line.trimStart().length;
      const trailing = /^\s*(- )*[^"'#]*$/.test(line) && !line.trimEnd().endsWith('-') ? ` # c${i}` : '';
      return `${' '.repeat(indent)}# above ${i}\n${line}${trailing}`;
    })
    .join('\n');
}

const asResourceList = (doc: string): string =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${doc
    .replace(/\n$/, '')
    .split('\n')
    .map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`))
    .join('\n')}\n`;

const routes: Record<EditRoute, number> = { unchanged: 0, splice: 0, document: 0, render: 0 };

for (const [style, source] of Object.entries(SOURCES)) {
  test(`round trip from ${style}: output reads back as the new object, YAML 1.1 and 1.2`, () => {
    fc.assert(
      fc.property(kubeObject, fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), (object, edits, listForm) => {
        const doc = source(object);
        // yaml's 1.1 mode writes a `<<` key plain: in YAML 1.1 that is a merge key, not the key the
        // object holds, so the source does not say what the object means (our reader refuses it).
        fc.pre(!/^[ -]*<<:/m.test(doc));
        const input = readInput(listForm ? asResourceList(doc) : doc);
        // Some tools' output is not read back the same by a YAML 1.2 reader (yaml's 1.1 mode writes 0o17 plain).
        fc.pre(isDeepStrictEqual(input.items[0]?.object, object));
        const next = applyEdits(object, edits) as KubeObject;
        const out = writeOutput(input, [{ kind: 'changed', index: 0, object: next }], [], { format: input.format });
        const read12 = parseYaml(out) as JsonMap;
        assert.deepEqual(listForm ? (read12.items as Json[])[0] : read12, next);
        routes[editItem(input.items[0]!, next, { indent: 2, sequence: 'wide' }, true).route] += 1;
        // YAML 1.1 (kubectl, Argo CD): only meaningful when the source itself was 1.1-safe.
        if (!style.startsWith('js-yaml')) {
          const read11 = parse(out, { version: '1.1', schema: 'yaml-1.1', merge: false }) as JsonMap;
          assert.deepEqual(listForm ? (read11.items as Json[])[0] : read11, next);
        }
      }),
      { numRuns: 250, ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }) },
    );
  });
}

test('round trip through commented text: comments never change what the output reads as', () => {
  fc.assert(
    fc.property(kubeObject, fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), (object, edits, listForm) => {
      const plain = renderDocument(object, { indent: 2, sequence: 'compact' }, '\n');
      fc.pre(!/[|>][-+]?\n/.test(plain));
      const doc = withComments(plain);
      const input = readInput(listForm ? asResourceList(doc) : doc);
      fc.pre(isDeepStrictEqual(input.items[0]?.object, object));
      const next = applyEdits(object, edits) as KubeObject;
      const out = writeOutput(input, [{ kind: 'changed', index: 0, object: next }], [], { format: input.format });
      const read = parseYaml(out) as JsonMap;
      assert.deepEqual(listForm ? (read.items as Json[])[0] : read, next);
    }),
    { numRuns: 300, ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }) },
  );
});

test('most random edits take the splice route', () => {
  const total = routes.splice + routes.document + routes.render;
  console.log(`edit routes: ${JSON.stringify(routes)}`);
  assert.ok(routes.splice / total > 0.95, JSON.stringify(routes));
});

test('every rendered string YAML 1.1 would read as another type is quoted', () => {
  for (const value of TRICKY) {
    const out = renderDocument(
      { apiVersion: 'v1', kind: 'T', metadata: { name: 'a' }, v: value, [value]: 'k' },
      { indent: 2, sequence: 'compact' },
      '\n',
    );
    const read = parse(out, { version: '1.1', schema: 'yaml-1.1' }) as JsonMap;
    assert.equal(read.v, value, `value ${JSON.stringify(value)}:\n${out}`);
    assert.equal(read[value], 'k', `key ${JSON.stringify(value)}`);
    assert.deepEqual(parseYaml(out), { apiVersion: 'v1', kind: 'T', metadata: { name: 'a' }, v: value, [value]: 'k' });
  }
});
