/** The fuzz minimiser (shrink.ts) gives back a stream that still fails, and a smaller one where it can. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shrink } from './shrink.ts';

const failsWhen = (predicate: (text: string) => boolean) => async (stream: Buffer) => predicate(stream.toString('utf8'));

test('keeps only the document and the keys the failure needs', async () => {
  const input = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: "1"\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: p\nspec:\n  containers:\n  - name: c\n    image: i\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n',
  ].join('---\n');
  const fails = failsWhen((text) => /kind: Pod/.test(text) && /image: i/.test(text));
  const tried: string[] = [];
  const out = await shrink(input, async (stream) => (tried.push(stream.toString('utf8')), fails(stream)), 200);
  assert.ok(await fails(Buffer.from(out)), out);
  // It rejoins to itself: the input is known to fail and is not run again.
  assert.ok(!tried.includes(input));
  assert.doesNotMatch(out, /ConfigMap|Service|labels/);
  assert.ok(out.length < input.length / 3, out);
});

test('a stream that rejoining changes is given back as it was, not as a text that no longer fails', async () => {
  // Splitting at the `---` lines drops the marker before the directive: the rejoined stream starts
  // `%YAML 1.2`, which does not fail here.
  const input = '---\n%YAML 1.2\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
  const fails = failsWhen((text) => text.startsWith('---\n%YAML'));
  const out = await shrink(input, fails, 200);
  assert.equal(out, input);
});
