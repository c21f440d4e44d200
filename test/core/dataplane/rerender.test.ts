/** Previews through the whole core and kpt's placement: a second run on the first run's output changes nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import type { OutputItem } from '../../../src/core/output.ts';
import { transform } from '../../../src/core/transform.ts';
import { placePreviews } from '../../../src/krm/place-previews.ts';
import { deployment, service, settings } from './helpers.ts';

const ns: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } },
};
const items: KubeObject[] = [
  ns,
  deployment('web', 'shop', { app: 'web' }, [{ name: 'app', image: 'web:1', ports: [{ containerPort: 8080 }] }]),
  deployment('api', 'shop', { app: 'api' }, [{ name: 'app', image: 'api:1' }]),
  service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
];

/** The output with the previews placed as kpt places them; a JSON round trip, as a writer and a reader give back. */
function apply(input: readonly KubeObject[], outcome: { output: readonly OutputItem[]; previews: readonly KubeObject[] }): KubeObject[] {
  const placed = placePreviews('kpt-files', input, outcome.output, outcome.previews, settings.previewsDir).output;
  return placed.map((o) => JSON.parse(JSON.stringify(o.kind === 'kept' ? input[o.index] : o.object)) as KubeObject);
}

test('one preview per workload; the second run keeps every item as it is', () => {
  const first = transform(items, settings);
  const once = apply(items, first);
  assert.equal(once.filter((o) => o.kind === 'Dataplane').length, 2);
  const second = transform(once, settings);
  const placed = placePreviews('kpt-files', once, second.output, second.previews, settings.previewsDir).output;
  assert.deepEqual(
    placed.map((o) => o.kind),
    once.map(() => 'kept'),
  );
});

test('a workload that leaves the mesh loses its preview on the next run', () => {
  const once = apply(items, transform(items, settings));
  const optedOut = once.map((o) =>
    o.metadata.name === 'api' && o.kind === 'Deployment'
      ? deployment('api', 'shop', { app: 'api', 'kuma.io/sidecar-injection': 'disabled' }, [{ name: 'app', image: 'api:1' }])
      : o,
  );
  const next = apply(optedOut, transform(optedOut, settings));
  assert.deepEqual(
    next.filter((o) => o.kind === 'Dataplane').map((o) => o.metadata.annotations?.['kuma-inject.dev/preview-of']),
    ['Deployment/shop/web'],
  );
});
