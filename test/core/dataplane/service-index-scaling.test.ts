/**
 * The Service index must not grow quadratically: n workloads looking up among n Services examine
 * about n Services in total, whatever labels they share. Counted, not timed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { indexServices } from '../../../src/core/dataplane/service-index.ts';

function examinedFor(n: number): { examined: number; matched: number } {
  const services: KubeObject[] = [];
  for (let i = 0; i < n; i++) {
    // every selector shares app=shop and tier=web (which sort first); only name is rare
    services.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${i}`, namespace: `ns-${i % 10}` },
      spec: { selector: { app: 'shop', tier: 'web', name: `svc-${i}` }, ports: [{ port: 80 }] },
    });
  }
  const index = indexServices(services);
  let matched = 0;
  for (let i = 0; i < n; i++) {
    matched += index.selecting(`ns-${i % 10}`, { app: 'shop', tier: 'web', name: `svc-${i}`, version: 'v1' }).length;
  }
  return { examined: index.examined, matched };
}

test('10,000 workloads × 10,000 Services cost about ten times 1,000 × 1,000', () => {
  const small = examinedFor(1_000);
  const large = examinedFor(10_000);
  assert.equal(small.matched, 1_000);
  assert.equal(large.matched, 10_000);
  assert.ok(large.examined <= 2 * 10_000, `examined ${large.examined}`);
  const ratio = large.examined / small.examined;
  assert.ok(ratio >= 9 && ratio <= 11, `ratio ${ratio}`);
});

test('a scan would examine every Service per workload; the index examines one per workload here', () => {
  assert.equal(examinedFor(1_000).examined, 1_000);
});
