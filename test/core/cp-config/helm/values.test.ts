import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readYamlNode } from '../../../../src/krm/yaml-node-reader.ts';
import { valuesFromYaml, type HelmMap } from '../../../../src/core/cp-config/helm/values.ts';
import { coalesceGlobals, coalesceValues, mergeMaps } from '../../../../src/core/cp-config/helm/merge-values.ts';
import { parseSetInto, typedSetValue } from '../../../../src/core/cp-config/helm/strvals.ts';
import { formatFloat64G, goPrint, isEmpty, rereadPlain } from '../../../../src/core/cp-config/helm/go-text.ts';

function values(text: string): HelmMap {
  const node = readYamlNode(text);
  assert.ok(node.ok);
  const read = valuesFromYaml(node.node);
  assert.ok(read.ok, read.ok ? '' : read.error);
  return read.values;
}

test('a values file is read as Helm reads it: YAML 1.1 scalars, every number a float64, keys as text', () => {
  assert.deepEqual(values('a: yes\nb: off\nc: 010\nd: 0x10\ne: 1e3\nf: 1_000\ng: "010"\nh: ~\n1: one\ntrue: t\n'), {
    a: true,
    b: false,
    c: 8,
    d: 16,
    e: 1000,
    f: 1000,
    g: '010',
    h: null,
    1: 'one',
    true: 't',
  });
  // Integers beyond 2^53 go through float64, as encoding/json into interface{} does.
  assert.equal(values('num: 9007199254740993\n')['num'], 9007199254740992);
  // `n` is YAML 1.1's false, so as a key it is the text "false".
  assert.deepEqual(Object.keys(values('n: 1\n')), ['false']);
  assert.deepEqual(values(''), {});
  assert.deepEqual(values('# only a comment\n'), {});
  const proto = values('__proto__: {polluted: true}\n');
  assert.deepEqual(Object.keys(proto), ['__proto__']);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('a values file that is not a mapping, or holds what JSON cannot, is refused with the reason', () => {
  for (const [text, reason] of [
    ['- a\n- b\n', 'a list'],
    ['just text\n', 'a string'],
    ['5\n', 'a number'],
    ['a: .inf\n', 'unsupported value'],
  ] as const) {
    const node = readYamlNode(text);
    assert.ok(node.ok);
    const read = valuesFromYaml(node.node);
    assert.ok(!read.ok, text);
    assert.match(read.error, new RegExp(reason), text);
  }
});

test('mergeMaps layers values files: maps merge, lists and scalars replace, null replaces', () => {
  const a = { m: { x: 1, y: { z: 1 } }, l: [1, 2], s: 'a', n: 'kept' } as HelmMap;
  const b = { m: { y: { w: 2 } }, l: [3], s: null } as HelmMap;
  assert.deepEqual(mergeMaps(a, b), { m: { x: 1, y: { z: 1, w: 2 } }, l: [3], s: null, n: 'kept' });
  assert.deepEqual(a, { m: { x: 1, y: { z: 1 } }, l: [1, 2], s: 'a', n: 'kept' }, 'inputs untouched');
  assert.deepEqual(mergeMaps({ m: { x: 1 } }, { m: 'flat' }), { m: 'flat' });
});

test('coalescing over the chart: the user wins, maps merge, a null deletes the key instead of restoring the default', () => {
  const chart = { cp: { mode: 'zone', envVars: {}, tls: { name: 'x', ca: 'y' } }, list: [1], top: 'chart', gone: 'chart' } as HelmMap;
  const warnings: string[] = [];
  const out = coalesceValues(
    chart,
    { cp: { tls: { ca: null }, envVars: { A: null, B: 'b' } }, list: [], gone: null, extra: null, own: { n: null } } as HelmMap,
    (m) => warnings.push(m),
  );
  assert.deepEqual(out, {
    cp: { mode: 'zone', envVars: { B: 'b' }, tls: { name: 'x' } },
    list: [],
    top: 'chart',
    extra: null,
    own: { n: null },
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    chart,
    { cp: { mode: 'zone', envVars: {}, tls: { name: 'x', ca: 'y' } }, list: [1], top: 'chart', gone: 'chart' },
    'chart values untouched',
  );
});

test('coalescing warns where a table meets a non-table, keeping the user value', () => {
  const warnings: string[] = [];
  const out = coalesceValues(
    { a: { b: { c: 1 } }, d: 'x', e: { f: 1 } } as HelmMap,
    { a: { b: 'flat' }, d: { m: 1 }, e: 'flat' } as HelmMap,
    (m) => warnings.push(m),
  );
  assert.deepEqual(out, { a: { b: 'flat' }, d: { m: 1 }, e: 'flat' });
  assert.equal(warnings.length, 2);
  assert.match(warnings.join('\n'), /a\.b/);
  assert.match(warnings.join('\n'), /\bd\b/);
});

test("a parent chart's global is copied into the subchart and wins over it, maps merging", () => {
  const sub = { global: { image: { registry: 'sub', tag: 'subtag' }, other: 1 } } as HelmMap;
  coalesceGlobals(sub, { global: { image: { registry: 'parent' }, flag: true } } as HelmMap);
  assert.deepEqual(sub, { global: { image: { registry: 'parent', tag: 'subtag' }, other: 1, flag: true } });
  const empty = {} as HelmMap;
  coalesceGlobals(empty, {} as HelmMap);
  assert.deepEqual(empty, { global: {} });
});

test('--set values are typed as Helm strvals types them', () => {
  assert.equal(typedSetValue('true'), true);
  assert.equal(typedSetValue('FALSE'), false);
  assert.equal(typedSetValue('null'), null);
  assert.equal(typedSetValue('0'), 0n);
  assert.equal(typedSetValue('1000000'), 1000000n);
  assert.equal(typedSetValue('-5'), -5n);
  assert.equal(typedSetValue('010'), '010');
  assert.equal(typedSetValue('1.5'), '1.5');
  assert.equal(typedSetValue('99999999999999999999'), '99999999999999999999');
  const into: HelmMap = { a: { keep: 1 } };
  assert.deepEqual(parseSetInto('a.b=x,a.c=grpcs://h:1,d=\\,comma,e={1,two},f.g\\.h=1', into), { ok: true });
  assert.deepEqual(into, { a: { keep: 1, b: 'x', c: 'grpcs://h:1' }, d: ',comma', e: [1n, 'two'], f: { 'g.h': 1n } });
  for (const bad of ['a', 'a.b', 'a,', 'a[0]=1', 'e={1,2']) {
    const r = parseSetInto(bad, {});
    assert.ok(!r.ok, bad);
    assert.match(r.error, /--set/);
  }
});

test('%v of a float64 follows strconv g/-1: exponent form from 1e+06 and below 1e-04, shortest digits', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [5678, '5678'],
    [0.5, '0.5'],
    [2, '2'],
    [100000, '100000'],
    [999999, '999999'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [123456789, '1.23456789e+08'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000015, '1.5e-05'],
    [-3.25, '-3.25'],
    [1e21, '1e+21'],
    [1.5e300, '1.5e+300'],
    [5e-324, '5e-324'],
    [0.1 + 0.2, '0.30000000000000004'],
  ];
  for (const [v, want] of cases) assert.equal(formatFloat64G(v), want, String(v));
  assert.equal(goPrint(1000000n), '1000000');
  assert.equal(goPrint({ b: 1, a: [true, 'x'] }), 'map[a:[true x] b:1]');
  assert.equal(goPrint(null), '<nil>');
});

test('empty values (sprig default/if, mergo) and the re-reading of unquoted template output', () => {
  for (const v of [null, undefined, false, '', 0, 0n, [], {}]) assert.equal(isEmpty(v as never), true, String(v));
  for (const v of [true, 'x', 1, -1, 0.5, [0], { a: null }]) assert.equal(isEmpty(v), false, JSON.stringify(v));
  assert.deepEqual(rereadPlain(''), { ok: true, value: null });
  assert.deepEqual(rereadPlain('yes'), { ok: true, value: true });
  assert.deepEqual(rereadPlain('010'), { ok: true, value: 8 });
  assert.deepEqual(rereadPlain('grpcs://a.b:5685'), { ok: true, value: 'grpcs://a.b:5685' });
  for (const bad of ['a: b', 'x #y', '[x]', '- x', ' lead', 'two\nlines', '*ref']) assert.equal(rereadPlain(bad).ok, false, bad);
});
