import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dump } from 'js-yaml';
import { processInput } from '../../src/krm/process.ts';
import type { Result } from '../../src/core/types.ts';
import { streamHost } from '../../src/krm/host-profile.ts';

/**
 * Every pod template of the input is accounted for: the summary's injected + skipped + uninjected
 * + failed equals the number of pod templates, counted here independently of the code: objects of
 * a Kubernetes workload kind (under any of Kubernetes' own API groups, right or wrong), of a
 * configured workloadKinds kind, or of any kind with a pod template at spec.template or
 * spec.jobTemplate.spec.template. Each shape class below is one that was once neither injected
 * nor skipped; each must now get exactly one decision and, when skipped, a result naming the field.
 */
type Obj = Record<string, unknown>;

const KUBERNETES_WORKLOAD_KINDS = new Set([
  'Pod',
  'ReplicationController',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]);
const KUBERNETES_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);
const CONFIGURED = [
  { group: 'argoproj.io', kind: 'Rollout', templatePath: 'spec.template' },
  { group: 'example.com', kind: 'Gadget', templatePath: 'spec.template' },
];

function hasContainers(template: unknown): boolean {
  const spec = (template as Obj | undefined)?.['spec'] as Obj | undefined;
  return typeof template === 'object' && template !== null && Array.isArray(spec?.['containers']);
}
function podTemplates(objects: readonly Obj[]): number {
  return objects.filter((o) => {
    const apiVersion = String(o['apiVersion']);
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const spec = o['spec'] as Obj | undefined;
    const jobTemplate = spec?.['jobTemplate'] as Obj | undefined;
    return (
      (KUBERNETES_WORKLOAD_KINDS.has(String(o['kind'])) && KUBERNETES_GROUPS.has(group ?? '')) ||
      CONFIGURED.some((rule) => rule.group === group && rule.kind === o['kind']) ||
      hasContainers(spec?.['template']) ||
      hasContainers((jobTemplate?.['spec'] as Obj | undefined)?.['template'])
    );
  }).length;
}

const ns: Obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
const app = [{ name: 'app', image: 'nginx' }];
const meta = (name: string) => ({ name, namespace: 'shop' });
const deployment = (name: string, spec: unknown): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name),
  ...(spec === undefined ? {} : { spec }),
});
const templated = (name: string, podSpec: unknown, metadata?: unknown): Obj =>
  deployment(name, {
    selector: { matchLabels: { app: name } },
    template: { ...(metadata === undefined ? {} : { metadata }), ...(podSpec === undefined ? {} : { spec: podSpec }) },
  });
const cronJob = (name: string, spec: unknown): Obj => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(name), spec });

/** Shape class → objects of that class, the decision each gets, and the field its result names. */
const CLASSES: Record<string, { objects: Obj[]; decision: 'injected' | 'skipped' | 'failed'; field?: RegExp }> = {
  'spec missing, null or not a mapping': {
    objects: [deployment('s1', undefined), deployment('s2', null), deployment('s3', 'x'), deployment('s4', [])],
    decision: 'skipped',
    field: /^spec$/,
  },
  'template missing, null or not a mapping': {
    objects: [
      deployment('t1', { replicas: 1 }),
      deployment('t2', { template: null }),
      deployment('t3', { template: 'x' }),
      deployment('t4', { template: [app] }),
    ],
    decision: 'skipped',
    field: /^spec\.template$/,
  },
  'template metadata not a mapping': {
    objects: [templated('m1', { containers: app }, 'x'), templated('m2', { containers: app }, [])],
    decision: 'skipped',
    field: /^spec\.template\.metadata$/,
  },
  'pod spec missing, null or not a mapping': {
    objects: [
      templated('p1', undefined, {}),
      templated('p2', null),
      templated('p3', 7),
      { apiVersion: 'v1', kind: 'Pod', metadata: meta('p4') },
    ],
    decision: 'skipped',
    field: /^(spec\.template\.)?spec$/,
  },
  'containers missing, null, empty or not a list': {
    objects: [
      templated('c1', {}),
      templated('c2', { containers: null }),
      templated('c3', { containers: [] }),
      templated('c4', { containers: { name: 'a' } }),
      templated('c5', { containers: 'app' }),
    ],
    decision: 'skipped',
    field: /^spec\.template\.spec\.containers$/,
  },
  'containers, initContainers or volumes entries that are not named mappings': {
    objects: [
      templated('e1', { containers: ['app'] }),
      templated('e2', { containers: [{ image: 'x' }] }),
      templated('e3', { containers: app, initContainers: [null] }),
      templated('e4', { containers: app, volumes: [{ emptyDir: {} }] }),
      templated('e5', { containers: app, initContainers: { a: 1 } }),
    ],
    decision: 'skipped',
    field: /^spec\.template\.spec\.(containers|initContainers|volumes)(\[0\])?$/,
  },
  'CronJob jobTemplate oddities': {
    objects: [
      cronJob('j1', { schedule: '@daily' }),
      cronJob('j2', { jobTemplate: 'x' }),
      cronJob('j3', { jobTemplate: {} }),
      cronJob('j4', { jobTemplate: { spec: { template: null } } }),
      cronJob('j5', { jobTemplate: { spec: { template: { spec: { containers: [] } } } } }),
    ],
    decision: 'skipped',
    field: /^spec\.jobTemplate/,
  },
  'Kubernetes workload kinds under an API group that does not serve them': {
    objects: [
      { apiVersion: 'v1', kind: 'Deployment', metadata: meta('g1'), spec: { template: { spec: { containers: app } } } },
      { apiVersion: 'apps/v1', kind: 'Pod', metadata: meta('g2'), spec: { containers: app } },
      { apiVersion: 'batch/v1', kind: 'StatefulSet', metadata: meta('g3'), spec: {} },
    ],
    decision: 'skipped',
    field: /^apiVersion$/,
  },
  'unknown kinds with a pod template': {
    objects: [
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('u1'), spec: { template: { spec: { containers: app } } } },
      {
        apiVersion: 'example.com/v1',
        kind: 'Batch',
        metadata: meta('u2'),
        spec: { jobTemplate: { spec: { template: { spec: { containers: app } } } } },
      },
    ],
    decision: 'skipped',
    field: /^spec\.(template|jobTemplate\.spec\.template)$/,
  },
  'configured workloadKinds whose path leads to no template': {
    objects: [
      { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: meta('w1'), spec: { podTemplate: { spec: { containers: app } } } },
      { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: meta('w2'), spec: { template: { spec: {} } } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: meta('w3'),
        spec: { workloadRef: { kind: 'Deployment', name: 'x' } },
      },
    ],
    decision: 'skipped',
  },
  'ordinary shapes around them: a Pod with ownerReferences, a template with null metadata': {
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...meta('o1'),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }],
        },
        spec: { containers: app },
      },
      templated('o2', { containers: app }, null),
    ],
    decision: 'injected',
  },
  'non-string label values (refused)': {
    objects: [templated('l1', { containers: app }, { labels: { tier: 1 } })],
    decision: 'failed',
    field: /labels/,
  },
};

