/**
 * Objects planWorkload passes over although their pods will reach the webhook: a kind kuma-inject
 * does not know that has a pod template, and a workloadKinds rule whose templatePath is wrong.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unrecognisedWorkload } from '../../../src/core/workloads/unrecognised-workload.ts';
import { planWorkload } from '../../../src/core/workloads/plan-workload.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { WorkloadKindRule } from '../../../src/core/settings.ts';
import type { KubeObject } from '../../../src/core/types.ts';

const template = { metadata: { labels: { app: 'r' } }, spec: { containers: [{ name: 'r', image: 'r:1' }] } };
const rollout = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'r', namespace: 'shop' },
  spec,
});
const ROLLOUT_RULE: WorkloadKindRule = { group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'template'] };

describe('unrecognisedWorkload', () => {
  test('an Argo Rollout without a workloadKinds entry: warning naming the kind and the entry to add', () => {
    const result = unrecognisedWorkload(rollout({ template }), []);
    assert.equal(result?.severity, 'warning');
    assert.equal(result?.tags?.['code'], 'KI0213');
    assert.equal(result?.field?.path, 'spec.template');
    assert.deepEqual(result?.resourceRef, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'r', namespace: 'shop' });
    assert.match(
      result?.message ?? '',
      /^Rollout shop\/r, spec\.template: has a pod template with containers, but argoproj\.io\/Rollout is not a workload kind kuma-inject knows/,
    );
    assert.match(
      result?.message ?? '',
      /Add `workloadKinds: \[\{group: argoproj\.io, kind: Rollout, templatePath: spec\.template\}\]` to the function config/,
    );
  });

  test('a CronJob-shaped unknown kind points at its jobTemplate', () => {
    const o: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Batch',
      metadata: { name: 'b', namespace: 'shop' },
      spec: { jobTemplate: { spec: { template } } },
    };
    assert.match(unrecognisedWorkload(o, [])?.message ?? '', /templatePath: spec\.jobTemplate\.spec\.template/);
  });

  test('objects without a pod template, and known workloads, give nothing', () => {
    assert.equal(
      unrecognisedWorkload({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: {} } }, []),
      undefined,
    );
    assert.equal(
      unrecognisedWorkload({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { template: 'x' } }, []),
      undefined,
    );
    assert.equal(unrecognisedWorkload(rollout({ template }), [ROLLOUT_RULE]), undefined);
    assert.equal(
      unrecognisedWorkload({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template } }, []),
      undefined,
    );
  });

  test('a workloadKinds rule whose templatePath leads nowhere: warning naming the rule and the path', () => {
    const wrong: WorkloadKindRule = { group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'podTemplate'] };
    const result = unrecognisedWorkload(rollout({ template }), [wrong]);
    assert.equal(result?.severity, 'warning');
    assert.equal(result?.tags?.['code'], 'KI0215');
    assert.equal(result?.field?.path, 'spec.podTemplate');
    assert.match(
      result?.message ?? '',
      /^Rollout shop\/r, spec\.podTemplate: the workloadKinds rule \{group: argoproj\.io, kind: Rollout, templatePath: spec\.podTemplate\} matches, but spec\.podTemplate is not a pod template with spec\.containers \(got nothing there\)/,
    );
    // A template without containers at the path is no pod template either: not injected, but
    // counted as skipped with that warning, so the summary accounts for it.
    const noContainers = rollout({ podTemplate: { metadata: {}, spec: { volumes: [] } } });
    assert.match(unrecognisedWorkload(noContainers, [wrong])?.message ?? '', /got a template without containers/);
    const plan = planWorkload(noContainers, {
      settings: { ...defaultSettings('kuma', '2.14'), workloadKinds: [wrong] },
      namespaces: new Map(),
      meshExists: () => true,
      containerPatch: () => undefined,
      servicesSelecting: () => [],
    });
    assert.equal(plan?.decision, 'skipped');
    assert.equal(plan?.object, noContainers);
    assert.deepEqual(plan?.results, [unrecognisedWorkload(noContainers, [wrong])]);
  });

  test('a Rollout that takes its pods from spec.workloadRef is info, not a warning', () => {
    const result = unrecognisedWorkload(rollout({ workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'r' } }), [ROLLOUT_RULE]);
    assert.equal(result?.severity, 'info');
    assert.equal(result?.tags?.['code'], 'KI0214');
    assert.match(result?.message ?? '', /takes its pods from spec\.workloadRef/);
  });
});
