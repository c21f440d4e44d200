import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from '../../src/core/transform.ts';
import { defaultSettings } from '../../src/config/profiles.ts';
import type { KubeObject } from '../../src/core/types.ts';
import type { OutputItem } from '../../src/core/output.ts';
import type { Settings } from '../../src/core/settings.ts';

const settings: Settings = { ...defaultSettings('kong-mesh', '2.14'), previewsDir: 'previews' };

const namespace = (name: string, injection?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(injection === undefined ? {} : { labels: { 'kuma.io/sidecar-injection': injection } }) },
});

const deployment = (name: string, ns: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, annotations },
      spec: { containers: [{ name: 'app', image: 'registry.example/app:1', ports: [{ containerPort: 8080 }] }] },
    },
  },
});

const service = (name: string, ns: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
});

const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec: { size: 3 } };

function objectAt(items: readonly KubeObject[], item: OutputItem): KubeObject {
  return item.kind === 'kept' ? (items[item.index] as KubeObject) : item.object;
}

function containerNames(object: KubeObject): string[] {
  const spec = (object['spec'] as { template: { spec: { containers: { name: string }[]; initContainers?: { name: string }[] } } }).template
    .spec;
  return [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
}

describe('transform', () => {
  const items = [
    namespace('shop', 'enabled'),
    deployment('cart', 'shop'),
    service('cart', 'shop'),
    widget,
    namespace('quiet'),
    deployment('batch', 'quiet'),
  ];
  const frozen = structuredClone(items);
  const outcome = transform(items, settings);

  test('injects the workload of a labelled namespace and keeps everything else byte for byte', () => {
    assert.deepEqual(items, frozen, 'the input is never mutated');
    assert.equal(
      outcome.output.some((o) => o.kind === 'added'),
      false,
      'previews are a list of their own',
    );
    const byIndex = new Map(outcome.output.map((o) => [(o as { index: number }).index, o]));
    assert.deepEqual([...byIndex.keys()], [0, 1, 2, 3, 4, 5], 'every input item is in the output, in order');
    assert.equal(byIndex.get(1)?.kind, 'changed');
    for (const index of [0, 2, 3, 4, 5]) assert.equal(byIndex.get(index)?.kind, 'kept', `item ${index} kept`);
    const injected = objectAt(items, byIndex.get(1) as OutputItem);
    assert.ok(containerNames(injected).includes('kuma-sidecar'));
    assert.ok(containerNames(injected).includes('kuma-init'));
    assert.equal(outcome.counts.injected, 1);
    assert.equal(outcome.counts.skipped, 1);
  });

  test('previews one local-config Dataplane for the injected workload, with nothing about where it goes', () => {
    assert.equal(outcome.previews.length, 1);
    const preview = outcome.previews[0] as KubeObject;
    assert.deepEqual(
      Object.keys(preview.metadata.annotations ?? {}).filter((k) => /^(internal\.)?config\.kubernetes\.io\/(path|index)$/.test(k)),
      [],
      "placement is the host's",
    );
    assert.equal(preview.apiVersion, 'kuma.io/v1alpha1');
    assert.equal(preview.kind, 'Dataplane');
    assert.equal(preview.metadata.namespace, 'shop');
    assert.equal(preview.metadata.annotations?.['config.kubernetes.io/local-config'], 'true');
  });

  test('always reports a summary, and no errors here', () => {
    assert.ok(
      outcome.results.some(
        (r) => r.severity === 'info' && r.tags?.['code'] === 'KI0001' && /1 injected, 1 skipped, 0 errors/.test(r.message),
      ),
    );
    assert.ok(!outcome.results.some((r) => r.severity === 'error'), JSON.stringify(outcome.results));
  });

  test('a second run over its own output changes nothing, and its summary says so', () => {
    const once = [...outcome.output.map((o) => objectAt(items, o)), ...outcome.previews];
    const twice = transform(once, settings);
    assert.deepEqual(
      twice.output.map((o) => o.kind),
      once.map(() => 'kept'),
    );
    assert.deepEqual(twice.previews, outcome.previews, 'the same previews again');
    assert.ok(
      twice.results.some((r) => /1 injected \(1 already so, unchanged\), 1 skipped/.test(r.message)),
      JSON.stringify(twice.results.map((r) => r.message)),
    );
  });

  test('an error anywhere leaves every item as it came in', () => {
    const bad = deployment('broken', 'shop', { 'kuma.io/sidecar-drain-time': 'soon' });
    const withError = transform([...items, bad], settings);
    assert.ok(withError.results.some((r) => r.severity === 'error' && r.resourceRef?.name === 'broken'));
    assert.deepEqual(
      withError.output,
      [...items, bad].map((_, index) => ({ kind: 'kept', index })),
    );
    assert.deepEqual(withError.previews, []);
  });

  test('previews: off adds no preview', () => {
    const off = transform(items, { ...settings, previews: 'off' });
    assert.deepEqual(off.previews, []);
  });
});

describe('transform: control-plane CA', () => {
  const items = [namespace('shop', 'enabled'), deployment('cart', 'shop')];

  test('warns when sidecars are injected without a known CA', () => {
    const outcome = transform(items, { ...settings, controlPlane: { ...settings.controlPlane, caCert: '' } });
    const warning = outcome.results.find((r) => r.field?.path === 'controlPlane.caCert');
    assert.equal(warning?.severity, 'warning');
    assert.equal(warning?.tags?.['code'], 'KI0108');
    assert.match(warning?.message ?? '', /tls-cert Secret/);
  });

  test('says nothing about the CA when it is known', () => {
    const outcome = transform(items, { ...settings, controlPlane: { ...settings.controlPlane, caCert: '-----BEGIN CERTIFICATE-----\n' } });
    assert.equal(
      outcome.results.find((r) => r.field?.path === 'controlPlane.caCert'),
      undefined,
    );
  });
});

describe('transform: ConfigMap transparent-proxy mode', () => {
  const tproxy = { ...settings, injector: { ...settings.injector, transparentProxyConfigMap: 'kuma-transparent-proxy-config' } };
  const items = [namespace('shop', 'enabled'), deployment('cart', 'shop')];

  test('without the ConfigMap the workload fails as the webhook does, naming it', () => {
    const outcome = transform(items, tproxy);
    const error = outcome.results.find((r) => r.severity === 'error');
    assert.match(error?.message ?? '', /kuma-transparent-proxy-config/);
  });

  test('with the ConfigMap read from the bundle the workload is injected', () => {
    const outcome = transform(items, {
      ...tproxy,
      transparentProxyConfigs: { 'kuma-transparent-proxy-config': { redirect: { inbound: { port: 15006 } } } },
    });
    assert.ok(!outcome.results.some((r) => r.severity === 'error'), JSON.stringify(outcome.results));
    assert.equal(outcome.counts.injected, 1);
  });
});

describe('transform: repeated findings', () => {
  test('a privileged ContainerPatch used by two workloads warns once', () => {
    const patch: KubeObject = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'ContainerPatch',
      metadata: { name: 'privileged', namespace: settings.systemNamespace },
      spec: { sidecarPatch: [{ op: 'add', path: '/securityContext/privileged', value: 'true' }] },
    };
    const uses = { 'kuma.io/container-patches': 'privileged' };
    const outcome = transform(
      [namespace('shop', 'enabled'), patch, deployment('a', 'shop', uses), deployment('b', 'shop', uses)],
      settings,
    );
    assert.equal(outcome.counts.injected, 2);
    const warnings = outcome.results.filter((r) => r.severity === 'warning' && r.resourceRef?.kind === 'ContainerPatch');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.equal(warnings[0]?.tags?.['code'], 'KI0409');
    assert.match(warnings[0]?.message ?? '', /privileged/);
  });
});

