import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { REPO, explain } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';

/**
 * A ResourceList whose `items` is not a list or whose `functionConfig` is not an object is refused
 * (built bundle, KRM mode): exit 1, the input echoed byte for byte, the error on stderr naming the
 * field, its line and the fix. Missing or null `items` is an empty ResourceList.
 */
const run = (input: string, args: string[] = []) => kumaInject([...args], { cwd: REPO, input });
const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a' }] } };

/** Every kind of value that is not a list, in YAML block, flow and JSON spelling. */
const NOT_A_LIST: Record<string, string> = {
  'a block mapping': 'items:\n  a: 1\n',
  'a flow mapping holding an object': `items: {pod: ${JSON.stringify(POD)}}\n`,
  'a number': 'items: 42\n',
  'a string': 'items: everything\n',
  'a boolean': 'items: true\n',
  'an empty string': 'items: ""\n',
};
const NOT_AN_OBJECT: Record<string, string> = {
  'a number': 'functionConfig: 42\n',
  'a string': 'functionConfig: product=kuma\n',
  'a list': 'functionConfig:\n- a\n- b\n',
  'a boolean': 'functionConfig: false\n',
};

describe('ResourceList envelope shapes (built bundle, KRM mode)', () => {
  for (const [what, items] of Object.entries(NOT_A_LIST)) {
    test(`items that is ${what}: error naming items and its line, input echoed, exit 1`, () => {
      const input = `${HEAD}${items}`;
      const ran = run(input);
      assert.equal(ran.status, 1, explain('krm', ran));
      assert.equal(ran.stdout, input);
      assert.match(
        ran.stderr,
        /error: input line 3: the ResourceList's items must be a list of Kubernetes objects \(got [^)]+\); nothing was changed\. Write items as a YAML list/,
      );
    });
  }
  for (const [what, config] of Object.entries(NOT_AN_OBJECT)) {
    test(`functionConfig that is ${what}: error naming functionConfig and its line, input echoed, exit 1`, () => {
      const input = `${HEAD}items:\n- ${JSON.stringify(POD)}\n${config}`;
      const ran = run(input);
      assert.equal(ran.status, 1, explain('krm', ran));
      assert.equal(ran.stdout, input);
      assert.match(
        ran.stderr,
        /error: input line 5: the ResourceList's functionConfig must be an object \(a KumaInject or a ConfigMap; got [^)]+\); nothing was changed/,
      );
    });
  }
  test('the same in JSON: a mapping for items, a number for functionConfig', () => {
    for (const body of [{ items: { a: POD } }, { items: [POD], functionConfig: 42 }]) {
      const input = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', ...body });
      const ran = run(input);
      assert.equal(ran.status, 1, explain('krm', ran));
      assert.equal(ran.stdout, input);
      assert.match(ran.stderr, /error: input: the ResourceList's (items must be a list|functionConfig must be an object)/);
    }
  });
  test('items missing, null or [] (and functionConfig null): an empty ResourceList, exit 0', () => {
    for (const rest of [
      '',
      'items:\n',
      'items: null\n',
      'items: []\n',
      'items: []\nfunctionConfig: null\n',
      'items: []\nfunctionConfig: ~\n',
    ]) {
      const ran = run(`${HEAD}${rest}`);
      assert.equal(ran.status, 0, explain(JSON.stringify(rest), ran));
      const out = load(ran.stdout) as Record<string, unknown>;
      assert.equal(out['kind'], 'ResourceList');
      assert.deepEqual(out['items'], []);
      assert.match(JSON.stringify(out['results']), /0 injected, 0 skipped, 0 errors/);
    }
  });
  test('a v1 List (alone or in a stream) whose items is not a list is an error too, nothing on stdout in stream mode', () => {
    for (const input of [
      'apiVersion: v1\nkind: List\nitems: {a: 1}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: List\nitems: 7\n',
    ]) {
      const ran = kumaInject(['-f', '-'], { cwd: REPO, input });
      assert.equal(ran.status, 1, explain('stream', ran));
      assert.equal(ran.stdout, '');
      assert.match(ran.stderr, /error: v1 List \(input item \d\): items must be a list of Kubernetes objects/);
    }
  });
});
