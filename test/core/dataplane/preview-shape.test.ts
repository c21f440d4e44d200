import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { checkPreviews, previewDataplane } from '../../../src/core/dataplane/preview.ts';
import { isPreview } from '../../../src/core/dataplane/preview-identity.ts';
import { indexServices } from '../../../src/core/dataplane/service-index.ts';
import { deployment, inbounds, preview, service, settings } from './helpers.ts';

const app = deployment('backend', 'shop', { app: 'backend' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]);
const svc = service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080, appProtocol: 'http' }]);
const dp = preview(app, [svc]).dataplane as KubeObject;
const annotations = dp.metadata.annotations ?? {};

describe('a preview is a preview', () => {
  test('apiVersion kuma.io/v1alpha1, kind Dataplane, top-level mesh', () => {
    assert.equal(dp.apiVersion, 'kuma.io/v1alpha1');
    assert.equal(dp.kind, 'Dataplane');
    assert.equal(dp['mesh'], 'default');
  });
  test('named like the Pod, with the runtime suffix as a placeholder, in the workload namespace', () => {
    assert.equal(dp.metadata.name, 'backend-<pod-template-hash>-<random>');
    assert.equal(dp.metadata.namespace, 'shop');
    const [owner] = dp.metadata['ownerReferences'] as Record<string, unknown>[];
    assert.deepEqual(owner, {
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'backend-<pod-template-hash>-<random>',
      uid: '<pod-uid>',
      controller: true,
      blockOwnerDeletion: true,
    });
  });
  test('local-config, so nothing applies it by accident', () => {
    assert.equal(annotations['config.kubernetes.io/local-config'], 'true');
  });
  test('marked as ours with the workload it previews', () => {
    assert.equal(annotations['kuma-inject.dev/preview-of'], 'Deployment/shop/backend');
    assert.equal(isPreview(dp), true);
    assert.equal(isPreview({ ...dp, metadata: { name: 'x', annotations: {} } }), false);
  });
  test('the pod IP is a placeholder, never invented, and listed with the other runtime fields', () => {
    const networking = (dp['spec'] as { networking: Record<string, unknown> }).networking;
    assert.equal(networking['address'], '<pod-ip>');
    const fields = (annotations['kuma-inject.dev/runtime-fields'] ?? '').split(',');
    for (const f of [
      'metadata.name',
      'metadata.ownerReferences[0].uid',
      'spec.networking.address',
      'spec.networking.inbound[*].health',
      'metadata.labels[pod-template-hash]',
      'spec.networking.inbound[*].tags[pod-template-hash]',
    ]) {
      assert.ok(fields.includes(f), `${f} in ${fields.join(',')}`);
    }
  });
  test('controller-added pod labels show as placeholders in labels and tags', () => {
    assert.equal(dp.metadata.labels?.['pod-template-hash'], '<pod-template-hash>');
    assert.equal(inbounds(dp)[0]?.tags?.['pod-template-hash'], '<pod-template-hash>');
  });
  test('node-label tags are listed, not invented', () => {
    assert.equal(
      annotations['kuma-inject.dev/node-labels'],
      'topology.kubernetes.io/zone,topology.kubernetes.io/region,kubernetes.io/hostname',
    );
    assert.equal(inbounds(dp)[0]?.tags?.['topology.kubernetes.io/zone'], undefined);
  });
  test('labelled as kuma-cp stores it: computed labels, and display-name/service-account/workload as annotations', () => {
    assert.deepEqual(dp.metadata.labels, {
      app: 'backend',
      'k8s.kuma.io/namespace': 'shop',
      'kuma.io/env': 'kubernetes',
      'kuma.io/mesh': 'default',
      'kuma.io/origin': 'zone',
      'kuma.io/proxy-type': 'sidecar',
      'kuma.io/zone': 'zone-1',
      'pod-template-hash': '<pod-template-hash>',
    });
    assert.equal(annotations['kuma.io/display-name'], 'backend-<pod-template-hash>-<random>');
    assert.equal(annotations['k8s.kuma.io/service-account'], 'default');
    assert.equal(annotations['kuma.io/workload'], 'default');
  });
  test('the injector annotations drive transparent proxying and admin', () => {
    const networking = (dp['spec'] as { networking: Record<string, unknown> }).networking;
    assert.deepEqual(networking['transparentProxying'], {
      redirectPortInbound: 15006,
      redirectPortOutbound: 15001,
      ipFamilyMode: 'DualStack',
    });
    assert.deepEqual(networking['admin'], { port: 9901 });
  });
  test('a StatefulSet Pod is named <sts>-<ordinal>', () => {
    const sts = { ...app, kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' } };
    assert.equal(preview(sts, []).dataplane?.metadata.name, 'db-<ordinal>');
  });
  test('a bare Pod keeps its name: no placeholder there', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'shop' }, spec: { containers: [] } };
    const got = preview(pod, []).dataplane as KubeObject;
    assert.equal(got.metadata.name, 'solo');
    assert.ok(!(got.metadata.annotations?.['kuma-inject.dev/runtime-fields'] ?? '').split(',').includes('metadata.name'));
  });
});