const functionConfig = dump({
  apiVersion: 'fn.kuma-inject.dev/v1alpha1',
  kind: 'KumaInject',
  metadata: { name: 'x' },
  workloadKinds: CONFIGURED,
});

function counts(results: readonly Result[]): Record<string, number> {
  const summary = results.at(-1)?.message ?? '';
  const out: Record<string, number> = {};
  for (const key of ['injected', 'skipped', 'uninjected', 'failed']) out[key] = Number(new RegExp(`(\\d+) ${key}`).exec(summary)?.[1] ?? 0);
  return out;
}
const total = (c: Record<string, number>) => (c['injected'] ?? 0) + (c['skipped'] ?? 0) + (c['uninjected'] ?? 0) + (c['failed'] ?? 0);
const stream = (objects: readonly Obj[]) => [ns, ...objects].map((o) => dump(o)).join('---\n');

describe('every pod template is accounted for (injected + skipped + failed = pod templates)', () => {
  for (const [name, shape] of Object.entries(CLASSES)) {
    test(name, () => {
      assert.equal(podTemplates(shape.objects), shape.objects.length, 'each object of the class holds a pod template');
      for (const object of shape.objects) {
        for (const uninject of [false, true]) {
          const out = processInput(stream([object]), {
            host: streamHost('none'),
            functionConfig,
            ...(uninject ? { overrides: { uninject: true } } : {}),
          });
          const c = counts(out.results);
          const label = `${JSON.stringify(object)}${uninject ? ' (uninject)' : ''}: ${out.results.at(-1)?.message}`;
          assert.equal(total(c), 1, label);
          if (uninject) continue;
          assert.equal(c[shape.decision], 1, label);
          if (shape.decision === 'injected') continue;
          const about = out.results.filter((r) => r.resourceRef?.name === (object['metadata'] as Obj)['name'] && r.severity !== 'info');
          const noted =
            shape.decision === 'skipped' ? out.results.filter((r) => r.resourceRef?.name === (object['metadata'] as Obj)['name']) : about;
          assert.equal(noted.length > 0, true, `a result says why: ${label}`);
          if (shape.field !== undefined) assert.match(noted[0]?.field?.path ?? '', shape.field, `${label}\n${noted[0]?.message}`);
          if (shape.decision === 'skipped') assert.equal(out.output, stream([object]), 'a skipped object is left as it is');
        }
      }
    });
  }

  test('all classes at once, also inside nested Lists: the counts add up to the pod templates of the bundle', () => {
    const all = Object.values(CLASSES).flatMap((shape) => shape.objects);
    const half = Math.floor(all.length / 2);
    const listed = [
      ...all.slice(0, half),
      { apiVersion: 'v1', kind: 'List', items: [...all.slice(half, -2), { apiVersion: 'v1', kind: 'List', items: all.slice(-2) }] },
    ];
    for (const uninject of [false, true]) {
      const out = processInput(stream(listed), {
        host: streamHost('none'),
        functionConfig,
        ...(uninject ? { overrides: { uninject: true } } : {}),
      });
      assert.equal(total(counts(out.results)), podTemplates(all), out.results.at(-1)?.message);
    }
  });
});
