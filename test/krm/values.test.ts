import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseYaml } from '../../src/krm/value-reader.ts';
import { needsQuotes, inlineString, numberScalar } from '../../src/krm/yaml-scalar.ts';
import { readInput } from '../../src/krm/read.ts';
import { writeOutput } from '../../src/krm/write.ts';

test('integers read the way kubectl and kpt read them (Go: a leading 0 is octal)', () => {
  assert.deepEqual(parseYaml('a: 0644\nb: 0o644\nc: 644\nd: 0x1F\ne: "0644"\nf: 08\ng: -0755\nh: 0\n'), {
    a: 420,
    b: 420,
    c: 644,
    d: 31,
    e: '0644',
    f: 8,
    g: -493,
    h: 0,
  });
});

test('values stay plain JSON: timestamps are strings, merge keys are expanded', () => {
  assert.deepEqual(parseYaml('t: 2024-01-02T03:04:05Z\nbase: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n'), {
    t: '2024-01-02T03:04:05Z',
    base: { x: 1 },
    d: { x: 1, y: 2 },
  });
});

test('a re-rendered volume keeps the mode kubectl would have read', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n  - name: a\n    secret: {secretName: s, defaultMode: 0644}\n';
  const input = readInput(text);
  const next = structuredClone(input.items[0]!.object) as Record<string, any>;
  assert.equal(next.spec.volumes[0].secret.defaultMode, 420);
  next.spec.volumes[0].secret.optional = true;
  const out = writeOutput(input, [{ kind: 'changed', index: 0, object: next as never }], [], { format: 'stream' });
  assert.equal((parse(out, { version: '1.1' }) as any).spec.volumes[0].secret.defaultMode, 420);
});

test('YAML 1.1 and 1.2 look-alikes are quoted; ordinary Kubernetes values are not', () => {
  const quoted = [
    'yes',
    'No',
    'ON',
    'off',
    'y',
    'n',
    '~',
    'null',
    '',
    'true',
    '0755',
    '1_000',
    '1e3',
    '0x1F',
    '0b1',
    '0o7',
    '.5',
    '12:30',
    '2024-01-02',
    '.inf',
    '-.Inf',
    '.NaN',
    '<<',
    '=',
    ' a',
    'a ',
    'a: b',
    'a #b',
    '- a',
    '#a',
    '&a',
    '*a',
    '!a',
    '@a',
    '`a',
    '"a',
    "'a",
    '{a}',
    '[a]',
    'a:',
    '---',
    '...',
    'x\ny',
    '\t',
    '\u0085',
    'E0',
    '.',
  ];
  for (const value of quoted) assert.ok(needsQuotes(value), `${JSON.stringify(value)} must be quoted`);
  const plain = [
    'web',
    'nginx:1.25',
    'docker.io/kong/kuma-dp:2.14.3',
    '100m',
    '64Mi',
    '--log-level=info',
    '-x',
    '/usr/bin/kumactl',
    'a-b_c.d',
    'kuma.io/sidecar-injected',
    'http://a.b/c',
    'a,b',
    'ünï',
    'a#b',
    'v1',
  ];
  for (const value of plain) assert.ok(!needsQuotes(value), `${JSON.stringify(value)} should stay plain`);
  assert.equal(inlineString('say "hi"\u007f'), '"say \\"hi\\"\\u007f"');
});

test('numbers are written so that YAML 1.1 and 1.2 read them back', () => {
  for (const value of [0, 1, -1, 1.5, 1e21, 5e-324, -2.5e-8, 123456789012, Infinity, -Infinity]) {
    const text = `v: ${numberScalar(value)}\n`;
    assert.equal((parseYaml(text) as { v: number }).v, value, text);
    assert.equal((parse(text, { version: '1.1' }) as { v: number }).v, value, text);
  }
  assert.ok(Number.isNaN((parseYaml(`v: ${numberScalar(Number.NaN)}\n`) as { v: number }).v));
});