describe('when there is no preview', () => {
  test('a template the injector did not inject', () => {
    const outcome = preview(app, [svc], { pod: { metadata: { labels: { app: 'backend' } }, spec: {} } });
    assert.equal(outcome.dataplane, undefined);
    assert.deepEqual(outcome.results, []);
  });
  test('previews: off', () => {
    assert.equal(preview(app, [svc], { settings: { ...settings, previews: 'off' } }).dataplane, undefined);
  });
  test('a zone ingress outside the system namespace: kuma-cp refuses it, an error says so', () => {
    const outcome = preview(app, [svc], {}, 'default', { 'kuma.io/ingress': 'enabled' });
    assert.equal(outcome.dataplane, undefined);
    assert.equal(outcome.results[0]?.severity, 'error');
    assert.match(outcome.results[0]?.message ?? '', /Ingress can only be deployed in system namespace "kong-mesh-system"/);
  });
  test('a built-in gateway Pod: an info result, no preview', () => {
    const outcome = preview(app, [svc], {}, 'default', { 'kuma.io/gateway': 'builtin' });
    assert.equal(outcome.dataplane, undefined);
    assert.equal(outcome.results[0]?.severity, 'info');
  });
  test('a conversion error of kuma-cp is an error result naming the workload', () => {
    const outcome = preview(app, [svc], {}, 'default', { 'kuma.io/gateway': 'sometimes' });
    assert.equal(outcome.dataplane, undefined);
    assert.equal(outcome.results[0]?.severity, 'error');
    assert.match(
      outcome.results[0]?.message ?? '',
      /^Deployment shop\/backend, spec\.template\.metadata\.annotations: .*invalid delegated gateway type 'sometimes'/,
    );
  });
});

test('a kuma.io/workload label on the template is an error: Kuma denies such Pods', () => {
  const labelled = deployment('backend', 'shop', { app: 'backend', 'kuma.io/workload': 'mine' });
  const outcome = preview(labelled, []);
  assert.equal(outcome.dataplane, undefined);
  assert.equal(outcome.results[0]?.severity, 'error');
  assert.match(
    outcome.results[0]?.message ?? '',
    /^Deployment shop\/backend, spec\.template\.metadata\.labels\["kuma\.io\/workload"\]: the label is managed by Kuma \(got "mine"\)/,
  );
});

describe('zone proxies', () => {
  const ns = settings.systemNamespace;
  const ingress = deployment('zone-ingress', ns, { app: 'zone-ingress' }, [{ name: 'ingress', ports: [{ containerPort: 10001 }] }], {
    'kuma.io/ingress': 'enabled',
  });
  const lb = service('zone-ingress', ns, { app: 'zone-ingress' }, [{ port: 10001, targetPort: 10001 }], { type: 'LoadBalancer' });
  test('a zone ingress Pod (not injected) previews as a ZoneIngress; the load balancer address is a placeholder', () => {
    const outcome = previewDataplane({
      pod: (ingress['spec'] as { template: { metadata: KubeObject['metadata']; spec: Record<string, unknown> } }).template,
      namespace: ns,
      owner: ingress,
      services: indexServices([lb]),
      namespaceLabels: {},
      namespaceAnnotations: {},
      settings,
    });
    const zi = outcome.dataplane as KubeObject;
    assert.equal(zi.kind, 'ZoneIngress');
    assert.equal(zi['mesh'], undefined);
    assert.equal(zi.metadata.labels?.['kuma.io/proxy-type'], 'zoneingress');
    assert.deepEqual((zi['spec'] as Record<string, unknown>)['networking'], {
      address: '<pod-ip>',
      port: 10001,
      advertisedAddress: '<load-balancer-address>',
      advertisedPort: 10001,
    });
    assert.ok((zi.metadata.annotations?.['kuma-inject.dev/runtime-fields'] ?? '').includes('spec.networking.advertisedAddress'));
    assert.equal(isPreview(zi), true);
  });
  test('zone proxies are not part of the mesh checks', () => {
    const zi = preview(ingress, [lb]).dataplane as KubeObject;
    assert.deepEqual(
      checkPreviews([
        { dataplane: zi, owner: ingress },
        { dataplane: dp, owner: app },
      ]),
      [],
    );
  });
});
