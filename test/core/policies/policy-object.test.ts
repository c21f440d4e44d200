import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPolicyObject, roleOf } from '../../../src/core/policies/policy-object.ts';
import type { KubeObject } from '../../../src/core/types.ts';

const mtp = (metadata: Record<string, unknown>, spec?: unknown): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'MeshTrafficPermission',
  metadata: { name: 'allow', ...metadata },
  ...(spec === undefined ? {} : { spec }),
});

test('a policy without a mesh label belongs to mesh default; a written label is kept', () => {
  assert.equal(readPolicyObject(mtp({}))?.mesh, 'default');
  assert.equal(readPolicyObject(mtp({}))?.meshLabelled, false);
  const labelled = readPolicyObject(mtp({ labels: { 'kuma.io/mesh': 'shop' } }));
  assert.equal(labelled?.mesh, 'shop');
  assert.equal(labelled?.meshLabelled, true);
});

test('objects outside the kuma.io group are not read; Kuma kinds are classified', () => {
  assert.equal(readPolicyObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }), undefined);
  assert.equal(readPolicyObject({ apiVersion: 'kuma.io.example/v1', kind: 'MeshTimeout', metadata: { name: 'x' } }), undefined);
  assert.equal(readPolicyObject(mtp({}))?.class, 'policy');
  assert.equal(readPolicyObject(mtp({}))?.info?.short, 'mtp');
  assert.equal(readPolicyObject({ apiVersion: 'kuma.io/v1alpha1', kind: 'MeshOPA', metadata: { name: 'x' } })?.class, 'enterprise-policy');
  assert.equal(readPolicyObject({ apiVersion: 'kuma.io/v1alpha1', kind: 'TrafficRoute', metadata: { name: 'x' } })?.info, undefined);
});

test('spec shape: a map is kept, a missing spec is empty, any other value is invalid', () => {
  assert.equal(readPolicyObject(mtp({}, { targetRef: { kind: 'Mesh' } }))?.specShape, 'map');
  assert.equal(readPolicyObject(mtp({}))?.specShape, 'absent');
  assert.equal(readPolicyObject(mtp({}, null))?.specShape, 'absent');
  for (const bad of [[], 'x', 3, true]) {
    const read = readPolicyObject(mtp({}, bad));
    assert.equal(read?.specShape, 'invalid');
    assert.deepEqual(read?.spec, {});
  }
});

test('namespace, name, labels: only strings are read, and shadow policies are marked', () => {
  const read = readPolicyObject(mtp({ namespace: 'shop', labels: { a: 'b', n: 5, 'kuma.io/effect': 'shadow' } }));
  assert.equal(read?.namespace, 'shop');
  assert.deepEqual(read?.labels, { a: 'b', 'kuma.io/effect': 'shadow' });
  assert.equal(read?.shadow, true);
  assert.equal(readPolicyObject(mtp({ namespace: '' }))?.namespace, undefined);
});

test('the role label: missing, empty or unknown means system', () => {
  assert.equal(roleOf({}), 'system');
  assert.equal(roleOf({ 'kuma.io/policy-role': '' }), 'system');
  assert.equal(roleOf({ 'kuma.io/policy-role': 'producer' }), 'producer');
  assert.equal(roleOf({ 'kuma.io/policy-role': 'workload-owner' }), 'workload-owner');
});
