import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { checkPreviews } from '../../../src/core/dataplane/preview.ts';
import { indexServices } from '../../../src/core/dataplane/service-index.ts';
import { previewDataplane } from '../../../src/core/dataplane/preview.ts';
import { deployment, preview, service, settings } from './helpers.ts';

const app = deployment('backend', 'shop', { app: 'backend' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]);

/** Previews with the template's labels and annotations exactly as given (no mesh label added). */
function previewRaw(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  ns: { labels?: Record<string, string>; annotations?: Record<string, string> },
  bundle: KubeObject[] = [],
) {
  return previewDataplane({
    pod: { metadata: { labels, annotations: { 'kuma.io/sidecar-injected': 'true', ...annotations } }, spec: { containers: [] } },
    namespace: 'shop',
    owner: app,
    services: indexServices(bundle),
    namespaceLabels: ns.labels ?? {},
    namespaceAnnotations: ns.annotations ?? {},
    settings: { ...settings, meshes: ['default', 'blue', 'green', 'red'] },
  });
}

describe('mesh', () => {
  test('the kuma.io/mesh label of the pod wins', () => {
    assert.equal(previewRaw({ 'kuma.io/mesh': 'blue' }, {}, { labels: { 'kuma.io/mesh': 'green' } }).dataplane?.['mesh'], 'blue');
  });
  test('then the namespace label', () => {
    assert.equal(previewRaw({}, {}, { labels: { 'kuma.io/mesh': 'green' } }).dataplane?.['mesh'], 'green');
  });
  test('then default', () => {
    assert.equal(previewRaw({}, {}, {}).dataplane?.['mesh'], 'default');
  });
  test('the deprecated pod annotation still counts in 2.14 (before the namespace label), with a warning', () => {
    const outcome = previewRaw({}, { 'kuma.io/mesh': 'red' }, { labels: { 'kuma.io/mesh': 'green' } });
    assert.equal(outcome.dataplane?.['mesh'], 'red');
    assert.match(outcome.results.map((r) => r.message).join('\n'), /kuma\.io\/mesh annotation is deprecated \(got "red"\)/);
  });
  test('the mesh goes to the top-level mesh field and the kuma.io/mesh label', () => {
    const dp = previewRaw({ 'kuma.io/mesh': 'blue' }, {}, {}).dataplane;
    assert.equal(dp?.metadata.labels?.['kuma.io/mesh'], 'blue');
  });
  test('a Mesh object of the bundle is used: Exclusive meshServices turns zone-proxy Services into listeners', () => {
    const mesh: KubeObject = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Mesh',
      metadata: { name: 'blue' },
      spec: { meshServices: { mode: 'Exclusive' } },
    };
    const zoneIngress = {
      ...service('zi', 'shop', { app: 'backend' }, [{ name: 'zi', port: 10001, targetPort: 10001 }]),
      metadata: { name: 'zi', namespace: 'shop', labels: { 'k8s.kuma.io/zone-proxy-type': 'ingress' } },
    };
    const withMesh = previewRaw({ app: 'backend', 'kuma.io/mesh': 'blue' }, {}, {}, [mesh, zoneIngress]).dataplane;
    const without = previewRaw({ app: 'backend', 'kuma.io/mesh': 'blue' }, {}, {}, [zoneIngress]).dataplane;
    const listeners = (dp: KubeObject | undefined) => (dp?.['spec'] as { networking: { listeners?: unknown[] } }).networking.listeners;
    assert.deepEqual(listeners(withMesh), [{ type: 'ZoneIngress', address: '<pod-ip>', port: 10001, name: 'zi' }]);
    assert.equal(listeners(without), undefined);
    assert.equal(withMesh?.metadata.labels?.['kuma.io/listener-zoneingress'], 'enabled');
  });
  test('zone-proxy Services on a mesh that is not Exclusive: kuma-cp skips the listeners, a warning says so', () => {
    const zoneIngress = {
      ...service('zi', 'shop', { app: 'backend' }, [{ port: 10001 }]),
      metadata: { name: 'zi', namespace: 'shop', labels: { 'k8s.kuma.io/zone-proxy-type': 'ingress' } },
    };
    const outcome = previewRaw({ app: 'backend' }, {}, {}, [zoneIngress]);
    assert.match(
      outcome.results.map((r) => r.message).join('\n'),
      /zone proxy Services select it \(Service shop\/zi\) but Mesh "default" has spec\.meshServices\.mode unset/,
    );
  });
  test('a mesh that exists nowhere is a warning: kuma-cp waits for it', () => {
    const outcome = previewRaw({ 'kuma.io/mesh': 'purple' }, {}, {});
    assert.match(outcome.results.map((r) => r.message).join('\n'), /Mesh "purple" is neither in the bundle nor in settings\.meshes/);
  });
});

describe('cross-workload checks', () => {
  const a = deployment('a', 'shop', { app: 'a', tier: 'web' });
  const b = deployment('b', 'shop', { app: 'b', tier: 'web' });
  const c = deployment('c', 'other', { app: 'c' });
  const web = service('web', 'shop', { tier: 'web' }, [{ port: 80 }]);
  const previews = [
    { dataplane: preview(a, [web], {}, 'blue').dataplane as KubeObject, owner: a },
    { dataplane: preview(b, [web], {}, 'green').dataplane as KubeObject, owner: b },
    { dataplane: preview(c, [], {}, 'blue').dataplane as KubeObject, owner: c },
  ];
  const results = checkPreviews(previews);
  test('pods of one namespace in several meshes: a warning naming the namespace and the meshes', () => {
    const ns = results.filter((r) => r.message.startsWith('Namespace shop:'));
    assert.equal(ns.length, 1);
    assert.equal(ns[0]?.severity, 'warning');
    assert.equal(ns[0]?.tags?.['code'], 'KI0510');
    assert.match(ns[0]?.message ?? '', /got blue, green: Deployment shop\/a → blue; Deployment shop\/b → green/);
    // both use the default service account, so kuma-cp skips that Workload
    assert.match(ns[0]?.message ?? '', /skips Workload generation for "default"/);
    assert.equal(
      results.some((r) => r.message.startsWith('Namespace other:')),
      false,
    );
  });
  test('a Service selecting pods of several meshes', () => {
    const svc = results.filter((r) => r.message.startsWith('Service shop/web:'));
    assert.equal(svc.length, 1);
    assert.match(svc[0]?.message ?? '', /selects pods in several meshes \(got blue, green/);
  });
  test('one mesh per namespace: no warning', () => {
    assert.deepEqual(checkPreviews(previews.filter((p) => p.owner !== b)), []);
  });
});
