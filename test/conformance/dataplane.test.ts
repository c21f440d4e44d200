/**
 * Kuma 2.14 Pod → Dataplane conformance: runs our converter on every PodToDataplane case of
 * ../shared/conformance/kuma-2.14/dataplane (pod + services-for-pod + the case's converter settings)
 * and compares the result with the upstream golden field for field (semantic YAML comparison, as
 * the README §4 says). No case is left out: none of them is marked out of scope by the README.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/core/types.ts';
import { podToDataplane } from '../../src/core/dataplane/convert.ts';
import { podView } from '../../src/core/dataplane/pod-view.ts';
import { serviceView } from '../../src/core/dataplane/service-view.ts';
import { ownerNameFromChain } from './owner-chain.ts';
import { CONVERTER_DEFAULTS } from '../../src/core/dataplane/options.ts';
import { stringMap } from '../../src/core/dataplane/kube-values.ts';
import { protocolFor } from '../../src/core/dataplane/protocol.ts';
import { metricsAggregateFor } from '../../src/core/dataplane/metrics.ts';
import { findPort } from '../../src/core/dataplane/find-port.ts';
import { indexServices } from '../../src/core/dataplane/service-index.ts';
import { meshOf } from '../../src/core/kuma-api/mesh-of.ts';
import { serviceTag, tagsForServicePort } from '../../src/core/dataplane/inbound-tags.ts';
import { ConversionError } from '../../src/core/dataplane/conversion-error.ts';
import { storedForm } from '../../src/core/dataplane/admission.ts';
import { dataplaneLabels } from '../../src/core/dataplane/labels.ts';
import { podToZoneProxy, type NodeAddress } from '../../src/core/dataplane/zone-proxies.ts';
import { previewDataplane } from '../../src/core/dataplane/preview.ts';
import { defaultSettings } from '../../src/config/profiles.ts';
import { VERSION_PROFILES, versionProfile } from '../../src/config/releases.ts';
import type { ConverterCapabilities } from '../../src/core/release.ts';
import { CONFORMANCE } from './conformance-dir.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { yamlFileDocuments } from './yaml-files.ts';

const CAPABILITIES = versionProfile('2.14').converter;

const DIR = fileURLToPath(new URL('kuma-2.14/dataplane/', CONFORMANCE));

function docs(file: string, dir = DIR): Record<string, unknown>[] {
  return yamlFileDocuments(dir + file).filter((d): d is Record<string, unknown> => d !== null);
}

function asObject(doc: Record<string, unknown>): KubeObject {
  return { apiVersion: '', kind: '', metadata: {}, ...doc } as KubeObject;
}

interface CaseFile {
  case: string;
  suite: string;
  inputs: Record<string, string | null>;
  converterConfig: {
    zone: string;
    mode: '';
    systemNamespace: string;
    nodeLabelsToCopy: string[];
    workloadLabels: string[];
    inboundTagsDisabled: boolean;
    kubeOutboundsAsVIPs: boolean;
  };
  mesh: { name: string; meshServicesMode?: string };
  /** kuma-next: the test names the target object like the Pod before converting. */
  existingDataplaneNameOverride?: string | null;
  expected: { dataplane: string | null; errorContains: string | null };
}

