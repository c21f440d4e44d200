/**
 * Label and annotation values that are not strings (YAML `tier: 1`, `canary: true`): the API
 * server rejects them, and a re-render would lose them, so the first run refuses the workload
 * with an error naming the exact field and leaves it untouched. Code paths that rebuild these
 * maps keep such values instead of dropping them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload, type WorkloadContext } from '../../../src/core/workloads/plan-workload.ts';
import { stripInjection } from '../../../src/core/workloads/strip-injection.ts';
import type { PodView } from '../../../src/core/workloads/injected-parts.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { Settings } from '../../../src/core/settings.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';

const S = defaultSettings('kuma', '2.14');

function context(s: Settings): WorkloadContext {
  return plainContext(s, { shop: { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} } }, () => true);
}

function deployment(templateMetadata: Record<string, unknown>, own: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'a', namespace: 'shop', ...own },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: { metadata: templateMetadata, spec: { containers: [{ name: 'a', image: 'nginx' }] } },
    },
  } as KubeObject;
}

function errors(object: KubeObject, s: Settings = S): { path: string | undefined; message: string }[] {
  const before = structuredClone(object);
  const plan = planWorkload(object, context(s));
  assert.equal(plan?.decision, 'failed');
  assert.equal(plan?.object, object, 'left untouched');
  assert.equal(plan?.changed, false);
  assert.deepEqual(object, before);
  const found = plan.results.filter((r) => r.severity === 'error');
  assert.ok(
    found.every((r) => r.tags?.['code'] === 'KI0216'),
    JSON.stringify(found),
  );
  return found.map((r) => ({ path: r.field?.path, message: r.message }));
}

describe('non-string label and annotation values', () => {
  test('template labels tier: 1 and canary: true: one error each, naming the field, on the first run', () => {
    const found = errors(deployment({ labels: { app: 'a', tier: 1, canary: true } }));
    assert.deepEqual(
      found.map((e) => e.path),
      ['spec.template.metadata.labels.tier', 'spec.template.metadata.labels.canary'],
    );
    assert.match(
      found[0]?.message ?? '',
      /^Deployment shop\/a, spec\.template\.metadata\.labels\.tier: label values must be strings \(got number 1\);.*Quote the value.*tier: "1"/,
    );
    assert.match(found[1]?.message ?? '', /got boolean true.*canary: "true"/);
  });

  test('an annotation read as a number (checksum/config: 0755) is named with its key in brackets', () => {
    const found = errors(deployment({ annotations: { 'checksum/config': 755, team: 'x' } }));
    assert.deepEqual(
      found.map((e) => e.path),
      ['spec.template.metadata.annotations["checksum/config"]'],
    );
    assert.match(found[0]?.message ?? '', /annotation values must be strings \(got number 755\)/);
  });

  test("null values, a list instead of a map, and the workload's own metadata are refused too", () => {
    assert.deepEqual(
      errors(deployment({ annotations: { note: null } })).map((e) => e.path),
      ['spec.template.metadata.annotations.note'],
    );
    const list = errors(deployment({ annotations: ['a'] }));
    assert.deepEqual(
      list.map((e) => e.path),
      ['spec.template.metadata.annotations'],
    );
    assert.match(list[0]?.message ?? '', /annotations must be a map of strings \(got a list\)/);
    assert.deepEqual(
      errors(deployment({}, { labels: { tier: 2 } })).map((e) => e.path),
      ['metadata.labels.tier'],
    );
  });

  test('a bare Pod is reported once, at its own metadata', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', labels: { tier: 1 } },
      spec: { containers: [{ name: 'p', image: 'p' }] },
    } as unknown as KubeObject;
    assert.deepEqual(
      errors(pod).map((e) => e.path),
      ['metadata.labels.tier'],
    );
  });

  test('an already injected template given such a value later is refused in every mode, uninject included', () => {
    const injected = planWorkload(deployment({ labels: { app: 'a' } }), context(S))!.object;
    const edited = structuredClone(injected) as { spec: { template: { metadata: { labels: Record<string, unknown> } } } } & KubeObject;
    edited.spec.template.metadata.labels.tier = 1;
    for (const s of [S, { ...S, uninject: true }, defaultSettings('kuma', '2.13')]) {
      assert.deepEqual(
        errors(edited, s).map((e) => e.path),
        ['spec.template.metadata.labels.tier'],
      );
    }
  });

  test('a missing or null map is fine', () => {
    assert.equal(planWorkload(deployment({ annotations: null, labels: { app: 'a' } }), context(S))?.decision, 'injected');
  });

  test('stripInjection keeps values that are not strings instead of dropping them', () => {
    const pod: PodView = {
      metadata: {
        annotations: {
          'kuma.io/sidecar-injected': 'true',
          'checksum/config': 755,
          'kuma.io/virtual-probes-port': 9000,
        } as unknown as Record<string, string>,
        labels: { tier: 1, 'kuma.io/mesh': 'default' } as unknown as Record<string, string>,
      },
      spec: { containers: [{ name: 'kuma-sidecar' }, { name: 'app' }] },
    };
    const ctx = {
      settings: S,
      namespace: { name: 'shop', labels: {}, annotations: {} },
      meshExists: () => true,
      containerPatch: () => undefined,
      servicesSelecting: () => [],
    };
    for (const out of [stripInjection(pod), stripInjection(pod, ctx)]) {
      assert.equal((out.metadata.annotations as Record<string, unknown>)['checksum/config'], 755);
      assert.equal((out.metadata.annotations as Record<string, unknown>)['kuma.io/virtual-probes-port'], 9000);
      assert.equal((out.metadata.labels as Record<string, unknown>).tier, 1);
    }
  });
});
