/**
 * The policy analysis through the core's one entry (transform): MeshService previews, what each
 * Dataplane preview lists, and one finding per class of reference that selects nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from '../../../src/core/transform.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject, Result } from '../../../src/core/types.ts';
import type { Settings } from '../../../src/core/settings.ts';
import { POLICIES_ANNOTATION } from '../../../src/core/policies/analysis/run.ts';
import { kptPreviewPath } from '../../../src/krm/place-previews.ts';

const settings: Settings = { ...defaultSettings('kuma', '2.14'), previewsDir: 'previews', zone: 'zone-1', systemNamespace: 'kuma-system' };

const ns = (name: string, labels: Record<string, string> = { 'kuma.io/sidecar-injection': 'enabled' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const mesh = (mode?: string, name = 'default'): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'Mesh',
  metadata: { name },
  spec: mode === undefined ? {} : { meshServices: { mode } },
});
const deployment = (name: string, namespace: string, port = { name: 'http', containerPort: 8080 }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'registry.example/app:1', ports: [port] }] },
    },
  },
});
const service = (name: string, namespace: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector: { app: name }, ports: [{ name: 'api', port: 80, targetPort: 'http' }], ...extra },
});
const policy = (kind: string, name: string, namespace: string, spec: unknown, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind,
  metadata: { name, namespace, labels },
  spec,
});

const shop = (...extra: KubeObject[]): KubeObject[] => [
  ns('shop'),
  mesh('Exclusive'),
  deployment('backend', 'shop'),
  service('backend', 'shop'),
  deployment('web', 'shop'),
  service('web', 'shop'),
  ...extra,
];

function run(items: KubeObject[], s: Settings = settings): { added: KubeObject[]; results: Result[]; codes: string[] } {
  const outcome = transform(items, s);
  // Previews come back as a list of their own; hosts place them (src/krm/place-previews.ts).
  const added = outcome.previews;
  return { added, results: outcome.results, codes: outcome.results.map((r) => r.tags?.['code'] ?? '') };
}

function policiesOf(added: KubeObject[], workload: string): string[] {
  const preview = added.find((o) => o.kind === 'Dataplane' && o.metadata.annotations?.['kuma-inject.dev/preview-of'] === workload);
  assert.ok(preview !== undefined, `no preview of ${workload}`);
  return (preview.metadata.annotations?.[POLICIES_ANNOTATION] ?? '').split('\n');
}

function only(results: Result[], code: string): Result {
  const found = results.filter((r) => r.tags?.['code'] === code);
  assert.equal(found.length, 1, `${code}: ${JSON.stringify(results.map((r) => r.message))}`);
  return found[0] as Result;
}

describe('MeshService previews', () => {
  for (const mode of ['Everywhere', 'ReachableBackends', 'Exclusive']) {
    test(`mode ${mode}: one local-config MeshService per ClusterIP Service, in its own file, with admission labels`, () => {
      const { added } = run([ns('shop'), mesh(mode), deployment('backend', 'shop'), service('backend', 'shop')]);
      const ms = added.filter((o) => o.kind === 'MeshService');
      assert.equal(ms.length, 1);
      const object = ms[0] as KubeObject;
      assert.equal(object.metadata.annotations?.['config.kubernetes.io/local-config'], 'true');
      assert.equal(kptPreviewPath(settings.previewsDir, object), 'previews/shop/service-backend.yaml');
      assert.deepEqual(object.metadata.labels, {
        'k8s.kuma.io/is-headless-service': 'false',
        'k8s.kuma.io/namespace': 'shop',
        'k8s.kuma.io/service-name': 'backend',
        'kuma.io/env': 'kubernetes',
        'kuma.io/managed-by': 'k8s-controller',
        'kuma.io/mesh': 'default',
        'kuma.io/origin': 'zone',
        'kuma.io/zone': 'zone-1',
      });
      assert.deepEqual(object['spec'], {
        ports: [{ appProtocol: 'tcp', name: 'api', port: 80, targetPort: 'http' }],
        selector: { dataplaneTags: { app: 'backend', 'k8s.kuma.io/namespace': 'shop' } },
      });
    });
  }
  for (const [label, items] of [
    ['mode Disabled', [ns('shop'), mesh('Disabled'), service('backend', 'shop')]],
    ['mode unset', [ns('shop'), mesh(), service('backend', 'shop')]],
    ['no Mesh in the bundle (the default Mesh kuma-cp creates has no mode)', [ns('shop'), service('backend', 'shop')]],
    ['namespace not labelled and no mesh label', [ns('shop', {}), mesh('Exclusive'), service('backend', 'shop')]],
    [
      'kuma.io/ignore',
      [
        ns('shop'),
        mesh('Exclusive'),
        { ...service('backend', 'shop'), metadata: { name: 'backend', namespace: 'shop', annotations: { 'kuma.io/ignore': 'true' } } },
      ],
    ],
    ['ExternalName', [ns('shop'), mesh('Exclusive'), service('backend', 'shop', { type: 'ExternalName', externalName: 'x.example' })]],
  ] as const) {
    test(`none when ${label}`, () => {
      const { added } = run([...items]);
      assert.deepEqual(
        added.filter((o) => o.kind === 'MeshService'),
        [],
      );
    });
  }
  test('experimental.inboundTagsDisabled selects by Dataplane labels where the release has the switch, by inbound tags where it does not', () => {
    const items = [ns('shop'), mesh('Exclusive'), deployment('backend', 'shop'), service('backend', 'shop')];
    const selector = (s: Settings): unknown => run(items, s).added.find((o) => o.kind === 'MeshService')?.['spec'];
    const on = (version: '2.14' | '2.13'): Settings => ({
      ...defaultSettings('kuma', version),
      previewsDir: 'previews',
      zone: 'zone-1',
      dataplane: { ...defaultSettings('kuma', version).dataplane, inboundTagsDisabled: true },
    });
    assert.deepEqual((selector(on('2.14')) as { selector: unknown }).selector, {
      dataplaneLabels: { matchLabels: { app: 'backend', 'k8s.kuma.io/namespace': 'shop' } },
    });
    assert.deepEqual((selector(on('2.13')) as { selector: unknown }).selector, {
      dataplaneTags: { app: 'backend', 'k8s.kuma.io/namespace': 'shop' },
    });
  });
  test('a headless Service is reported as unknowable offline, a selectorless one as selecting the whole namespace', () => {
    const { added, results } = run([
      ns('shop'),
      mesh('Exclusive'),
      service('db', 'shop', { clusterIP: 'None' }),
      { ...service('ext', 'shop'), spec: { ports: [{ port: 80 }] } },
    ]);
    assert.deepEqual(
      added.filter((o) => o.kind === 'MeshService').map((o) => o.metadata.name),
      ['ext'],
    );
    assert.match(only(results, 'KI0851').message, /headless/);
    assert.match(only(results, 'KI0853').message, /every Dataplane inbound of the namespace/);
  });
  test('a second render of its own output changes nothing', () => {
    const items = shop();
    const first = transform(items, settings);
    const rendered = first.output.map((o) => (o.kind === 'kept' ? (items[o.index] as KubeObject) : o.object));
    const second = transform(rendered, settings);
    assert.ok(
      second.output.every((o) => o.kind === 'kept'),
      JSON.stringify(second.output.filter((o) => o.kind !== 'kept')),
    );
  });
});

describe('policies per workload', () => {
  test('listed on each preview in kuma-cp order: kind rank, then origin, role, name descending', () => {
    const { added } = run(
      shop(
        policy('MeshTimeout', 'b-mesh', 'kuma-system', {
          targetRef: { kind: 'Mesh' },
          to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
        }),
        policy('MeshTimeout', 'a-mesh', 'kuma-system', {
          targetRef: { kind: 'Mesh' },
          to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
        }),
        policy('MeshTimeout', 'by-labels', 'kuma-system', {
          targetRef: { kind: 'Dataplane', labels: { app: 'backend' } },
          to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
        }),
        policy('MeshTimeout', 'consumer', 'shop', { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] }),
      ),
    );
    const proxy = policiesOf(added, 'Deployment/shop/backend').filter((l) => l.includes(': proxy'));
    assert.deepEqual(
      proxy.map((l) => l.split(':')[0]),
      [
        'MeshTimeout kuma-system/b-mesh',
        'MeshTimeout kuma-system/a-mesh',
        'MeshTimeout shop/consumer',
        'MeshTimeout kuma-system/by-labels',
      ],
    );
    assert.ok(!policiesOf(added, 'Deployment/shop/web').some((l) => l.includes('by-labels')));
  });
  test('inbound rules per section, outbound per destination port', () => {
    const { added } = run(
      shop(
        policy('MeshTrafficPermission', 'allow-web', 'kuma-system', {
          targetRef: { kind: 'Dataplane', labels: { app: 'backend' }, sectionName: 'http' },
          rules: [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://default/ns/shop/sa/web' } }] } }],
        }),
        policy('MeshTimeout', 'backend-timeouts', 'shop', {
          to: [{ targetRef: { kind: 'MeshService', name: 'backend', sectionName: 'api' }, default: { idleTimeout: '1s' } }],
        }),
      ),
    );
    const backend = policiesOf(added, 'Deployment/shop/backend');
    assert.ok(
      backend.includes(
        'MeshTrafficPermission kuma-system/allow-web: inbound http rules[0] (every caller; allow spiffeID Exact spiffe://default/ns/shop/sa/web)',
      ),
      backend.join('\n'),
    );
    // A producer policy (to its own namespace's MeshService by name) configures every client.
    assert.ok(
      policiesOf(added, 'Deployment/shop/web').includes(
        'MeshTimeout shop/backend-timeouts: outbound MeshService shop/backend port api to[0] (to MeshService backend sectionName api)',
      ),
    );
  });
  test('rules[].matches: one inbound rule per match where the release has them (2.14); 2.13 has no such field, the rule applies to every caller', () => {
    const items = shop(
      policy('MeshTimeout', 'from-web', 'kuma-system', {
        targetRef: { kind: 'Dataplane', labels: { app: 'backend' } },
        rules: [
          {
            matches: [{ spiffeID: { type: 'Exact', value: 'spiffe://default/ns/shop/sa/web' } }],
            default: { http: { requestTimeout: '1s' } },
          },
        ],
      }),
    );
    const inbound = (s: Settings): string[] => {
      const { added, results } = run(items, s);
      assert.ok(added.length > 0, JSON.stringify(results.map((r) => `${r.severity} ${r.message}`)));
      return policiesOf(added, 'Deployment/shop/backend').filter((l) => l.includes(': inbound'));
    };
    assert.deepEqual(inbound(settings), [
      'MeshTimeout kuma-system/from-web: inbound http rules[0].matches[0] (spiffeID Exact spiffe://default/ns/shop/sa/web)',
    ]);
    const s213: Settings = { ...defaultSettings('kuma', '2.13'), previewsDir: 'previews', zone: 'zone-1', systemNamespace: 'kuma-system' };
    assert.deepEqual(inbound(s213), ['MeshTimeout kuma-system/from-web: inbound http rules[0] (every caller)']);
  });
  test('no Kuma policy: no analysis, no annotation', () => {
    const { added, codes } = run(shop());
    assert.ok(!codes.includes('KI0866'));
    assert.ok(added.every((o) => o.metadata.annotations?.[POLICIES_ANNOTATION] === undefined));
  });
});

describe('findings', () => {
  const cases: [string, KubeObject[], string, RegExp][] = [
    [
      'W1 labels no Dataplane has',
      [
        policy('MeshTrafficPermission', 'p', 'kuma-system', {
          targetRef: { kind: 'Dataplane', labels: { app: 'backnd' } },
          rules: [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://x' } }] } }],
        }),
      ],
      'KI0854',
      /did you mean "backend"/,
    ],
    [
      'W1 top-level MeshService by a Service name (inbounds carry <svc>_<ns>_svc_<port>)',
      [
        policy('MeshTrafficPermission', 'p', 'kuma-system', {
          targetRef: { kind: 'MeshService', name: 'backend' },
          from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }],
        }),
      ],
      'KI0854',
      /backend_shop_svc_80/,
    ],
    [
      'W2 sectionName is the Service port name',
      [
        policy('MeshTrafficPermission', 'p', 'kuma-system', {
          targetRef: { kind: 'Dataplane', labels: { app: 'backend' }, sectionName: 'api' },
          rules: [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://x' } }] } }],
        }),
      ],
      'KI0855',
      /"api" is a Service port name: kind: Dataplane sectionName names the container port/,
    ],
    [
      'W3 namespace defaults to the policy namespace',
      [
        policy('MeshTimeout', 'p', 'kuma-system', {
          to: [{ targetRef: { kind: 'MeshService', name: 'backend' }, default: { idleTimeout: '1s' } }],
        }),
      ],
      'KI0856',
      /exists in namespace "shop"/,
    ],
    [
      'W4 MeshService sectionName is the container port name',
      [
        policy('MeshTimeout', 'p', 'shop', {
          to: [{ targetRef: { kind: 'MeshService', name: 'backend', sectionName: 'http' }, default: { idleTimeout: '1s' } }],
        }),
      ],
      'KI0856',
      /its ports: "api".*"http" is the container port \(inbound section name\) of the workloads behind it/,
    ],
    [
      'W6 backendRef to a MeshService port that does not exist',
      [
        policy('MeshHTTPRoute', 'r', 'shop', {
          to: [
            {
              targetRef: { kind: 'MeshService', name: 'backend' },
              rules: [
                {
                  matches: [{ path: { type: 'PathPrefix', value: '/v2' } }],
                  default: { backendRefs: [{ kind: 'MeshService', name: 'backend', port: 8080 }] },
                },
              ],
            },
          ],
        }),
      ],
      'KI0856',
      /has no port 8080 \(got 8080; its ports: "80"\)/,
    ],
    [
      'W6 backendRef without port: a kuma.io/service name',
      [
        policy('MeshHTTPRoute', 'r', 'shop', {
          to: [
            {
              targetRef: { kind: 'MeshService', name: 'backend' },
              rules: [
                {
                  matches: [{ path: { type: 'PathPrefix', value: '/v2' } }],
                  default: { backendRefs: [{ kind: 'MeshService', name: 'backend' }] },
                },
              ],
            },
          ],
        }),
      ],
      'KI0856',
      /Did you mean "backend_shop_svc_80"/,
    ],
    [
      'W7 top-level MeshHTTPRoute that does not exist',
      [
        policy('MeshTimeout', 'p', 'kuma-system', {
          targetRef: { kind: 'MeshHTTPRoute', name: 'nope' },
          to: [{ targetRef: { kind: 'Mesh' }, default: { http: { requestTimeout: '1s' } } }],
        }),
      ],
      'KI0857',
      /couldn't resolve MeshHTTPRoute/,
    ],
    [
      'W8 consumer policy in a namespace without workloads',
      [ns('empty'), policy('MeshTimeout', 'p', 'empty', { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] })],
      'KI0859',
      /only Dataplanes of its own namespace empty/,
    ],
    [
      'W10 mesh that exists nowhere',
      [
        policy(
          'MeshTimeout',
          'p',
          'kuma-system',
          { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] },
          { 'kuma.io/mesh': 'other' },
        ),
      ],
      'KI0860',
      /Mesh "other"/,
    ],
    [
      'W11 namespace without the injection label',
      [ns('plain', {}), policy('MeshTimeout', 'p', 'plain', { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] })],
      'KI0861',
      /acts as a mesh-wide system policy/,
    ],
    [
      'Dataplane name of Deployment pods',
      [
        policy('MeshTrafficPermission', 'p', 'kuma-system', {
          targetRef: { kind: 'Dataplane', name: 'backend-7d4f', namespace: 'shop' },
          rules: [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://x' } }] } }],
        }),
      ],
      'KI0858',
      /probably means a Pod of Deployment shop\/backend/,
    ],
    [
      'legacy policy',
      [{ apiVersion: 'kuma.io/v1alpha1', kind: 'TrafficPermission', metadata: { name: 'old' }, mesh: 'default', spec: {} } as KubeObject],
      'KI0863',
      /legacy/,
    ],
    ['Kong Mesh policy', [policy('MeshOPA', 'opa', 'kuma-system', {})], 'KI0864', /Kong Mesh policy/],
    [
      'a policy admission rejects is left out',
      [policy('MeshTimeout', 'p', 'kuma-system', { to: [{ targetRef: { kind: 'MeshServiceSubset', name: 'x' }, default: {} }] })],
      'KI0867',
      /admission rejects it/,
    ],
    [
      'shadow policy',
      [
        policy(
          'MeshTimeout',
          'p',
          'kuma-system',
          { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] },
          { 'kuma.io/effect': 'shadow' },
        ),
      ],
      'KI0865',
      /shadow/,
    ],
  ];
  for (const [label, extra, code, message] of cases) {
    test(label, () => {
      const { results } = run(shop(...extra));
      assert.match(only(results, code).message, message);
    });
  }
  test('policies that select what exists raise none of these', () => {
    const { codes } = run(
      shop(
        policy('MeshTrafficPermission', 'p', 'kuma-system', {
          targetRef: { kind: 'Dataplane', labels: { app: 'backend' }, sectionName: 'http' },
          rules: [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://x' } }] } }],
        }),
        policy('MeshTimeout', 't', 'shop', {
          to: [{ targetRef: { kind: 'MeshService', name: 'backend', sectionName: 'api' }, default: { idleTimeout: '1s' } }],
        }),
      ),
    );
    for (const code of ['KI0854', 'KI0855', 'KI0856', 'KI0857', 'KI0858', 'KI0859', 'KI0860', 'KI0861'])
      assert.ok(!codes.includes(code), code);
  });
  test('malformed policies never crash the run: each is an error naming it, and nothing is written half-way', () => {
    const bad = [
      policy('MeshTimeout', 'a', 'shop', 'not a map'),
      policy('MeshTimeout', 'b', 'shop', { targetRef: 5, to: 'x', from: [null, 3] }),
      policy('MeshTrafficPermission', 'c', 'shop', { targetRef: { kind: 'Dataplane', labels: 'x', sectionName: 7 }, rules: [null] }),
    ];
    const outcome = transform([...shop(), ...bad], settings);
    for (const name of ['a', 'b', 'c']) {
      assert.ok(
        outcome.results.some((r) => r.severity === 'error' && r.resourceRef?.name === name && r.resourceRef.namespace === 'shop'),
        `an error names shop/${name}`,
      );
    }
    // Admission would refuse them, as the webhook refusing a pod: the run fails and the input stays as it was.
    assert.ok(outcome.output.every((item) => item.kind === 'kept'));
  });

  test('a policy that selects nothing is a warning and leaves every workload as the run without it writes it', () => {
    const base = transform(shop(), settings);
    const outcome = transform(
      [
        ...shop(),
        policy('MeshTimeout', 'lost', 'shop', {
          targetRef: { kind: 'Dataplane', labels: { app: 'nowhere' } },
          to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
        }),
      ],
      settings,
    );
    assert.ok(
      !outcome.results.some((r) => r.severity === 'error'),
      JSON.stringify(outcome.results.filter((r) => r.severity === 'error').map((r) => r.message)),
    );
    assert.ok(
      outcome.results.some((r) => r.severity === 'warning' && r.resourceRef?.name === 'lost'),
      'a warning names shop/lost',
    );
    const workloads = (o: typeof base): unknown[] => o.output.slice(0, shop().length).map((i) => (i.kind === 'kept' ? i.index : i.object));
    assert.deepEqual(workloads(outcome), workloads(base));
  });
});