/** JSON normalisation of both sides (numbers compare numerically, key order is irrelevant). */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function runCase(
  c: CaseFile,
  dir = DIR,
  capabilities = CAPABILITIES,
): { ok: true; object: Record<string, unknown> } | { ok: false; error: string } {
  const read = (file: string): Record<string, unknown>[] => docs(file, dir);
  const input = c.inputs;
  const pod = podView(read(input['pod'] as string)[0] as Record<string, unknown>);
  const services = input['servicesForPod'] ? read(input['servicesForPod']).map((d) => serviceView(asObject(d))) : [];
  const byKey = (file: string | null | undefined): Map<string, KubeObject> => {
    const map = new Map<string, KubeObject>();
    if (file)
      for (const d of read(file))
        map.set(`${(d['metadata'] as { namespace?: string }).namespace ?? ''}/${(d['metadata'] as { name: string }).name}`, asObject(d));
    return map;
  };
  const replicaSets = byKey(input['replicaSets']);
  const jobs = byKey(input['jobs']);
  const otherServices = byKey(input['otherServices']);
  const node = input['node'] ? read(input['node'])[0] : undefined;
  const existing = input['existingDataplane'] ? read(input['existingDataplane'])[0] : undefined;
  const existingMeta = (existing?.['metadata'] ?? {}) as Record<string, unknown>;
  const outcome = podToDataplane({
    readYaml: readYamlNode,
    pod,
    services,
    mesh: { name: c.mesh.name, meshServicesMode: c.mesh.meshServicesMode ?? '' },
    options: { ...CONVERTER_DEFAULTS, capabilities, ...c.converterConfig },
    ownerName: () => ownerNameFromChain(pod, (kind, ns, name) => (kind === 'ReplicaSet' ? replicaSets : jobs).get(`${ns}/${name}`)),
    nodeLabels: () => (node === undefined ? undefined : stringMap((node['metadata'] as Record<string, unknown>)['labels'])),
    others: input['otherDataplanes'] ? read(input['otherDataplanes']).map(asObject) : [],
    lookupService: (ns, name) => otherServices.get(`${ns}/${name}`),
    existing: existing === undefined ? undefined : { labels: stringMap(existingMeta['labels']), spec: existing['spec'] },
  });
  if (!outcome.ok) return outcome;
  // The Go test serialises the object it converted into: the existing one (apiVersion, kind, name,
  // namespace kept) or a fresh, unnamed one; mesh, labels and spec are the converter's.
  const object: Record<string, unknown> = existing === undefined ? {} : { ...existing };
  object['mesh'] = outcome.mesh;
  object['metadata'] = { ...existingMeta, labels: outcome.labels };
  if (c.existingDataplaneNameOverride === '<pod metadata.name>') (object['metadata'] as Record<string, unknown>)['name'] = pod.name;
  object['spec'] = outcome.spec;
  return { ok: true, object };
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.case.yaml'))
  .sort()
  .map((f) => docs(f)[0] as unknown as CaseFile)
  .filter((c) => c.suite === 'PodToDataplane');

/** Every profile with converter goldens: its folder, label and capabilities. */
const DATAPLANE_PROFILES = VERSION_PROFILES.flatMap((p) =>
  p.conformance.dataplane === undefined
    ? []
    : [
        {
          version: p.version,
          dir: fileURLToPath(new URL(`${p.conformance.dataplane}/`, CONFORMANCE)),
          label: `${p.conformance.dataplane.split('/')[0]} dataplane`,
          caps: p.converter,
        },
      ],
);

/** Unit-table entries + NameExtractor cases per folder, as README §4.1 counts them. */
const UNIT_TOTALS: Readonly<Record<string, number>> = { 'kuma-2.14 dataplane': 50, 'kuma-next dataplane': 46 };

// Every other profile with converter goldens (the README of kuma-2.14/dataplane covers them too and
// marks every PodToDataplane entry in scope): same loop, the profile's capabilities.
for (const profile of VERSION_PROFILES) {
  const folder = profile.conformance.dataplane;
  if (folder === undefined || profile.version === '2.14') continue;
  const dir = fileURLToPath(new URL(`${folder}/`, CONFORMANCE));
  const label = `${folder.split('/')[0]} dataplane`;
  const own = readdirSync(dir)
    .filter((f) => f.endsWith('.case.yaml'))
    .sort()
    .map((f) => docs(f, dir)[0] as unknown as CaseFile)
    .filter((c) => c.suite === 'PodToDataplane');
  let pass = 0;
  let errors = 0;
  for (const c of own) {
    test(`${label} ${c.case}`, () => {
      const result = runCase(c, dir, profile.converter);
      if (c.expected.errorContains !== null) {
        assert.equal(result.ok, false, 'expected a conversion error');
        if (!result.ok) assert.ok(result.error.includes(c.expected.errorContains), result.error);
        errors++;
        return;
      }
      if (!result.ok) assert.fail(`conversion failed: ${result.error}`);
      assert.deepEqual(normalise(result.object), normalise(docs(c.expected.dataplane as string, dir)[0]));
      pass++;
    });
  }
  test(`${label}: pass count`, () => {
    const goldens = own.filter((c) => c.expected.errorContains === null).length;
    console.log(`${label}: ${pass}/${goldens}`);
    console.log(`${label} error cases: ${errors}/${own.length - goldens}`);
    assert.ok(own.length > 0, `no PodToDataplane case in ${dir}`);
    assert.equal(pass, goldens);
    assert.equal(errors, own.length - goldens);
  });
}

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

// ---- Unit tables (unit/*.cases.yaml) and the NameExtractor cases (serviceless/) ----

type Entry = Record<string, unknown>;
const svc = (meta: Entry, spec: Entry): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec }) as KubeObject;

