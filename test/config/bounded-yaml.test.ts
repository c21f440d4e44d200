import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonTooDeep, loadBounded, MAX_ALIAS_NODES, MAX_NESTING_DEPTH, YamlLimitError } from '../../src/config/bounded-yaml.ts';
import { parseYaml } from '../../src/krm/value-reader.ts';
import { aliasBomb, deepDocument, type BombPlace, type BombStyle } from '../krm/yaml-shapes.ts';

const STYLES: BombStyle[] = ['flow-seq', 'block-seq', 'flow-map', 'block-map'];
const PLACES: BombPlace[] = ['unknown-field', 'known-field'];

/** Expanded nodes of a bomb: each level's node plus `width` copies of the level below. */
function expandedSize(levels: number, width: number): number {
  let size = 1;
  for (let i = 0; i < levels; i++) size = 1 + width * size;
  return size;
}

describe('alias expansion is bounded while parsing', () => {
  const shapes = [
    [9, 9],
    [8, 9],
    [6, 10],
    [17, 2],
    [12, 3],
    [4, 100],
  ] as const;
  for (const style of STYLES) {
    for (const place of PLACES) {
      for (const [levels, width] of shapes) {
        test(`${levels} levels x ${width} aliases, ${style}, ${place}: refused at the line that crosses the limit, fast`, () => {
          const text = aliasBomb(levels, width, style, place);
          const started = Date.now();
          assert.throws(
            () => parseYaml(text),
            (error: unknown) => {
              assert.ok(error instanceof YamlLimitError, String(error));
              assert.match(error.reason, new RegExp(`aliases expand to more than ${MAX_ALIAS_NODES} nodes`));
              const lines = text.split('\n').length;
              assert.ok(error.mark.line >= 10 && error.mark.line < lines, `line ${error.mark.line} of ${lines}`);
              return true;
            },
          );
          assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
        });
      }
      test(`small aliases (${style}, ${place}) below the limit are read and expanded`, () => {
        assert.ok(expandedSize(4, 5) < MAX_ALIAS_NODES);
        const value = parseYaml(aliasBomb(4, 5, style, place)) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
        assert.ok(value['spec']?.['template']?.['spec'] !== undefined);
      });
    }
  }

  test('a real manifest that reuses its selector labels through an anchor is read as written', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: &labels {app: web, tier: front}}\nspec:\n  selector: {matchLabels: *labels}\n  template:\n    metadata: {labels: *labels}\n    spec: {containers: [{name: app, image: nginx}]}\n';
    const value = parseYaml(text) as { spec: { selector: { matchLabels: unknown }; template: { metadata: { labels: unknown } } } };
    assert.deepEqual(value.spec.selector.matchLabels, { app: 'web', tier: 'front' });
    assert.deepEqual(value.spec.template.metadata.labels, { app: 'web', tier: 'front' });
  });

  test('merge keys that add up past the limit are refused as well', () => {
    const lines = ['a: &a {' + Array.from({ length: 400 }, (_, i) => `k${i}: v`).join(', ') + '}'];
    for (let i = 0; i < 300; i++) lines.push(`m${i}: {<<: *a}`);
    assert.throws(() => loadBounded(lines.join('\n')), YamlLimitError);
  });

  test('an alias to a node that contains it (a cycle) is refused instead of building a cyclic value', () => {
    for (const text of ['a: &a [*a]', 'a: &a {b: *a}', 'a: &a\n  b:\n    c: *a\n']) {
      assert.throws(
        () => loadBounded(text),
        (error: unknown) => error instanceof YamlLimitError && /cycle/.test(error.reason),
        text,
      );
    }
  });
});

describe('nesting depth is bounded while parsing', () => {
  for (const style of ['flow', 'block'] as const) {
    test(`${style}: ${MAX_NESTING_DEPTH} levels are read, ${MAX_NESTING_DEPTH + 1} and 10,000 are refused naming the limit, never a stack overflow`, () => {
      assert.doesNotThrow(() => parseYaml(deepDocument(MAX_NESTING_DEPTH, style)));
      for (const depth of [MAX_NESTING_DEPTH + 1, 10_000]) {
        assert.throws(
          () => parseYaml(deepDocument(depth, style)),
          (error: unknown) => {
            assert.ok(error instanceof YamlLimitError, String(error));
            assert.match(error.reason, new RegExp(`nests deeper than ${MAX_NESTING_DEPTH} levels`));
            return true;
          },
        );
      }
    });
  }

  test('JSON: the first bracket past the limit, outside strings', () => {
    const deep = `{"a": ${'['.repeat(MAX_NESTING_DEPTH)}]}`;
    assert.deepEqual(jsonTooDeep(deep), { line: 0, column: 6 + MAX_NESTING_DEPTH - 1 });
    assert.equal(jsonTooDeep(`{"a": "${'['.repeat(5000)}"}`), undefined, 'brackets inside strings do not count');
    assert.equal(jsonTooDeep(`{"a": ${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)}}`), undefined);
  });
});
