/**
 * A value that is changed and later changed back (inject, then uninject) is the text it was: a
 * replaced string keeps its quote character, a one-line flow collection stays a flow collection.
 * For every quoting class and a spread of values, both directions read back as the objects asked
 * for, and the round trip gives the original bytes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/krm/value-reader.ts';
import { readInput } from '../../src/krm/read.ts';
import { editItem } from '../../src/krm/edit-item.ts';
import type { KubeObject } from '../../src/core/types.ts';

type Json = Record<string, any>;

/** Edits the single item of `text` with `change`; the result must read back as the edited object. */
function edit(text: string, change: (next: Json) => void): string {
  const item = readInput(text).items[0]!;
  const next = structuredClone(item.object) as Json;
  change(next);
  const edited = editItem(item, next as KubeObject, { indent: 2, sequence: 'wide' }, true);
  const value = parseYaml(edited.text);
  assert.deepEqual(Array.isArray(value) ? value[0] : value, next, edited.text);
  return edited.text;
}

const doc = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  key: ${value}\n  other: x\n`;

/** Values that need no quotes, need them, or carry the quote characters themselves. */
const VALUES = ['/healthz', '/8080/healthz', 'yes', '0755', 'a: b', "it's", 'say "hi"', 'ünïcödé', '', '#x', 'tab\there', '1e3'];

describe('a replaced string keeps its quote character', () => {
  for (const [quote, spell] of [
    ['double', (v: string) => JSON.stringify(v)],
    ['single', (v: string) => `'${v.replaceAll("'", "''")}'`],
  ] as const) {
    test(`${quote}-quoted values, there and back`, () => {
      let count = 0;
      for (const from of VALUES) {
        if (quote === 'single' && from.includes('\t')) continue; // not writable single-quoted
        const original = doc(spell(from));
        assert.equal((parseYaml(original) as Json).data.key, from, `the fixture spells ${JSON.stringify(from)}`);
        for (const to of VALUES) {
          // A tab cannot be written single-quoted: that value turns double-quoted, and stays so.
          if (quote === 'single' && to.includes('\t')) continue;
          const there = edit(original, (next) => {
            next.data.key = to;
          });
          const line = there.split('\n').find((l) => l.startsWith('  key: '))!;
          assert.ok(line.startsWith(`  key: ${quote === 'double' ? '"' : "'"}`), `${JSON.stringify(to)} stays ${quote}-quoted: ${line}`);
          assert.equal(
            edit(there, (next) => {
              next.data.key = from;
            }),
            original,
            `${JSON.stringify(from)} → ${JSON.stringify(to)} → back`,
          );
          count += 1;
        }
      }
      assert.ok(count > 100);
    });
  }

  test('a plain value still takes quotes only where a reader needs them', () => {
    assert.equal(
      edit(doc('/healthz'), (next) => {
        next.data.key = '/8080/healthz';
      }),
      doc('/8080/healthz'),
    );
    assert.equal(
      edit(doc('/healthz'), (next) => {
        next.data.key = 'yes';
      }),
      doc('"yes"'),
    );
  });

  test('a quoted string replaced by a number or a boolean is written as one', () => {
    assert.equal(
      edit(doc('"8080"'), (next) => {
        next.data.key = 8080;
      }),
      doc('8080'),
    );
    assert.equal(
      edit(doc("'x'"), (next) => {
        next.data.key = true;
      }),
      doc('true'),
    );
  });
});

describe('a one-line flow collection stays one', () => {
  const probe = (handler: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: c\n      readinessProbe:\n        httpGet: ${handler}\n        periodSeconds: 5\n`;
  const CASES: [string, Json][] = [
    [
      '{path: /ready, port: 8080, scheme: HTTPS}',
      { path: '/8080/ready', port: 9001, httpHeaders: [{ name: 'X-Kuma-Probes-Scheme', value: 'HTTPS' }] },
    ],
    ['{port: http}', { path: '/80/', port: 9001 }],
    ['{path: "a,b", port: 1}', { path: '/1/a,b', port: 9001 }],
    ['{}', { path: '/x', port: 9001, extra: [1, 'y: z', null, true] }],
  ];
  for (const [original, changed] of CASES) {
    test(`httpGet: ${original}`, () => {
      const text = probe(original);
      const before = (parseYaml(text) as Json).spec.containers[0].readinessProbe.httpGet;
      const there = edit(text, (next) => {
        next.spec.containers[0].readinessProbe.httpGet = changed;
      });
      const line = there.split('\n').find((l) => l.includes('httpGet:'))!;
      assert.match(line, /httpGet: \{.*\}$/, `stays a one-line flow mapping: ${line}`);
      assert.equal(
        edit(there, (next) => {
          next.spec.containers[0].readinessProbe.httpGet = before;
        }),
        text,
      );
    });
  }

  test('a flow list replaced by a list stays a flow list', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: c\n      command: [cat, /tmp/healthy]\n';
    const there = edit(text, (next) => {
      next.spec.containers[0].command = ['cat', '/tmp/ready', 'a,b'];
    });
    assert.ok(there.includes('command: [cat, /tmp/ready, "a,b"]'), there);
    assert.equal(
      edit(there, (next) => {
        next.spec.containers[0].command = ['cat', '/tmp/healthy'];
      }),
      text,
    );
  });

  test('a multi-line string inside the new value falls back to block style', () => {
    const text = probe('{port: http}');
    const there = edit(text, (next) => {
      next.spec.containers[0].readinessProbe.httpGet = { path: 'a\nb\n', port: 1 };
    });
    assert.doesNotMatch(there, /httpGet: \{/);
  });
});