for (const dp of DATAPLANE_PROFILES)
  test(`${dp.label} unit tables`, () => {
    /** A table of unit/, or undefined where the release has none (tags, metrics: 2.14 only; tag-free inbounds: kuma-next). */
    const unit = (name: string): Record<string, unknown> | undefined =>
      existsSync(`${dp.dir}unit/${name}`) ? (docs(`unit/${name}`, dp.dir)[0] as Record<string, unknown>) : undefined;
    const none: Record<string, unknown> = { entries: [], errorEntries: [] };
    let pass = 0;
    let total = 0;
    const check = (fn: () => void): void => {
      total++;
      fn();
      pass++;
    };

    const tags = unit('inbound-tags-for-service.cases.yaml') ?? { ...none, basePod: {}, baseService: {} };
    const basePod = tags['basePod'] as Entry;
    const baseService = tags['baseService'] as { metadata: Entry; spec: { ports: Entry[] } };
    for (const e of tags['entries'] as Entry[]) {
      check(() => {
        const pod = podView({ ...basePod, metadata: { ...(basePod['metadata'] as Entry), labels: e['podLabels'] ?? undefined } });
        const port = { ...(baseService.spec.ports[0] as Entry), ...(e['appProtocol'] === null ? {} : { appProtocol: e['appProtocol'] }) };
        const service = serviceView(svc({ ...baseService.metadata, annotations: e['serviceAnnotations'] ?? undefined }, { ports: [port] }));
        const got = tagsForServicePort(e['zone'] as string, pod, service, service.ports[0]!, stringMap(e['nodeLabels']));
        assert.deepEqual(got, e['expectedTags'], e['title'] as string);
      });
    }

    const interfaces = unit('inbound-interfaces-for.cases.yaml');
    if (interfaces !== undefined) inboundInterfaces(interfaces, dp.caps, check);

    for (const e of (unit('protocol-tag-for.cases.yaml') ?? none)['entries'] as Entry[]) {
      check(() => {
        const port: Entry = {
          name: 'http',
          port: 80,
          targetPort: 8080,
          ...(e['appProtocol'] === null ? {} : { appProtocol: e['appProtocol'] }),
        };
        const service = serviceView(
          svc({ namespace: 'demo', name: 'example', annotations: e['annotations'] ?? undefined }, { ports: [port] }),
        );
        assert.equal(protocolFor(service, service.ports[0]!, dp.caps.kafkaProtocol), e['expected'], e['title'] as string);
      });
    }

    const metrics = unit('metrics-aggregate-for.cases.yaml') ?? none;
    for (const e of metrics['entries'] as Entry[]) {
      check(() => {
        const got = metricsAggregateFor(stringMap(e['annotations'])) ?? [];
        const byName = (list: unknown[]): unknown[] =>
          [...list].sort((a, b) => String((a as Entry)['name']).localeCompare(String((b as Entry)['name'])));
        assert.deepEqual(normalise(byName(got)), normalise(byName(e['expected'] as unknown[])), e['title'] as string);
      });
    }
    for (const e of metrics['errorEntries'] as Entry[]) {
      check(() =>
        assert.throws(
          () => metricsAggregateFor(stringMap(e['annotations'])),
          (err: unknown) => err instanceof ConversionError && err.message === e['expectedError'],
        ),
      );
    }

    const util = unit('k8s-util.cases.yaml') as Record<string, unknown>;
    const findPortTable = util['findPort'] as { entries: Entry[]; errorEntries: Entry[] };
    for (const e of [...findPortTable.entries, ...findPortTable.errorEntries]) {
      check(() => {
        const pod = podView({ metadata: { uid: e['podUid'] }, spec: { containers: e['containers'] } });
        const port = serviceView(svc({}, { ports: [e['servicePort']] })).ports[0]!;
        const got = findPort(pod, port);
        if (e['expectedError'] !== undefined) assert.equal(got.found, false, e['title'] as string);
        else
          assert.deepEqual(got.found ? [got.port, got.name] : undefined, [e['expectedPort'], e['expectedPortName']], e['title'] as string);
      });
    }
    for (const e of (util['matchServiceThatSelectsPod'] as { entries: Entry[] }).entries) {
      check(() => {
        const index = indexServices(
          [svc({ name: 's', namespace: 'demo' }, { selector: e['serviceSelector'] })],
          e['ignoredLabels'] as string[],
        );
        assert.equal(index.selecting('demo', stringMap(e['podLabels'])).length === 1, e['expected'], e['title'] as string);
      });
    }
    for (const e of (util['matchService'] as { entries: Entry[] }).entries) {
      check(() => {
        const items = (e['services'] as Entry[]).map((s) =>
          svc({ name: s['name'], namespace: s['namespace'] ?? 'demo' }, { selector: s['selector'] }),
        );
        const names = indexServices(items)
          .selecting('demo', stringMap(e['podLabels']))
          .map((s) => s.metadata.name);
        assert.deepEqual([...names].sort(), [...(e['expectedNames'] as string[])].sort(), e['title'] as string);
      });
    }
    const tag = util['serviceTag'] as Entry;
    check(() => assert.equal(serviceTag('example', 'demo', tag['port'] as number), tag['expected']));

    for (const e of (unit('mesh-of.cases.yaml') ?? none)['entries'] as Entry[]) {
      check(() => {
        const got = meshOf(
          { labels: stringMap(e['podLabels']), annotations: stringMap(e['podAnnotations']) },
          { labels: stringMap(e['nsLabels']), annotations: stringMap(e['nsAnnotations']) },
          dp.caps.meshAnnotation,
        );
        assert.equal(got.mesh, e['expected'], e['title'] as string);
      });
    }

    for (const file of readdirSync(`${dp.dir}serviceless`)
      .filter((f) => f.endsWith('.case.yaml'))
      .sort()) {
      check(() => {
        const c = docs(`serviceless/${file}`, dp.dir)[0] as {
          inputs: Record<string, string | null>;
          expected: { name: string; kind: string };
        };
        const pod = podView(docs(`serviceless/${c.inputs['pod']}`, dp.dir)[0] as Entry);
        const owners = new Map<string, KubeObject>();
        for (const key of ['replicaSets', 'jobs']) {
          const f = c.inputs[key];
          if (f)
            for (const d of docs(`serviceless/${f}`, dp.dir))
              owners.set(`${(d['metadata'] as Entry)['namespace']}/${(d['metadata'] as Entry)['name']}`, asObject(d));
        }
        assert.deepEqual(
          ownerNameFromChain(pod, (_k, ns, name) => owners.get(`${ns}/${name}`)),
          c.expected,
          file,
        );
      });
    }
    console.log(`${dp.label} unit tables: ${pass}/${total}`);
    // README §4.1: 2.14: 9 tags + 8 protocol + 2+2 metrics + 7+4 FindPort + 3+2 predicates + 1 service tag + 6 mesh + 6 NameExtractor;
    // kuma-next: 7 tag-free inbounds + 1 dedup + 1 gateway + 8 protocol + 7+4 FindPort + 3+2 predicates + 1 service tag + 6 mesh + 6
    // NameExtractor.
    assert.equal(total, UNIT_TOTALS[dp.label], 'every table the README counts ran');
  });