describe('transform: zone proxies', () => {
  test('a zone ingress Deployment is not injected but gets its ZoneIngress preview', () => {
    const ingress = deployment('kong-mesh-ingress', settings.systemNamespace, { 'kuma.io/ingress': 'enabled' });
    const outcome = transform(
      [namespace(settings.systemNamespace), ingress, service('kong-mesh-ingress', settings.systemNamespace)],
      settings,
    );
    assert.deepEqual(
      outcome.previews.map((p) => p.kind),
      ['ZoneIngress'],
      JSON.stringify(outcome.results),
    );
    assert.equal(outcome.counts.injected, 0);
  });
});

describe('transform: objects without a namespace', () => {
  const bare = deployment('cart', 'shop');
  delete bare.metadata.namespace;

  test('are not injected while the namespace they land in is unknown, with a warning', () => {
    const outcome = transform([namespace('shop', 'enabled'), bare], settings);
    assert.equal(outcome.counts.injected, 0);
    assert.ok(
      outcome.results.some((r) => r.severity === 'warning' && r.tags?.['code'] === 'KI0205' && r.field?.path === 'metadata.namespace'),
    );
  });

  test('are injected for defaultNamespace, and keep having no namespace', () => {
    const outcome = transform([namespace('shop', 'enabled'), bare], { ...settings, defaultNamespace: 'shop' });
    assert.equal(outcome.counts.injected, 1);
    const changed = outcome.output.find((o): o is Extract<OutputItem, { kind: 'changed' }> => o.kind === 'changed');
    assert.ok(containerNames(changed?.object as KubeObject).includes('kuma-sidecar'));
    assert.equal(changed?.object.metadata.namespace, undefined);
    assert.equal(outcome.previews[0]?.metadata.namespace, 'shop');
  });
});

