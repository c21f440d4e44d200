import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { readInput } from '../../src/krm/read.ts';
import { writeOutput } from '../../src/krm/write.ts';
import { renderDocument } from '../../src/krm/render-block.ts';
import type { OutputItem } from '../../src/core/output.ts';
import type { KubeObject, Result } from '../../src/core/types.ts';

const name = fc.constantFrom('a', 'b', 'yes', '0755', 'web-1');
const object = fc.record(
  {
    apiVersion: fc.constant('v1'),
    kind: fc.constantFrom('ConfigMap', 'Service', 'Deployment'),
    metadata: fc.record(
      { name, labels: fc.dictionary(fc.constantFrom('app', 'on', 'tier'), name, { maxKeys: 2, noNullPrototype: true }) },
      { noNullPrototype: true },
    ),
    data: fc.dictionary(fc.constantFrom('k', 'yes', 'x y', '1'), fc.oneof(name, fc.integer(), fc.constant('multi\nline\n')), {
      maxKeys: 3,
      noNullPrototype: true,
    }),
  },
  { noNullPrototype: true },
) as fc.Arbitrary<KubeObject>;

/** One source document, with a comment, in a wide or compact style, LF or CRLF. */
function source(o: KubeObject, i: number, compact: boolean): string {
  return `# item ${i}\n${renderDocument(o, { indent: 2, sequence: compact ? 'compact' : 'wide' }, '\n')}`;
}

function asList(docs: string[]): string {
  const items = docs
    .map((doc) =>
      doc
        .replace(/\n$/, '')
        .split('\n')
        .map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`))
        .join('\n'),
    )
    .join('\n');
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: fn\n`;
}

/** What the writer is asked to do with each input item (or an added one). */
const plan = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('kept' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('changed' as const), pick: fc.nat(), object }),
    fc.record({ kind: fc.constant('added' as const), object }),
  ),
  { maxLength: 6 },
);

test('any order of kept, changed and added items reads back as exactly those objects, in a ResourceList or a stream', () => {
  fc.assert(
    fc.property(
      fc.array(object, { minLength: 1, maxLength: 4 }),
      plan,
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      (objects, steps, list, compact, crlf, withResults) => {
        let text = list ? asList(objects.map((o, i) => source(o, i, compact))) : objects.map((o, i) => source(o, i, compact)).join('---\n');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const input = readInput(text);
        assert.deepEqual(
          input.items.map((i) => i.object),
          objects,
        );
        const output: OutputItem[] = steps.map((step) =>
          step.kind === 'added'
            ? step
            : step.kind === 'kept'
              ? { kind: 'kept', index: step.pick % objects.length }
              : { kind: 'changed', index: step.pick % objects.length, object: step.object },
        );
        const expected = output.map((out) => (out.kind === 'kept' ? objects[out.index] : out.object));
        const results: Result[] = withResults ? [{ severity: 'info', message: 'on' }] : [];
        const out = writeOutput(input, output, results, { format: input.format });
        if (crlf && output.length > 0) assert.ok(!/[^\r]\n/.test(out), 'a bare LF in CRLF output');
        const docs = parseAllDocuments(out, { version: '1.1' });
        if (list) {
          const [doc] = docs as { toJS(): Record<string, unknown> }[];
          const value = doc?.toJS() ?? {};
          assert.deepEqual(value.items ?? [], expected);
          assert.deepEqual(value.results, withResults ? [{ message: 'on', severity: 'info' }] : undefined);
          assert.deepEqual(value.functionConfig, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' } });
        } else {
          const values = (docs as { toJS(): unknown }[]).map((d) => d.toJS()).filter((v) => v !== null);
          assert.deepEqual(values, expected);
        }
      },
    ),
    { numRuns: 400 },
  );
});
