/**
 * A template pinned to a Node (`spec.nodeName`): kuma-cp reads that Node and copies the
 * nodeLabelsToCopy labels into inbound tags (or, with inbound tags disabled, into labels). The
 * preview uses a Node of the bundle when there is one and placeholders otherwise; it never fails.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { transform } from '../../../src/core/transform.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import { CONVERTER_DEFAULTS } from '../../../src/core/dataplane/options.ts';
import { deployment, inbounds, preview, service } from './helpers.ts';

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const HOST = 'kubernetes.io/hostname';

const pinned = (nodeName: string): KubeObject => {
  const d = deployment('backend', 'shop', { app: 'backend' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]);
  (d['spec'] as { template: { spec: Record<string, unknown> } }).template.spec['nodeName'] = nodeName;
  return d;
};
const svc = service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080 }]);
const node = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
const runtimeFields = (dp: KubeObject | undefined): string[] =>
  (dp?.metadata.annotations?.['kuma-inject.dev/runtime-fields'] ?? '').split(',');

/** Bundles with and without a Service: the Service-derived and the Service-less inbound copy node labels alike. */
const bundles: [string, KubeObject[]][] = [
  ['with a Service', [svc]],
  ['without a Service', []],
];

describe('spec.nodeName without the Node in the bundle', () => {
  for (const [what, bundle] of bundles) {
    test(`${what}: every nodeLabelsToCopy key is a listed <node-label> placeholder, no error`, () => {
      for (const others of [[], [node('node-2', { [ZONE]: 'eu-1' })]]) {
        const outcome = preview(pinned('node-1'), [...bundle, ...others]);
        assert.deepEqual(
          outcome.results.filter((r) => r.severity === 'error'),
          [],
        );
        const [inbound] = inbounds(outcome.dataplane);
        for (const key of [ZONE, REGION, HOST]) {
          assert.equal(inbound?.tags?.[key], '<node-label>', key);
          assert.ok(runtimeFields(outcome.dataplane).includes(`spec.networking.inbound[*].tags[${key}]`), key);
        }
      }
    });
  }

  test('a custom nodeLabelsToCopy list: exactly its keys', () => {
    const outcome = preview(pinned('node-1'), [svc], { options: { nodeLabelsToCopy: ['rack'] } });
    const tags = inbounds(outcome.dataplane)[0]?.tags ?? {};
    assert.equal(tags['rack'], '<node-label>');
    for (const key of [ZONE, REGION, HOST]) assert.equal(tags[key], undefined);
  });

  test('an empty nodeLabelsToCopy list reads no Node: no placeholder tag, no node-labels annotation', () => {
    const outcome = preview(pinned('node-1'), [svc], { options: { nodeLabelsToCopy: [] } });
    const tags = inbounds(outcome.dataplane)[0]?.tags ?? {};
    assert.ok(
      Object.values(tags).every((v) => v !== '<node-label>'),
      JSON.stringify(tags),
    );
    assert.equal(outcome.dataplane?.metadata.annotations?.['kuma-inject.dev/node-labels'], undefined);
  });

  test('inbound tags disabled (2.14): the placeholders go to the Dataplane labels instead, listed', () => {
    const outcome = preview(pinned('node-1'), [svc], { options: { inboundTagsDisabled: true } });
    assert.equal(inbounds(outcome.dataplane)[0]?.tags, undefined);
    for (const key of [ZONE, REGION, HOST]) {
      assert.equal(outcome.dataplane?.metadata.labels?.[key], '<node-label>', key);
      assert.ok(runtimeFields(outcome.dataplane).includes(`metadata.labels[${key}]`), key);
    }
  });
});

describe("spec.nodeName with that Node in the bundle (the cluster's Node, as kuma-cp reads it)", () => {
  for (const [what, bundle] of bundles) {
    test(`${what}: only the nodeLabelsToCopy keys the Node has, with its values, none listed as runtime`, () => {
      const outcome = preview(pinned('node-1'), [
        ...bundle,
        node('node-1', { [ZONE]: 'eu-west-1a', [HOST]: 'node-1', 'node-role.kubernetes.io/worker': '' }),
      ]);
      const tags = inbounds(outcome.dataplane)[0]?.tags ?? {};
      assert.equal(tags[ZONE], 'eu-west-1a');
      assert.equal(tags[HOST], 'node-1');
      assert.equal(tags[REGION], undefined, 'a key the Node lacks is not copied');
      assert.equal(tags['node-role.kubernetes.io/worker'], undefined, 'a label not in nodeLabelsToCopy is not copied');
      assert.ok(runtimeFields(outcome.dataplane).every((f) => !f.includes('topology.kubernetes.io') && !f.includes('hostname')));
    });
  }

  test('a Node label overrides a Pod label of the same key, as kuma-cp writes node labels last', () => {
    const d = pinned('node-1');
    (d['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels[ZONE] = 'from-pod';
    const outcome = preview(d, [svc, node('node-1', { [ZONE]: 'from-node' })]);
    assert.equal(inbounds(outcome.dataplane)[0]?.tags?.[ZONE], 'from-node');
  });

  test("inbound tags disabled (2.14): the Node's labels land in the Dataplane labels", () => {
    const outcome = preview(pinned('node-1'), [svc, node('node-1', { [REGION]: 'eu-west-1' })], {
      options: { ...CONVERTER_DEFAULTS, zone: 'zone-1', inboundTagsDisabled: true },
    });
    assert.equal(outcome.dataplane?.metadata.labels?.[REGION], 'eu-west-1');
    assert.equal(outcome.dataplane?.metadata.labels?.[ZONE], undefined);
  });
});

test('a whole run with a pinned Pod succeeds and previews it (the run used to fail on "unable to get Node")', () => {
  const settings = { ...defaultSettings('kong-mesh', '2.14'), previewsDir: 'previews' };
  const ns: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } },
  };
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'solo', namespace: 'shop', labels: { app: 'backend' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }] },
  };
  for (const items of [
    [ns, svc, pod],
    [ns, svc, pod, node('node-1', { [ZONE]: 'z' })],
  ]) {
    const outcome = transform(items, settings);
    assert.deepEqual(
      outcome.results.filter((r) => r.severity === 'error').map((r) => r.message),
      [],
    );
    const dp = outcome.previews.find((o) => o.kind === 'Dataplane');
    assert.ok(dp !== undefined, 'a preview is written');
    assert.equal(inbounds(dp)[0]?.tags?.[ZONE], items.length === 4 ? 'z' : '<node-label>');
  }
});
