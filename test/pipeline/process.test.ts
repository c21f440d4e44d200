import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { processInput } from '../../src/krm/process.ts';
import { ARGOCD_HOST, KPT_HOST, KUSTOMIZE_PLUGIN_HOST, streamHost } from '../../src/krm/host-profile.ts';

const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kuma.io/sidecar-injection: enabled
`;

const deployment = (annotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels:
        app: cart
${annotations}    spec:
      containers:
        - name: app
          image: registry.example/cart:1 # pinned
`;

const localConfig = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    config.kubernetes.io/local-config: "true"
data:
  note: not for the cluster
`;

const stream = (...documents: string[]) => documents.join('---\n');

type Item = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: { template?: { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } } } };

function names(output: string): string[] {
  return (output.split(/^---$/m).map((d) => load(d)).filter(Boolean) as Item[]).map((i) => `${i.kind}/${i.metadata.name}`);
}

function injectedContainers(item: Item | undefined): string[] {
  const spec = item?.spec?.template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name);
}

describe('processInput', () => {
  test('a stream is injected, untouched documents are byte-identical, comments kept', () => {
    const input = stream(namespace, deployment(), localConfig);
    const outcome = processInput(input, { host: streamHost('none') });
    assert.equal(outcome.exitCode, 0, outcome.report);
    assert.ok(outcome.output.startsWith(namespace), 'the Namespace comes out as it went in');
    assert.ok(outcome.output.includes(localConfig), 'the ConfigMap comes out as it went in');
    assert.ok(outcome.output.includes('image: registry.example/cart:1 # pinned'));
    const docs = outcome.output.split(/^---$/m).map((d) => load(d)) as Item[];
    assert.ok(injectedContainers(docs.find((d) => d?.kind === 'Deployment')).includes('kuma-sidecar'));
    assert.ok(!names(outcome.output).some((n) => n.startsWith('Dataplane/')), 'a stream gets no previews unless asked');
    const inline = processInput(input, { host: streamHost('inline') });
    assert.ok(names(inline.output).some((n) => n.startsWith('Dataplane/')), 'inline puts them in the stream');
    assert.doesNotMatch(inline.output, /config\.kubernetes\.io\/(path|index)/, 'no kpt placement outside kpt');
    assert.match(outcome.report, /1 injected/);
  });

  test('an error gives the input back unchanged and exit 1', () => {
    const input = stream(namespace, deployment("      annotations:\n        kuma.io/sidecar-drain-time: soon\n"));
    const outcome = processInput(input, { host: streamHost('none') });
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.output, input);
    assert.match(outcome.report, /^error: Deployment shop\/cart, spec\.template\.metadata\.annotations/m);
    assert.match(outcome.report, /0 injected, 0 skipped, 1 failed, 1 errors/);
  });

  test('a ResourceList with an error keeps every item and carries the results', () => {
    const input = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '- apiVersion: apps/v1',
      '  kind: Deployment',
      '  metadata:',
      '    name: cart',
      '    namespace: shop',
      '    annotations:',
      "      internal.config.kubernetes.io/path: 'cart.yaml'",
      '  spec:',
      '    template:',
      '      metadata:',
      '        labels: {kuma.io/sidecar-injection: enabled}',
      '        annotations: {kuma.io/sidecar-drain-time: soon}',
      '      spec:',
      '        containers: [{name: app, image: app}]',
      '- apiVersion: v1',
      '  kind: Namespace',
      '  metadata:',
      '    name: shop',
      '    labels: {kuma.io/sidecar-injection: enabled}',
      '',
    ].join('\n');
    const outcome = processInput(input, { host: KPT_HOST });
    assert.equal(outcome.exitCode, 1);
    const list = load(outcome.output) as { items: unknown[]; results: { severity: string; file?: { path: string } }[] };
    assert.deepEqual(list.items, (load(input) as { items: unknown[] }).items);
    const error = list.results.find((r) => r.severity === 'error');
    assert.deepEqual(error?.file, { path: 'cart.yaml' }, 'the result names the file kpt read the object from');
    assert.ok(outcome.output.startsWith(input.trimEnd().split('\n').slice(0, 3).join('\n')));
  });

  test('bad YAML is an error naming the line, and the input is echoed', () => {
    const input = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n';
    const outcome = processInput(input, { host: streamHost('none') });
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.output, input);
    assert.match(outcome.report, /line \d+/);
  });

  test('Argo CD never gets previews or local-config objects', () => {
    const outcome = processInput(stream(namespace, deployment(), localConfig), { host: ARGOCD_HOST });
    assert.equal(outcome.exitCode, 0, outcome.report);
    assert.deepEqual(names(outcome.output), ['Namespace/shop', 'Deployment/cart']);
  });

  test('kustomize gets no previews (it would apply them)', () => {
    const outcome = processInput(stream(namespace, deployment()), { host: KUSTOMIZE_PLUGIN_HOST });
    assert.deepEqual(names(outcome.output), ['Namespace/shop', 'Deployment/cart']);
  });

  test('separate previews come back as files, not in the stream', () => {
    const outcome = processInput(stream(namespace, deployment()), { host: streamHost('files') });
    assert.deepEqual(names(outcome.output), ['Namespace/shop', 'Deployment/cart']);
    assert.equal(outcome.previewFiles.length, 1);
    assert.equal(outcome.previewFiles[0]?.path, 'shop/deployment-cart.yaml');
    const preview = load(outcome.previewFiles[0]?.text ?? '') as Item;
    assert.equal(preview.kind, 'Dataplane');
    assert.deepEqual(Object.keys(preview.metadata.annotations ?? {}).filter((k) => k.includes('config.kubernetes.io/path') || k.includes('config.kubernetes.io/index')), []);
  });

  test('a settings file outside the input applies, and its errors name the key', () => {
    const ok = processInput(stream(namespace, deployment()), { host: streamHost('none'), functionConfig: 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: x}\nproduct: kuma\n' });
    assert.match(ok.output, /kumahq\/kuma-dp/);
    const bad = processInput(stream(namespace, deployment()), { host: streamHost('none'), functionConfig: 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: x}\nprodukt: kuma\n' });
    assert.equal(bad.exitCode, 1);
    assert.match(bad.report, /unknown key "produkt"; did you mean "product"\?/);
  });

  test('settingsFromInput: the KumaInject document is cut out wherever it sits, the rest byte for byte', () => {
    const settings = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: s\nproduct: kuma\n';
    const cases: [string, string][] = [
      [`---\n${settings}---\n${localConfig}`, `---\n${localConfig}`],
      [`${localConfig}---\n${settings}---\n${namespace}`, `${localConfig}---\n${namespace}`],
      [`${localConfig}---\n${namespace}---\n${settings}`, `${localConfig}---\n${namespace}`],
    ];
    for (const [input, expected] of cases) {
      const outcome = processInput(input, { host: streamHost('none') });
      assert.equal(outcome.exitCode, 0, outcome.report);
      assert.equal(outcome.output, expected);
      assert.match(outcome.report, /^info: KumaInject s, at input line \d+: used as the settings/m);
    }
  });

  test('settingsFromInput off (every host but stream): a KumaInject item is kept like any object', () => {
    const settings = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: s\nproduct: kuma\n';
    const input = stream(localConfig, settings);
    const outcome = processInput(input, { host: KUSTOMIZE_PLUGIN_HOST });
    assert.equal(outcome.exitCode, 0, outcome.report);
    assert.equal(outcome.output, input);
  });

  test('the settings object of the input is really used: product kuma switches the sidecar image', () => {
    const settings = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: s\nproduct: kuma\nmeshes: [default]\n';
    const outcome = processInput(stream(namespace, deployment(), settings), { host: streamHost('none') });
    assert.equal(outcome.exitCode, 0, outcome.report);
    assert.match(outcome.output, /image: .*kumahq\/kuma-dp:/);
    assert.doesNotMatch(outcome.output, /KumaInject/);
  });
});

describe('processInput: settings errors under kpt', () => {
  test('name the file kpt read the functionConfig from', () => {
    const input = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items: []',
      'functionConfig:',
      '  apiVersion: fn.kuma-inject.dev/v1alpha1',
      '  kind: KumaInject',
      '  metadata:',
      '    name: inject',
      '    annotations:',
      "      internal.config.kubernetes.io/path: 'kuma-settings.yaml'",
      '  versoin: "2.13"',
      '',
    ].join('\n');
    const outcome = processInput(input, { host: KPT_HOST });
    assert.equal(outcome.exitCode, 1);
    const list = load(outcome.output) as { results: { field?: { path: string }; file?: { path: string } }[] };
    assert.deepEqual(list.results.find((r) => r.field?.path === 'versoin')?.file, { path: 'kuma-settings.yaml' });
  });
});
