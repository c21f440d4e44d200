/** Previews through the whole core: a second run on the first run's output changes nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import type { OutputItem } from '../../../src/core/output.ts';
import { transform } from '../../../src/core/transform.ts';
import { deployment, service, settings } from './helpers.ts';

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
const items: KubeObject[] = [
  ns,
  deployment('web', 'shop', { app: 'web' }, [{ name: 'app', image: 'web:1', ports: [{ containerPort: 8080 }] }]),
  deployment('api', 'shop', { app: 'api' }, [{ name: 'app', image: 'api:1' }]),
  service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
];

function apply(input: readonly KubeObject[], output: readonly OutputItem[]): KubeObject[] {
  // JSON round trip: what a writer and a reader give back
  return output.map((o) => JSON.parse(JSON.stringify(o.kind === 'kept' ? input[o.index] : o.object)) as KubeObject);
}

test('one preview per workload; the second run keeps every item as it is', () => {
  const first = transform(items, settings);
  const once = apply(items, first.output);
  assert.equal(once.filter((o) => o.kind === 'Dataplane').length, 2);
  const second = transform(once, settings);
  assert.deepEqual(second.output.map((o) => o.kind), once.map(() => 'kept'));
});

test('a workload that leaves the mesh loses its preview on the next run', () => {
  const once = apply(items, transform(items, settings).output);
  const optedOut = once.map((o) => o.metadata.name === 'api' && o.kind === 'Deployment'
    ? deployment('api', 'shop', { app: 'api', 'kuma.io/sidecar-injection': 'disabled' }, [{ name: 'app', image: 'api:1' }])
    : o);
  const next = apply(optedOut, transform(optedOut, settings).output);
  assert.deepEqual(next.filter((o) => o.kind === 'Dataplane').map((o) => o.metadata.annotations?.['kuma-inject.dev/preview-of']), ['Deployment/shop/web']);
});
