/**
 * Placement under repeated renders: whatever workloads come and go between runs, the output holds
 * exactly one preview per previewed workload, each at its own path, and an unchanged run keeps
 * every preview as it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KubeObject } from '../../src/core/types.ts';
import type { OutputItem } from '../../src/core/output.ts';
import { placePreviews } from '../../src/krm/place-previews.ts';
import { deployment, preview, settings } from '../core/dataplane/helpers.ts';

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const workloads = new Map(NAMES.map((n) => [n, deployment(n, 'shop', { app: n })]));
const fresh = (names: readonly string[]) => names.map((n) => preview(workloads.get(n)!, []).dataplane as KubeObject);

function render(items: readonly KubeObject[], names: readonly string[]): KubeObject[] {
  const kept = items.map((_, index): OutputItem => ({ kind: 'kept', index }));
  const placed = placePreviews('kpt-files', items, kept, fresh(names), settings.previewsDir);
  const out = placed.output.map((o) => (o.kind === 'kept' ? items[o.index] : o.object));
  return JSON.parse(JSON.stringify(out)) as KubeObject[];
}

test('one preview per workload at its own path across any sequence of renders', () => {
  fc.assert(
    fc.property(fc.array(fc.subarray(NAMES), { minLength: 1, maxLength: 6 }), (runs) => {
      let items: KubeObject[] = [...workloads.values()];
      for (const names of runs) {
        items = render(items, names);
        const previews = items.filter((o) => o.kind === 'Dataplane');
        const keys = previews.map((o) => o.metadata.annotations?.['kuma-inject.dev/preview-of']).sort();
        assert.deepEqual(keys, names.map((n) => `Deployment/shop/${n}`).sort());
        const paths = previews.map((o) => o.metadata.annotations?.['internal.config.kubernetes.io/path']);
        assert.equal(new Set(paths).size, paths.length);
        assert.deepEqual(render(items, names), items, 'a second identical render changes nothing');
      }
    }),
    { numRuns: 60 },
  );
});