describe('transform: workloads it cannot handle', () => {
  test('an unknown kind with a pod template gets a warning naming the workloadKinds entry; nothing is injected', () => {
    const rollout: KubeObject = { ...deployment('cart', 'shop'), apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
    const outcome = transform([namespace('shop', 'enabled'), rollout], settings);
    assert.equal(outcome.counts.injected, 0);
    const warning = outcome.results.find((r) => r.severity === 'warning' && r.resourceRef?.kind === 'Rollout');
    assert.equal(warning?.tags?.['code'], 'KI0213');
    assert.match(
      warning?.message ?? '',
      /argoproj\.io\/Rollout is not a workload kind.*workloadKinds: \[\{group: argoproj\.io, kind: Rollout, templatePath: spec\.template\}\]/,
    );
    const configured = transform([namespace('shop', 'enabled'), rollout], {
      ...settings,
      workloadKinds: [{ group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'template'] }],
    });
    assert.equal(configured.counts.injected, 1);
    assert.equal(
      configured.results.some((r) => r.resourceRef?.kind === 'Rollout' && r.severity === 'warning'),
      false,
    );
  });

  test('a label value that is not a string fails the run and leaves every item untouched', () => {
    const bad = deployment('cart', 'shop');
    (bad as unknown as { spec: { template: { metadata: { labels: Record<string, unknown> } } } }).spec.template.metadata.labels.tier = 1;
    const outcome = transform([namespace('shop', 'enabled'), bad, deployment('other', 'shop')], settings);
    assert.ok(outcome.output.every((o) => o.kind === 'kept'));
    const error = outcome.results.find((r) => r.severity === 'error');
    assert.equal(error?.field?.path, 'spec.template.metadata.labels.tier');
    assert.equal(error?.tags?.['code'], 'KI0216');
  });
});

describe('transform: a settings change on its own output', () => {
  test('re-running injected output with builtinDNS.port 25053 equals injecting the original with it', () => {
    const items = [namespace('shop', 'enabled'), deployment('cart', 'shop'), service('cart', 'shop')];
    const off = { ...settings, previews: 'off' as const };
    const changed = { ...off, injector: { ...off.injector, builtinDNS: { ...off.injector.builtinDNS, port: 25053 } } };
    const first = transform(items, off).output.map((o) => objectAt(items, o));
    const again = transform(first, changed).output.map((o) => objectAt(first, o));
    const fresh = transform(items, changed).output.map((o) => objectAt(items, o));
    assert.deepEqual(again, fresh);
    const template = (fresh[1]!.spec as { template: { metadata: { annotations: Record<string, string> } } }).template;
    assert.equal(template.metadata.annotations['kuma.io/builtin-dns-port'], '25053');
  });
});

describe('transform: failOn', () => {
  const items = [namespace('shop', 'enabled'), deployment('cart', 'shop')];
  const noCa = { ...settings, controlPlane: { ...settings.controlPlane, caCert: '' } };

  test('warnings pass by default', () => {
    const outcome = transform(items, noCa);
    assert.ok(outcome.results.some((r) => r.severity === 'warning'));
    assert.ok(outcome.output.some((o) => o.kind === 'changed'));
  });

  test('failOn: warning turns them into a failed run that changes nothing', () => {
    const outcome = transform(items, { ...noCa, failOn: 'warning' });
    const error = outcome.results.find((r) => r.severity === 'error');
    assert.equal(error?.tags?.['code'], 'KI0109');
    assert.match(error?.message ?? '', /1 warning above fail this run \(failOn: warning\)/);
    assert.deepEqual(
      outcome.output,
      items.map((_, index) => ({ kind: 'kept', index })),
    );
  });
});

describe('namespace names that are also names of Object members', () => {
  // `constructor` is a valid namespace name; looked up in the settings' plain `namespaces` object it
  // read as Object itself, and the admission checks and MeshService previews failed on its labels.
  test('a workload and a policy in namespace constructor, unknown to the bundle and the settings: the usual warnings, no internal error', () => {
    const policy: KubeObject = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTimeout',
      metadata: { name: 't', namespace: 'constructor' },
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] },
    };
    const ingress = deployment('ing', 'constructor');
    const labels = (ingress.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    labels['k8s.kuma.io/zone-proxy-type'] = 'ingress';
    const items = [ingress, service('ing', 'constructor'), policy];
    const outcome = transform(items, { ...settings, previews: 'local-config' });
    const codes = outcome.results.map((r) => r.tags?.['code']);
    assert.ok(codes.includes('KI0206'), 'the namespace is reported unknown');
    assert.ok(!outcome.results.some((r) => r.severity === 'error'), JSON.stringify(outcome.results.filter((r) => r.severity === 'error')));
  });

  test('described in the settings, namespace constructor is read from there', () => {
    const outcome = transform([deployment('web', 'constructor'), service('web', 'constructor')], {
      ...settings,
      namespaces: { constructor: { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} } },
    });
    assert.equal(outcome.counts.injected, 1);
  });
});
