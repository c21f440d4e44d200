/**
 * The upstream tests without golden files (extra.go-only.cases.yaml): zone-proxy mesh pre-check
 * (2.14, with Services selecting the pod) and delta xDS, run through planWorkload with the pod
 * wrapped into a Deployment. Each must decide as upstream asserts, give the same template as
 * injecting the Pod directly, be a fixed point on a second run, and uninject back to the input.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { planWorkload, type WorkloadContext } from '../../../src/core/workloads/plan-workload.ts';
import { findPodTemplate } from '../../../src/core/workloads/pod-template.ts';
import { injectPod, type PodLike } from '../../../src/core/inject/inject-pod.ts';
import type { KubeObject, ObjectMeta } from '../../../src/core/types.ts';
import { CONFORMANCE, loadCases } from './conformance-cases.ts';

interface ExtraCase {
  id: string;
  expect: 'inject' | 'error';
  runtimeOverrides: { sidecarContainersEnabled: boolean; deltaXdsEnabled?: boolean };
  pod: KubeObject;
  cluster: { meshes: KubeObject[]; namespace: KubeObject; services?: KubeObject[] };
  expectedErrorSubstring?: string;
  checks: string[];
}

function selects(service: KubeObject, namespace: string, labels: Record<string, string>): boolean {
  const selector = (service.spec as { selector?: Record<string, string> }).selector ?? {};
  return (
    service.metadata.namespace === namespace &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

const PROFILES: Record<'2.14' | '2.13', string[]> = {
  '2.14': ['extra.mesh-precheck.', 'extra.delta-xds.'],
  // 2.13 has only the delta-xDS tests (its README, "Differences in setup" 3).
  '2.13': ['extra.delta-xds.'],
};

for (const version of ['2.14', '2.13'] as const) {
  describe(`kuma-${version} injector: Go-only cases through planWorkload`, () => {
    const file = yaml.load(readFileSync(new URL('kuma-2.14/injector/extra.go-only.cases.yaml', CONFORMANCE), 'utf8')) as {
      cases: ExtraCase[];
    };
    const cases = file.cases.filter((c) => PROFILES[version].some((prefix) => c.id.startsWith(prefix)));
    // inject.config.yaml under this profile's harness, classic layout.
    const base = loadCases(version)
      .find((c) => c.id === 'inject.01')!
      .runs.find((r) => r.variant === 'classic')!.settings;
    let passed = 0;
    for (const c of cases) {
      test(c.id, () => {
        const settings = {
          ...base,
          deltaXds: c.runtimeOverrides.deltaXdsEnabled === true,
          meshes: c.cluster.meshes.map((m) => m.metadata.name ?? ''),
        };
        const ns = c.cluster.namespace.metadata;
        const nsInfo = { labels: ns.labels ?? {}, annotations: ns.annotations ?? {} };
        const services = c.cluster.services ?? [];
        const ctx: WorkloadContext = {
          settings,
          namespaces: new Map([['default', nsInfo]]),
          meshExists: (mesh) => settings.meshes.includes(mesh),
          containerPatch: () => undefined,
          servicesSelecting: (namespace, labels) => services.filter((s) => selects(s, namespace, labels)),
        };
        const metadata: ObjectMeta = { ...c.pod.metadata };
        delete metadata.name;
        delete metadata.namespace;
        const template = { metadata, spec: c.pod.spec as Record<string, unknown> };
        const workload: KubeObject = {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'w', namespace: 'default' },
          spec: { template: structuredClone(template) },
        };
        const plan = planWorkload(workload, ctx);
        if (c.expect === 'error') {
          assert.equal(plan?.decision, 'failed');
          assert.equal(plan?.object, workload);
          const error = plan?.results.find((r) => r.severity === 'error');
          assert.ok(error?.message.includes(c.expectedErrorSubstring ?? '?'), error?.message);
          assert.equal(error?.resourceRef?.kind, 'Deployment');
          passed++;
          return;
        }
        assert.equal(plan?.decision, 'injected', JSON.stringify(plan?.results));
        const got = findPodTemplate(plan!.object, [])!.template as {
          metadata: ObjectMeta;
          spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] };
        };
        // Same as injecting the Pod itself (the injector's own conformance proves that Pod path).
        const direct = injectPod(structuredClone(c.pod) as PodLike, {
          settings,
          namespace: { name: 'default', ...nsInfo },
          meshExists: ctx.meshExists,
          containerPatch: () => undefined,
          servicesSelecting: (pod) => ctx.servicesSelecting('default', pod.metadata.labels ?? {}),
        });
        assert.equal(direct.kind, 'injected');
        if (direct.kind === 'injected') {
          const expected = { ...direct.pod.metadata };
          delete expected.name;
          delete expected.namespace;
          assert.deepEqual(got, { metadata: expected, spec: direct.pod.spec });
        }
        // The upstream assertions, in words in the case file.
        assert.equal(got.spec.containers[0]?.name, 'kuma-sidecar');
        const transport = /value: (\w+)\}/.exec(c.checks.find((k) => k.includes('TRANSPORT_PROTOCOL_VARIANT')) ?? '')?.[1];
        if (transport !== undefined) {
          assert.deepEqual(
            got.spec.containers[0]?.env?.find((e) => e.name === 'KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT'),
            { name: 'KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT', value: transport },
          );
        }
        const again = planWorkload(plan!.object, ctx);
        assert.equal(again?.changed, false, JSON.stringify(again?.results));
        assert.equal(again?.object, plan!.object);
        const back = planWorkload(plan!.object, { ...ctx, settings: { ...settings, uninject: true } });
        assert.deepEqual(findPodTemplate(back!.object, [])?.template, template);
        passed++;
      });
    }
    test('summary', () => {
      console.log(`kuma-${version} injector Go-only cases via workloads: ${passed}/${cases.length}`);
      assert.equal(passed, cases.length);
    });
  });
}
