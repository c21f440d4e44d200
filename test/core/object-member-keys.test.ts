/**
 * Label, tag and kind names that are also names of Object's members (`constructor`, `toString`,
 * `valueOf` are valid label keys): looked up in a plain object they found Object's functions
 * where Go's map lookups find nothing. Each lookup below now reads own keys only.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/core/types.ts';
import { transform } from '../../src/core/transform.ts';
import { defaultSettings } from '../../src/config/profiles.ts';
import { tagsMatch, kindRank } from '../../src/core/policies/match/target-ref.ts';
import { descriptorOf } from '../../src/core/policies/descriptors.ts';
import { validatePolicySpec } from '../../src/core/policies/validate/index.ts';
import { shortNameOf } from '../../src/core/policies/match/short-names.ts';
import { deployment, inbounds, meshNamespace, preview, service } from './dataplane/helpers.ts';

const MEMBERS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

describe('keys named like Object members are keys like any other', () => {
  test('a tag selector naming one matches no Dataplane that lacks it, wildcard or not', () => {
    for (const key of MEMBERS) {
      assert.equal(tagsMatch(JSON.parse(`{"${key}": "*"}`) as Record<string, string>, { app: 'web' }), false, key);
      assert.equal(
        tagsMatch(JSON.parse(`{"${key}": "x"}`) as Record<string, string>, JSON.parse(`{"${key}": "x"}`) as Record<string, string>),
        true,
        key,
      );
    }
  });

  test('a kind named like one is an unknown kind: no rank, descriptor, validator or short name', () => {
    for (const kind of MEMBERS) {
      assert.equal(kindRank(kind), 0, kind);
      assert.equal(descriptorOf(kind), undefined, kind);
      assert.equal(validatePolicySpec(kind, {}, { role: 'system' } as never), undefined, kind);
      assert.equal(shortNameOf(kind), undefined, kind);
    }
  });

  test('workloadLabels and nodeLabelsToCopy naming one: a Pod or Node without that label gives nothing from it', () => {
    const web = deployment('web', 'shop', { app: 'web' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]);
    (web['spec'] as { template: { spec: Record<string, unknown> } }).template.spec['nodeName'] = 'node-1';
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } },
    };
    const svc = service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]);
    const outcome = preview(web, [svc, node], {
      options: { workloadLabels: ['constructor'], nodeLabelsToCopy: ['toString', 'kubernetes.io/hostname'] },
    });
    assert.equal(outcome.dataplane?.metadata.annotations?.['kuma.io/workload'], 'default', 'the service account names the workload');
    const tags = inbounds(outcome.dataplane)[0]?.tags ?? {};
    assert.equal(Object.hasOwn(tags, 'toString'), false);
    assert.equal(tags['kubernetes.io/hostname'], 'node-1');
  });

  test('a policy selecting Dataplanes by a label named constructor that none has: the usual warning, no internal error', () => {
    const settings = { ...defaultSettings('kong-mesh', '2.14'), previewsDir: 'previews' };
    const namespace = meshNamespace('shop');
    const policy: KubeObject = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTimeout',
      metadata: { name: 't', namespace: 'kong-mesh-system' },
      spec: {
        targetRef: { kind: 'Dataplane', labels: { constructor: 'x' } },
        to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
      },
    };
    const outcome = transform(
      [
        namespace,
        deployment('web', 'shop', { app: 'web' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]),
        service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
        policy,
      ],
      settings,
    );
    const warning = outcome.results.find((r) => r.tags?.['code'] === 'KI0854');
    assert.match(warning?.message ?? '', /no Dataplane has label constructor/);
  });
});
