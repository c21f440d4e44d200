/**
 * Matching stays linear in the bundle: policies are filed by what they select, so a Dataplane is
 * compared only with the policies that could select it (and the mesh-wide ones). With 10x the
 * workloads and 10x the policies, the comparisons grow about 10x (all pairs would grow 100x).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { dataplaneView, type DataplaneView } from '../../../src/core/policies/match/dataplane-view.ts';
import { policyView, type PolicyView } from '../../../src/core/policies/match/policy-view.ts';

function dataplane(i: number): DataplaneView {
  const ns = `ns-${i % 50}`;
  return dataplaneView(
    {
      type: 'Dataplane',
      name: `app-${i}-0.${ns}`,
      mesh: 'default',
      labels: {
        app: `app-${i}`,
        tier: i % 2 === 0 ? 'web' : 'db',
        'k8s.kuma.io/namespace': ns,
        'kuma.io/display-name': `app-${i}-0`,
        'kuma.io/zone': 'z',
      },
    },
    {
      address: '<pod-ip>',
      inbound: [
        {
          port: 8080,
          name: 'http',
          tags: {
            app: `app-${i}`,
            tier: i % 2 === 0 ? 'web' : 'db',
            'k8s.kuma.io/namespace': ns,
            'kuma.io/service': `app-${i}_${ns}_svc_80`,
          },
        },
      ],
    },
  );
}

/** One policy per workload, cycling through the ways a policy names workloads. */
function policy(i: number): PolicyView {
  const ns = `ns-${i % 50}`;
  const labels = { 'k8s.kuma.io/namespace': 'kuma-system', 'kuma.io/zone': 'z' };
  const refs = [
    { kind: 'Dataplane', labels: { app: `app-${i}` } },
    { kind: 'Dataplane', name: `app-${i}-0`, namespace: ns },
    { kind: 'MeshService', name: `app-${i}_${ns}_svc_80` },
    { kind: 'MeshSubset', tags: { app: `app-${i}`, tier: '*' } },
    { kind: 'Dataplane', labels: { app: `app-${i}`, tier: i % 2 === 0 ? 'web' : 'db' }, sectionName: 'http' },
  ];
  return policyView(
    { type: 'MeshTimeout', name: `p-${i}.kuma-system`, mesh: 'default', labels },
    { targetRef: refs[i % refs.length], rules: [{ default: {} }] },
  );
}

function cost(n: number, meshWide: number): { examined: number; matched: number } {
  const policies = Array.from({ length: n }, (_, i) => policy(i));
  for (let j = 0; j < meshWide; j++)
    policies.push(policyView({ type: 'MeshTimeout', name: `all-${j}`, mesh: 'default', labels: {} }, { targetRef: { kind: 'Mesh' } }));
  const index = indexPolicies(policies, []);
  let matched = 0;
  for (let i = 0; i < n; i++) matched += index.match('MeshTimeout', dataplane(i)).policies.length;
  return { examined: index.examined, matched };
}

test('1,000 workloads x 1,000 policies cost about a tenth of 10,000 x 10,000', () => {
  const small = cost(1_000, 2);
  const large = cost(10_000, 2);
  // Each workload is selected by its own policy and by the two mesh-wide ones.
  assert.equal(small.matched, 1_000 * 3);
  assert.equal(large.matched, 10_000 * 3);
  const ratio = small.examined / large.examined;
  console.log(`policy index comparisons: 1,000 x 1,000: ${small.examined}; 10,000 x 10,000: ${large.examined} (ratio ${ratio.toFixed(3)})`);
  assert.ok(ratio > 0.08 && ratio < 0.12, `ratio ${ratio}`);
  // Never more than the policies that can select a workload: its own and the mesh-wide ones.
  assert.ok(large.examined <= 10_000 * 3, `examined ${large.examined}`);
});

test('a policy is compared with no workload of another type, mesh or unrelated labels', () => {
  const index = indexPolicies([policy(1)], []);
  for (let i = 2; i < 200; i++) index.match('MeshTimeout', dataplane(i));
  index.match('MeshRetry', dataplane(1));
  assert.equal(index.examined, 0);
  assert.equal(index.match('MeshTimeout', dataplane(1)).policies.length, 1);
});

test('the whole analysis stays linear: 1,000 x 1,000 costs about a tenth of 10,000 x 10,000', async () => {
  const { analyze } = await import('../../../src/core/policies/analysis/analyze.ts');
  const { previewedDataplane } = await import('../../../src/core/policies/analysis/preview-dataplane.ts');
  const { indexDestinations } = await import('../../../src/core/policies/analysis/destinations.ts');
  const run = (n: number): { examined: number; ms: number } => {
    const dataplanes = Array.from({ length: n }, (_, i) => {
      const view = dataplane(i);
      return previewedDataplane({
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'Dataplane',
        mesh: 'default',
        metadata: {
          name: `app-${i}-0`,
          namespace: `ns-${i % 50}`,
          labels: { ...view.meta.labels },
          annotations: { 'kuma-inject.dev/preview-of': `Deployment/ns-${i % 50}/app-${i}` },
        },
        spec: { networking: { address: '<pod-ip>', inbound: [{ port: 8080, name: 'http', tags: view.inbounds[0]?.tags }] } },
      });
    });
    // Each policy: its own workload's inbound, and a timeout to that workload's MeshService (a producer-like to-entry).
    const policies = Array.from({ length: n }, (_, i) => {
      const view = policy(i);
      return {
        object: { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshTimeout', metadata: { name: `p-${i}` } },
        view: {
          ...view,
          spec: { ...view.spec, to: [{ targetRef: { kind: 'MeshService', name: `svc-${i}`, namespace: `ns-${i % 50}` } }] },
        },
        title: `kuma-system/p-${i}`,
      };
    });
    const destinations = indexDestinations(
      Array.from({ length: n }, (_, i) => ({
        object: { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshService', metadata: { name: `svc-${i}` }, spec: { ports: [{ port: 80 }] } },
        meta: {
          type: 'MeshService',
          name: `svc-${i}.ns-${i % 50}`,
          mesh: 'default',
          labels: { 'k8s.kuma.io/namespace': `ns-${i % 50}`, 'kuma.io/zone': 'z', 'kuma.io/display-name': `svc-${i}` },
        },
        preview: true,
      })),
    );
    const start = performance.now();
    const analysis = analyze({ policies, dataplanes, destinations, meshServicesMode: () => 'Exclusive', fromAsRules: () => true });
    assert.equal(
      analysis.workloads.reduce((sum, w) => sum + w.entries.filter((e) => e.scope === 'outbound').length, 0),
      n,
    );
    return { examined: analysis.examined, ms: performance.now() - start };
  };
  const small = run(1_000);
  const large = run(10_000);
  console.log(
    `analysis: 1,000 x 1,000: ${small.examined} comparisons, ${small.ms.toFixed(0)} ms; 10,000 x 10,000: ${large.examined} comparisons, ${large.ms.toFixed(0)} ms`,
  );
  const ratio = small.examined / large.examined;
  assert.ok(ratio > 0.08 && ratio < 0.12, `ratio ${ratio}`);
});