// ---- Pod reconciler goldens (pod_controller/): Service matching through our index, zone-mode labels ----

for (const dp of DATAPLANE_PROFILES)
  test(`${dp.label} pod reconciler goldens`, () => {
    const cluster = docs('pod_controller/cluster.yaml', dp.dir).map(asObject);
    const index = indexServices(cluster);
    let pass = 0;
    const files = readdirSync(`${dp.dir}pod_controller`)
      .filter((f) => f.endsWith('.case.yaml') && f !== 'behaviour.case.yaml')
      .sort();
    for (const file of files) {
      const c = docs(`pod_controller/${file}`, dp.dir)[0] as {
        inputs: { preExistingDataplane: Entry | null; reconcileRequest: { namespace: string; name: string } };
        reconcilerConfig: CaseFile['converterConfig'] & { ignoredServiceSelectorLabels: string[] };
        expected: { dataplane: string };
      };
      const { namespace, name } = c.inputs.reconcileRequest;
      const podObject = cluster.find((o) => o.kind === 'Pod' && o.metadata.namespace === namespace && o.metadata.name === name)!;
      const pod = podView(podObject);
      const ns = cluster.find((o) => o.kind === 'Namespace' && o.metadata.name === namespace)!;
      // Selector-less Services attach through an EndpointSlice whose endpoint targets the Pod's UID:
      // runtime data offline, present in this cluster fixture.
      const uid = podObject.metadata['uid'];
      const viaSlices = index
        .selectorless(namespace)
        .filter((svc) =>
          cluster.some(
            (o) =>
              o.kind === 'EndpointSlice' &&
              o.metadata.namespace === namespace &&
              o.metadata.labels?.['kubernetes.io/service-name'] === svc.name &&
              (o['endpoints'] as { targetRef?: { uid?: string } }[]).some((e) => e.targetRef?.uid === uid),
          ),
        );
      const services = [...index.selectingViews(namespace, pod.labels), ...viaSlices].sort((a, b) => (a.name < b.name ? -1 : 1));
      const mesh = meshOf(
        pod,
        { labels: stringMap(ns.metadata.labels), annotations: stringMap(ns.metadata.annotations) },
        dp.caps.meshAnnotation,
      ).mesh;
      const meshSpec = (index.mesh(mesh)?.['spec'] ?? {}) as { meshServices?: { mode?: string } };
      const existing = c.inputs.preExistingDataplane;
      const existingMeta = (existing?.['metadata'] ?? {}) as Entry;
      const others = existing !== null && existing['mesh'] === mesh ? [asObject(existing)] : [];
      const outcome = podToDataplane({
        readYaml: readYamlNode,
        pod,
        services,
        mesh: { name: mesh, meshServicesMode: meshSpec.meshServices?.mode ?? '' },
        options: { ...CONVERTER_DEFAULTS, capabilities: dp.caps, ...c.reconcilerConfig },
        ownerName: () => ownerNameFromChain(pod, () => undefined),
        others,
        lookupService: (n, s) => cluster.find((o) => o.kind === 'Service' && o.metadata.namespace === n && o.metadata.name === s),
        existing: existing === null ? undefined : { labels: stringMap(existingMeta['labels']), spec: existing['spec'] },
      });
      if (!outcome.ok) assert.fail(`${file}: ${outcome.error}`);
      const object = {
        mesh: outcome.mesh,
        metadata: {
          ...existingMeta,
          name,
          namespace,
          labels: outcome.labels,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: outcome.spec,
      };
      const golden = docs(`pod_controller/${c.expected.dataplane}`, dp.dir)[0] as { metadata: Entry };
      delete golden.metadata['resourceVersion']; // written by the fake API client, not by kuma-cp
      assert.deepEqual(normalise(object), normalise(golden), file);
      pass++;
    }
    console.log(`${dp.label} pod reconciler: ${pass}/${files.length}`);
    assert.equal(files.length, 5);
  });

// ---- Admission defaulter (admission/): the stored form previews show ----

for (const dp of DATAPLANE_PROFILES)
  test(`${dp.label} admission: stored form`, () => {
    const c = docs('admission/defaulter-dataplane.case.yaml', dp.dir)[0] as {
      webhookConfig: { zoneName: string };
      input: KubeObject;
      expected: KubeObject;
    };
    const { input } = c;
    const labels = dataplaneLabels({
      existing: input.metadata.labels ?? {},
      podLabels: {},
      nodeLabels: {},
      mesh: input['mesh'] as string,
      mode: 'zone',
      zone: c.webhookConfig.zoneName,
      namespace: input.metadata.namespace ?? '',
      serviceAccount: '',
      workload: '',
      previous: { builtinGateway: false, ingressListener: false, egressListener: false },
      proxyTypeLabel: dp.caps.proxyTypeLabel,
    });
    const stored = storedForm(
      input.metadata.name ?? '',
      labels,
      input['spec'] as Record<string, never>,
      'Dataplane',
      dp.caps.proxyTypeLabel,
    );
    const object = { ...input, metadata: { ...input.metadata, labels: stored.labels, annotations: stored.annotations } };
    assert.deepEqual(normalise(object), normalise(c.expected));
    console.log(`${dp.label} admission: 1/1`);
  });

// ---- PodToIngress / PodToEgress (ingress/, egress/): legacy zone proxies ----

/** Go's serialiser omits empty values (creationTimestamp: null). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

for (const dp of DATAPLANE_PROFILES.filter((x) => existsSync(`${x.dir}ingress`)))
  test(`${dp.label} zone ingress and egress goldens`, () => {
    let pass = 0;
    let total = 0;
    for (const [dir, kind] of [
      ['ingress', 'ZoneIngress'],
      ['egress', 'ZoneEgress'],
    ] as const) {
      for (const file of readdirSync(`${dp.dir}${dir}`)
        .filter((f) => f.endsWith('.case.yaml'))
        .sort()) {
        total++;
        const c = docs(`${dir}/${file}`, dp.dir)[0] as {
          inputs: Record<string, string | null>;
          converterConfig: CaseFile['converterConfig'];
          expected: { object: string | null; errorContains: string | null };
        };
        const pod = podView(docs(`${dir}/${c.inputs['pod']}`, dp.dir)[0] as Entry);
        const services = c.inputs['servicesForPod']
          ? docs(`${dir}/${c.inputs['servicesForPod']}`, dp.dir).map((d) => serviceView(asObject(d)))
          : [];
        const node = c.inputs['node'] ? docs(`${dir}/${c.inputs['node']}`, dp.dir)[0] : undefined;
        const existing = c.inputs['existingObject'] ? docs(`${dir}/${c.inputs['existingObject']}`, dp.dir)[0] : undefined;
        const existingMeta = (existing?.['metadata'] ?? {}) as Entry;
        const outcome = podToZoneProxy(kind, {
          pod,
          services,
          options: { ...CONVERTER_DEFAULTS, capabilities: CAPABILITIES, ...c.converterConfig },
          ownerName: () => ownerNameFromChain(pod, () => undefined),
          nodeAddresses: () => (node === undefined ? undefined : ((node['status'] as Entry)['addresses'] as NodeAddress[])),
          existing: existing === undefined ? undefined : { labels: stringMap(existingMeta['labels']), spec: existing['spec'] },
        });
        if (c.expected.errorContains !== null) {
          assert.ok(!outcome.ok && outcome.error.includes(c.expected.errorContains), file);
        } else {
          if (!outcome.ok) assert.fail(`${dir}/${file}: ${outcome.error}`);
          const object = { ...existing, metadata: { ...existingMeta, labels: outcome.labels }, spec: outcome.spec };
          assert.deepEqual(
            withoutNulls(normalise(object)),
            withoutNulls(normalise(docs(`${dir}/${c.expected.object}`, dp.dir)[0])),
            `${dir}/${file}`,
          );
        }
        pass++;
      }
    }
    console.log(`${dp.label} zone ingress/egress: ${pass}/${total}`);
    assert.equal(total, 14);
  });

// ---- Pod reconciler behaviour (pod_controller/behaviour.case.yaml) through previewDataplane ----

/** Assertions that need cluster state an offline tool never has. */
const BEHAVIOUR_NOT_OFFLINE: Readonly<Record<string, string>> = {
  'should ignore deleted Pods': 'a reconcile request for a Pod that does not exist has no offline counterpart',
  'should ignore Pods without IP address': 'the Pod IP is runtime data; previews always show a placeholder',
};

for (const dp of DATAPLANE_PROFILES)
  test(`${dp.label} pod reconciler behaviour`, () => {
    const c = docs('pod_controller/behaviour.case.yaml', dp.dir)[0] as {
      reconcilerConfig: { zone: string; systemNamespace: string };
      assertions: {
        title: string;
        request: { namespace: string; name: string };
        expect: { error: string | null; dataplanesInCluster?: number; eventContains?: string };
      }[];
    };
    const cluster = docs('pod_controller/cluster.yaml', dp.dir).map(asObject);
    const services = indexServices(cluster);
    const settings = {
      ...defaultSettings('kuma', dp.version),
      zone: c.reconcilerConfig.zone,
      systemNamespace: c.reconcilerConfig.systemNamespace,
      meshes: ['default', 'poc', 'poc-ms'],
    };
    let pass = 0;
    let total = 0;
    for (const a of c.assertions) {
      if (a.title in BEHAVIOUR_NOT_OFFLINE) continue;
      total++;
      const pod = cluster.find(
        (o) => o.kind === 'Pod' && o.metadata.namespace === a.request.namespace && o.metadata.name === a.request.name,
      )!;
      const outcome = previewDataplane({
        readYaml: readYamlNode,
        pod: { metadata: pod.metadata, spec: (pod['spec'] ?? {}) as Record<string, unknown> },
        namespace: a.request.namespace,
        owner: pod,
        services,
        namespaceLabels: {},
        namespaceAnnotations: {},
        settings,
      });
      const errors = outcome.results.filter((r) => r.severity === 'error').map((r) => r.message);
      if (a.expect.error !== null)
        assert.ok(
          errors.some((m) => m.includes(a.expect.error as string)),
          `${a.title}: ${errors.join('; ')}`,
        );
      else assert.deepEqual(errors, [], a.title);
      if (a.expect.dataplanesInCluster === 0) assert.equal(outcome.dataplane, undefined, a.title);
      // Normal events say a Dataplane was written; warning events are warnings of the preview.
      if (a.expect.eventContains !== undefined && /^(Created|Updated)KumaDataplane/.test(a.expect.eventContains))
        assert.notEqual(outcome.dataplane, undefined, a.title);
      else if (a.expect.eventContains !== undefined)
        assert.ok(
          outcome.results.some((r) => r.severity === 'warning' && r.message.includes(a.expect.eventContains as string)),
          a.title,
        );
      if (a.title.includes('creates a ZoneIngress')) assert.equal(outcome.dataplane?.kind, 'ZoneIngress');
      if (a.title.includes('creates a ZoneEgress')) assert.equal(outcome.dataplane?.kind, 'ZoneEgress');
      pass++;
    }
    console.log(`${dp.label} pod reconciler behaviour: ${pass}/${total} (${Object.keys(BEHAVIOUR_NOT_OFFLINE).length} need a cluster)`);
    assert.equal(total, c.assertions.length - Object.keys(BEHAVIOUR_NOT_OFFLINE).length);
  });

/** kuma-next unit/inbound-interfaces-for: tag-free inbounds, the best of duplicates, the empty delegated gateway. */
function inboundInterfaces(table: Record<string, unknown>, caps: ConverterCapabilities, check: (fn: () => void) => void): void {
  const options = { ...CONVERTER_DEFAULTS, capabilities: caps, zone: 'zone-1', mode: '' as const, nodeLabelsToCopy: [] };
  const convert = (pod: Entry, services: KubeObject[], annotations: Record<string, string> = {}) =>
    podToDataplane({
      pod: podView({ ...pod, metadata: { ...(pod['metadata'] as Entry), annotations } }),
      services: services.map((s) => serviceView(s)),
      mesh: { name: 'default', meshServicesMode: '' },
      options,
      ownerName: () => ({ name: 'example', kind: 'Pod' }),
    });
  const basePod = table['basePod'] as Entry;
  const baseService = table['baseService'] as { metadata: Entry; spec: { ports: Entry[] } };
  for (const e of table['entries'] as Entry[]) {
    check(() => {
      const pod = {
        ...basePod,
        metadata: { ...(basePod['metadata'] as Entry), labels: e['podLabels'] ?? undefined },
        spec: { ...(basePod['spec'] as Entry), containers: [{ ports: [{ containerPort: 8080 }] }] },
        status: { containerStatuses: [{ ready: true }] },
      };
      const port = { ...(baseService.spec.ports[0] as Entry), ...(e['appProtocol'] === null ? {} : { appProtocol: e['appProtocol'] }) };
      const service = svc({ ...baseService.metadata, annotations: e['serviceAnnotations'] ?? undefined }, { ports: [port] });
      const outcome = convert(pod, [service]);
      if (!outcome.ok) assert.fail(outcome.error);
      const inbounds = (outcome.spec['networking'] as { inbound: Entry[] }).inbound;
      const expected = e['expectedInbound'] as { port: number; state: string; health: Entry; tagsPresent: boolean };
      assert.equal(inbounds.length, 1, e['title'] as string);
      const [inbound] = inbounds as [Entry];
      assert.equal(inbound['port'], expected.port);
      assert.equal(inbound['state'] ?? 'Ready', expected.state);
      assert.deepEqual(inbound['health'], expected.health);
      assert.equal('tags' in inbound, expected.tagsPresent);
      assert.equal(inbound['protocol'], e['expectedProtocol'], e['title'] as string);
    });
  }
  const prefer = table['preferReadyOverIgnored'] as {
    title: string;
    pod: Entry;
    services: Entry[];
    expected: { count: number; state: string; health: Entry };
  };
  check(() => {
    const outcome = convert(
      prefer.pod,
      prefer.services.map((s) => svc(s['metadata'] as Entry, s['spec'] as Entry)),
    );
    if (!outcome.ok) assert.fail(outcome.error);
    const inbounds = (outcome.spec['networking'] as { inbound: Entry[] }).inbound;
    assert.equal(inbounds.length, prefer.expected.count, prefer.title);
    assert.equal(inbounds[0]!['state'] ?? 'Ready', prefer.expected.state, prefer.title);
    assert.deepEqual(inbounds[0]!['health'], prefer.expected.health, prefer.title);
  });
  const gateway = table['gatewayByServiceFor'] as { title: string; expected: { type: string; tags: Entry } };
  check(() => {
    const outcome = convert(basePod, [svc(baseService.metadata, baseService.spec)], { 'kuma.io/gateway': 'enabled' });
    if (!outcome.ok) assert.fail(outcome.error);
    // DELEGATED is the zero value and empty tags are omitted: `gateway: {}`.
    assert.equal(gateway.expected.type, 'DELEGATED');
    assert.deepEqual(gateway.expected.tags, {});
    assert.deepEqual((outcome.spec['networking'] as Entry)['gateway'], {}, gateway.title);
  });
}
