/**
 * Kuma 2.14 Pod → Dataplane conformance: runs our converter on every PodToDataplane case of
 * ../shared/conformance/kuma-2.14/dataplane (pod + services-for-pod + the case's converter settings)
 * and compares the result with the upstream golden field for field (semantic YAML comparison, as
 * the README §4 says). No case is left out: none of them is marked out of scope by the README.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/core/types.ts';
import { podToDataplane } from '../../src/core/dataplane/convert.ts';
import { podView } from '../../src/core/dataplane/pod-view.ts';
import { serviceView } from '../../src/core/dataplane/service-view.ts';
import { ownerNameFromChain } from '../../src/core/dataplane/owner-name.ts';
import { CONVERTER_DEFAULTS } from '../../src/core/dataplane/options.ts';
import { stringMap } from '../../src/core/dataplane/kube-values.ts';

const DIR = fileURLToPath(new URL('../../../shared/conformance/kuma-2.14/dataplane/', import.meta.url));

function docs(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(DIR + file, 'utf8'))
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null);
}

function asObject(doc: Record<string, unknown>): KubeObject {
  return { apiVersion: '', kind: '', metadata: {}, ...doc } as KubeObject;
}

interface CaseFile {
  case: string;
  suite: string;
  inputs: Record<string, string | null>;
  converterConfig: { zone: string; mode: ''; systemNamespace: string; nodeLabelsToCopy: string[]; workloadLabels: string[]; inboundTagsDisabled: boolean; kubeOutboundsAsVIPs: boolean };
  mesh: { name: string; meshServicesMode?: string };
  expected: { dataplane: string | null; errorContains: string | null };
}

/** JSON normalisation of both sides (numbers compare numerically, key order is irrelevant). */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function runCase(c: CaseFile): { ok: true; object: Record<string, unknown> } | { ok: false; error: string } {
  const input = c.inputs;
  const pod = podView(docs(input['pod'] as string)[0] as Record<string, unknown>);
  const services = input['servicesForPod'] ? docs(input['servicesForPod']).map((d) => serviceView(asObject(d))) : [];
  const byKey = (file: string | null | undefined): Map<string, KubeObject> => {
    const map = new Map<string, KubeObject>();
    if (file) for (const d of docs(file)) map.set(`${(d['metadata'] as { namespace?: string }).namespace ?? ''}/${(d['metadata'] as { name: string }).name}`, asObject(d));
    return map;
  };
  const replicaSets = byKey(input['replicaSets']);
  const jobs = byKey(input['jobs']);
  const otherServices = byKey(input['otherServices']);
  const node = input['node'] ? docs(input['node'])[0] : undefined;
  const existing = input['existingDataplane'] ? docs(input['existingDataplane'])[0] : undefined;
  const existingMeta = (existing?.['metadata'] ?? {}) as Record<string, unknown>;
  const outcome = podToDataplane({
    pod,
    services,
    mesh: { name: c.mesh.name, meshServicesMode: c.mesh.meshServicesMode ?? '' },
    options: { ...CONVERTER_DEFAULTS, ...c.converterConfig },
    ownerName: () => ownerNameFromChain(pod, (kind, ns, name) => (kind === 'ReplicaSet' ? replicaSets : jobs).get(`${ns}/${name}`)),
    nodeLabels: () => (node === undefined ? undefined : stringMap((node['metadata'] as Record<string, unknown>)['labels'])),
    others: input['otherDataplanes'] ? docs(input['otherDataplanes']).map(asObject) : [],
    lookupService: (ns, name) => otherServices.get(`${ns}/${name}`),
    existing: existing === undefined ? undefined : { labels: stringMap(existingMeta['labels']), spec: existing['spec'] },
  });
  if (!outcome.ok) return outcome;
  // The Go test serialises the object it converted into: the existing one (apiVersion, kind, name,
  // namespace kept) or a fresh, unnamed one; mesh, labels and spec are the converter's.
  const object: Record<string, unknown> = existing === undefined ? {} : { ...existing };
  object['mesh'] = outcome.mesh;
  object['metadata'] = { ...existingMeta, labels: outcome.labels };
  object['spec'] = outcome.spec;
  return { ok: true, object };
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.case.yaml'))
  .sort()
  .map((f) => docs(f)[0] as unknown as CaseFile)
  .filter((c) => c.suite === 'PodToDataplane');

/** Cases left out, each with the README's reason. None: the README marks every PodToDataplane case in scope. */
const LEFT_OUT: Readonly<Record<string, string>> = {};

let goldenPass = 0;
let goldenTotal = 0;
let errorPass = 0;
let errorTotal = 0;

for (const c of cases) {
  if (c.case in LEFT_OUT) continue;
  test(`kuma-2.14 dataplane ${c.case}`, () => {
    const result = runCase(c);
    if (c.expected.errorContains !== null) {
      errorTotal++;
      assert.equal(result.ok, false, 'expected a conversion error');
      if (!result.ok) assert.ok(result.error.includes(c.expected.errorContains), result.error);
      errorPass++;
      return;
    }
    goldenTotal++;
    if (!result.ok) assert.fail(`conversion failed: ${result.error}`);
    const golden = docs(c.expected.dataplane as string)[0];
    assert.deepEqual(normalise(result.object), normalise(golden));
    goldenPass++;
  });
}

test('kuma-2.14 dataplane: pass count', () => {
  console.log(`kuma-2.14 dataplane: ${goldenPass}/${goldenTotal}`);
  console.log(`kuma-2.14 dataplane error cases: ${errorPass}/${errorTotal}`);
  assert.equal(cases.length, 49, 'the README lists 49 PodToDataplane entries (48 goldens + 1 error case)');
  assert.equal(goldenPass, 48);
  assert.equal(errorPass, 1);
});
