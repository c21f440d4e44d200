/**
 * `dataplane.kubeOutboundsAsVIPs: false`: kuma-cp writes spec.networking.outbound from every
 * Dataplane of the mesh in the cluster and the cluster IPs of their Services (spec §11.4: "Runtime
 * data – do not preview"). Previews leave the field out, list it as a runtime field, and the run
 * says so once.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from '../../../src/core/transform.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import type { Settings } from '../../../src/core/settings.ts';

const base: Settings = { ...defaultSettings('kong-mesh', '2.14'), previewsDir: 'previews' };
const withVips = (on: boolean, version: '2.14' | '2.13' = '2.14'): Settings => {
  const s = { ...defaultSettings('kong-mesh', version), previewsDir: 'previews' };
  return { ...s, dataplane: { ...s.dataplane, kubeOutboundsAsVIPs: on } };
};

const ns: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } },
};
const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }] },
});
const workloads: KubeObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template('web') },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'db' } }, template: template('db') },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'shop' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template('report') } } },
  },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'shop', labels: { app: 'solo' } }, spec: template('solo').spec },
];
// Services the outbounds would come from in the cluster: the preview still has none.
const services: KubeObject[] = ['web', 'db'].map((name) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
}));

function run(settings: Settings, items: KubeObject[] = [ns, ...services, ...workloads]) {
  const outcome = transform(items, settings);
  const previews = outcome.previews.filter((o) => o.kind === 'Dataplane');
  const warnings = outcome.results.filter((r) => r.field?.path === 'dataplane.kubeOutboundsAsVIPs');
  return { outcome, previews, warnings };
}

const fields = (dp: KubeObject): string[] => (dp.metadata.annotations?.['kuma-inject.dev/runtime-fields'] ?? '').split(',');
const networking = (dp: KubeObject): Record<string, unknown> => (dp['spec'] as { networking: Record<string, unknown> }).networking;

describe('kubeOutboundsAsVIPs: false', () => {
  for (const version of ['2.14', '2.13'] as const) {
    test(`${version}: every Dataplane preview lists spec.networking.outbound and has none; one warning for the run`, () => {
      const { outcome, previews, warnings } = run(withVips(false, version));
      assert.equal(previews.length, workloads.length);
      for (const dp of previews) {
        assert.ok(fields(dp).includes('spec.networking.outbound'), `${dp.metadata.name}: ${fields(dp).join(',')}`);
        assert.equal(networking(dp)['outbound'], undefined);
      }
      assert.equal(warnings.length, 1, JSON.stringify(outcome.results.map((r) => r.message)));
      assert.equal(warnings[0]?.severity, 'warning');
      assert.match(warnings[0]?.message ?? '', /kuma-cp then writes spec\.networking\.outbound .*kuma-inject\.dev\/runtime-fields/);
    });
  }

  test('with failOn: warning the run fails, as for any warning', () => {
    const { outcome } = run({ ...withVips(false), failOn: 'warning' });
    assert.ok(outcome.results.some((r) => r.severity === 'error' && r.field?.path === 'failOn'));
  });

  test('no preview made (previews off, or nothing injected): nothing to say', () => {
    assert.equal(run({ ...withVips(false), previews: 'off' }).warnings.length, 0);
    assert.equal(run(withVips(false), [ns, ...services]).warnings.length, 0);
  });
});

test('kubeOutboundsAsVIPs: true (the default): no runtime outbound field, no warning', () => {
  assert.equal(base.dataplane.kubeOutboundsAsVIPs, true);
  const { previews, warnings } = run(base);
  assert.equal(previews.length, workloads.length);
  for (const dp of previews) assert.ok(!fields(dp).includes('spec.networking.outbound'));
  assert.equal(warnings.length, 0);
});
