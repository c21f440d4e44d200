import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from '../../../src/core/transform.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import type { OutputItem } from '../../../src/core/output.ts';
import type { Settings } from '../../../src/core/settings.ts';

const settings: Settings = {
  ...defaultSettings('kong-mesh', '2.14'),
  previewsDir: 'previews',
  controlPlane: {
    ...defaultSettings('kong-mesh', '2.14').controlPlane,
    caCert: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----',
  },
};

const shop: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } },
};
const web: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] } },
  },
};
const mtp = (spec: unknown): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'MeshTrafficPermission',
  metadata: { name: 'allow-web', namespace: 'shop' },
  spec,
});
const valid = mtp({
  targetRef: { kind: 'Dataplane', labels: { app: 'web' } },
  rules: [{ default: { allow: [{ spiffeID: { type: 'Prefix', value: 'spiffe://default/ns/shop' } }] } }],
});
const invalid = mtp({
  targetRef: { kind: 'Dataplane', labels: { app: 'web' } },
  from: [{ targetRef: { kind: 'MeshGateway', name: 'edge' }, default: { action: 'Allow' } }],
});

const objects = (items: readonly KubeObject[], output: readonly OutputItem[]): KubeObject[] =>
  output.map((o) => (o.kind === 'kept' ? (items[o.index] as KubeObject) : o.object));

test('valid policies change nothing: workloads are written exactly as without them, the policies as they are', () => {
  const without = transform([shop, web], settings);
  const withPolicy = transform([shop, web, valid], settings);
  assert.deepEqual(
    withPolicy.results.filter((r) => r.severity === 'error'),
    [],
  );
  const a = objects([shop, web], without.output).filter((o) => o.kind !== 'MeshTrafficPermission');
  const b = objects([shop, web, valid], withPolicy.output).filter((o) => o.kind !== 'MeshTrafficPermission');
  assert.deepEqual(b, a);
  assert.ok(
    withPolicy.output.some((o) => o.kind === 'kept' && o.index === 2),
    'the policy is kept byte for byte',
  );
});

test('a policy admission refuses is an error naming it, the field and the fix; nothing is changed (failOn: error)', () => {
  const items = [shop, web, invalid];
  const { results, output } = transform(items, settings);
  const errors = results.filter((r) => r.severity === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.tags?.['code'], 'KI0802');
  assert.deepEqual(errors[0]?.resourceRef, {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTrafficPermission',
    name: 'allow-web',
    namespace: 'shop',
  });
  assert.equal(errors[0]?.field?.path, 'spec.from[0].targetRef.kind');
  assert.match(
    errors[0]?.message ?? '',
    /^MeshTrafficPermission shop\/allow-web: spec\.from\[0\]\.targetRef\.kind: value 'MeshGateway' is not supported\..*fix spec\.from\[0\]\.targetRef\.kind/,
  );
  assert.deepEqual(
    output,
    items.map((_, index) => ({ kind: 'kept', index })),
    'input unchanged, as for any error',
  );
});

test('a bundle without Kuma policies gets no policy result at all', () => {
  const { results } = transform([shop, web], settings);
  assert.deepEqual(
    results.filter((r) => String(r.tags?.['code'] ?? '').startsWith('KI080')),
    [],
  );
});

test('with version 2.13 policies are not validated, and the run says so once', () => {
  const s213: Settings = { ...defaultSettings('kong-mesh', '2.13'), previewsDir: 'previews' };
  const { results } = transform([shop, web, invalid, valid], s213);
  const policy = results.filter((r) => String(r.tags?.['code'] ?? '').startsWith('KI080'));
  assert.deepEqual(
    policy.map((r) => `${r.severity} ${r.tags?.['code']}`),
    ['info KI0806'],
  );
});
