/**
 * Every preview result that points into a pod template points where the workload keeps it: the
 * built-in kinds' paths and a `workloadKinds` rule's templatePath alike (a CRD with
 * `templatePath: spec.podTemplate` must never be told about `spec.template`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from '../../../src/core/transform.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject, Result } from '../../../src/core/types.ts';
import type { Settings } from '../../../src/core/settings.ts';
import { previewDataplane } from '../../../src/core/dataplane/preview.ts';
import { indexServices } from '../../../src/core/dataplane/service-index.ts';

const base: Settings = {
  ...defaultSettings('kong-mesh', '2.14'),
  previewsDir: 'previews',
  workloadKinds: [{ group: 'example.com', kind: 'PodSet', templatePath: ['spec', 'podTemplate'] }],
};

type Template = { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: Record<string, unknown> };

const template = (labels: Record<string, string>, annotations: Record<string, string>): Template => ({
  metadata: { labels: { app: 'cart', ...labels }, annotations },
  spec: { containers: [{ name: 'app', image: 'registry.example/app:1', ports: [{ containerPort: 8080 }] }] },
});

/** The same pod template held by each shape of workload, with the prefix results must carry. */
const shapes: { prefix: string; wrap: (t: Template, ns: string) => KubeObject }[] = [
  {
    prefix: 'spec.podTemplate.',
    wrap: (t, ns) => ({
      apiVersion: 'example.com/v1',
      kind: 'PodSet',
      metadata: { name: 'cart', namespace: ns },
      spec: { podTemplate: t },
    }),
  },
  {
    prefix: 'spec.template.',
    wrap: (t, ns) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cart', namespace: ns },
      spec: { selector: { matchLabels: { app: 'cart' } }, template: t },
    }),
  },
  {
    prefix: 'spec.jobTemplate.spec.template.',
    wrap: (t, ns) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cart', namespace: ns },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: t } } },
    }),
  },
  {
    prefix: '',
    wrap: (t, ns) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cart', namespace: ns, ...t.metadata }, spec: t.spec }),
  },
];

const ns = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kuma.io/sidecar-injection': 'enabled' } },
});
const cartService: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { selector: { app: 'cart' }, ports: [{ port: 80, targetPort: 8080 }] },
};

/** One case per preview result that names a template field: [what, labels, annotations, namespace, field after the prefix]. */
const cases: [string, Record<string, string>, Record<string, string>, string, string][] = [
  ['built-in gateway', {}, { 'kuma.io/gateway': 'builtin' }, 'shop', 'metadata.annotations["kuma.io/gateway"]'],
  ['the Kuma-managed workload label', { 'kuma.io/workload': 'mine' }, {}, 'shop', 'metadata.labels["kuma.io/workload"]'],
  ['a value kuma-cp cannot convert', {}, { 'prometheus.metrics.kuma.io/port': 'abc' }, 'shop', 'metadata.annotations'],
  [
    'direct access to services',
    {},
    { 'kuma.io/direct-access-services': '*' },
    'shop',
    'metadata.annotations["kuma.io/direct-access-services"]',
  ],
  ['a zone ingress outside the system namespace', {}, { 'kuma.io/ingress': 'enabled' }, 'shop', 'metadata.annotations["kuma.io/ingress"]'],
];

function previewResults(object: KubeObject, namespace: string): Result[] {
  const outcome = transform([ns(namespace), cartService, object], base);
  return outcome.results.filter(
    (r) => (r.resourceRef?.kind === object.kind && r.severity !== 'info') || r.message.includes('built-in gateway'),
  );
}

describe("preview results point into the workload's own template path", () => {
  for (const [what, labels, annotations, namespace, field] of cases) {
    for (const shape of shapes) {
      const object = shape.wrap(template(labels, annotations), namespace);
      test(`${what}: ${object.kind}`, () => {
        const results = previewResults(object, namespace);
        const path = `${shape.prefix}${field}`;
        const naming = results.filter((r) => r.field?.path === path || r.message.includes(`, ${path}:`));
        assert.ok(naming.length > 0, `no result names ${path}: ${JSON.stringify(results.map((r) => [r.field?.path, r.message]))}`);
        if (shape.prefix !== 'spec.template.') {
          for (const r of results) {
            assert.doesNotMatch(`${r.field?.path ?? ''} ${r.message}`, /(^|[ ,])spec\.template\./, r.message);
          }
        }
      });
    }
  }
});

// The injector writes the kuma.io/mesh label and rejects unknown meshes before a preview is made, so
// the mesh warnings are reached by previewing a template the way kuma-cp would meet it directly.
describe("mesh warnings point into the workload's own template path", () => {
  const meshCases: [string, Record<string, string>, Record<string, string>, string][] = [
    ['the deprecated mesh annotation', {}, { 'kuma.io/mesh': 'default' }, 'metadata.annotations["kuma.io/mesh"]'],
    ['a mesh that exists nowhere', { 'kuma.io/mesh': 'nowhere' }, {}, 'metadata.labels["kuma.io/mesh"]'],
  ];
  for (const [what, labels, annotations, field] of meshCases) {
    for (const shape of shapes) {
      const t = template(labels, { ...annotations, 'kuma.io/sidecar-injected': 'true' });
      const owner = shape.wrap(t, 'shop');
      test(`${what}: ${owner.kind}`, () => {
        const outcome = previewDataplane({
          pod: t,
          namespace: 'shop',
          owner,
          services: indexServices([cartService]),
          namespaceLabels: {},
          namespaceAnnotations: {},
          settings: base,
        });
        const messages = outcome.results.map((r) => r.message);
        assert.ok(
          messages.some((m) => m.includes(`, ${shape.prefix}${field}:`)),
          JSON.stringify(messages),
        );
      });
    }
  }
});
