/**
 * Uninject meets objects of every metadata shape (found by the fuzz harness: a Pod without
 * metadata, injected, made uninject throw reading the marker of a metadata it no longer had).
 * Whatever the shape, inject then uninject must not throw, and an object that was never injected
 * comes back as the same reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload } from '../../../src/core/workloads/plan-workload.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';
import { OVERWRITTEN_ANNOTATIONS } from '../../../src/core/workloads/injected-parts.ts';

const injecting = { ...defaultSettings('kong-mesh', '2.14'), defaultNamespace: 'shop' };
const settings = { ...injecting, uninject: true };
const shop = { shop: { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} } };
const context = plainContext(settings, shop);
const containers = [{ name: 'app', image: 'app:1' }];

const METADATA: Record<string, unknown> = {
  // {}: what the reader makes of an object without metadata (it adds {} and drops it on output).
  'an empty map': {},
  'a number': 42,
  'a list': [],
  'annotations null': { name: 'a', annotations: null },
  'annotations a list': { name: 'a', annotations: ['x'] },
  'marker not a string': { name: 'a', annotations: { 'kuma-inject.dev/user-keys': 7 } },
};

test('uninject of never-injected objects of every metadata shape: no throw, same reference', () => {
  let checked = 0;
  for (const [shape, metadata] of Object.entries(METADATA)) {
    for (const object of [
      { apiVersion: 'v1', kind: 'Pod', spec: { containers } },
      { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { containers } } } },
    ]) {
      const input = { ...object, metadata } as unknown as KubeObject;
      const before = structuredClone(input);
      const plan = planWorkload(input, context);
      assert.deepEqual(input, before, `${object.kind} with metadata ${shape}: input not mutated`);
      if (plan !== undefined && plan.decision !== 'failed')
        assert.equal(plan.object, input, `${object.kind} with metadata ${shape}: unchanged`);
      // Injected first (where it injects), then uninjected: no throw.
      const injected = planWorkload(input, plainContext(injecting, shop));
      if (injected?.decision === 'injected') {
        const back = planWorkload(injected.object, context);
        assert.equal(back?.decision, 'uninjected', `${object.kind} with metadata ${shape}: uninjected`);
      }
      checked += 1;
    }
  }
  assert.equal(checked, Object.keys(METADATA).length * 2);
});

test('a value of its own for an annotation the injector always overwrites comes back on uninject and survives a re-render (fuzz, seed 1059582928)', () => {
  const injectContext = plainContext(injecting, shop);
  for (const [key, value] of [
    ['kuma.io/transparent-proxying', 'bogus'],
    ['kuma.io/sidecar-uid', '1234'],
    ['kuma.io/transparent-proxying-inbound-port', '15007'],
  ] as const) {
    const workload: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hello', namespace: 'shop' },
      spec: { template: { metadata: { annotations: { [key]: value } }, spec: { containers } } },
    };
    const injected = planWorkload(workload, injectContext);
    assert.equal(injected?.decision, 'injected', key);
    const template = (injected!.object.spec as { template: { metadata: { annotations: Record<string, string> } } }).template;
    assert.notEqual(template.metadata.annotations[key], value, `${key}: the injector writes its own value`);
    const again = planWorkload(injected!.object, injectContext);
    assert.equal(again?.decision, 'injected', key);
    assert.equal(again?.changed, false, key);
    const back = planWorkload(injected!.object, context);
    assert.equal(back?.decision, 'uninjected', key);
    assert.deepEqual(back?.object, workload, `${key}: uninject gives back the pod's own value`);
  }
});

test("every annotation the injector always overwrites: the pod's own value comes back on uninject, a re-render changes nothing", () => {
  const injectContext = plainContext(injecting, shop);
  for (const key of OVERWRITTEN_ANNOTATIONS) {
    const workload: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hello', namespace: 'shop' },
      spec: { template: { metadata: { annotations: { [key]: 'own-value' } }, spec: { containers } } },
    };
    const injected = planWorkload(workload, injectContext);
    assert.equal(injected?.decision, 'injected', key);
    const again = planWorkload(injected!.object, injectContext);
    assert.equal(again?.decision, 'injected', key);
    assert.equal(again?.changed, false, key);
    assert.deepEqual(planWorkload(injected!.object, context)?.object, workload, key);
  }
});
