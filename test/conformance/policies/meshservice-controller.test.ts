/**
 * Kuma 2.14 MeshService controller (Tier A): the MeshServices kuma-cp makes from a Service, from
 * upstream `pkg/plugins/runtime/k8s/controllers/meshservice_controller_test.go`. Each case loads the
 * cluster objects, reconciles Service demo/example once and compares the whole MeshServiceList.
 * What the fake client adds is added here: `resourceVersion: "1"` and the zero-valued status
 * fields (`dataplaneProxies: {}`, `tls: {}`) its serialisation prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { meshServicesOf, type PodEndpoint } from '../../../src/core/policies/meshservice/generate.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { readDocs, type Doc } from './rest-format.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/meshservice-controller/', CONFORMANCE));

interface CaseFile {
  inputs: { clusterObjects: string; reconcileRequest: { namespace: string; name: string } };
  reconcilerConfig: { inboundTagsDisabled: boolean };
  expected: { meshServiceList: string };
}

function meta(doc: Doc): {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
} {
  return (doc['metadata'] ?? {}) as ReturnType<typeof meta>;
}

function reconcile(c: CaseFile): unknown {
  const objects = readDocs(`${DIR}${c.inputs.clusterObjects}`);
  const { namespace, name } = c.inputs.reconcileRequest;
  const service = objects.find(
    (o) => o['kind'] === 'Service' && meta(o).name === name && meta(o).namespace === namespace,
  ) as unknown as KubeObject;
  const ns = objects.find((o) => o['kind'] === 'Namespace' && meta(o).name === namespace);
  const slices = objects.filter(
    (o) => o['kind'] === 'EndpointSlice' && meta(o).namespace === namespace && meta(o).labels?.['kubernetes.io/service-name'] === name,
  );
  const pod = (podName: string, podNs: string): Doc | undefined =>
    objects.find((o) => o['kind'] === 'Pod' && meta(o).name === podName && meta(o).namespace === podNs);
  const endpoints: PodEndpoint[] = [];
  for (const slice of slices) {
    for (const endpoint of (slice['endpoints'] as Doc[] | undefined) ?? []) {
      const ref = endpoint['targetRef'] as Doc | undefined;
      if (ref?.['kind'] !== 'Pod') continue;
      const podNs = String(ref['namespace'] ?? namespace);
      endpoints.push({
        podName: String(ref['name']),
        podNamespace: podNs,
        addresses: (endpoint['addresses'] as string[]) ?? [],
        podLabels: meta(pod(String(ref['name']), podNs) ?? {}).labels ?? {},
        uid: String(ref['uid'] ?? ''),
      });
    }
  }
  const outcome = meshServicesOf(service, {
    namespace: ns === undefined ? undefined : { labels: meta(ns).labels ?? {}, annotations: meta(ns).annotations ?? {} },
    meshMode: (mesh) => {
      const found = objects.find((o) => o['kind'] === 'Mesh' && meta(o).name === mesh);
      return found === undefined
        ? undefined
        : String(((found['spec'] as Doc | undefined)?.['meshServices'] as Doc | undefined)?.['mode'] ?? '');
    },
    // kuma-cp's isServiceForGateway: the first Pod found behind the Service decides.
    backsGateway:
      endpoints.length > 0 &&
      meta(pod(endpoints[0]!.podName, endpoints[0]!.podNamespace) ?? {}).annotations?.['kuma.io/gateway'] !== undefined,
    inboundTagsDisabled: c.reconcilerConfig.inboundTagsDisabled,
    endpoints,
    serviceUid: meta(service as unknown as Doc).uid ?? '',
  });
  // Every branch that makes no MeshService deletes the ones it made before.
  const made =
    outcome.kind === 'generated' ? [...outcome.objects].sort((a, b) => (String(a.metadata.name) < String(b.metadata.name) ? -1 : 1)) : [];
  return {
    items: made.map((ms) => {
      const { apiVersion: _a, kind: _k, ...rest } = ms;
      const status = (ms['status'] ?? {}) as Doc;
      return { ...rest, metadata: { ...ms.metadata, resourceVersion: '1' }, status: { dataplaneProxies: {}, tls: {}, ...status } };
    }),
    metadata: {},
  };
}

test('kuma-2.14 policies meshservice-controller: Service -> MeshServiceList', () => {
  const cases = readdirSync(DIR)
    .filter((f) => f.endsWith('.case.yaml'))
    .sort();
  const failures: string[] = [];
  for (const file of cases) {
    const c = readDocs(`${DIR}${file}`)[0] as unknown as CaseFile;
    const want = readDocs(`${DIR}${c.expected.meshServiceList}`)[0];
    const got = JSON.parse(JSON.stringify(reconcile(c))) as unknown;
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${file}: got ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies meshservice-controller: ${cases.length - failures.length}/${cases.length}`);
  assert.ok(cases.length > 0, `no case in ${DIR}`);
  assert.deepEqual(failures, []);
});
