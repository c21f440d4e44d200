import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findPodTemplate, withPodTemplate } from '../../../src/core/workloads/pod-template.ts';
import { apiGroupOf, workloadKindRule } from '../../../src/core/workloads/workload-kinds.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import type { WorkloadKindRule } from '../../../src/core/settings.ts';

const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x' }] } };

function object(apiVersion: string, kind: string, body: Record<string, unknown>): KubeObject {
  return { apiVersion, kind, metadata: { name: 'o', namespace: 'n' }, ...body };
}

describe('findPodTemplate', () => {
  const CASES: [string, string, Record<string, unknown>, string[]][] = [
    ['v1', 'Pod', template, []],
    ['v1', 'ReplicationController', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'Deployment', { spec: { template } }, ['spec', 'template']],
    ['apps/v1beta1', 'Deployment', { spec: { template } }, ['spec', 'template']],
    ['apps/v1beta2', 'StatefulSet', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'DaemonSet', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'ReplicaSet', { spec: { template } }, ['spec', 'template']],
    ['extensions/v1beta1', 'Deployment', { spec: { template } }, ['spec', 'template']],
    ['extensions/v1beta1', 'DaemonSet', { spec: { template } }, ['spec', 'template']],
    ['extensions/v1beta1', 'ReplicaSet', { spec: { template } }, ['spec', 'template']],
    ['batch/v1', 'Job', { spec: { template } }, ['spec', 'template']],
    ['batch/v1', 'CronJob', { spec: { jobTemplate: { spec: { template } } } }, ['spec', 'jobTemplate', 'spec', 'template']],
    ['batch/v1beta1', 'CronJob', { spec: { jobTemplate: { spec: { template } } } }, ['spec', 'jobTemplate', 'spec', 'template']],
  ];
  for (const [apiVersion, kind, body, path] of CASES) {
    test(`${apiVersion} ${kind} → ${path.join('.') || '(the object)'}`, () => {
      const o = object(apiVersion, kind, body);
      const found = findPodTemplate(o, []);
      assert.deepEqual(found?.path, path);
      // The very object inside the input, not a copy.
      let node: unknown = o;
      for (const key of path) node = (node as Record<string, unknown>)[key];
      assert.equal(found?.template, node);
    });
  }

  test('unknown kinds, and known kind names in other groups, are not workloads', () => {
    assert.equal(findPodTemplate(object('v1', 'ConfigMap', { data: {} }), []), undefined);
    assert.equal(findPodTemplate(object('batch.volcano.sh/v1alpha1', 'Job', { spec: { template } }), []), undefined);
    assert.equal(findPodTemplate(object('argoproj.io/v1alpha1', 'Rollout', { spec: { template } }), []), undefined);
  });

  test('extra kinds from settings (Argo Rollouts), group * matches any group, extra rules win', () => {
    const rollout: WorkloadKindRule = { group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'template'] };
    assert.deepEqual(findPodTemplate(object('argoproj.io/v1alpha1', 'Rollout', { spec: { template } }), [rollout])?.path, [
      'spec',
      'template',
    ]);
    const any: WorkloadKindRule = { group: '*', kind: 'Thing', templatePath: ['tpl'] };
    assert.deepEqual(findPodTemplate(object('a.example/v1', 'Thing', { tpl: template }), [any])?.path, ['tpl']);
    const repoint: WorkloadKindRule = { group: 'apps', kind: 'Deployment', templatePath: ['spec', 'other'] };
    assert.equal(workloadKindRule({ apiVersion: 'apps/v1', kind: 'Deployment' }, [repoint]), repoint);
  });

  test('a missing or malformed template is not a workload to inject (Rollout with workloadRef)', () => {
    const rollout: WorkloadKindRule = { group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'template'] };
    assert.equal(
      findPodTemplate(object('argoproj.io/v1alpha1', 'Rollout', { spec: { workloadRef: { kind: 'Deployment', name: 'x' } } }), [rollout]),
      undefined,
    );
    assert.equal(findPodTemplate(object('apps/v1', 'Deployment', { spec: { template: 'x' } }), []), undefined);
    assert.equal(findPodTemplate(object('apps/v1', 'Deployment', { spec: { template: { spec: [] } } }), []), undefined);
    assert.equal(findPodTemplate(object('apps/v1', 'Deployment', {}), []), undefined);
  });

  test('apiGroupOf', () => {
    assert.equal(apiGroupOf('v1'), '');
    assert.equal(apiGroupOf('apps/v1'), 'apps');
    assert.equal(apiGroupOf('argoproj.io/v1alpha1'), 'argoproj.io');
  });
});

describe('withPodTemplate', () => {
  test('copies only the path, keeps key order, shares the rest, never mutates', () => {
    const o = object('batch/v1', 'CronJob', {
      spec: { schedule: '* * * * *', jobTemplate: { metadata: { labels: {} }, spec: { backoffLimit: 1, template } }, suspend: false },
    });
    const before = structuredClone(o);
    const next = { metadata: {}, spec: { containers: [] } };
    const out = withPodTemplate(o, ['spec', 'jobTemplate', 'spec', 'template'], next);
    assert.deepEqual(o, before);
    const spec = out.spec as Record<string, unknown>;
    assert.deepEqual(Object.keys(spec), ['schedule', 'jobTemplate', 'suspend']);
    const jobTemplate = spec.jobTemplate as Record<string, Record<string, unknown>>;
    assert.equal(jobTemplate.spec?.template, next);
    assert.equal(jobTemplate.metadata, (o.spec as { jobTemplate: { metadata: unknown } }).jobTemplate.metadata);
    assert.equal(out.metadata, o.metadata);
  });

  test('path [] replaces the whole object (a bare Pod)', () => {
    const pod = object('v1', 'Pod', template);
    const next = { ...pod, spec: {} };
    assert.equal(withPodTemplate(pod, [], next), next);
  });
});
